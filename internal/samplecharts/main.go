// Command samplecharts draws every kind of chart from made-up results (internal/plotsamples), in
// English and, when a CJK font is found, in Chinese, so that a change to the plots can be looked
// at without running a model:
//
//	go run ./internal/samplecharts -out /tmp/charts
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/internal/plotsamples"
	"github.com/healthsim/healthsim/plots"
	"github.com/healthsim/healthsim/scenarios"
)

func main() {
	out := flag.String("out", "", "folder to write the PNG files into (required)")
	font := flag.String("font", "", "CJK font file for the Chinese charts (default: search the usual places)")
	flag.Parse()
	if err := run(*out, *font); err != nil {
		fmt.Fprintln(os.Stderr, "samplecharts:", err)
		os.Exit(1)
	}
}

// chart is one sample chart: its file name and how to draw it.
type chart struct {
	name string
	draw func(f *plots.Fonts, w *bytes.Buffer) error
}

func run(out, font string) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	fonts := map[string]*plots.Fonts{"en": plots.English()}
	if zh, hint, err := plots.LoadFonts(font); err != nil {
		return fmt.Errorf("-font: %w", err)
	} else if hint != "" {
		fmt.Fprintln(os.Stderr, hint)
	} else {
		fonts["zh"] = zh
	}
	for lang, f := range fonts {
		for _, c := range charts() {
			var buf bytes.Buffer
			if err := c.draw(f, &buf); err != nil {
				return fmt.Errorf("%s %s: %w", lang, c.name, err)
			}
			if err := os.WriteFile(filepath.Join(out, lang+"-"+c.name+".png"), buf.Bytes(), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func fan(ir forecast.IndicatorResult) func(*plots.Fonts, *bytes.Buffer) error {
	return func(f *plots.Fonts, w *bytes.Buffer) error {
		p, err := plots.Fan(f, ir)
		if err != nil {
			return err
		}
		return plots.SavePNG(p, w, 16*vg.Centimeter, 10*vg.Centimeter)
	}
}

func page(c func(f *plots.Fonts) (plots.Chart, error)) func(*plots.Fonts, *bytes.Buffer) error {
	return func(f *plots.Fonts, w *bytes.Buffer) error {
		ch, err := c(f)
		if err != nil {
			return err
		}
		return plots.Page{Format: plots.PNG}.Write(f, ch, w)
	}
}

// charts lists the samples: a fan of every sample indicator, then the pages of a run and a comparison.
func charts() []chart {
	var out []chart
	s := plotsamples.ByName()
	for name, ir := range s {
		out = append(out, chart{"fan-" + name, fan(ir)})
	}
	cut := s["life"]
	cut.Trajectory = plotsamples.Synth{Base: 81.6, Drift: 0.18, Spread: 0.25, BaseYear: 2022, Horizon: 2027}.Result().Trajectory
	cut.Goals = []forecast.GoalResult{plotsamples.Goal(2025, scenarios.GE, 82.5, 0.31, false), plotsamples.Goal(2027, scenarios.GE, 82.7, 0.6, false)}
	list := plotsamples.List()
	return append(out,
		chart{"overlay", func(f *plots.Fonts, w *bytes.Buffer) error {
			p, err := plots.FanOverlay(f, []string{"plan", "cut-20"}, []forecast.IndicatorResult{s["life"], cut})
			if err != nil {
				return err
			}
			return plots.SavePNG(p, w, 16*vg.Centimeter, 10*vg.Centimeter)
		}},
		chart{"overview", page(func(f *plots.Fonts) (plots.Chart, error) { return plots.Overview(f, "huzhou", list)[0], nil })},
		chart{"risk", page(func(f *plots.Fonts) (plots.Chart, error) { return plots.Risk(f, "huzhou", list)[0], nil })},
		chart{"compare", page(func(f *plots.Fonts) (plots.Chart, error) {
			return plots.CompareDelta(f, []string{"plan", "cut-20"}, [][]forecast.IndicatorResult{list, plotsamples.Shifted(list)}, 6)
		})},
		chart{"cost", page(func(f *plots.Fonts) (plots.Chart, error) {
			return plots.CostEffect(f, []string{"plan", "cut-20", "plus-20", "talent-first"}, []float64{97500, 78000, 117000, 97500},
				[]float64{31.2, 27.9, 33.4, 31.9}, []float64{0.05, 0.05, 0.05, 0.05}, 40)
		})},
	)
}
