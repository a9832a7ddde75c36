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
	perFile  bool // compare: several files without a scenarios list are one scenario each
	first    bool // run, merge: project only the first scenario of a scenarios list
}

func (f *runFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.configs, "config", nil, "scenario config file (YAML, TOML or JSON); repeat to merge files in order")
	fl.StringVar(&f.out, "out", "healthsim-out", "folder for the output files")
	registerRunSettings(fl)
	fl.StringVar(&f.font, "font", "", "CJK font file (TTF, OTF or TTC) for Chinese chart labels")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress bar or notes on stderr")
	fl.StringVar(&f.format, "format", "table", "terminal output: table or json")
	fl.BoolVar(&f.noCharts, "no-charts", false, "skip the charts")
	fl.StringVar(&f.lang, "lang", "", "language of charts and report.html: zh or en (default: zh when a CJK font is found)")
	fl.StringVar(&f.charts, "chart-format", "png", "chart file formats, comma-separated: png, svg, pdf")
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
	if f.lang != "" && f.lang != "zh" && f.lang != "en" {
		return usageError{fmt.Errorf("--lang %q: allowed: zh, en", f.lang)}
	}
	if _, err := plots.ParseFormats(cmp.Or(f.charts, "png")); err != nil {
		return usageError{fmt.Errorf("--chart-format: %w", err)}
	}
	return nil
}
