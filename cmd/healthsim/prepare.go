package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/plots"
	"github.com/healthsim/healthsim/scenarios"
)

// prepared is a scenario compiled and ready to run.
type prepared struct {
	cat   *scenarios.Catalogue
	cfg   *scenarios.Config
	sc    scenarios.Scenario
	model *forecast.Model
	fonts *plots.Fonts
	// formats are the chart file formats (PNG when none are given).
	formats []plots.Format
	lang    string // of the charts and report.html: zh or en
}

// chartFormats are the formats every chart is written in.
func (p *prepared) chartFormats() []plots.Format {
	if len(p.formats) == 0 {
		return []plots.Format{plots.PNG}
	}
	return p.formats
}

// prepareConfigs is prepare for a command that cannot run without --config: need is its usage
// message when none is given; checks of the command's own flags run before anything is loaded.
func (f *runFlags) prepareConfigs(cmd *cobra.Command, e *env, need string, checks ...func() error) (*prepared, error) {
	if len(f.configs) == 0 {
		return nil, usageError{errors.New(need)}
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return nil, err
		}
	}
	return f.prepare(cmd, e)
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
		return nil, cfg.Locate(err)
	}
	p := &prepared{cat: cat, cfg: cfg, sc: sc, model: model}
	noteScenario(e, f.quiet, cat, model)
	p.formats, _ = plots.ParseFormats(cmp.Or(f.charts, "png")) // checked in check
	lang := f.lang
	if cfg != nil {
		lang = cmp.Or(lang, cfg.Lang)
	}
	fonts, err := f.chooseFonts(e, p.formats, lang)
	if err != nil {
		return nil, err
	}
	p.lang = "en"
	if fonts.Chinese() {
		p.lang = "zh"
	}
	if !f.noCharts {
		p.fonts = fonts
	}
	return p, nil
}

// chooseFonts finds the fonts of the language asked for. PDF charts are English: gonum/plot's
// PDF writer cannot embed a CJK font collection.
func (f *runFlags) chooseFonts(e *env, formats []plots.Format, lang string) (*plots.Fonts, error) {
	fonts, hint, err := plots.LoadFonts(f.font)
	if err != nil {
		return nil, usageError{fmt.Errorf("--font: %w", err)}
	}
	pdf := slices.Contains(formats, plots.PDF)
	switch {
	case lang == "zh" && pdf:
		return nil, usageError{errors.New("--lang zh: PDF charts can be drawn only in English (gonum/plot's PDF writer cannot embed a CJK font); use --lang en, or png or svg charts")}
	case lang == "en" || pdf:
		if pdf && lang == "" && fonts.Chinese() && !f.quiet {
			fmt.Fprintln(e.stderr, "note: PDF charts are drawn in English, so every chart and report.html is in English (--lang en)")
		}
		return plots.English(), nil
	case lang == "zh" && !fonts.Chinese():
		return nil, usageError{errors.New("--lang zh: no CJK font found (install fonts-noto-cjk or give --font FILE)")}
	case hint != "" && !f.quiet && !f.noCharts:
		fmt.Fprintln(e.stderr, hint)
	}
	return fonts, nil
}

// resolve loads the config files (merged in order) and resolves them against the catalogue.
func (f *runFlags) resolve(cmd *cobra.Command, e *env, cat *scenarios.Catalogue) (*scenarios.Config, scenarios.Scenario, error) {
	cfg, err := scenarios.LoadConfig(f.configs, f.overrides(cmd))
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
		cfg, err := scenarios.LoadConfig([]string{file}, f.overrides(cmd))
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
// Interrupted, the bar stays where it stopped. A precision not reached within the path cap is
// said on stderr.
func (f *runFlags) simulate(ctx context.Context, e *env, p *prepared) ([]*forecast.Result, forecast.Stats, error) {
	var opt forecast.RunOptions
	bar := progressBar(e.stderr, f.quiet, p.sc.Runs)
	if bar != nil {
		opt.Progress = func(done, _ int64) { _ = bar.Set64(done) }
	}
	out, err := forecast.Run(ctx, p.model, opt)
	if bar != nil {
		if err == nil {
			_ = bar.Finish()
		}
		fmt.Fprintln(e.stderr)
	}
	if note := precisionNote(p, out.Results, out.Stats); err == nil && note != "" && !f.quiet {
		fmt.Fprintln(e.stderr, note)
	}
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
