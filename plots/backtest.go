package plots

import (
	"image/color"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/healthsim/healthsim/forecast/backtest"
)

// Tolerances drawn around the ideal in the backtest charts: the acceptance bands of a calibrated
// forecast.
const (
	ReliabilityTolerance = 0.07
	Coverage90Lo         = 0.87
	Coverage90Hi         = 0.93
	Coverage50Lo         = 0.45
	Coverage50Hi         = 0.55
)

var (
	idealLine = draw.LineStyle{Color: color.NRGBA{90, 90, 90, 255}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	bandFill  = color.NRGBA{44, 160, 44, 40}
)

// Reliability draws a reliability diagram: for each bin of predicted probability, the share of
// pseudo-targets met against the mean predicted probability, with the diagonal of perfect
// calibration and a ±0.07 band around it. Each point is labelled with its count.
func Reliability(f *Fonts, title string, bins []backtest.Bin) Chart {
	f = f.orEnglish()
	p := f.newPlot()
	if title == "" {
		title = f.Label("可靠性图：预测概率与实际发生频率", "Reliability: predicted probability against observed frequency")
	}
	p.Title.Text = f.wrap(title, p.Title.TextStyle, titleWidth, 2)
	p.X.Label.Text = f.Label("预测概率", "predicted probability")
	p.Y.Label.Text = f.Label("实际发生频率", "observed frequency")
	tol := ReliabilityTolerance
	p.Add(polygon(color.NRGBA{}, bandFill, plotter.XYs{{X: 0, Y: 0}, {X: tol, Y: 0}, {X: 1, Y: 1 - tol}, {X: 1, Y: 1}, {X: 1 - tol, Y: 1}, {X: 0, Y: tol}}))
	p.Add(line(idealLine, plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}))
	var pts plotter.XYs
	fr := &frame{}
	notes := newNotes(f, fr)
	for _, b := range bins {
		if b.N == 0 {
			continue
		}
		pts = append(pts, plotter.XY{X: b.Predicted, Y: b.Observed})
		fr.add(b.Predicted, b.Observed)
		notes.add(b.Predicted, b.Observed, "n="+thousands(strconv.Itoa(b.N)), colourAt(0))
	}
	if len(pts) > 0 {
		l := line(draw.LineStyle{Color: colourAt(0), Width: vg.Points(1.5)}, pts)
		s, _ := plotter.NewScatter(pts)
		s.GlyphStyle = draw.GlyphStyle{Color: colourAt(0), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		p.Add(l, s, notes)
	} else {
		p.Add(newNotes(f, fr).centred(f.Label("没有数据", "no data")))
	}
	key := newKey(f)
	key.avoid, key.fr = pts, fr
	key.Add(f.Label("理想校准", "perfect calibration"), line(idealLine, plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}))
	key.Add(f.Label("±0.07 容差", "±0.07 tolerance"), swatch(bandFill))
	p.Add(key)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.X.Tick.Marker, p.Y.Tick.Marker = plainTicks{}, plainTicks{}
	return PlotChart(p, 14*vg.Centimeter, 13*vg.Centimeter)
}

// Coverage draws the coverage of the central 90% and 50% intervals by horizon, with the nominal
// levels dashed and the acceptance bands (87–93%, 45–55%) shaded.
func Coverage(f *Fonts, title string, hs []backtest.HorizonScores) Chart {
	f = f.orEnglish()
	p := f.newPlot()
	if title == "" {
		title = f.Label("各预测年数的区间覆盖率", "Interval coverage by years ahead")
	}
	p.Title.Text = f.wrap(title, p.Title.TextStyle, titleWidth, 2)
	p.X.Label.Text = f.Label("预测年数（起点之后）", "years ahead of the origin")
	p.Y.Label.Text = f.Label("结果落在区间内的比例", "share of outcomes inside the interval")
	lo, hi := 1.0, 1.0
	if len(hs) > 0 {
		lo, hi = float64(hs[0].H), float64(hs[len(hs)-1].H)
	}
	lo, hi = lo-0.3, hi+0.3
	key := newKey(f)
	for i, lv := range []struct {
		zh, en        string
		nominal, a, b float64
		get           func(backtest.Scores) float64
	}{
		{"90% 区间", "90% interval", 0.9, Coverage90Lo, Coverage90Hi, func(s backtest.Scores) float64 { return s.Coverage90 }},
		{"50% 区间", "50% interval", 0.5, Coverage50Lo, Coverage50Hi, func(s backtest.Scores) float64 { return s.Coverage50 }},
	} {
		c := colourAt(i)
		p.Add(polygon(color.NRGBA{}, withAlpha(c, 40), plotter.XYs{{X: lo, Y: lv.a}, {X: hi, Y: lv.a}, {X: hi, Y: lv.b}, {X: lo, Y: lv.b}}))
		p.Add(line(draw.LineStyle{Color: c, Width: vg.Points(1), Dashes: idealLine.Dashes}, plotter.XYs{{X: lo, Y: lv.nominal}, {X: hi, Y: lv.nominal}}))
		var pts plotter.XYs
		for _, h := range hs {
			pts = append(pts, plotter.XY{X: float64(h.H), Y: lv.get(h.Scores)})
		}
		key.avoid = append(key.avoid, along(pts, 10)...)
		if len(pts) > 0 {
			s, _ := plotter.NewScatter(pts)
			s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
			p.Add(line(draw.LineStyle{Color: c, Width: vg.Points(1.5)}, pts), s)
		}
		key.Add(f.Label(lv.zh, lv.en), swatch(c))
	}
	p.Add(key)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, 0, 1
	p.X.Tick.Marker, p.Y.Tick.Marker = integerTicks{}, plainTicks{}
	return PlotChart(p, 16*vg.Centimeter, 11*vg.Centimeter)
}

// along returns the points of a polyline and n−1 evenly spaced points inside each segment, so
// that a legend placed to avoid them avoids the line, not only its markers.
func along(pts plotter.XYs, n int) plotter.XYs {
	out := slices.Clone(pts)
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		for k := 1; k < n; k++ {
			f := float64(k) / float64(n)
			out = append(out, plotter.XY{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)})
		}
	}
	return out
}

// integerTicks marks whole numbers only.
type integerTicks struct{}

func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for v := int(lo); float64(v) <= hi; v++ {
		if float64(v) >= lo {
			ts = append(ts, plot.Tick{Value: float64(v), Label: strconv.Itoa(v)})
		}
	}
	return ts
}

func polygon(outline, fill color.NRGBA, pts plotter.XYs) *plotter.Polygon {
	pg, _ := plotter.NewPolygon(pts)
	pg.Color = fill
	pg.LineStyle.Width = 0
	pg.LineStyle.Color = outline
	return pg
}

func line(style draw.LineStyle, pts plotter.XYs) *plotter.Line {
	l, _ := plotter.NewLine(pts)
	l.LineStyle = style
	return l
}
