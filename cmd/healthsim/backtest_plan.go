package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast/backtest"
	"github.com/healthsim/healthsim/scenarios"
)

// runPlan scores a real plan's record: healthsim backtest --plan NAME.
func (f *backtestFlags) runPlan(cmd *cobra.Command, e *env) error {
	c, err := backtest.FindPlanCase(f.plan)
	if err != nil {
		return usageError{fmt.Errorf("--plan: %w", err)}
	}
	for _, fl := range []string{"series", "split", "horizons", "min-history", "window", "two-point"} {
		if cmd.Flags().Changed(fl) {
			return usageError{fmt.Errorf("--%s has no effect with --plan (allowed with it: --runs, --seed, --workers, --format, --out)", fl)}
		}
	}
	opt, err := f.options(cmd)
	if err != nil {
		return err
	}
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		return err
	}
	pts, err := backtest.Plan(cmd.Context(), cat, c, opt)
	if err != nil {
		return err
	}
	if f.out != "" {
		b := newBundle()
		if err := b.addCSV("plan.csv", planHeader, planRows(pts)); err != nil {
			return err
		}
		if err := b.addJSON("plan.json", planDoc{Case: c, Runs: opt.Runs, Seed: opt.Seed, Targets: pts}); err != nil {
			return err
		}
		if _, err := b.write(cmd.Context(), f.out); err != nil {
			return err
		}
	}
	switch f.format {
	case "json":
		return writeJSON(e.stdout, planDoc{Case: c, Runs: opt.Runs, Seed: opt.Seed, Targets: pts})
	case "csv":
		return writeCSV(e.stdout, planHeader, planRows(pts))
	}
	return printPlan(e.stdout, c, pts, opt.Runs)
}

// planDoc is plan.json and --format json.
type planDoc struct {
	Case    backtest.PlanCase     `json:"case"`
	Runs    int64                 `json:"runs"`
	Seed    uint64                `json:"seed"`
	Targets []backtest.PlanTarget `json:"targets"`
}

var planHeader = []string{"id", "name_zh", "name_en", "unit", "base_year", "base", "year", "test", "target",
	"p_hit", "p_hit_se", "p05", "p50", "p95", "outcome", "met", "basis"}

func planRows(pts []backtest.PlanTarget) [][]string {
	rows := make([][]string, 0, len(pts))
	for _, p := range pts {
		rows = append(rows, []string{p.ID, p.NameZH, p.NameEN, p.Unit, strconv.Itoa(p.BaseYear), sig(p.Base),
			strconv.Itoa(p.Year), string(p.Test), sig(p.Target), f4(p.PHit), f4(p.SE), sig(p.P05), sig(p.P50), sig(p.P95),
			sig(p.Outcome), strconv.FormatBool(p.Met), p.Basis})
	}
	return rows
}

func printPlan(w io.Writer, c backtest.PlanCase, pts []backtest.PlanTarget, runs int64) error {
	fmt.Fprintf(w, "%s: %s.\nStatus-quo forecasts (no programme effect) from the observations up to %d only, %d paths.\n\n",
		c.Name, c.Description, c.From, runs)
	var rows [][]string
	met, expected := 0, 0.0
	for _, p := range pts {
		outcome := "missed"
		if p.Met {
			outcome = "met"
			met++
		}
		expected += p.PHit
		rows = append(rows, []string{p.NameZH, p.NameEN, fmt.Sprintf("%s (%d)", sig(p.Base), p.BaseYear),
			fmt.Sprintf("%s %s", p.Test, sig(p.Target)), fmt.Sprintf("%.2f ± %.3f", p.PHit, p.SE),
			fmt.Sprintf("%s–%s", sig(p.P05), sig(p.P95)), fmt.Sprintf("%s %s", sig(p.Outcome), outcome), p.Basis})
	}
	header := []string{"指标", "INDICATOR", "BASE", fmt.Sprintf("TARGET %d", c.To), "P(HIT)", "90% BAND", fmt.Sprintf("OUTCOME %d", c.To), "BASIS"}
	if err := table(w, header, rows, []int{0, 32, 0, 0, 0, 0, 0, 0}); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nExpected targets met %.2f of %d; met %d.\n", expected, len(pts), met)
	return err
}
