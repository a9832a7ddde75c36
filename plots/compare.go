package plots

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/healthsim/healthsim/forecast"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// DefaultCompareTargets is the number of targets CompareDelta shows when asked for n ≤ 0.
const DefaultCompareTargets = 12

// CompareDelta draws, for the n simulated targets whose P(hit) differs most from the reference
// (by |Δ|/SE, the largest over the scenarios), each scenario's difference in P(hit) from the
// reference as a horizontal bar with ±2 paired standard errors, the most different at the top.
// results[0] is the reference; results[i] are the indicators of scenario names[i]; targets are
// matched across scenarios by region, indicator, year and test.
func CompareDelta(f *Fonts, names []string, results [][]forecast.IndicatorResult, n int) (Chart, error) {
	if len(names) < 2 || len(names) != len(results) {
		return Chart{}, fmt.Errorf("plots: CompareDelta needs a reference and at least one scenario, as many names as results (%d, %d)", len(names), len(results))
	}
	if n <= 0 {
		n = DefaultCompareTargets
	}
	f = f.orEnglish()
	p := f.newPlot()
	rows := compareRows(f, results, p.Y.Tick.Label, deltaOf)
	slices.SortStableFunc(rows, func(a, b goalRow) int { return cmp.Compare(signal(b), signal(a)) })
	rows = rows[:min(n, len(rows))]
	p.Title.Text = f.wrap(f.Label(fmt.Sprintf("与参照方案（%s）相比的达成概率变化：差异最显著的 %d 个目标", names[0], len(rows)),
		fmt.Sprintf("Change in P(hit) against the reference (%s): the %d targets that differ most", names[0], len(rows))),
		p.Title.TextStyle, barChartW-vg.Centimeter, 3)
	k := len(names) - 1
	group := 0.8
	var bars []bar
	reach := 0.01
	for i, r := range rows {
		for j := 1; j <= k; j++ {
			y := float64(len(rows)-1-i) + group/2 - group*(float64(j-1)+0.5)/float64(k)
			b := bar{y: y, p: r.p(j), se: r.se[j], colour: colourAt(j)}
			bars = append(bars, b)
			if finite(b.p) {
				reach = math.Max(reach, math.Abs(b.p)+2*math.Max(0, b.se))
			}
		}
	}
	key := newKey(f)
	for j := 1; j <= k; j++ {
		key.Add(f.text(names[j], fmt.Sprintf("#%d", j+1)), swatch(colourAt(j)))
	}
	drawDeltaBars(f, p, rows, bars, group/float64(k)*0.85, reach*1.25, key)
	height := max(barChartMin, vg.Length(len(rows))*vg.Length(max(2, k))*0.3*vg.Centimeter+barFrame)
	return PlotChart(p, barChartW, height), nil
}

// deltaOf is a goal's difference from the reference with its paired standard error.
func deltaOf(g forecast.GoalResult) (float64, float64) { return g.Delta, g.DeltaSE }

// probOf is a goal's P(hit) with its standard error.
func probOf(g forecast.GoalResult) (float64, float64) { return g.PHit, g.SE }

// compareRows lists the simulated targets of the first scenario with every scenario's value.
func compareRows(f *Fonts, results [][]forecast.IndicatorResult, sty text.Style, value func(forecast.GoalResult) (float64, float64)) []goalRow {
	rows := targetRows(f, results[0], sty, value)
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
		for _, r := range targetRows(f, irs, sty, value) {
			if i, ok := index[r.key]; ok {
				rows[i].ps[j], rows[i].se[j] = r.ps[0], r.se[0]
			}
		}
	}
	return rows
}

// signal is the largest |Δ|/SE of a target over the scenarios (a difference with no paired
// error at all counts as large as its size allows).
func signal(r goalRow) float64 {
	best := -1.0
	for j := 1; j < len(r.ps); j++ {
		d, se := r.ps[j], r.se[j]
		if !finite(d) {
			continue
		}
		z := math.Abs(d) / math.Max(se, 1e-9)
		if d == 0 {
			z = 0
		}
		best = math.Max(best, z)
	}
	return best
}

// drawDeltaBars sets up p as a horizontal bar chart of differences centred on zero.
func drawDeltaBars(f *Fonts, p *plot.Plot, rows []goalRow, bars []bar, thick, reach float64, key *keyBox) {
	n := rowAxis(p, rows)
	p.X.Min, p.X.Max = -reach, reach
	p.X.Tick.Marker = plainTicks{}
	p.X.Label.Text = f.Label("达成概率的变化 ΔP（± 2 个配对标准误）", "change in P(hit), ΔP (± 2 paired standard errors)")
	if !f.covers(p.X.Label.Text) {
		p.X.Label.Text = "change in P(hit) (+/- 2 paired standard errors)"
	}
	zero, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: p.Y.Min}, {X: 0, Y: p.Y.Max}})
	zero.Color, zero.Width = color.Gray{Y: 60}, vg.Points(0.8)
	p.Add(zero, &dbars{bars: bars, thick: thick})
	if n == 0 {
		p.Add(newNotes(f, &frame{}).centred(f.Label("没有需要模拟的目标", "no simulated targets")))
		return
	}
	for _, b := range bars {
		if !finite(b.p) {
			continue
		}
		lo, hi := b.p-2*math.Max(0, b.se), b.p+2*math.Max(0, b.se)
		for x := math.Min(0, lo); x <= math.Max(0, hi); x += reach / 25 {
			key.avoid = append(key.avoid, plotter.XY{X: x, Y: b.y})
		}
	}
	p.Add(key)
}

// dbars draws horizontal bars from zero to each difference with ±2 SE whiskers.
type dbars struct {
	bars  []bar
	thick float64
}

// Plot implements plot.Plotter.
func (h *dbars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	ls := draw.LineStyle{Color: color.Gray{Y: 40}, Width: vg.Points(0.8)}
	for _, b := range h.bars {
		if !finite(b.p) {
			continue
		}
		y0, y1 := trY(b.y-h.thick/2), trY(b.y+h.thick/2)
		c.FillPolygon(b.colour, rectPoints(vg.Rectangle{Min: vg.Point{X: trX(math.Min(0, b.p)), Y: y0},
			Max: vg.Point{X: trX(math.Max(0, b.p)), Y: y1}}))
		if b.se > 0 && finite(b.se) {
			lo, hi, ym := trX(b.p-2*b.se), trX(b.p+2*b.se), trY(b.y)
			c.StrokeLine2(ls, lo, ym, hi, ym)
			cap := (y1 - y0) / 4
			c.StrokeLine2(ls, lo, ym-cap, lo, ym+cap)
			c.StrokeLine2(ls, hi, ym-cap, hi, ym+cap)
		}
	}
}

// CostEffect plots the expected number of targets met (of targets) against the total cost
// (万元), one labelled point per scenario with ±2 standard errors of the expectation as a
// vertical bar (none where se is 0).
func CostEffect(f *Fonts, names []string, costs, expected, se []float64, targets int) (Chart, error) {
	if len(names) != len(costs) || len(names) != len(expected) || len(names) != len(se) {
		return Chart{}, errors.New("plots: CostEffect needs as many costs, expectations and errors as names")
	}
	f = f.orEnglish()
	p := f.newPlot()
	p.Title.Text = f.Label("各方案的投入与预期达成目标数", "Expected targets met against total cost, by allocation")
	p.X.Label.Text = f.Label("总投入（万元）", "total cost (10,000 yuan, 万元)")
	if !f.covers(p.X.Label.Text) {
		p.X.Label.Text = "total cost (10,000 yuan)"
	}
	p.Y.Label.Text = f.Label(fmt.Sprintf("预期达成目标数（共 %d 个，± 2 个标准误）", targets),
		fmt.Sprintf("expected targets met, of %d (± 2 standard errors)", targets))
	if !f.covers(p.Y.Label.Text) {
		p.Y.Label.Text = fmt.Sprintf("expected targets met, of %d (+/- 2 SE)", targets)
	}
	fr := &frame{}
	notes := newNotes(f, fr)
	for i, name := range names {
		x, y := costs[i], expected[i]
		if !finite(x) || !finite(y) {
			continue
		}
		if e := se[i]; e > 0 && finite(e) {
			l, _ := plotter.NewLine(plotter.XYs{{X: x, Y: y - 2*e}, {X: x, Y: y + 2*e}})
			l.Color, l.Width = colourAt(i), vg.Points(1.2)
			p.Add(l)
			fr.add(x, y-2*e)
			fr.add(x, y+2*e)
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
	return PlotChart(p, 16*vg.Centimeter, 11*vg.Centimeter), nil
}
