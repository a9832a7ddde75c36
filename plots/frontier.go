package plots

import (
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Frontier draws the best objective found at each total budget (a line through the points) and
// the plan's own point, so the gap between them is what a better split of the same money buys.
func Frontier(f *Fonts, title, yLabel Label, totals, values []float64, planTotal, planValue float64) (Chart, error) {
	f = f.orEnglish()
	p := f.newPlot()
	p.Title.Text = f.wrap(f.pick(title), p.Title.TextStyle, 15*vg.Centimeter, 2)
	p.X.Label.Text = f.Label("总投入（万元）", "total budget (10,000 yuan)")
	p.Y.Label.Text = f.pick(yLabel)
	fr := &frame{}
	var pts plotter.XYs
	for i, t := range totals {
		if finite(t) && finite(values[i]) {
			pts = append(pts, plotter.XY{X: t, Y: values[i]})
			fr.add(t, values[i])
		}
	}
	key := newKey(f)
	if len(pts) > 0 {
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return Chart{}, err
		}
		l.Color, l.Width = lowColour, vg.Points(1.5)
		s.GlyphStyle = draw.GlyphStyle{Color: lowColour, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		p.Add(l, s)
		key.Add(f.Label("最优分配", "best allocation found"), l, s)
	}
	if finite(planTotal) && finite(planValue) {
		s, _ := plotter.NewScatter(plotter.XYs{{X: planTotal, Y: planValue}})
		s.GlyphStyle = draw.GlyphStyle{Color: highColour, Radius: vg.Points(5), Shape: draw.PyramidGlyph{}}
		p.Add(s)
		fr.add(planTotal, planValue)
		key.Add(f.Label("原计划", "the plan"), s)
	}
	if fr.empty() {
		p.Add(newNotes(f, fr).centred(f.Label("没有数据", "no data")))
	}
	for _, pt := range pts {
		key.avoid = append(key.avoid, pt)
	}
	p.Add(key)
	p.X.Min, p.X.Max = padRange(fr.xmin, fr.xmax)
	p.Y.Min, p.Y.Max = padRange(fr.ymin, fr.ymax)
	p.X.Tick.Marker, p.Y.Tick.Marker = plainTicks{}, plainTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{Y: 225}, color.Gray{Y: 225}
	p.Add(grid)
	return PlotChart(p, 16*vg.Centimeter, 11*vg.Centimeter), nil
}
