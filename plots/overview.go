package plots

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Sizes of the overview: pages 17 cm wide, A4's width less its margins, so that printed at
// their natural size every text keeps at least 9 pt on paper.
const (
	overviewCols = 3
	overviewRows = 4
	tileW        = 5.5 * vg.Centimeter
	tileH        = 5.4 * vg.Centimeter
	headerH      = 2.6 * vg.Centimeter
	marginOut    = 0.25 * vg.Centimeter
	tileFont     = 9 // points, titles and tick labels alike
)

// Overview draws every indicator of one region as small multiples, three to a row and twelve to
// a page: each tile a fan with its observations and goal markers coloured by risk, titled with
// the indicator's name, unit and the targets' P(hit); one legend per page. The charts are the
// pages in order.
func Overview(f *Fonts, region string, irs []forecast.IndicatorResult) []Chart {
	f = f.orEnglish()
	per := overviewCols * overviewRows
	pages := max(1, (len(irs)+per-1)/per)
	out := make([]Chart, pages)
	names := regionNames(region, irs)
	for pg := range pages {
		part := irs[min(pg*per, len(irs)):min((pg+1)*per, len(irs))]
		title := f.Label(f.regionLabel(names)+" · 指标预测总览", f.regionLabel(names)+" — forecast of every indicator")
		if pages > 1 {
			title += fmt.Sprintf(" (%d/%d)", pg+1, pages)
		}
		out[pg] = overviewPage(f, title, part)
		if pg > 0 {
			out[pg].Part = strconv.Itoa(pg + 1)
		}
	}
	return out
}

// regionNames is the result that carries the region's names (they come with its results).
func regionNames(region string, irs []forecast.IndicatorResult) forecast.IndicatorResult {
	if i := slices.IndexFunc(irs, func(ir forecast.IndicatorResult) bool { return ir.Region == region }); i >= 0 {
		return irs[i]
	}
	return forecast.IndicatorResult{Region: region}
}

// overviewPage is one page of an overview.
func overviewPage(f *Fonts, title string, irs []forecast.IndicatorResult) Chart {
	rows := max(1, (len(irs)+overviewCols-1)/overviewCols)
	width := overviewCols*tileW + 2*marginOut
	height := headerH + vg.Length(rows)*tileH + marginOut
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, overviewCols)
	}
	for i, ir := range irs {
		grid[i/overviewCols][i%overviewCols] = tile(f, ir)
	}
	return Chart{Width: width, Height: height, draw: func(dc draw.Canvas) {
		head := dc
		head.Min.Y = dc.Max.Y - headerH
		overviewHeader(f, head, title, len(irs) == 0)
		body := dc
		body.Max.Y -= headerH
		body.Min.Y += marginOut
		tiles := draw.Tiles{Rows: rows, Cols: overviewCols, PadX: vg.Points(8), PadY: vg.Points(8),
			PadLeft: marginOut, PadRight: marginOut}
		canvases := plot.Align(grid, tiles, body)
		for r := range grid {
			for c, p := range grid[r] {
				if p != nil {
					p.Draw(canvases[r][c])
				}
			}
		}
	}}
}

// tile is one indicator's small fan: no legend and no notes; markers coloured by risk.
func tile(f *Fonts, ir forecast.IndicatorResult) *plot.Plot {
	p := f.newPlot()
	p.Title.TextStyle.Font.Size = tileFont
	p.Title.Padding = vg.Points(3)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font.Size = tileFont
		a.Tick.Length = vg.Points(4)
	}

	fr := &frame{}
	addFan(p, fr, ir.Trajectory, colourAt(0), 70, 140)
	addObservations(p, fr, newKey(f), f, ir.Observations)
	for _, g := range goalsToDraw(ir.Goals) {
		s, _ := plotter.NewScatter(plotter.XYs{{X: float64(g.Year), Y: g.Value}})
		s.GlyphStyle = targetGlyph
		if g.Milestone {
			s.GlyphStyle = milestoneGlyph
		}
		s.GlyphStyle.Radius *= 0.8
		s.GlyphStyle.Color = riskColour(g.PHit)
		if g.Observed {
			s.GlyphStyle.Color = color.Gray{Y: 90}
		}
		p.Add(s)
		fr.add(float64(g.Year), g.Value)
	}
	fr.apply(p)
	p.X.Tick.Marker = yearTicks{most: 4}
	if fr.empty() {
		p.Add(newNotes(f, fr).centred(f.Label("无数据", "no data")))
	}
	p.Title.Text = tileTitle(f, ir, p.Title.TextStyle)
	return p
}

// tileTitle is the name and unit (up to two lines) and the targets' P(hit).
func tileTitle(f *Fonts, ir forecast.IndicatorResult, sty text.Style) string {
	name := f.name(ir.NameZH, ir.NameEN)
	if u := f.unitLabel(ir); u != "" {
		name += " (" + u + ")"
	}
	years := map[int]int{}
	for _, g := range ir.Goals {
		years[g.Year]++
	}
	var ps []string
	for _, g := range ir.Goals {
		if !g.Milestone && plausibleYear(g.Year) && len(ps) < 3 {
			y := strconv.Itoa(g.Year)
			if years[g.Year] > 1 { // two goals in one year: say which is which
				y += " " + goalText(f, g, ir.Direction)
			}
			ps = append(ps, y+" "+pText(f, g))
		}
	}
	title := f.wrap(name, sty, tileW-vg.Points(12), 4)
	if len(ps) > 0 {
		title += "\n" + f.wrap(strings.Join(ps, " · "), sty, tileW-vg.Points(12), 2)
	}
	return title
}

// overviewHeader writes the title and a one-line legend across the top.
func overviewHeader(f *Fonts, c draw.Canvas, title string, empty bool) {
	sty := f.style(14)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - vg.Points(4)}, title)
	if empty {
		sty = f.style(10)
		sty.XAlign = draw.XCenter
		c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Min.Y - tileH/2}, f.Label("没有指标", "no indicators"))
		return
	}
	blue := colourAt(0)
	median := draw.LineStyle{Color: blue, Width: vg.Points(1.6)}
	items := []rowItem{
		{f.Label("中位数", "median"), lineThumb(median)},
		{f.Label("50% / 90% 区间", "50% / 90% interval"), swatch(withAlpha(blue, 160))},
		{f.Label("观测值", "observed"), glyphThumb{Color: color.Black, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}},
		{f.Label("▲ 规划目标  □ 年度目标，颜色为 P(达成)：", "▲ target  □ milestone, coloured by P(hit):"), nil},
		{"< 0.5", swatch(riskColour(0))},
		{"0.5–0.8", swatch(riskColour(0.6))},
		{f.text("≥", ">=") + " 0.8", swatch(riskColour(1))},
	}
	if !f.covers(items[3].name) {
		items[3].name = f.Label("规划目标(三角) 年度目标(方块)，颜色为 P(达成)：", "target (triangle), milestone (square), coloured by P(hit):")
	}
	y := c.Max.Y - vg.Points(36)
	for _, line := range fitRows(f, c.Max.X-c.Min.X, items) {
		drawRow(f, c, y, line)
		y -= vg.Points(16)
	}
}

// fitRows splits legend items into lines that fit width, keeping each item whole.
func fitRows(f *Fonts, width vg.Length, items []rowItem) [][]rowItem {
	var lines [][]rowItem
	var line []rowItem
	for _, it := range items {
		if len(line) > 0 && rowWidth(f, append(line, it)) > width {
			lines = append(lines, line)
			line = nil
		}
		line = append(line, it)
	}
	return append(lines, line)
}

// rowItem is an entry of a one-line legend; thumb may be nil.
type rowItem struct {
	name  string
	thumb plot.Thumbnailer
}

// drawRow draws a legend as one centred line at height y.
func drawRow(f *Fonts, c draw.Canvas, y vg.Length, items []rowItem) {
	sty := legendStyle(f)
	x := (c.Min.X + c.Max.X - rowWidth(f, items)) / 2
	h := sty.Height("0")
	for _, it := range items {
		if it.thumb != nil {
			tc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: y - h/2}, Max: vg.Point{X: x + thumbW, Y: y + h/2}}}
			it.thumb.Thumbnail(&tc)
			x += thumbW + gap
		}
		c.FillText(sty, vg.Point{X: x, Y: y}, it.name)
		x += sty.Width(it.name) + 3*gap
	}
}

const thumbW, gap = vg.Length(16), vg.Length(4)

func legendStyle(f *Fonts) text.Style {
	sty := f.style(9)
	sty.YAlign = draw.YCenter
	return sty
}

// rowWidth is the width drawRow gives items.
func rowWidth(f *Fonts, items []rowItem) vg.Length {
	sty := legendStyle(f)
	total := vg.Length(0)
	for _, it := range items {
		total += sty.Width(it.name) + 3*gap
		if it.thumb != nil {
			total += thumbW + gap
		}
	}
	return total
}

// lineThumb is a legend thumbnail of a line.
type lineThumb draw.LineStyle

// Thumbnail implements plot.Thumbnailer.
func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle(l), c.Min.X, y, c.Max.X, y)
}

// glyphThumb is a legend thumbnail of a marker.
type glyphThumb draw.GlyphStyle

// Thumbnail implements plot.Thumbnailer.
func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(draw.GlyphStyle(g), c.Center()) }
