package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast"
)

func newRunCmd(e *env) *cobra.Command {
	f := runFlags{first: true}
	var shard string
	cmd := &cobra.Command{
		Use: "run",
		Example: `  healthsim run                                         # the embedded default scenario → ./healthsim-out
  healthsim run --config examples/huzhou-plan.yaml --out out/plan --year 2025 --kind target
  healthsim run --config examples/huzhou-plan.yaml --actuals actuals.csv --lang en --chart-format png,svg`,
		Short: "Run a what-if scenario and write tables, result.json, a report and charts",
		Long: `Run projects every indicator of the scenario to the horizon and estimates the probability of
meeting each target and milestone. Without --config it runs the embedded default scenario: every
catalogue indicator with a baseline, funding as planned, 100,000 paths, a fixed seed.

Outputs in --out: summary.csv, trajectories.csv, result.json, report.md and charts/.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if shard != "" {
				sh, err := parseShard(shard)
				if err != nil {
					return err
				}
				return f.runShard(cmd, e, sh)
			}
			p, err := f.prepare(cmd, e)
			if err != nil {
				return err
			}
			rs, st, err := f.simulate(cmd.Context(), e, p)
			if err != nil {
				return err
			}
			b, err := runBundle(cmd.Context(), p, rs[0], st)
			if err != nil {
				return err
			}
			names, err := b.write(cmd.Context(), f.out)
			if err != nil {
				return err
			}
			if err := printRun(e.stdout, &f, terminalWidth(e), p, rs[0], st); err != nil {
				return err
			}
			if !f.quiet {
				fmt.Fprintf(e.stderr, "%d paths in %.1fs (%d workers); wrote %d files to %s\n",
					st.Paths, st.Elapsed.Seconds(), st.Workers, len(names), f.out)
			}
			return nil
		},
	}
	f.register(cmd)
	f.registerFilters(cmd)
	cmd.Flags().StringVar(&shard, "shard", "", "run only shard k/n (chunks ≡ k mod n) and write partial-k-of-n.json for healthsim merge")
	return cmd
}

// basis is rowBasis as shown to a reader: an observed goal says whether it was met.
func basis(gr goalRow) string {
	switch {
	case !gr.goal.Observed:
		return gr.ind.Basis
	case gr.goal.PHit == 1:
		return "observed: met"
	case gr.goal.BrokenIn != 0:
		return fmt.Sprintf("observed: missed (below in %d)", gr.goal.BrokenIn)
	}
	return "observed: missed"
}

// unitCells is the most a unit takes in the terminal table (a few units are long phrases).
const unitCells = 8

func printRun(w io.Writer, f *runFlags, width int, p *prepared, r *forecast.Result, st forecast.Stats) error {
	if f.format == "json" {
		return writeJSON(w, resultDoc(p, []*forecast.Result{r}, st))
	}
	var rows [][]string
	for _, gr := range goalRows(r) {
		g := gr.goal
		if !f.shows(goalKind(g), g.Year) {
			continue
		}
		rows = append(rows, []string{
			fmt.Sprintf("%.3f ± %.3f", g.PHit, g.SE), gr.ind.Region, gr.ind.NameZH, gr.ind.NameEN,
			goalKind(g), strconv.Itoa(g.Year), string(g.Test) + " " + goalValue(g), truncate(gr.ind.Unit, unitCells),
			sig(gr.ind.Baseline) + " (" + strconv.Itoa(gr.ind.BaselineYear) + ")", median(g), basis(gr),
		})
	}
	for _, row := range notSimulatedTableRows(p) {
		if year, _ := strconv.Atoi(row[5]); f.shows(row[4], year) {
			rows = append(rows, row)
		}
	}
	fmt.Fprintf(w, "%s: %d paths, seed %d — targets and milestones, most at risk first\n\n", terminalSafe(p.sc.Name), st.Paths, p.sc.Seed)
	header := []string{"P(HIT)", "REGION", "名称", "INDICATOR", "KIND", "YEAR", "TEST", "UNIT", "BASELINE", "MEDIAN", "BASIS"}
	// Narrow terminals lose the English name and the basis first, then the Chinese name's tail.
	header, rows, limits := fitTable(header, rows, width, []int{10, 3}, 2)
	err := table(w, header, rows, limits)
	if err == nil && len(p.sc.NotSimulated) > 0 {
		_, err = fmt.Fprintf(w, "\n%s\n", notSimulatedNote(p.sc))
	}
	return err
}
