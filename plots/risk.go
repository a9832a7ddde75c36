package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"maps"
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
	labelW      = 6.5 * vg.Centimeter // the longest bar label
)

// bar is one horizontal bar: a probability with its standard error at row y.
type bar struct {
	y, p, se float64
	colour   color.NRGBA
}

// RiskRows is the most rows a risk chart holds; longer lists are split by year, then into parts.
const RiskRows = 40

// Risk draws P(hit) of every simulated target of one region (not milestones, not targets already
// judged on an observation) as horizontal bars, most at risk (lowest) at the top, with ±2 SE
// whiskers. Each bar is labelled with the indicator's name, its test and target and the year
// ("≥1.1 (2025)"), and coloured by risk band (< 0.5 red, < 0.8 amber, else green), or grey
// where the basis is an assumption rather than evidence. A region with more than RiskRows
// targets gets one chart per target year, each cut into parts of at most RiskRows rows; a
// chart's Part names its year and part ("2025", "2025-2").
func Risk(f *Fonts, region string, rs []forecast.IndicatorResult) []Chart {
	f = f.orEnglish()
	rows := targetRows(f, rs, f.style(8.5), probOf)
	slices.SortStableFunc(rows, func(a, b goalRow) int { return cmp.Compare(a.p(0), b.p(0)) })
	names := regionNames(region, rs)
	title := f.Label(f.regionLabel(names)+" · 各目标达成概率（风险最高者在上）",
		f.regionLabel(names)+" — P(hit) of every target, most at risk at the top")
	if len(rows) <= RiskRows {
		return []Chart{riskChart(f, title, "", rows)}
	}
	var out []Chart
	for _, year := range slices.Sorted(maps.Keys(rowYears(rows))) {
		var yr []goalRow
		for _, r := range rows {
			if r.key.year == year {
				yr = append(yr, r)
			}
		}
		parts := (len(yr) + RiskRows - 1) / RiskRows
		for k := range parts {
			part, t := strconv.Itoa(year), fmt.Sprintf("%s, %d", title, year)
			if k > 0 {
				part += "-" + strconv.Itoa(k+1)
			}
			if parts > 1 {
				t += fmt.Sprintf(" (%d/%d)", k+1, parts)
			}
			out = append(out, riskChart(f, t, part, yr[k*RiskRows:min((k+1)*RiskRows, len(yr))]))
		}
	}
	return out
}

func rowYears(rows []goalRow) map[int]bool {
	years := map[int]bool{}
	for _, r := range rows {
		years[r.key.year] = true
	}
	return years
}

// riskChart is one risk chart of at most RiskRows rows.
func riskChart(f *Fonts, title, part string, rows []goalRow) Chart {
	p := f.newPlot()
	p.Title.Text = f.wrap(title, p.Title.TextStyle, barChartW-vg.Centimeter, 3)
	bars := make([]bar, len(rows))
	for i, r := range rows {
		c := riskColour(r.p(0))
		if !r.evidenced {
			c = noEvidenceColour
		}
		bars[i] = bar{y: float64(len(rows) - 1 - i), p: r.p(0), se: r.se[0], colour: c}
	}
	key := newKey(f)
	key.Add("P < 0.5", swatch(riskColour(0)))
	key.Add(f.text("0.5 ≤ P < 0.8", "0.5 <= P < 0.8"), swatch(riskColour(0.6)))
	key.Add(f.text("P ≥ 0.8", "P >= 0.8"), swatch(riskColour(1)))
	key.Add(f.Label("无证据（假设）", "no evidence (assumed)"), swatch(noEvidenceColour))
	drawBars(f, p, rows, bars, 0.7, key)
	height := max(barChartMin, vg.Length(len(rows))*riskRowH+barFrame)
	c := PlotChart(p, barChartW, height)
	c.Part = part
	return c
}

// noEvidenceColour marks a probability that rests on an assumption: grey, never red.
var noEvidenceColour = color.NRGBA{R: 150, G: 150, B: 150, A: 255}

// goalRow is one target across one or more allocations.
type goalRow struct {
	label     string
	key       goalKey
	ps, se    []float64
	evidenced bool // the basis is data, not an assumption
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
func targetRows(f *Fonts, rs []forecast.IndicatorResult, sty text.Style, value func(forecast.GoalResult) (float64, float64)) []goalRow {
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
			suffix := " " + goalText(f, g, ir.Direction) + " (" + strconv.Itoa(g.Year) + ")"
			label := f.shorten(name, sty, labelW-sty.Width(suffix)) + suffix
			k := goalKey{ir.Region, ir.ID, g.Year, string(g.Test)}
			v, se := value(g)
			rows = append(rows, goalRow{label: label, key: k, ps: []float64{v}, se: []float64{se},
				evidenced: forecast.Evidenced(ir.Basis)})
		}
	}
	return rows
}

// rowAxis labels p's y axis with the rows, the first at the top, and returns their number.
func rowAxis(p *plot.Plot, rows []goalRow) int {
	n := len(rows)
	ticks := make([]plot.Tick, n)
	for i, r := range rows {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: r.label}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Label.Font.Size = 8.5
	p.Y.Min, p.Y.Max = -0.6, math.Max(float64(n)-0.4, 0.4)
	return n
}

// drawBars sets up p as a horizontal bar chart of rows: labels on the y axis, P on the x axis
// from 0 to 1 with reference lines at 0.5 and 0.8, and the legend key where it covers no bar.
func drawBars(f *Fonts, p *plot.Plot, rows []goalRow, bars []bar, thick float64, key *keyBox) {
	n := rowAxis(p, rows)
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
