package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// titleWidth is the width titles of plots are wrapped to (charts are about 16 cm wide).
const titleWidth = 14 * vg.Centimeter

// palette colours allocations in overlays and comparisons; the first is the single fan's colour.
var palette = [...]color.NRGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {148, 103, 189, 255},
	{140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255}, {23, 190, 207, 255},
}

func colourAt(i int) color.NRGBA { return palette[i%len(palette)] }

func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

// Fan draws one indicator's fan chart: the median line, 50% (p25–p75) and 90% (p05–p95) bands,
// observed points, target and milestone markers (distinct shapes, at their value and year) with
// P(hit) written beside each. The title is the indicator's name and region, the y label its unit.
func Fan(f *Fonts, ir forecast.IndicatorResult) (*plot.Plot, error) {
	f = f.orEnglish()
	p := f.newPlot()
	p.Title.Text = f.title(ir, p.Title.TextStyle, titleWidth)
	p.Y.Label.Text = f.unitLabel(ir)
	fr := &frame{}
	key := newKey(f)
	fan := addFan(p, fr, ir.Trajectory, colourAt(0), 70, 140)
	if fan != nil {
		key.Add(f.Label("中位数", "median"), fan.median)
		key.Add(f.Label("50% 区间", "50% interval"), fan.outer, fan.inner)
		key.Add(f.Label("90% 区间", "90% interval"), fan.outer)
	}
	addObservations(p, fr, key, f, ir.Observations)
	notes := newNotes(f, fr)
	for _, g := range goalsToDraw(ir.Goals) {
		notes.add(float64(g.Year), g.Value, goalText(f, g, ir.Direction)+"  "+pText(f, g), riskText(g))
	}
	addGoalMarkers(p, fr, key, f, ir.Goals)
	p.Add(notes)
	fr.apply(p)
	if fr.empty() {
		p.Add(newNotes(f, fr).centred(f.Label("无预测数据", "no projection")))
	}
	key.avoid, key.fr = fr.avoid, fr
	p.Add(key)
	return p, nil
}

// FanOverlay draws the fans of one indicator under two or more allocations in different colours,
// with a legend naming them and, beside each target, every allocation's P(hit).
func FanOverlay(f *Fonts, names []string, irs []forecast.IndicatorResult) (*plot.Plot, error) {
	if len(irs) == 0 {
		return nil, errors.New("plots: FanOverlay needs at least one result")
	}
	if len(names) != len(irs) {
		return nil, fmt.Errorf("plots: FanOverlay has %d names for %d results", len(names), len(irs))
	}
	f = f.orEnglish()
	ir := irs[0]
	p := f.newPlot()
	p.Title.Text = f.title(ir, p.Title.TextStyle, titleWidth)
	p.Y.Label.Text = f.unitLabel(ir)
	fr := &frame{}
	key := newKey(f)
	median, bands := f.Label("中位数", "median"), f.Label("50% / 90% 区间", "50% / 90% interval")
	if fan := addFan(p, fr, ir.Trajectory, colourAt(0), 60, 120); fan != nil {
		name := f.text(names[0], "#1")
		key.Add(name+": "+median, fan.median)
		key.Add(name+": "+bands, fan.inner, fan.outer)
	}
	for i := 1; i < len(irs); i++ {
		if lines := addOutlineFan(p, fr, irs[i].Trajectory, colourAt(i)); lines != nil {
			name := f.text(names[i], fmt.Sprintf("#%d", i+1))
			key.Add(name+": "+median, lines[forecast.Q50])
			key.Add(name+": "+bands, lines[forecast.Q25], lines[forecast.Q05])
		}
	}
	addObservations(p, fr, key, f, ir.Observations)
	notes := newNotes(f, fr)
	for _, g := range goalsToDraw(ir.Goals) {
		notes.add(float64(g.Year), g.Value, goalText(f, g, ir.Direction)+"\n"+overlayP(f, names, irs, g), color.Black)
	}
	addGoalMarkers(p, fr, key, f, ir.Goals)
	p.Add(notes)
	fr.apply(p)
	key.avoid, key.fr = fr.avoid, fr
	p.Add(key)
	return p, nil
}

// goalsToDraw are the goals in a plausible year with a finite value.
func goalsToDraw(goals []forecast.GoalResult) []forecast.GoalResult {
	out := make([]forecast.GoalResult, 0, len(goals))
	for _, g := range goals {
		if plausibleYear(g.Year) && finite(g.Value) {
			out = append(out, g)
		}
	}
	return out
}

// overlayP lists the P(hit) of the goal matching g under every allocation that has it.
func overlayP(f *Fonts, names []string, irs []forecast.IndicatorResult, g forecast.GoalResult) string {
	lines := make([]string, 0, len(irs))
	for i, r := range irs {
		for _, h := range r.Goals {
			if h.Year == g.Year && h.Test == g.Test && h.Milestone == g.Milestone {
				lines = append(lines, f.text(names[i], fmt.Sprintf("#%d", i+1))+" "+pText(f, h))
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}

// fanPlotters are the parts of one fan, kept for legend thumbnails.
type fanPlotters struct {
	outer, inner *plotter.Polygon
	median       *plotter.Line
}

// addFan adds the 90% band, 50% band and median of a trajectory; nil when nothing is drawable.
func addFan(p *plot.Plot, fr *frame, traj []forecast.Point, c color.NRGBA, aOuter, aInner uint8) *fanPlotters {
	pts := cleanTrajectory(traj)
	if len(pts) == 0 {
		return nil
	}
	fp := &fanPlotters{outer: band(pts, forecast.Q05, forecast.Q95, withAlpha(c, aOuter)), inner: band(pts, forecast.Q25, forecast.Q75, withAlpha(c, aInner))}
	med := make(plotter.XYs, len(pts))
	for i, pt := range pts {
		med[i] = plotter.XY{X: float64(pt.Year), Y: pt.Q[forecast.Q50]}
		fr.addBand(pt)
		fr.lines = append(fr.lines, med[i])
	}
	for i := 1; i < len(pts); i++ {
		fr.addSegment(pts[i-1], pts[i])
	}
	fp.median, _ = plotter.NewLine(med)
	fp.median.Color = c
	fp.median.Width = vg.Points(1.6)
	p.Add(fp.outer, fp.inner, fp.median)
	if len(pts) == 1 { // a single year: show it as a point
		s, _ := plotter.NewScatter(med)
		s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		p.Add(s)
	}
	return fp
}

// addOutlineFan draws a fan as lines only, so that it stays legible over another fan: the
// median solid, p25 and p75 dashed, p05 and p95 dotted. It returns the lines by quantile index
// (nil when nothing is drawable).
func addOutlineFan(p *plot.Plot, fr *frame, traj []forecast.Point, c color.NRGBA) []*plotter.Line {
	pts := cleanTrajectory(traj)
	if len(pts) == 0 {
		return nil
	}
	for _, pt := range pts {
		fr.addBand(pt)
	}
	for i := 1; i < len(pts); i++ {
		fr.addSegment(pts[i-1], pts[i])
		fr.addOutline(pts[i-1], pts[i])
	}
	dash, dot := []vg.Length{vg.Points(4), vg.Points(2)}, []vg.Length{vg.Points(1), vg.Points(2)}
	lines := make([]*plotter.Line, forecast.NQuantiles)
	for _, q := range []struct {
		i      int
		width  float64
		dashes []vg.Length
	}{{forecast.Q05, 0.9, dot}, {forecast.Q95, 0.9, dot}, {forecast.Q25, 1, dash}, {forecast.Q75, 1, dash}, {forecast.Q50, 1.6, nil}} {
		xys := make(plotter.XYs, len(pts))
		for k, pt := range pts {
			xys[k] = plotter.XY{X: float64(pt.Year), Y: pt.Q[q.i]}
		}
		l, _ := plotter.NewLine(xys)
		l.Color, l.Width, l.Dashes = c, vg.Points(q.width), q.dashes
		p.Add(l)
		lines[q.i] = l
	}
	return lines
}

// band is the polygon between two quantiles: lower forward, upper reversed, no outline.
func band(pts []forecast.Point, lo, hi int, c color.NRGBA) *plotter.Polygon {
	xys := make(plotter.XYs, 0, 2*len(pts))
	for _, pt := range pts {
		xys = append(xys, plotter.XY{X: float64(pt.Year), Y: pt.Q[lo]})
	}
	for i := len(pts) - 1; i >= 0; i-- {
		xys = append(xys, plotter.XY{X: float64(pts[i].Year), Y: pts[i].Q[hi]})
	}
	poly, _ := plotter.NewPolygon(xys)
	poly.Color = c
	poly.LineStyle.Width = 0
	return poly
}

// cleanTrajectory keeps the points with a plausible year and finite, complete quantiles.
func cleanTrajectory(traj []forecast.Point) []forecast.Point {
	out := make([]forecast.Point, 0, len(traj))
	for _, pt := range traj {
		if !plausibleYear(pt.Year) || len(pt.Q) < forecast.NQuantiles || !allFinite(pt.Q[:forecast.NQuantiles]) {
			continue
		}
		out = append(out, pt)
	}
	return out
}

func plausibleYear(y int) bool { return y >= 1900 && y <= 2200 }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func allFinite(vs []float64) bool {
	for _, v := range vs {
		if !finite(v) {
			return false
		}
	}
	return true
}

// addObservations draws the observed values as black points joined by a thin grey line.
func addObservations(p *plot.Plot, fr *frame, key *keyBox, f *Fonts, obs []scenarios.Observation) {
	var xys plotter.XYs
	for _, o := range obs {
		if plausibleYear(o.Year) && finite(o.Value) {
			xys = append(xys, plotter.XY{X: float64(o.Year), Y: o.Value})
			fr.add(float64(o.Year), o.Value)
		}
	}
	if len(xys) == 0 {
		return
	}
	if len(xys) > 1 {
		l, _ := plotter.NewLine(xys)
		l.Color = color.Gray{Y: 120}
		l.Width = vg.Points(0.8)
		p.Add(l)
	}
	s, _ := plotter.NewScatter(xys)
	s.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}
	p.Add(s)
	key.Add(f.Label("观测值", "observed"), s)
}

// Marker styles: final targets are filled triangles, milestones hollow squares.
var (
	targetGlyph    = draw.GlyphStyle{Color: color.NRGBA{150, 20, 20, 255}, Radius: vg.Points(4.5), Shape: draw.PyramidGlyph{}}
	milestoneGlyph = draw.GlyphStyle{Color: color.NRGBA{90, 40, 140, 255}, Radius: vg.Points(3.8), Shape: draw.SquareGlyph{}}
)

// addGoalMarkers draws a marker at every goal's year and value.
func addGoalMarkers(p *plot.Plot, fr *frame, key *keyBox, f *Fonts, goals []forecast.GoalResult) {
	var targets, milestones plotter.XYs
	for _, g := range goalsToDraw(goals) {
		xy := plotter.XY{X: float64(g.Year), Y: g.Value}
		fr.add(xy.X, xy.Y)
		if g.Milestone {
			milestones = append(milestones, xy)
		} else {
			targets = append(targets, xy)
		}
	}
	for _, m := range []struct {
		xys   plotter.XYs
		glyph draw.GlyphStyle
		zh    string
		en    string
	}{{targets, targetGlyph, "规划目标", "target"}, {milestones, milestoneGlyph, "年度目标", "milestone"}} {
		if len(m.xys) == 0 {
			continue
		}
		s, _ := plotter.NewScatter(m.xys)
		s.GlyphStyle = m.glyph
		p.Add(s)
		key.Add(f.Label(m.zh, m.en), s)
	}
}

// goalText is a goal's test and value, e.g. "≥82.5".
func goalText(f *Fonts, g forecast.GoalResult, dir scenarios.Direction) string {
	ge, le, v := f.text("≥", ">="), f.text("≤", "<="), fmtValue(g.Value)
	switch g.Test {
	case scenarios.GE:
		return ge + v
	case scenarios.LE:
		return le + v
	case scenarios.GT, scenarios.LT:
		return string(g.Test) + v
	case scenarios.Increase:
		return f.Label("提高 >"+v, "increase >"+v)
	case scenarios.Decrease:
		return f.Label("降低 <"+v, "decrease <"+v)
	case scenarios.Maintain:
		if dir == scenarios.Lower {
			return f.Label("保持 "+le+v, "maintain "+le+v)
		}
		return f.Label("保持 "+ge+v, "maintain "+ge+v)
	case scenarios.HoldLow:
		return f.Label("保持低位 "+le+v, "hold low "+le+v)
	case scenarios.About:
		band := f.text("±", "+/-") + fmtValue(g.Tolerance)
		return f.Label(v+"左右 ("+band+")", "about "+v+" ("+band+")")
	}
	return f.text(string(g.Test), "?") + " " + v
}

// pText is a goal's probability of being met, or whether an observed goal was met.
func pText(f *Fonts, g forecast.GoalResult) string {
	if g.Observed {
		if g.PHit >= 1 {
			return f.Label("已达成", "met")
		}
		return f.Label("未达成", "missed")
	}
	v := pValue(g.PHit)
	if v[0] == '<' || v[0] == '>' {
		return "P" + v
	}
	return "P=" + v
}

// pValue writes a probability for a chart: "0.62", ">0.99" or "<0.01" when rounding would say
// a sure thing that is not, "?" when unknown.
func pValue(p float64) string {
	switch {
	case !finite(p):
		return "?"
	case p > 0.995 && p < 1:
		return ">0.99"
	case p > 0 && p < 0.005:
		return "<0.01"
	}
	return fmtP(p)
}

// fmtP writes a probability with two decimals, or more where two would round it across the
// boundary of a risk band (0.4996 is "0.500", not "0.50" in red).
func fmtP(p float64) string {
	s := ""
	for dec := 2; dec <= 4; dec++ {
		s = strconv.FormatFloat(p, 'f', dec, 64)
		if r, err := strconv.ParseFloat(s, 64); err == nil && riskColour(r) == riskColour(p) {
			break
		}
	}
	return s
}

// fmtValue writes a value with as many decimals as its size needs.
func fmtValue(v float64) string {
	if !finite(v) {
		return "?"
	}
	dec := 2
	switch a := math.Abs(v); {
	case a >= 100:
		dec = 0
	case a >= 10:
		dec = 1
	case a < 0.1 && a > 0:
		dec = 4
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Risk bands.
func riskColour(p float64) color.NRGBA {
	switch {
	case !(p >= 0.5):
		return color.NRGBA{214, 39, 40, 255}
	case p < 0.8:
		return color.NRGBA{240, 160, 20, 255}
	}
	return color.NRGBA{44, 160, 44, 255}
}

// riskText is a darker shade of a goal's risk colour, readable as text on white.
func riskText(g forecast.GoalResult) color.Color {
	c := riskColour(g.PHit)
	return color.NRGBA{c.R * 3 / 4, c.G * 3 / 4, c.B * 3 / 4, 255}
}
