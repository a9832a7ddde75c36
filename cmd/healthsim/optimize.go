package main

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast/optimize"
	"github.com/healthsim/healthsim/scenarios"
)

// Defaults of an optimisation where neither the config nor a flag sets them.
const (
	defaultOptPaths      = 20_000  // paths per evaluation of the search
	defaultOptFinalPaths = 200_000 // fresh paths of the final comparison, over the batches
	defaultOptBatches    = 20
	marginalAmount       = 1000 // 万元 more for one programme
)

// defaultFrontier are the fractions of the plan's total the frontier is searched at.
var defaultFrontier = []float64{0.6, 0.8, 1, 1.2, 1.4}

func newOptimizeCmd(e *env) *cobra.Command {
	f := runFlags{}
	var of optFlags
	cmd := &cobra.Command{
		Use: "optimize --config FILE",
		Example: `  healthsim optimize --config examples/huzhou-optimize.yaml --out out/optimize
  healthsim optimize --config examples/huzhou-optimize.yaml --no-frontier --paths 5000`,
		Short: "The best allocation of a fixed budget under floors, caps and yearly totals",
		Long: `Optimize searches for the allocation of the programmes' money that maximises an objective
(expected targets met by default; expected binding targets met, P(all binding targets met), or a
weighted sum with per-indicator weights), keeping the total, any per-year totals, floors and caps.
Every evaluation of the search runs on the same random paths (CMA-ES or Nelder–Mead from
gonum/optimize); the best allocation and the plan are then compared on fresh, independent batches
of paths, so the gain carries a paired standard error and a gain within noise is reported as such.

The config's optimize: block says what may change (programs, years), total and year_totals
(default: the plan's total), floor and cap (default and per programme: {share: 0.5} of the plan
or {amount: 1000} 万元 per year), objective and weights, method, paths, final_paths, batches,
iterations and frontier (fractions of the plan's total, default 0.6 to 1.4).

Outputs in --out: optimize.csv (program, year, plan, best, floor, cap in 万元), optimize.json
(objective, plan_value, best_value, gain, gain_se, total, marginal values, frontier),
best.yaml (the best allocation as a config that run and compare accept) and charts/frontier.png.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.optimize(cmd, e, &of) },
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&of.noFrontier, "no-frontier", false, "skip the frontier (a search at each total)")
	fl.IntVar(&of.iterations, "iterations", 0, "generations of the search (overrides the config; default 60 + 5 × programme-years)")
	fl.Int64Var(&of.paths, "paths", 0, fmt.Sprintf("paths per evaluation of the search (overrides the config; default %d)", defaultOptPaths))
	fl.Int64Var(&of.finalPaths, "final-paths", 0, fmt.Sprintf("fresh paths of the final comparison (default %d)", defaultOptFinalPaths))
	fl.IntVar(&of.batches, "batches", 0, fmt.Sprintf("batches of the final comparison, for the paired SE (default %d)", defaultOptBatches))
	return cmd
}

// optimize searches for the best allocation, writes the outputs and prints the result.
func (f *runFlags) optimize(cmd *cobra.Command, e *env, of *optFlags) error {
	p, err := f.prepareConfigs(cmd, e, "optimize needs --config FILE", func() error { return of.check(cmd) })
	if err != nil {
		return err
	}
	pl, err := planOptimize(p, *of)
	if err != nil {
		return err
	}
	res, err := pl.run(cmd.Context(), e, f.quiet)
	if err != nil {
		return err
	}
	b, err := optimizeBundle(cmd.Context(), p, pl, res, !f.noCharts)
	if err != nil {
		return err
	}
	names, err := f.publish(cmd.Context(), e, b, func() any { return optimizeDoc(pl, res) },
		func(w io.Writer) error { return printOptimize(w, pl, res) })
	if err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(e.stderr, "%d evaluations in %.1fs (search %.1fs); wrote %d files to %s\n",
			res.sol.Evaluations, res.elapsed.Seconds(), res.searchElapsed.Seconds(), len(names), f.out)
	}
	return nil
}

// optFlags are the optimize command's own flags; they beat the config's optimize: block.
type optFlags struct {
	noFrontier          bool
	iterations, batches int
	paths, finalPaths   int64
}

func (of *optFlags) check(cmd *cobra.Command) error {
	for _, fl := range []struct {
		name string
		v    int64
		min  int64
	}{{"iterations", int64(of.iterations), 1}, {"paths", of.paths, 1}, {"final-paths", of.finalPaths, 2}, {"batches", int64(of.batches), 2}} {
		if cmd.Flags().Changed(fl.name) && fl.v < fl.min {
			return usageError{fmt.Errorf("--%s %d is out of range (allowed: %d or more)", fl.name, fl.v, fl.min)}
		}
	}
	return nil
}

// optPlan is an optimisation ready to run.
type optPlan struct {
	model, final *optimize.Model
	space        *optimize.Space
	opts         optimize.Options
	batches      int
	frontier     []float64
}

// planOptimize reads the optimize: block (or its defaults) into a search plan.
func planOptimize(p *prepared, of optFlags) (*optPlan, error) {
	o := p.cfg.Optimize
	if o == nil {
		o = &scenarios.OptimizeConfig{}
	}
	space, err := optimizeSpace(p.cfg, p.sc, o)
	if err != nil {
		return nil, err
	}
	objective := o.Objective
	if objective == "" {
		objective = optimize.ExpectedMet
	}
	sc := p.sc
	sc.Allocations = sc.Allocations[:1]
	m := &optimize.Model{Scenario: sc, Defaults: p.model.Defaults, Cells: space.Cells, Objective: objective,
		Weights: o.Weights, Paths: firstSet(of.paths, o.Paths, defaultOptPaths), Workers: p.sc.Workers}
	if err := checkObjective(p, m, o); err != nil {
		return nil, err
	}
	pl := &optPlan{model: m, space: space, batches: int(firstSet(int64(of.batches), int64(o.Batches), defaultOptBatches)), frontier: o.Frontier}
	final := *m
	final.Paths = max(1, firstSet(of.finalPaths, o.FinalPaths, defaultOptFinalPaths)/int64(pl.batches))
	pl.final = &final
	pl.opts = optimize.Options{Method: o.Method, Seed: p.sc.Seed, MaxIter: int(firstSet(int64(of.iterations), int64(o.Iterations)))}
	if len(pl.frontier) == 0 {
		pl.frontier = defaultFrontier
	}
	if of.noFrontier {
		pl.frontier = nil
	}
	return pl, nil
}

// checkObjective rejects weights for unknown indicators and an objective with no target to score.
func checkObjective(p *prepared, m *optimize.Model, o *scenarios.OptimizeConfig) error {
	for _, id := range slices.Sorted(maps.Keys(o.Weights)) {
		if !p.hasIndicator(id) {
			key := "optimize.weights." + id
			return &scenarios.ConfigError{File: p.cfg.Source(key), Key: key,
				Msg: fmt.Sprintf("%q is not among the scenario's projected indicators (allowed: an indicator of the scenario, see healthsim indicators)", id)}
		}
	}
	n, err := m.Targets()
	if err != nil {
		return err
	}
	if n == 0 {
		key := "optimize.objective"
		return &scenarios.ConfigError{File: p.cfg.Source(key), Key: key,
			Msg: fmt.Sprintf("objective %s has no target to score in this scenario (allowed: an objective with targets ahead: binding objectives need binding targets, weighted needs weights on indicators with targets)", m.Objective)}
	}
	return nil
}
