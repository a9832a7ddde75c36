package main

import (
	"fmt"

	"github.com/spf13/cobra"

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
