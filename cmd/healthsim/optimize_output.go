package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/healthsim/healthsim/forecast/optimize"
	"github.com/healthsim/healthsim/plots"
	"github.com/healthsim/healthsim/scenarios"
)

// optResult is what an optimisation found.
type optResult struct {
	plan          []float64
	sol           *optimize.Solution
	final         []optimize.Estimate // plan, best on fresh paths
	progs         []string
	marginal      []optimize.Estimate
	frontier      []optimize.FrontierPoint
	frontierPlan  float64 // the plan's objective on the frontier's paths
	elapsed       time.Duration
	searchElapsed time.Duration
}

// run searches, re-scores the best against the plan on fresh paths, prices 1,000万元 more for each
// programme and searches at each total of the frontier (with a third of the generations and a
// quarter of the paths, at least 2,000; the plan's point is scored on the same paths).
func (pl *optPlan) run(ctx context.Context, e *env, quiet bool) (*optResult, error) {
	start := time.Now()
	note := func(format string, args ...any) {
		if !quiet {
			fmt.Fprintf(e.stderr, format+"\n", args...)
		}
	}
	res := &optResult{plan: pl.model.Plan()}
	note("search: %d programme-years, %d paths per evaluation", pl.space.Dim(), pl.model.Paths)
	sol, err := optimize.Allocation(ctx, pl.space, res.plan, pl.model.Score, pl.opts)
	if err != nil {
		return nil, err
	}
	res.sol, res.searchElapsed = sol, time.Since(start)
	seeds := optimize.FreshSeeds(pl.opts.Seed, pl.batches)
	note("final: best and plan on %d fresh batches of %d paths", pl.batches, pl.final.Paths)
	if res.final, err = optimize.Paired(ctx, pl.final.Score, seeds, [][]float64{pl.space.Round(res.plan), sol.Best}); err != nil {
		return nil, err
	}
	if res.progs, res.marginal, err = optimize.Marginal(ctx, pl.final.Score, seeds, pl.space, sol.Best, marginalAmount); err != nil {
		return nil, err
	}
	if len(pl.frontier) > 0 {
		fm := *pl.model
		fm.Paths = max(2000, pl.model.Paths/4)
		note("frontier: %d totals, %d paths per evaluation", len(pl.frontier), fm.Paths)
		fo := pl.opts
		fo.MaxIter = max(10, defaultIterations(pl)/3)
		if res.frontier, err = optimize.Frontier(ctx, pl.space, res.plan, fm.Score, fo, pl.frontier); err != nil {
			return nil, err
		}
		v, err := fm.Score(ctx, pl.opts.Seed, [][]float64{pl.space.Round(res.plan)})
		if err != nil {
			return nil, err
		}
		res.frontierPlan = v[0]
	}
	res.elapsed = time.Since(start)
	return res, nil
}

// defaultIterations is the search's generation limit as the search sets it.
func defaultIterations(pl *optPlan) int {
	if pl.opts.MaxIter > 0 {
		return pl.opts.MaxIter
	}
	return optimize.DefaultGenerations(pl.space.Dim())
}

var optHeader = []string{"program", "year", "plan", "best", "change", "floor", "cap"}

func optRows(pl *optPlan, res *optResult) [][]string {
	var rows [][]string
	for c, cell := range pl.space.Cells {
		cp := ""
		if !math.IsInf(pl.space.Cap[c], 1) {
			cp = wan(pl.space.Cap[c])
		}
		rows = append(rows, []string{cell.Program, strconv.Itoa(cell.Year), wan(res.plan[c]), wan(res.sol.Best[c]),
			wan(res.sol.Best[c] - res.plan[c]), wan(pl.space.Floor[c]), cp})
	}
	return rows
}

// wan writes an amount in 万元 to two decimals at most.
func wan(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// optDoc is optimize.json.
type optDoc struct {
	Objective   string                   `json:"objective"`
	PlanValue   float64                  `json:"plan_value"`
	PlanValueSE float64                  `json:"plan_value_se"`
	BestValue   float64                  `json:"best_value"`
	BestValueSE float64                  `json:"best_value_se"`
	Gain        float64                  `json:"gain"`
	GainSE      float64                  `json:"gain_se"`
	WithinNoise bool                     `json:"gain_within_noise"` // |gain| ≤ 2 SE
	Total       float64                  `json:"total"`
	Totals      []groupTotal             `json:"totals"`
	Search      map[string]any           `json:"search"`
	Final       map[string]any           `json:"final"`
	Marginal    []marginalValue          `json:"marginal_per_1000"`
	Frontier    []optimize.FrontierPoint `json:"frontier,omitempty"`
	// FrontierPlan is the plan's objective on the frontier's paths.
	FrontierPlan float64 `json:"frontier_plan_value,omitempty"`
}

type groupTotal struct {
	Year  int     `json:"year,omitempty"` // 0 for one total over every year
	Total float64 `json:"total"`
}

type marginalValue struct {
	Program string  `json:"program"`
	Gain    float64 `json:"gain"`
	GainSE  float64 `json:"gain_se"`
}

func optimizeDoc(pl *optPlan, res *optResult) optDoc {
	plan, best := res.final[0], res.final[1]
	d := optDoc{
		Objective: pl.model.Objective, PlanValue: plan.Value, PlanValueSE: plan.ValueSE, BestValue: best.Value,
		BestValueSE: best.ValueSE, Gain: best.Gain, GainSE: best.GainSE, WithinNoise: best.Within(2), Total: pl.space.Total(),
		Search: map[string]any{"method": methodName(pl.opts.Method), "seed": pl.opts.Seed, "paths": pl.model.Paths,
			"evaluations": res.sol.Evaluations, "status": res.sol.Status, "plan_value": res.sol.StartValue,
			"best_value": res.sol.Value, "seconds": res.searchElapsed.Seconds()},
		Final:    map[string]any{"batches": pl.batches, "paths_per_batch": pl.final.Paths},
		Frontier: res.frontier, FrontierPlan: res.frontierPlan,
	}
	for _, g := range pl.space.Groups {
		year := pl.space.Cells[g.Cells[0]].Year
		for _, c := range g.Cells {
			if pl.space.Cells[c].Year != year {
				year = 0
			}
		}
		d.Totals = append(d.Totals, groupTotal{year, g.Total})
	}
	for i, p := range res.progs {
		d.Marginal = append(d.Marginal, marginalValue{p, res.marginal[i].Gain, res.marginal[i].GainSE})
	}
	for i := range d.Frontier {
		if !d.Frontier[i].Feasible {
			d.Frontier[i].Value = 0 // NaN has no JSON form; feasible says the point is missing
		}
	}
	return d
}

func methodName(m string) string {
	if m == "" {
		return "cmaes"
	}
	return m
}

// printOptimize writes the changed cells, the gain and the marginal values.
func printOptimize(w io.Writer, pl *optPlan, res *optResult) error {
	var rows [][]string
	for _, r := range optRows(pl, res) {
		if r[4] != "0" {
			rows = append(rows, r[:5])
		}
	}
	fmt.Fprintf(w, "Best allocation of %s万元 (%d programme-years; %d changed, in 万元):\n", wan(pl.space.Total()), pl.space.Dim(), len(rows))
	if err := table(w, optHeader[:5], rows, nil); err != nil {
		return err
	}
	plan, best := res.final[0], res.final[1]
	verdict := "a real gain"
	if best.Within(2) {
		verdict = "within noise: no better than the plan"
	}
	fmt.Fprintf(w, "\n%s on %d fresh batches: plan %.3f, best %.3f, gain %+.3f ± %.3f (paired SE; %s)\n",
		pl.model.Objective, pl.batches, plan.Value, best.Value, best.Gain, best.GainSE, verdict)
	var mrows [][]string
	for i, p := range res.progs {
		mrows = append(mrows, []string{p, fmt.Sprintf("%+.4f ± %.4f", res.marginal[i].Gain, res.marginal[i].GainSE)})
	}
	fmt.Fprintf(w, "\nMarginal value of %d万元 more for one programme (on the best allocation):\n", marginalAmount)
	if err := table(w, []string{"program", "gain"}, mrows, nil); err != nil {
		return err
	}
	if len(res.frontier) > 0 {
		var frows [][]string
		for _, pt := range res.frontier {
			v := "infeasible (floors or caps)"
			if pt.Feasible {
				v = fmt.Sprintf("%.3f", pt.Value)
			}
			frows = append(frows, []string{fmt.Sprintf("%.0f%%", 100*pt.Fraction), wan(pt.Total), v})
		}
		fmt.Fprintf(w, "\nFrontier (best found at each total; the plan scores %.3f on the same paths):\n", res.frontierPlan)
		return table(w, []string{"share of plan", "total", pl.model.Objective}, frows, nil)
	}
	return nil
}

// optimizeBundle collects optimize.csv, optimize.json, best.yaml and the frontier chart.
func optimizeBundle(ctx context.Context, p *prepared, pl *optPlan, res *optResult, charts bool) (*bundle, error) {
	b := newBundle()
	if err := b.addCSV("optimize.csv", optHeader, optRows(pl, res)); err != nil {
		return nil, err
	}
	if err := b.addJSON("optimize.json", optimizeDoc(pl, res)); err != nil {
		return nil, err
	}
	best, err := bestConfig(p, pl, res)
	if err != nil {
		return nil, err
	}
	b.add("best.yaml", best)
	if !charts || len(res.frontier) == 0 {
		return b, nil
	}
	var totals, values []float64
	for _, pt := range res.frontier {
		totals, values = append(totals, pt.Total), append(values, pt.Value)
	}
	title := plots.Label{ZH: "各总投入下的最优分配", EN: "Best allocation found at each total budget"}
	y := objectiveLabel(pl.model.Objective)
	c, err := plots.Frontier(p.fonts, title, y, totals, values, pl.space.Total(), res.frontierPlan)
	if err != nil {
		return nil, fmt.Errorf("chart frontier: %w", err)
	}
	if err := p.chartOutput(pl.model.Paths).render(ctx, b, []chart{{"frontier", c}}); err != nil {
		return nil, err
	}
	return b, nil
}

func objectiveLabel(o string) plots.Label {
	switch o {
	case optimize.ExpectedBinding:
		return plots.Label{ZH: "预期达成的约束性目标数", EN: "expected binding targets met"}
	case optimize.PAllBinding:
		return plots.Label{ZH: "全部约束性目标达成的概率", EN: "P(all binding targets met)"}
	case optimize.Weighted:
		return plots.Label{ZH: "加权达成概率之和", EN: "weighted sum of P(hit)"}
	}
	return plots.Label{ZH: "预期达成目标数", EN: "expected targets met"}
}

// bestConfig writes the best allocation as a config: the run settings, overrides and budget of
// the optimised config, with every cell's amount in budget.programs.
func bestConfig(p *prepared, pl *optPlan, res *optResult) ([]byte, error) {
	c := p.cfg
	budget := scenarios.BudgetConfig{Programs: map[string]scenarios.YearAmounts{}, Index: c.Budget.Index, Reference: c.Budget.Reference}
	for id, ys := range c.Budget.Programs {
		budget.Programs[id] = ys
	}
	for i, cell := range pl.space.Cells {
		if budget.Programs[cell.Program] == nil {
			budget.Programs[cell.Program] = scenarios.YearAmounts{}
		}
		budget.Programs[cell.Program][scenarios.Year(cell.Year)] = res.sol.Best[i]
	}
	doc := map[string]any{
		"name":        c.Name + "-best",
		"description": fmt.Sprintf("Best allocation found by healthsim optimize (%s) from %s", pl.model.Objective, c.Name),
		"horizon":     p.sc.Horizon, "runs": p.sc.Runs, "seed": p.sc.Seed, "budget": budget,
	}
	for k, v := range map[string]any{"regions": c.Regions, "indicators": c.Indicators, "overrides": c.Overrides, "shocks": c.Shocks} {
		doc[k] = v
	}
	// Through JSON so that every key is the name the config decoder reads, and empty ones drop out.
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("best.yaml: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("best.yaml: %w", err)
	}
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("best.yaml: %w", err)
	}
	head := fmt.Sprintf("# %s: the best allocation found by healthsim optimize; run it with\n#   healthsim run --config best.yaml\n", c.Name)
	return append([]byte(head), out...), nil
}
