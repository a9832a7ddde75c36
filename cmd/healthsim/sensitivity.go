package main

import (
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast/sensitivity"
	"github.com/healthsim/healthsim/scenarios"
)

// Defaults of a sensitivity study where neither the config nor a flag sets them.
const (
	defaultSensPaths   = 10_000 // paths per tornado batch
	defaultSensBatches = 10
	defaultSobolN      = 128
	defaultSobolPaths  = 2_000
	defaultTornadoes   = 6 // tornado charts when no indicator is asked for
)

// sensFlags are the sensitivity command's own flags.
type sensFlags struct {
	indicators []string
	paths      int64
	batches    int
	sobolN     int
	sobolPaths int64
}

func newSensitivityCmd(e *env) *cobra.Command {
	f := runFlags{}
	var sf sensFlags
	cmd := &cobra.Command{
		Use: "sensitivity --config FILE [--indicator ID]...",
		Example: `  healthsim sensitivity --config examples/huzhou-sensitivity.yaml --out out/sensitivity
  healthsim sensitivity --config examples/huzhou-plan.yaml --indicator huzhou_cmi_tertiary`,
		Short: "Which assumptions drive P(hit)? One-at-a-time swings (tornado) and Sobol indices",
		Long: `Sensitivity moves each model assumption across a stated range and reports what it does to
every target's P(hit), on common random numbers:

  one at a time (tornado): P(hit) with the assumption at its low and at its high end, the others
    as configured; each swing with its paired standard error over independent batches of paths;
    every programme's funding ±20% is an assumption of its own;
  variance-based (Sobol): first-order and total indices of P(hit) and of the projected mean in
    the target's year over the model-wide assumptions (Saltelli and Jansen estimators), with
    standard errors.

Ranges have defaults with a reason (healthsim lists them in sensitivity.json); a config's
sensitivity: block sets ranges, batches and sizes.

Outputs in --out: sensitivity.csv, sensitivity.json, charts/tornado-*.png (one per target asked
for with --indicator, else the six with the widest swings) and charts/sobol-total.png.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.sensitivity(cmd, e, &sf) },
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringArrayVar(&sf.indicators, "indicator", nil, "indicator whose targets get a tornado chart (repeat for several)")
	fl.Int64Var(&sf.paths, "paths", 0, fmt.Sprintf("paths per tornado batch (default %d, or the config's sensitivity.paths)", defaultSensPaths))
	fl.IntVar(&sf.batches, "batches", 0, fmt.Sprintf("tornado batches, for the paired standard errors (default %d)", defaultSensBatches))
	fl.IntVar(&sf.sobolN, "sobol-n", 0, fmt.Sprintf("Sobol base sample size N; the model runs N×(d+2) times (default %d)", defaultSobolN))
	fl.Int64Var(&sf.sobolPaths, "sobol-paths", 0, fmt.Sprintf("paths per Sobol evaluation (default %d)", defaultSobolPaths))
	return cmd
}

// sensitivity runs the study, writes the outputs and prints the swings and indices.
func (f *runFlags) sensitivity(cmd *cobra.Command, e *env, sf *sensFlags) error {
	p, err := f.prepareConfigs(cmd, e, "sensitivity needs --config FILE")
	if err != nil {
		return err
	}
	plan, err := sf.plan(cmd, p)
	if err != nil {
		return err
	}
	res, err := plan.run(cmd.Context(), e, f.quiet)
	if err != nil {
		return err
	}
	b, err := sensitivityBundle(cmd.Context(), p, plan, res, !f.noCharts)
	if err != nil {
		return err
	}
	names, err := f.publish(cmd.Context(), e, b, func() any { return sensitivityDoc(plan, res) },
		func(w io.Writer) error { return printSensitivity(w, plan, res) })
	if err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(e.stderr, "%d assumptions, %d targets in %.1fs; wrote %d files to %s\n",
			len(plan.tornado.Assumptions), len(plan.tornado.Targets), res.elapsed.Seconds(), len(names), f.out)
	}
	return nil
}

// sensPlan is a sensitivity study ready to run.
type sensPlan struct {
	tornado, sobol    *sensitivity.Study
	paths, sobolPaths int64
	batches, sobolN   int
	seed              uint64
	charted           []int // targets (indexes into tornado.Targets) that get a tornado chart
}

// plan settles the study's settings (flag, then config, then default), its assumptions and the
// targets to chart.
func (sf *sensFlags) plan(cmd *cobra.Command, p *prepared) (*sensPlan, error) {
	cfg := p.cfg.Sensitivity
	if cfg == nil {
		cfg = &scenarios.SensitivityConfig{}
	}
	for _, bad := range []struct {
		name string
		v    int64
	}{{"--paths", sf.paths}, {"--batches", int64(sf.batches)}, {"--sobol-n", int64(sf.sobolN)}, {"--sobol-paths", sf.sobolPaths}} {
		if cmd.Flags().Changed(bad.name[2:]) && (bad.v < 1 || (bad.name == "--batches" && bad.v < 2)) {
			return nil, usageError{fmt.Errorf("%s %d is out of range (allowed: a whole number ≥ 1; batches ≥ 2)", bad.name, bad.v)}
		}
	}
	pl := &sensPlan{
		paths:      firstSet(sf.paths, cfg.Paths, defaultSensPaths),
		batches:    int(firstSet(int64(sf.batches), int64(cfg.Batches), defaultSensBatches)),
		sobolN:     int(firstSet(int64(sf.sobolN), int64(cfg.Sobol.N), defaultSobolN)),
		sobolPaths: firstSet(sf.sobolPaths, cfg.Sobol.Paths, defaultSobolPaths),
		seed:       p.sc.Seed,
	}
	as, err := sensitivity.DefaultAssumptions()
	if err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Ranges)) {
		r := cfg.Ranges[name]
		if err := sensitivity.SetRange(as, name, *r.Low, *r.High, r.Reason); err != nil {
			key := "sensitivity.ranges." + name
			return nil, &scenarios.ConfigError{File: p.cfg.Source(key), Key: key, Msg: err.Error()}
		}
	}
	workers := p.sc.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx := cmd.Context()
	if pl.tornado, err = sensitivity.NewStudy(ctx, p.sc, p.model.Defaults, as, workers); err != nil {
		return nil, err
	}
	global := slices.DeleteFunc(slices.Clone(as), func(a sensitivity.Assumption) bool { return a.Kind == sensitivity.Program })
	if pl.sobol, err = sensitivity.NewStudy(ctx, p.sc, p.model.Defaults, global, workers); err != nil {
		return nil, err
	}
	return pl, pl.chooseCharts(p, sf.indicators, cfg.Indicators)
}

// chooseCharts marks the targets of the indicators asked for (flag, else config) for a chart.
func (pl *sensPlan) chooseCharts(p *prepared, flagIDs, cfgIDs []string) error {
	ids, fromFlag := flagIDs, true
	if len(ids) == 0 {
		ids, fromFlag = cfgIDs, false
	}
	for i, id := range ids {
		found := false
		for k, t := range pl.tornado.Targets {
			if t.Indicator == id {
				pl.charted, found = append(pl.charted, k), true
			}
		}
		if found {
			continue
		}
		msg := fmt.Sprintf("%q has no simulated target in this scenario (allowed: an indicator with a target ahead, see healthsim indicators)", id)
		if fromFlag {
			return usageError{fmt.Errorf("--indicator %s", msg)}
		}
		key := fmt.Sprintf("sensitivity.indicators[%d]", i)
		return &scenarios.ConfigError{File: p.cfg.Source(key), Key: key, Msg: msg}
	}
	return nil
}

// firstSet returns the first non-zero value.
func firstSet(vs ...int64) int64 {
	for _, v := range vs {
		if v != 0 {
			return v
		}
	}
	return 0
}
