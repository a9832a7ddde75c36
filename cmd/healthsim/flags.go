package main

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/healthsim/healthsim/plots"
	"github.com/healthsim/healthsim/scenarios"
)

// runFlags are the flags shared by run and compare.
type runFlags struct {
	configs  []string
	out      string
	font     string
	quiet    bool
	format   string
	noCharts bool
	lang     string
	charts   string
	year     int    // run, merge: show only goals of this year in the terminal table
	kind     string // run, merge: show only targets or only milestones
	perFile  bool   // compare: several files without a scenarios list are one scenario each
	first    bool   // run, merge: project only the first scenario of a scenarios list
}

func (f *runFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.configs, "config", nil, "scenario config file (YAML, TOML or JSON); repeat to merge files in order")
	registerRunSettings(fl)
	f.registerOutput(fl, "no progress bar or notes on stderr")
}

// registerOutput adds the flags of what a command writes and shows (run, compare and merge).
func (f *runFlags) registerOutput(fl *pflag.FlagSet, quietUsage string) {
	fl.StringVar(&f.out, "out", "healthsim-out", "folder for the output files")
	fl.StringVar(&f.font, "font", "", "CJK font file (TTF, OTF or TTC) for Chinese chart labels")
	fl.BoolVar(&f.quiet, "quiet", false, quietUsage)
	fl.StringVar(&f.format, "format", "table", "terminal output: table or json")
	fl.BoolVar(&f.noCharts, "no-charts", false, "skip the charts")
	fl.StringVar(&f.lang, "lang", "", "language of charts and report.html: zh or en (default: zh when a CJK font is found)")
	fl.StringVar(&f.charts, "chart-format", "png", "chart file formats, comma-separated: png, svg, pdf")
}

// registerFilters adds the terminal table's filters (run and merge).
func (f *runFlags) registerFilters(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.year, "year", 0, "show only the goals of this year in the terminal table")
	cmd.Flags().StringVar(&f.kind, "kind", "", "show only targets or only milestones in the terminal table: target or milestone")
}

// shows reports whether the terminal table shows a goal of this kind and year.
func (f *runFlags) shows(kind string, year int) bool {
	return (f.kind == "" || f.kind == kind) && (f.year == 0 || f.year == year)
}

// overrides turns the flags the user set into config overrides.
func (f *runFlags) overrides(cmd *cobra.Command) scenarios.Overrides {
	return runSettingFlags(cmd.Flags())
}

// settingValue is a run setting's flag: it keeps the text, which LoadConfig reads by the same rule
// as the setting's environment variable. A list setting given several times joins its texts.
type settingValue struct {
	text string
	typ  string
}

func (v *settingValue) String() string { return v.text }
func (v *settingValue) Type() string   { return v.typ }

func (v *settingValue) Set(s string) error {
	if v.typ == "strings" && v.text != "" {
		s = v.text + "," + s
	}
	v.text = s
	return nil
}

// registerRunSettings adds a flag for every run setting that has one, or for those named in only.
func registerRunSettings(fl *pflag.FlagSet, only ...string) {
	for _, s := range scenarios.RunSettings() {
		if s.Flag != "" && (len(only) == 0 || slices.Contains(only, s.Flag)) {
			fl.Var(&settingValue{typ: s.Type}, s.Flag, s.Usage)
		}
	}
}

// runSettingFlags collects the run settings given on the command line.
func runSettingFlags(fl *pflag.FlagSet) scenarios.Overrides {
	o := scenarios.Overrides{Flags: map[string]string{}}
	fl.Visit(func(f *pflag.Flag) {
		if _, ok := f.Value.(*settingValue); ok {
			o.Flags[f.Name] = f.Value.String()
		}
	})
	return o
}

func (f *runFlags) check() error {
	if f.format != "table" && f.format != "json" {
		return usageError{fmt.Errorf("--format %q: allowed: table, json", f.format)}
	}
	if f.kind != "" && f.kind != "target" && f.kind != "milestone" {
		return usageError{fmt.Errorf("--kind %q: allowed: target, milestone", f.kind)}
	}
	if f.year != 0 && (f.year < 2000 || f.year > 2100) {
		return usageError{fmt.Errorf("--year %d: allowed: a year from 2000 to 2100", f.year)}
	}
	if f.lang != "" && f.lang != "zh" && f.lang != "en" {
		return usageError{fmt.Errorf("--lang %q: allowed: zh, en", f.lang)}
	}
	if _, err := plots.ParseFormats(cmp.Or(f.charts, "png")); err != nil {
		return usageError{fmt.Errorf("--chart-format: %w", err)}
	}
	return nil
}
