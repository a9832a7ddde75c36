package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/plots"
)

func newCompareCmd(e *env) *cobra.Command {
	f := runFlags{perFile: true}
	var indicator string
	cmd := &cobra.Command{
		Use: "compare --config FILE [--config FILE]...",
		Example: `  healthsim compare --config examples/huzhou-compare.yaml --out out/compare
  healthsim compare --config examples/huzhou-plan.yaml --config examples/huzhou-cut-20.yaml
  healthsim compare --config examples/huzhou-compare.yaml --indicator huzhou_cmi_tertiary --runs 20000`,
		Short: "Compare funding allocations on the same random paths: what does each allocation buy?",
		Long: `Compare runs every scenario of a config's scenarios: list (the first is the reference), or
one scenario per --config file when the files have no scenarios: list, on the same random paths, so a difference in P(hit) is due to funding, not noise. Each difference is
reported with its standard error from the paired paths.

Outputs in --out: compare.csv, compare.json and charts/ (grouped P(hit) bars, expected targets
met against cost, and a fan overlay of the reference and the best scenario for one indicator).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.compare(cmd, e, indicator) },
	}
	f.register(cmd)
	cmd.Flags().StringVar(&indicator, "indicator", "", "indicator for the fan-chart overlay (default: the one whose P(hit) differs most)")
	return cmd
}

// compare runs every scenario on common paths, writes the outputs and prints the ranking.
func (f *runFlags) compare(cmd *cobra.Command, e *env, indicator string) error {
	p, err := f.prepareConfigs(cmd, e, "compare needs --config FILE with a scenarios: list")
	if err != nil {
		return err
	}
	if len(p.sc.Allocations) < 2 {
		return usageError{fmt.Errorf("compare needs at least two scenarios: a scenarios: list in the config (the first is the reference) or several --config files; got %d", len(p.sc.Allocations))}
	}
	if indicator != "" && !p.hasIndicator(indicator) {
		return usageError{fmt.Errorf("--indicator %q is not among the scenario's projected indicators", indicator)}
	}
	rs, st, err := f.simulate(cmd.Context(), e, p)
	if err != nil {
		return err
	}
	cmp := summarise(p, rs)
	b, err := compareBundle(cmd.Context(), p, cmp, rs, st, indicator)
	if err != nil {
		return err
	}
	names, err := f.publish(cmd.Context(), e, b, func() any { return compareDoc(p, cmp, rs, st) },
		func(w io.Writer) error { return printCompare(w, cmp, st) })
	if err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(e.stderr, "%d scenarios on %d common paths in %.1fs; wrote %d files to %s\n",
			len(rs), st.Paths, st.Elapsed.Seconds(), len(names), f.out)
	}
	return nil
}

func (p *prepared) hasIndicator(id string) bool {
	for _, s := range p.model.Indicators {
		if s.Ind.ID == id {
			return true
		}
	}
	return false
}

// scenarioSummary is one row of the comparison.
type scenarioSummary struct {
	Name            string   `json:"name"`
	Cost            float64  `json:"total_cost_wan_yuan"`
	ExpectedMet     float64  `json:"expected_targets_met"`
	ExpectedBinding float64  `json:"expected_binding_met"`
	PAllBinding     *float64 `json:"p_all_binding"` // null when the scenario has no binding target
	Targets         int      `json:"targets"`
	BindingTargets  int      `json:"binding_targets"`
	ExpectedMetSE   float64  `json:"expected_targets_met_se"`
	DeltaMet        float64  `json:"delta_expected_met"`
	DeltaMetSE      float64  `json:"delta_expected_met_se"`       // paired: both on the same paths
	PerYi           *float64 `json:"extra_targets_per_100m_yuan"` // per 1亿元 = 10,000万元 against the reference; null when cost is unchanged
}

// summarise computes each scenario's totals against the reference (the first).
func summarise(p *prepared, rs []*forecast.Result) []scenarioSummary {
	out := make([]scenarioSummary, len(rs))
	for i, r := range rs {
		s := scenarioSummary{Name: r.Allocation, Cost: p.sc.Allocations[i].Cost(), ExpectedMet: r.ExpectedMet,
			ExpectedBinding: r.ExpectedBinding, Targets: r.Targets, BindingTargets: r.BindingTargets}
		if r.BindingTargets > 0 {
			pb := r.PAllBinding
			s.PAllBinding = &pb
		}
		s.DeltaMet, s.ExpectedMetSE, s.DeltaMetSE = r.ExpectedMet-rs[0].ExpectedMet, r.ExpectedMetSE, r.DeltaMetSE
		if dc := s.Cost - out[0].Cost; i > 0 && math.Abs(dc) > 0.5 {
			v := s.DeltaMet / (dc / 10000)
			s.PerYi = &v
		}
		out[i] = s
	}
	return out
}

var compareHeader = []string{"scenario", "region", "indicator", "name_en", "name_zh", "kind", "target_year", "test", "target",
	"p_hit", "p_hit_se", "delta", "delta_se", "delta_se_unpaired"}

func compareRows(rs []*forecast.Result) [][]string {
	var rows [][]string
	for _, r := range rs {
		for _, ir := range r.Indicators {
			for _, g := range ir.Goals {
				if g.Observed {
					continue
				}
				rows = append(rows, []string{r.Allocation, ir.Region, ir.ID, ir.NameEN, ir.NameZH, goalKind(g), strconv.Itoa(g.Year),
					string(g.Test), sig(g.Value), f4(g.PHit), f4(g.SE), f4(g.Delta), f4(g.DeltaSE), f4(g.DeltaSEUnpaired)})
			}
		}
	}
	return rows
}

type compareFile struct {
	resultFile
	Scenarios []scenarioSummary `json:"scenarios"`
}

func compareDoc(p *prepared, cmp []scenarioSummary, rs []*forecast.Result, st forecast.Stats) compareFile {
	return compareFile{resultFile: resultDoc(p, rs, st), Scenarios: cmp}
}

func compareBundle(ctx context.Context, p *prepared, cmp []scenarioSummary, rs []*forecast.Result, st forecast.Stats, indicator string) (*bundle, error) {
	b := newBundle()
	if err := b.addCSV("compare.csv", compareHeader, compareRows(rs)); err != nil {
		return nil, err
	}
	if err := b.addJSON("compare.json", compareDoc(p, cmp, rs, st)); err != nil {
		return nil, err
	}
	xlsx, err := workbook([]sheet{scenarioSheet(cmp), deltaSheet(rs)})
	if err != nil {
		return nil, err
	}
	b.add("healthsim.xlsx", xlsx)
	if p.fonts == nil {
		return b, nil
	}
	names := make([]string, len(rs))
	results := make([][]forecast.IndicatorResult, len(rs))
	costs, expected, se := make([]float64, len(rs)), make([]float64, len(rs)), make([]float64, len(rs))
	for i, r := range rs {
		names[i], results[i], costs[i], expected[i], se[i] = r.Allocation, r.Indicators, cmp[i].Cost, cmp[i].ExpectedMet, cmp[i].ExpectedMetSE
	}
	if indicator == "" {
		indicator = mostSensitive(rs)
	}
	best := bestScenario(cmp)
	delta, err := plots.CompareDelta(p.fonts, names, results, plots.DefaultCompareTargets)
	if err != nil {
		return nil, err
	}
	cost, err := plots.CostEffect(p.fonts, names, costs, expected, se, rs[0].Targets)
	if err != nil {
		return nil, err
	}
	a, c := indicatorOf(rs[0], indicator), indicatorOf(rs[best], indicator)
	fan, err := plots.FanOverlay(p.fonts, []string{names[0], names[best]}, []forecast.IndicatorResult{a, c})
	if err != nil {
		return nil, err
	}
	charts := []chart{{"compare-delta", delta}, {"compare-cost", cost},
		{"compare-fan-" + indicator, plots.PlotChart(fan, 16*vg.Centimeter, 10*vg.Centimeter)}}
	return b, p.chartOutput(rs[0].Paths).render(ctx, b, charts)
}

// mostSensitive is the indicator with the goal whose P(hit) spreads most across scenarios.
func mostSensitive(rs []*forecast.Result) string {
	bestID, bestSpread := rs[0].Indicators[0].ID, -1.0
	for i, ir := range rs[0].Indicators {
		for gi, g := range ir.Goals {
			if g.Observed {
				continue
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, r := range rs {
				p := r.Indicators[i].Goals[gi].PHit
				lo, hi = math.Min(lo, p), math.Max(hi, p)
			}
			if hi-lo > bestSpread {
				bestID, bestSpread = ir.ID, hi-lo
			}
		}
	}
	return bestID
}

// bestScenario is the non-reference scenario with the most expected targets met.
func bestScenario(cmp []scenarioSummary) int {
	best := 1
	for i := 2; i < len(cmp); i++ {
		if cmp[i].ExpectedMet > cmp[best].ExpectedMet {
			best = i
		}
	}
	return best
}

func indicatorOf(r *forecast.Result, id string) forecast.IndicatorResult {
	for _, ir := range r.Indicators {
		if ir.ID == id {
			return ir
		}
	}
	return forecast.IndicatorResult{}
}

func printCompare(w io.Writer, cmp []scenarioSummary, st forecast.Stats) error {
	order := make([]int, len(cmp))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cmp[order[a]].ExpectedMet > cmp[order[b]].ExpectedMet })
	var rows [][]string
	for rank, i := range order {
		s := cmp[i]
		per := "-"
		if s.PerYi != nil {
			per = fmt.Sprintf("%+.2f", *s.PerYi)
		}
		ref := ""
		if i == 0 {
			ref = " (reference)"
		}
		binding, allBinding := "-", "-"
		if s.PAllBinding != nil {
			binding = fmt.Sprintf("%.2f / %d", s.ExpectedBinding, s.BindingTargets)
			allBinding = fmt.Sprintf("%.3f", *s.PAllBinding)
		}
		rows = append(rows, []string{strconv.Itoa(rank + 1), s.Name + ref, fmt.Sprintf("%.0f", s.Cost),
			fmt.Sprintf("%.2f ± %.2f / %d", s.ExpectedMet, s.ExpectedMetSE, s.Targets), deltaText(s, i == 0), per, binding, allBinding})
	}
	fmt.Fprintf(w, "%d scenarios on %d common paths, ranked by expected targets met (± one Monte Carlo standard error)\n\n", len(cmp), st.Paths)
	err := table(w, []string{"RANK", "SCENARIO", "COST (万元)", "EXPECTED MET", "Δ VS REF", "Δ PER 1亿元", "BINDING MET", "P(ALL BINDING)"}, rows, nil)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, "\nΔ VS REF is the change in expected targets met against the reference, ± its paired standard error (same paths).\n"+
		"Δ PER 1亿元 is that change per 1亿元 (10,000万元) of extra cost: positive when spending more buys more targets or\n"+
		"spending less loses them; negative when a cut gains targets or extra money loses them. \"-\" where the cost is unchanged.")
	return err
}

// deltaText is a scenario's change in expected targets met with its paired standard error.
func deltaText(s scenarioSummary, reference bool) string {
	if reference {
		return "0"
	}
	return fmt.Sprintf("%+.3f ± %.3f", s.DeltaMet, s.DeltaMetSE)
}
