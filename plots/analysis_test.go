package plots

import (
	"bytes"
	"image/png"
	"math"
	"slices"
	"testing"
)

// analysisCharts are the sensitivity and optimisation charts drawn from small inputs.
func analysisCharts(t *testing.T, f *Fonts) map[string]Chart {
	t.Helper()
	bars := []TornadoBar{
		{Name: Label{"现状趋势", "status-quo pace"}, Low: 0.31, High: 0.72, SE: 0.01, LowText: "0.5×", HighText: "1.5×"},
		{Name: Label{"冲击概率", "shock probability"}, Low: 0.52, High: 0.47, SE: 0.005, LowText: "0", HighText: "0.05"},
		{Name: Label{"资金：talent", "funding: talent"}, Low: 0.48, High: 0.51, SE: 0.002, LowText: "0.8×", HighText: "1.2×"},
	}
	tor, err := Tornado(f, Label{"病例组合指数 2025 年目标：各假设的影响", "Case-mix index 2025: effect of each assumption"},
		Label{"达成概率", "P(hit)"}, 0.5, bars)
	if err != nil {
		t.Fatal(err)
	}
	heat, err := Heatmap(f, Label{"总 Sobol 指数", "Total Sobol indices"},
		[]Label{{"病例组合指数 2025", "CMI 2025"}, {"基层就诊率 2025", "Primary-care visits 2025"}},
		[]Label{{"现状趋势", "pace"}, {"年际波动", "noise"}, {"滞后", "lag"}},
		[][]float64{{0.8, 0.1, 0.3}, {0, 0.95, math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	fr, err := Frontier(f, Label{"各总投入下的最优分配", "Best allocation at each total"}, Label{"预期达成目标数", "expected targets met"},
		[]float64{58500, 78000, 97500, 117000, 136500}, []float64{25.9, 26.5, 26.9, 27.2, 27.4}, 97500, 26.6)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Chart{"tornado": tor, "heatmap": heat, "frontier": fr}
}

func TestAnalysisCharts(t *testing.T) {
	fonts := map[string]*Fonts{"english": English()}
	if f, hint, err := LoadFonts(""); err == nil && hint == "" {
		fonts["chinese"] = f
	}
	for lang, f := range fonts {
		for name, c := range analysisCharts(t, f) {
			var buf bytes.Buffer
			if err := (Page{Format: PNG, Footer: "test"}).Write(f, c, &buf); err != nil {
				t.Fatalf("%s %s: %v", lang, name, err)
			}
			img, err := png.Decode(&buf)
			if err != nil || img.Bounds().Dx() < 600 || img.Bounds().Dy() < 400 {
				t.Errorf("%s %s: %v", lang, name, err)
			}
		}
	}
	if _, err := Heatmap(English(), Label{}, []Label{{"a", "a"}}, nil, nil); err == nil {
		t.Error("Heatmap with fewer value rows than labels accepted")
	}
}

// TestTornadoEndTexts: each end's text stands beyond its bar on the bar's side of the base; when
// both ends lie on one side, the nearer end's text stands across the base line, so that the two
// texts never share a place.
func TestTornadoEndTexts(t *testing.T) {
	f := English()
	cases := []struct {
		name        string
		low, high   float64
		left, right []string // texts on each side, end texts first
		leftX       []float64
	}{
		{"opposite sides", 0.4, 0.6, []string{"lo"}, []string{"hi"}, []float64{0.4}},
		{"both above, low nearer", 0.51, 0.7, []string{"lo"}, []string{"hi"}, []float64{0.5}},
		{"both above, high nearer", 0.7, 0.502, []string{"hi"}, []string{"lo"}, []float64{0.5}},
		{"both below, low nearer", 0.49, 0.3, []string{"hi"}, []string{"lo"}, []float64{0.3}},
		{"high at the base", 0.52, 0.5, []string{"hi"}, []string{"lo"}, []float64{0.5}},
	}
	for _, c := range cases {
		m := tornadoMarks{lo: 0.5, hi: 0.5}
		m.bar(f.newPlot(), f, newKey(f), 0.5, 0, TornadoBar{Low: c.low, High: c.high, LowText: "lo", HighText: "hi"})
		right := m.right.Labels[:len(m.right.Labels)-1] // the last is the swing's Δ ± 2 SE
		if !slices.Equal(m.left.Labels, c.left) || !slices.Equal(right, c.right) {
			t.Errorf("%s: left %q, right %q; want %q, %q", c.name, m.left.Labels, right, c.left, c.right)
			continue
		}
		for i, xy := range m.left.XYs {
			if xy.X != c.leftX[i] {
				t.Errorf("%s: left text %q at x = %v, want %v", c.name, m.left.Labels[i], xy.X, c.leftX[i])
			}
		}
	}
}
