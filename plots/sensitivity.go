package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Label is a text in Chinese and in English; a chart draws the Chinese one when its font can.
type Label struct{ ZH, EN string }

func (f *Fonts) pick(l Label) string { return f.text(l.ZH, l.EN) }

// TornadoBar is one assumption's effect on a target: the value with the assumption at its low and
// at its high end (the others at base), the paired standard error of the difference, and how
// each end is written (e.g. "0.5×", "2 years").
type TornadoBar struct {
	Name              Label
	Low, High, SE     float64
	LowText, HighText string
}

var (
	lowColour  = color.NRGBA{R: 0x44, G: 0x77, B: 0xaa, A: 0xff}
	highColour = color.NRGBA{R: 0xee, G: 0x77, B: 0x33, A: 0xff}
)

// Tornado draws bars from the base value to the value at each assumption's low end (blue) and
// high end (orange), in the order given, with each swing's ±2 SE written beside it. xLabel
// names the quantity on the x axis.
func Tornado(f *Fonts, title, xLabel Label, base float64, bars []TornadoBar) (Chart, error) {
	f = f.orEnglish()
	p := f.newPlot()
	p.Title.Text = f.wrap(f.pick(title), p.Title.TextStyle, barChartW-vg.Centimeter, 2)
	p.X.Label.Text = f.pick(xLabel)
	n := len(bars)
	ticks := make([]plot.Tick, n)
	m := tornadoMarks{lo: base, hi: base}
	key := newKey(f)
	for i, b := range bars {
		y := float64(n - 1 - i)
		ticks[i] = plot.Tick{Value: y, Label: f.shorten(f.pick(b.Name), p.Y.Tick.Label, labelW)}
		m.bar(p, f, key, base, y, b)
	}
	span := math.Max(m.hi-m.lo, 0.01)
	p.X.Min, p.X.Max = m.lo-0.2*span, m.hi+0.45*span
	p.Y.Min, p.Y.Max = -0.8, float64(n)+0.9 // free space on top for the key
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Label.Font.Size = 8.5
	l, _ := plotter.NewLine(plotter.XYs{{X: base, Y: p.Y.Min}, {X: base, Y: p.Y.Max}})
	l.Color, l.Width = color.Gray{Y: 60}, vg.Points(0.8)
	p.Add(l)
	for _, set := range []struct {
		l     plotter.XYLabels
		align draw.XAlignment
		dx    vg.Length
	}{{m.left, draw.XRight, -vg.Points(3)}, {m.right, draw.XLeft, vg.Points(3)}} {
		if err := addLabels(p, f, set.l, set.align, nil, set.dx); err != nil {
			return Chart{}, err
		}
	}
	if n == 0 {
		p.Add(newNotes(f, &frame{}).centred(f.Label("没有会变动的假设", "no assumption moves this target")))
	}
	key.Add(f.Label("低端", "low end"), swatch(lowColour))
	key.Add(f.Label("高端", "high end"), swatch(highColour))
	p.Add(key)
	height := max(barChartMin, vg.Length(n)*0.8*vg.Centimeter+barFrame)
	return PlotChart(p, barChartW, height), nil
}

// tornadoMarks collects what a tornado's bars leave for the rest of the chart.
type tornadoMarks struct {
	left, right plotter.XYLabels // end texts written left and right of their bar's end
	lo, hi      float64          // the x range the bars and the base cover
}

// bar draws b's two ends at height y, notes their texts and the ±2 SE of the swing, and tells
// the key to keep clear of them. An end's text goes beyond the end of its bar, on the bar's
// side of the base; when both ends lie on one side (an assumption that moves the target one way
// only), the nearer end's text goes just across the base line instead, so that the two texts do
// not overwrite each other.
func (m *tornadoMarks) bar(p *plot.Plot, f *Fonts, key *keyBox, base, y float64, b TornadoBar) {
	left := func(v float64, low bool) bool { return v < base || (v == base && low) }
	oneSide := finite(b.Low) && finite(b.High) && left(b.Low, true) == left(b.High, false)
	nearLow := math.Abs(b.Low-base) <= math.Abs(b.High-base)
	for _, end := range []struct {
		v   float64
		txt string
		c   color.NRGBA
		low bool
	}{{b.Low, b.LowText, lowColour, true}, {b.High, b.HighText, highColour, false}} {
		if !finite(end.v) {
			continue
		}
		p.Add(polygon(color.NRGBA{}, end.c, plotter.XYs{{X: base, Y: y - 0.3}, {X: end.v, Y: y - 0.3}, {X: end.v, Y: y + 0.3}, {X: base, Y: y + 0.3}}))
		m.lo, m.hi = math.Min(m.lo, end.v), math.Max(m.hi, end.v)
		x, onLeft := end.v, left(end.v, end.low)
		if oneSide && end.low == nearLow {
			x, onLeft = base, !onLeft
		}
		into := &m.right
		if onLeft {
			into = &m.left
		}
		into.XYs = append(into.XYs, plotter.XY{X: x, Y: y + 0.12})
		into.Labels = append(into.Labels, end.txt)
		key.avoid = append(key.avoid, plotter.XY{X: end.v, Y: y}, plotter.XY{X: (end.v + base) / 2, Y: y})
	}
	m.right.XYs = append(m.right.XYs, plotter.XY{X: math.Max(base, math.Max(b.Low, b.High)), Y: y - 0.22})
	d, se := swingText(b.High-b.Low, 2*b.SE)
	m.right.Labels = append(m.right.Labels, f.text("Δ "+d+" ± "+se, "d "+d+" +/- "+se))
}

// addLabels adds the texts of l (if any) in the 7-point style, aligned by xa, centred on their
// points vertically and moved dx sideways; a nil c keeps the style's colour.
func addLabels(p *plot.Plot, f *Fonts, l plotter.XYLabels, xa draw.XAlignment, c color.Color, dx vg.Length) error {
	if len(l.XYs) == 0 {
		return nil
	}
	lb, err := plotter.NewLabels(l)
	if err != nil {
		return err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i] = f.style(7)
		if c != nil {
			lb.TextStyle[i].Color = c
		}
		lb.TextStyle[i].XAlign, lb.TextStyle[i].YAlign = xa, draw.YCenter
	}
	lb.Offset = vg.Point{X: dx}
	p.Add(lb)
	return nil
}

// Heatmap draws a grid of values in [0, 1] (rows × columns), darker for larger, with each value
// written in its cell; NaN cells stay blank.
func Heatmap(f *Fonts, title Label, rows, cols []Label, vals [][]float64) (Chart, error) {
	if len(vals) != len(rows) {
		return Chart{}, fmt.Errorf("plots: Heatmap has %d rows of values for %d row labels", len(vals), len(rows))
	}
	f = f.orEnglish()
	p := f.newPlot()
	p.Title.Text = f.wrap(f.pick(title), p.Title.TextStyle, barChartW-vg.Centimeter, 2)
	n, m := len(rows), len(cols)
	yt := make([]plot.Tick, n)
	for i, r := range rows {
		yt[i] = plot.Tick{Value: float64(n - 1 - i), Label: f.shorten(f.pick(r), p.Y.Tick.Label, labelW)}
	}
	xt := make([]plot.Tick, m)
	for j, c := range cols {
		xt[j] = plot.Tick{Value: float64(j), Label: f.pick(c)}
	}
	var light, dark plotter.XYLabels
	for i := range rows {
		for j := range cols {
			v := math.NaN()
			if j < len(vals[i]) {
				v = vals[i][j]
			}
			if !finite(v) {
				continue
			}
			x, y := float64(j), float64(n-1-i)
			p.Add(polygon(color.NRGBA{R: 255, G: 255, B: 255, A: 255}, heat(v), plotter.XYs{{X: x - 0.5, Y: y - 0.5}, {X: x + 0.5, Y: y - 0.5}, {X: x + 0.5, Y: y + 0.5}, {X: x - 0.5, Y: y + 0.5}}))
			into := &dark
			if v > 0.5 {
				into = &light
			}
			into.XYs = append(into.XYs, plotter.XY{X: x, Y: y})
			into.Labels = append(into.Labels, fmt.Sprintf("%.2f", v))
		}
	}
	for _, set := range []struct {
		l plotter.XYLabels
		c color.Color
	}{{dark, color.Black}, {light, color.White}} {
		if err := addLabels(p, f, set.l, draw.XCenter, set.c, 0); err != nil {
			return Chart{}, err
		}
	}
	p.X.Min, p.X.Max = -0.5, math.Max(float64(m)-0.5, 0.5)
	p.Y.Min, p.Y.Max = -0.5, math.Max(float64(n)-0.5, 0.5)
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	p.Y.Tick.Label.Font.Size = 8
	p.X.Tick.Label.Font.Size = 8
	p.X.Tick.Label.Rotation = math.Pi / 5
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	height := max(barChartMin, vg.Length(n)*0.55*vg.Centimeter+barFrame+1.5*vg.Centimeter)
	return PlotChart(p, barChartW, height), nil
}

// heat is white at 0 and dark blue at 1.
func heat(v float64) color.NRGBA {
	v = math.Max(0, math.Min(1, v))
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + v*(float64(b)-float64(a))) }
	return color.NRGBA{R: mix(0xf7, 0x08), G: mix(0xfb, 0x30), B: mix(0xff, 0x6b), A: 0xff}
}

// swingText writes a swing and its ±2 SE to the decimals that show the SE's first two digits.
func swingText(d, se float64) (string, string) {
	dec := 3
	if se > 0 && finite(se) {
		dec = max(2, min(6, 1-int(math.Floor(math.Log10(se)))))
	}
	ds := strconv.FormatFloat(d, 'f', dec, 64)
	if d >= 0 {
		ds = "+" + ds
	}
	return ds, strconv.FormatFloat(se, 'f', dec, 64)
}
