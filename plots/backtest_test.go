package plots

import (
	"bytes"
	"testing"

	"github.com/healthsim/healthsim/forecast/backtest"
)

func TestBacktestCharts(t *testing.T) {
	bins := make([]backtest.Bin, backtest.Bins)
	for i := range bins {
		lo := float64(i) / backtest.Bins
		bins[i] = backtest.Bin{Lo: lo, Hi: lo + 0.1, N: 100 * (i + 1), Predicted: lo + 0.05, Observed: lo + 0.02}
	}
	hs := []backtest.HorizonScores{
		{H: 1, Scores: backtest.Scores{N: 10, Coverage50: 0.5, Coverage90: 0.9}},
		{H: 2, Scores: backtest.Scores{N: 10, Coverage50: 0.4, Coverage90: 0.8}},
	}
	for lang, f := range fontsUnderTest(t) {
		for name, draw := range map[string]func(*bytes.Buffer) error{
			"reliability":       func(w *bytes.Buffer) error { return Page{Format: PNG}.Write(f, Reliability(f, "", bins), w) },
			"reliability-empty": func(w *bytes.Buffer) error { return Page{Format: PNG}.Write(f, Reliability(f, "", nil), w) },
			"coverage":          func(w *bytes.Buffer) error { return Page{Format: PNG}.Write(f, Coverage(f, "", hs), w) },
			"coverage-empty":    func(w *bytes.Buffer) error { return Page{Format: PNG}.Write(f, Coverage(f, "", nil), w) },
		} {
			t.Run(lang+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := draw(&buf); err != nil {
					t.Fatal(err)
				}
				checkPNG(t, buf.Bytes(), 0, 0, inkEmpty)
			})
		}
	}
}
