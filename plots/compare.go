package plots

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/healthsim/healthsim/forecast"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// DefaultCompareTargets is the number of targets CompareBars shows when asked for n ≤ 0.
const DefaultCompareTargets = 10

// CompareBars draws grouped horizontal bars of P(hit) by scenario (one colour each, ±2 SE
// whiskers) for the n simulated targets whose P(hit) differs most across the scenarios, the most
// different at the top. results[i] are the indicators of scenario names[i]; targets are matched
// across scenarios by region, indicator, year and test.
func CompareBars(f *Fonts, names []string, results [][]forecast.IndicatorResult, n int, w io.Writer) error {
	if len(names) == 0 || len(names) != len(results) {
		return fmt.Errorf("plots: CompareBars has %d names for %d results", len(names), len(results))
	}
	if n <= 0 {
		n = DefaultCompareTargets
	}
	f = f.orEnglish()
	p := f.newPlot()
	rows := compareRows(f, results, p.Y.Tick.Label)
	slices.SortStableFunc(rows, func(a, b goalRow) int { return cmp.Compare(spread(b), spread(a)) })
	rows = rows[:min(n, len(rows))]
	p.Title.Text = f.wrap(f.Label(fmt.Sprintf("各方案达成概率：差异最大的 %d 个目标", len(rows)),
		fmt.Sprintf("P(hit) by allocation: the %d targets that differ most", len(rows))),
		p.Title.TextStyle, barChartW-vg.Centimeter, 2)
	k := len(names)
	group := 0.8
	var bars []bar
	for i, r := range rows {
		for j := range k {
			y := float64(len(rows)-1-i) + group/2 - group*(float64(j)+0.5)/float64(k)
			bars = append(bars, bar{y: y, p: r.p(j), se: r.se[j], colour: colourAt(j)})
		}
	}
	key := newKey(f)
	for j, name := range names {
		key.Add(f.text(name, fmt.Sprintf("#%d", j+1)), swatch(colourAt(j)))
	}
	drawBars(f, p, rows, bars, group/float64(k)*0.85, key)
	height := max(barChartMin, vg.Length(len(rows))*vg.Length(max(2, k))*0.3*vg.Centimeter+barFrame)
	return render(w, barChartW, height, p.Draw)
}

// compareRows lists the simulated targets of the first scenario with every scenario's P(hit).
func compareRows(f *Fonts, results [][]forecast.IndicatorResult, sty text.Style) []goalRow {
	rows := targetRows(f, results[0], sty)
	index := make(map[goalKey]int, len(rows))
	for i, r := range rows {
		index[r.key] = i
		rows[i].ps = make([]float64, len(results))
		rows[i].se = make([]float64, len(results))
		for j := range rows[i].ps {
			rows[i].ps[j] = math.NaN()
		}
	}
	for j, irs := range results {
		for _, r := range targetRows(f, irs, sty) {
			if i, ok := index[r.key]; ok {
				rows[i].ps[j], rows[i].se[j] = r.ps[0], r.se[0]
			}
		}
	}
	return rows
}

// spread is the range of a target's P(hit) across scenarios.
func spread(r goalRow) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range r.ps {
		if finite(p) {
			lo, hi = math.Min(lo, p), math.Max(hi, p)
		}
	}
	if hi < lo {
		return -1
	}
	return hi - lo
}

// CostEffect plots the expected number of targets met against the total cost (万元), one
// labelled point per scenario.
func CostEffect(f *Fonts, names []string, costs, expected []float64, w io.Writer) error {
	if len(names) != len(costs) || len(names) != len(expected) {
		return errors.New("plots: CostEffect needs as many costs and expectations as names")
	}
	f = f.orEnglish()
	p := f.newPlot()
	p.Title.Text = f.Label("各方案的投入与预期达成目标数", "Expected targets met against total cost, by allocation")
	p.X.Label.Text = f.Label("总投入（万元）", "total cost (10,000 yuan, 万元)")
	if !f.covers(p.X.Label.Text) {
		p.X.Label.Text = "total cost (10,000 yuan)"
	}
	p.Y.Label.Text = f.Label("预期达成目标数", "expected number of targets met")
	fr := &frame{}
	notes := newNotes(f, fr)
	for i, name := range names {
		x, y := costs[i], expected[i]
		if !finite(x) || !finite(y) {
			continue
		}
		s, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		s.GlyphStyle = draw.GlyphStyle{Color: colourAt(i), Radius: vg.Points(4.5), Shape: draw.CircleGlyph{}}
		p.Add(s)
		fr.add(x, y)
		notes.add(x, y, f.text(name, fmt.Sprintf("#%d", i+1)), colourAt(i))
	}
	p.Add(notes)
	if fr.empty() {
		p.Add(newNotes(f, fr).centred(f.Label("没有数据", "no data")))
	}
	p.X.Min, p.X.Max = padRange(fr.xmin, fr.xmax)
	p.Y.Min, p.Y.Max = padRange(fr.ymin, fr.ymax)
	p.X.Tick.Marker, p.Y.Tick.Marker = plainTicks{}, plainTicks{}
	return render(w, 16*vg.Centimeter, 11*vg.Centimeter, p.Draw)
}
