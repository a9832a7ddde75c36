package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/plots"
	"github.com/healthsim/healthsim/scenarios"
)

// runFlags are the flags shared by run and compare.
type runFlags struct {
	configs   []string
	out       string
	runs      int64
	seed      uint64
	workers   int
	horizon   int
	precision float64
	regions   []string
	actuals   string
	font      string
	quiet     bool
	format    string
	noCharts  bool
	perFile   bool // compare: several files without a scenarios list are one scenario each
	first     bool // run, merge: project only the first scenario of a scenarios list
}

func (f *runFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.configs, "config", nil, "scenario config file (YAML, TOML or JSON); repeat to merge files in order")
	fl.StringVar(&f.out, "out", "healthsim-out", "folder for the output files")
	fl.Int64Var(&f.runs, "runs", 0, "number of Monte Carlo paths (overrides the config)")
	fl.Uint64Var(&f.seed, "seed", 0, "random seed (overrides the config)")
	fl.IntVar(&f.workers, "workers", 0, "concurrent workers (default: all cores)")
	fl.IntVar(&f.horizon, "horizon", 0, "last projected year (overrides the config)")
	fl.Float64Var(&f.precision, "precision", 0, "add paths until every probability's standard error is at most this")
	fl.StringSliceVar(&f.regions, "region", nil, "regions to project (overrides the config)")
	fl.StringVar(&f.actuals, "actuals", "", "CSV of monitored values (id,year,value) added to the observations (overrides the config's actuals)")
	fl.StringVar(&f.font, "font", "", "CJK font file (TTF, OTF or TTC) for Chinese chart labels")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress bar or notes on stderr")
	fl.StringVar(&f.format, "format", "table", "terminal output: table or json")
	fl.BoolVar(&f.noCharts, "no-charts", false, "skip the PNG charts")
}

// overrides turns the flags the user set into config overrides.
func (f *runFlags) overrides(cmd *cobra.Command) scenarios.Overrides {
	var o scenarios.Overrides
	ch := cmd.Flags().Changed
	if ch("runs") {
		o.Runs = &f.runs
	}
	if ch("seed") {
		o.Seed = &f.seed
	}
	if ch("workers") {
		o.Workers = &f.workers
	}
	if ch("horizon") {
		o.Horizon = &f.horizon
	}
	if ch("precision") {
		o.Precision = &f.precision
	}
	if ch("region") {
		o.Regions = f.regions
	}
	if ch("actuals") {
		o.Actuals = &f.actuals
	}
	return o
}

func (f *runFlags) check() error {
	if f.format != "table" && f.format != "json" {
		return usageError{fmt.Errorf("--format %q: allowed: table, json", f.format)}
	}
	return nil
}

// prepared is a scenario compiled and ready to run.
type prepared struct {
	cat   *scenarios.Catalogue
	cfg   *scenarios.Config
	sc    scenarios.Scenario
	model *forecast.Model
	fonts *plots.Fonts
}

// prepare loads, resolves and compiles the scenario, and finds the chart fonts.
func (f *runFlags) prepare(cmd *cobra.Command, e *env) (*prepared, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		return nil, err
	}
	cfg, sc, err := f.resolve(cmd, e, cat)
	if err != nil {
		return nil, err
	}
	if f.first {
		note := e.stderr
		if f.quiet {
			note = io.Discard
		}
		sc = onlyFirst(note, sc)
	}
	return f.finish(e, cat, cfg, sc)
}

// onlyFirst keeps the first allocation of a scenarios list, the one run reports, so that the
// others are neither compiled nor simulated, and says so on note.
func onlyFirst(note io.Writer, sc scenarios.Scenario) scenarios.Scenario {
	if n := len(sc.Allocations); n > 1 {
		fmt.Fprintf(note, "note: the config lists %d scenarios; run projects the first (%s): use healthsim compare for all\n", n, sc.Allocations[0].Name)
		sc.Allocations = sc.Allocations[:1]
	}
	return sc
}

// finish compiles a resolved scenario and finds the chart fonts.
func (f *runFlags) finish(e *env, cat *scenarios.Catalogue, cfg *scenarios.Config, sc scenarios.Scenario) (*prepared, error) {
	defaults, err := forecast.LoadDefaults()
	if err != nil {
		return nil, err
	}
	model, err := forecast.Compile(sc, defaults)
	if err != nil {
		return nil, err
	}
	p := &prepared{cat: cat, cfg: cfg, sc: sc, model: model}
	noteScenario(e, f.quiet, cat, sc)
	if !f.noCharts {
		fonts, hint, err := plots.LoadFonts(f.font)
		if err != nil {
			return nil, usageError{fmt.Errorf("--font: %w", err)}
		}
		if hint != "" && !f.quiet {
			fmt.Fprintln(e.stderr, hint)
		}
		p.fonts = fonts
	}
	return p, nil
}

// resolve loads the config files (merged in order) and resolves them against the catalogue.
func (f *runFlags) resolve(cmd *cobra.Command, e *env, cat *scenarios.Catalogue) (*scenarios.Config, scenarios.Scenario, error) {
	cfg, err := scenarios.LoadConfig(f.configs, e.getenv, f.overrides(cmd))
	if err != nil {
		return nil, scenarios.Scenario{}, err
	}
	sc, err := cfg.Resolve(cat)
	if err == nil && f.perFile && len(cfg.Scenarios) == 0 && len(f.configs) > 1 {
		return f.resolveEach(cmd, e, cat)
	}
	return cfg, sc, err
}

// resolveEach makes each config file one scenario of a comparison: the first file's scenario
// is run, with the funding of every file as its allocations (the first is the reference).
func (f *runFlags) resolveEach(cmd *cobra.Command, e *env, cat *scenarios.Catalogue) (*scenarios.Config, scenarios.Scenario, error) {
	var first *scenarios.Config
	var base scenarios.Scenario
	for i, file := range f.configs {
		cfg, err := scenarios.LoadConfig([]string{file}, e.getenv, f.overrides(cmd))
		if err != nil {
			return nil, base, err
		}
		sc, err := cfg.Resolve(cat)
		if err != nil {
			return nil, base, err
		}
		alloc := sc.Allocations[0]
		alloc.Name = sc.Name
		if i == 0 {
			first, base = cfg, sc
			base.Allocations = nil
		} else if err := sameRun(base, sc); err != nil {
			return nil, base, usageError{fmt.Errorf("%s: %w (allowed: files that differ only in name, description and budget)", file, err)}
		}
		for _, a := range base.Allocations {
			if a.Name == alloc.Name {
				return nil, base, usageError{fmt.Errorf("%s: scenario name %q is used by another file (allowed: a unique name per file)", file, alloc.Name)}
			}
		}
		base.Allocations = append(base.Allocations, alloc)
	}
	base.Name = first.Name
	return first, base, nil
}

// sameRun reports how two scenarios differ in anything but their funding.
func sameRun(a, b scenarios.Scenario) error {
	ids := func(s scenarios.Scenario) string {
		var b strings.Builder
		for _, ind := range s.Indicators {
			b.WriteString(ind.ID + " ")
		}
		return b.String()
	}
	pa, _ := json.Marshal(a.Params)
	pb, _ := json.Marshal(b.Params)
	switch {
	case a.Horizon != b.Horizon || a.Runs != b.Runs || a.Seed != b.Seed:
		return fmt.Errorf("horizon, runs or seed differs from the first file's")
	case ids(a) != ids(b):
		return fmt.Errorf("its indicators differ from the first file's")
	case !bytes.Equal(pa, pb):
		return fmt.Errorf("its model overrides differ from the first file's")
	}
	return nil
}

// simulate runs the model with a progress bar on a terminal.
func (f *runFlags) simulate(ctx context.Context, e *env, p *prepared) ([]*forecast.Result, forecast.Stats, error) {
	var opt forecast.RunOptions
	if bar := progressBar(e.stderr, f.quiet, p.sc.Runs); bar != nil {
		opt.Progress = func(done, _ int64) { _ = bar.Set64(done) }
		defer func() { _ = bar.Finish(); fmt.Fprintln(e.stderr) }()
	}
	out, err := forecast.Run(ctx, p.model, opt)
	return out.Results, out.Stats, err
}

// progressBar returns a bar on stderr when it is a terminal and the user did not ask for quiet.
func progressBar(w io.Writer, quiet bool, total int64) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("paths"),
		progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond))
}

func newRunCmd(e *env) *cobra.Command {
	f := runFlags{first: true}
	var shard string
	cmd := &cobra.Command{
		Use:   "run",
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
			if err := printRun(e.stdout, f.format, p, rs[0], st); err != nil {
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
	cmd.Flags().StringVar(&shard, "shard", "", "run only shard k/n (chunks ≡ k mod n) and write partial-k-of-n.json for healthsim merge")
	return cmd
}

// goalRow is one target or milestone of one indicator, flattened for tables.
type goalRow struct {
	ind  *forecast.IndicatorResult
	goal forecast.GoalResult
}

// goalRows lists every goal of r, most at risk first; observed goals come last.
func goalRows(r *forecast.Result) []goalRow {
	var rows []goalRow
	for i := range r.Indicators {
		ir := &r.Indicators[i]
		for _, g := range ir.Goals {
			rows = append(rows, goalRow{ir, g})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].goal, rows[j].goal
		if a.Observed != b.Observed {
			return !a.Observed
		}
		return a.PHit < b.PHit
	})
	return rows
}

func provenance(gr goalRow) string {
	if gr.goal.Observed {
		return "observed"
	}
	return gr.ind.Provenance
}

// basis is the provenance as shown to a reader: an observed goal says whether it was met.
func basis(gr goalRow) string {
	switch {
	case !gr.goal.Observed:
		return gr.ind.Provenance
	case gr.goal.PHit == 1:
		return "observed: met"
	}
	return "observed: missed"
}

func goalKind(g forecast.GoalResult) string {
	if g.Milestone {
		return "milestone"
	}
	return "target"
}

func f4(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

// sig writes v with up to 4 significant decimals, for values in an indicator's own unit.
func sig(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }

func printRun(w io.Writer, format string, p *prepared, r *forecast.Result, st forecast.Stats) error {
	if format == "json" {
		return writeJSON(w, resultDoc(p, []*forecast.Result{r}, st))
	}
	var rows [][]string
	for _, gr := range goalRows(r) {
		g := gr.goal
		rows = append(rows, []string{
			fmt.Sprintf("%.3f ± %.3f", g.PHit, g.SE), gr.ind.Region, gr.ind.NameZH, gr.ind.NameEN,
			goalKind(g), strconv.Itoa(g.Year), string(g.Test) + " " + sig(g.Value),
			sig(gr.ind.Baseline) + " (" + strconv.Itoa(gr.ind.BaselineYear) + ")", median(g), basis(gr),
		})
	}
	rows = append(rows, notSimulatedTableRows(p)...)
	fmt.Fprintf(w, "%s: %d paths, seed %d — targets and milestones, most at risk first\n\n", p.sc.Name, st.Paths, p.sc.Seed)
	err := table(w, []string{"P(HIT)", "REGION", "名称", "INDICATOR", "KIND", "YEAR", "TEST", "BASELINE", "MEDIAN", "BASIS"},
		rows, []int{0, 0, 24, 40, 0, 0, 0, 0, 0, 0})
	if err == nil && len(p.sc.NotSimulated) > 0 {
		_, err = fmt.Fprintf(w, "\n%s\n", notSimulatedNote(p.sc))
	}
	return err
}

func median(g forecast.GoalResult) string {
	if len(g.Quantiles) == 0 {
		return "-"
	}
	return sig(g.Quantiles[3])
}
