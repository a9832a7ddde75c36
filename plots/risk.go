package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/healthsim/healthsim/forecast"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Sizes of bar charts.
const (
	barChartW   = 18 * vg.Centimeter
	barChartMin = 9 * vg.Centimeter
	riskRowH    = 0.55 * vg.Centimeter
	barFrame    = 3.8 * vg.Centimeter // title, axis and margins
	maxRiskRows = 200
	labelW      = 6.5 * vg.Centimeter // the longest bar label
)

// bar is one horizontal bar: a probability with its standard error at row y.
type bar struct {
	y, p, se float64
	colour   color.NRGBA
}

// Risk draws P(hit) of every simulated target (not milestones, not targets already judged on an
// observation) as horizontal bars sorted from most at risk (lowest) at the top, with ±2 SE
// whiskers, coloured by risk band (< 0.5 red, < 0.8 amber, else green). Each bar is labelled with
// the indicator's short name and the target year. The image's height grows with the number of
// targets; beyond 200 only the 200 most at risk are drawn, and the title says so.
func Risk(f *Fonts, title string, rs []forecast.IndicatorResult, w io.Writer) error {
	f = f.orEnglish()
	p := f.newPlot()
	rows := targetRows(f, rs, p.Y.Tick.Label)
	slices.SortStableFunc(rows, func(a, b goalRow) int { return cmp.Compare(a.p(0), b.p(0)) })
	if title == "" {
		title = f.Label("各目标达成概率（风险最高者在上）", "P(hit) of every target, most at risk at the top")
	}
	if len(rows) > maxRiskRows {
		title += f.Label(fmt.Sprintf("（最危险的 %d 个，共 %d 个）", maxRiskRows, len(rows)),
			fmt.Sprintf(" (the %d most at risk of %d)", maxRiskRows, len(rows)))
		rows = rows[:maxRiskRows]
	}
	p.Title.Text = f.wrap(title, p.Title.TextStyle, barChartW-vg.Centimeter, 2)
	bars := make([]bar, len(rows))
	for i, r := range rows {
		y := float64(len(rows) - 1 - i)
		bars[i] = bar{y: y, p: r.p(0), se: r.se[0], colour: riskColour(r.p(0))}
	}
	key := newKey(f)
	key.Add("P < 0.5", swatch(riskColour(0)))
	key.Add(f.text("0.5 ≤ P < 0.8", "0.5 <= P < 0.8"), swatch(riskColour(0.6)))
	key.Add(f.text("P ≥ 0.8", "P >= 0.8"), swatch(riskColour(1)))
	drawBars(f, p, rows, bars, 0.7, key)
	height := max(barChartMin, vg.Length(len(rows))*riskRowH+barFrame)
	return render(w, barChartW, height, p.Draw)
}

// goalRow is one target across one or more allocations.
type goalRow struct {
	label  string
	key    goalKey
	ps, se []float64
}

func (r goalRow) p(i int) float64 {
	if i < len(r.ps) && finite(r.ps[i]) {
		return r.ps[i]
	}
	return math.NaN()
}

// goalKey identifies a target across allocations.
type goalKey struct {
	region, id string
	year       int
	test       string
}

// targetRows lists the simulated final targets of rs, labelled with short name and year (and
// region when rs spans several).
func targetRows(f *Fonts, rs []forecast.IndicatorResult, sty text.Style) []goalRow {
	regions := map[string]bool{}
	for _, ir := range rs {
		if ir.Region != "" {
			regions[ir.Region] = true
		}
	}
	var rows []goalRow
	for _, ir := range rs {
		name := f.name(ir.NameZH, ir.NameEN)
		if ir.NameZH == "" && ir.NameEN == "" && ir.ID != "" {
			name = f.text(ir.ID, name)
		}
		if len(regions) > 1 && ir.Region != "" {
			name = f.regionLabel(ir) + " " + name
		}
		for _, g := range ir.Goals {
			if g.Milestone || g.Observed || !plausibleYear(g.Year) {
				continue
			}
			label := f.shorten(name, sty, labelW-sty.Width(" 0000")) + " " + strconv.Itoa(g.Year)
			k := goalKey{ir.Region, ir.ID, g.Year, string(g.Test)}
			rows = append(rows, goalRow{label: label, key: k, ps: []float64{g.PHit}, se: []float64{g.SE}})
		}
	}
	return rows
}

// drawBars sets up p as a horizontal bar chart of rows: labels on the y axis, P on the x axis
// from 0 to 1 with reference lines at 0.5 and 0.8, and the legend key where it covers no bar.
func drawBars(f *Fonts, p *plot.Plot, rows []goalRow, bars []bar, thick float64, key *keyBox) {
	n := len(rows)
	ticks := make([]plot.Tick, n)
	for i, r := range rows {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: r.label}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Label.Font.Size = 8.5
	p.Y.Min, p.Y.Max = -0.6, math.Max(float64(n)-0.4, 0.4)
	p.X.Min, p.X.Max = 0, 1.12
	p.X.Tick.Marker = plot.ConstantTicks(probTicks())
	p.X.Label.Text = f.Label("达成目标的概率 P(达成)", "probability of meeting the target, P(hit)")
	for _, x := range []float64{0.5, 0.8} {
		l, _ := plotter.NewLine(plotter.XYs{{X: x, Y: p.Y.Min}, {X: x, Y: p.Y.Max}})
		l.Color, l.Width, l.Dashes = color.Gray{Y: 170}, vg.Points(0.6), []vg.Length{vg.Points(3), vg.Points(2)}
		p.Add(l)
	}
	hb := &hbars{bars: bars, thick: thick, sty: f.style(7.5)}
	p.Add(hb)
	if n == 0 {
		p.Add(newNotes(f, &frame{}).centred(f.Label("没有需要模拟的目标", "no simulated targets")))
		return
	}
	for _, b := range bars {
		for x := 0.0; x <= valueEnd(b)+0.12; x += 0.04 {
			key.avoid = append(key.avoid, plotter.XY{X: x, Y: b.y})
		}
	}
	p.Add(key)
}

// valueEnd is where a bar's whisker ends.
func valueEnd(b bar) float64 {
	if !finite(b.p) {
		return 0
	}
	return math.Min(1, b.p+2*math.Max(0, b.se))
}

func probTicks() []plot.Tick {
	var t []plot.Tick
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		lbl := ""
		if i%2 == 0 {
			lbl = strconv.FormatFloat(v, 'f', -1, 64)
		}
		t = append(t, plot.Tick{Value: v, Label: lbl})
	}
	return t
}

// hbars draws horizontal bars of thickness thick (in rows) with ±2 SE whiskers and the value
// written after each.
type hbars struct {
	bars  []bar
	thick float64
	sty   text.Style
}

// Plot implements plot.Plotter.
func (h *hbars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	sty := h.sty
	writeValues := math.Abs(float64(trY(1)-trY(0)))*h.thick >= float64(sty.Height("0"))*0.8
	for _, b := range h.bars {
		y0, y1 := trY(b.y-h.thick/2), trY(b.y+h.thick/2)
		if !finite(b.p) {
			fillMiddle(c, sty, vg.Point{X: trX(0) + 2, Y: trY(b.y)}, "?")
			continue
		}
		rect := vg.Rectangle{Min: vg.Point{X: trX(0), Y: y0}, Max: vg.Point{X: trX(math.Max(b.p, 0.002)), Y: y1}}
		c.FillPolygon(b.colour, rectPoints(rect))
		if b.se > 0 && finite(b.se) {
			lo, hi, ym := trX(math.Max(0, b.p-2*b.se)), trX(valueEnd(b)), trY(b.y)
			ls := draw.LineStyle{Color: color.Gray{Y: 40}, Width: vg.Points(0.8)}
			c.StrokeLine2(ls, lo, ym, hi, ym)
			cap := (y1 - y0) / 4
			c.StrokeLine2(ls, lo, ym-cap, lo, ym+cap)
			c.StrokeLine2(ls, hi, ym-cap, hi, ym+cap)
		}
		if writeValues {
			fillMiddle(c, sty, vg.Point{X: trX(valueEnd(b)) + 3, Y: trY(b.y)}, pValue(b.p))
		}
	}
}

// fillMiddle writes one line of text starting at pt.X with its middle at pt.Y.
func fillMiddle(c draw.Canvas, sty text.Style, pt vg.Point, txt string) {
	size := blockSize(sty, txt)
	drawBlock(c, sty, vg.Rectangle{Min: vg.Point{X: pt.X, Y: pt.Y - size.Y/2}, Max: vg.Point{X: pt.X + size.X, Y: pt.Y + size.Y/2}}, txt)
}
