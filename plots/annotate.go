package plots

import (
	"cmp"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// frame collects what a chart shows: the data extent, which sets the axes, and points that
// notes and the legend should not cover.
type frame struct {
	xmin, xmax, ymin, ymax float64
	n                      int
	avoid                  []plotter.XY
	notes                  []vg.Rectangle // note boxes as drawn, for the legend to avoid
	lines                  []plotter.XY   // points on median lines, which notes should not hide
}

func (fr *frame) add(x, y float64) {
	if !finite(x) || !finite(y) {
		return
	}
	if fr.n == 0 {
		fr.xmin, fr.xmax, fr.ymin, fr.ymax = x, x, y, y
	}
	fr.xmin, fr.xmax = math.Min(fr.xmin, x), math.Max(fr.xmax, x)
	fr.ymin, fr.ymax = math.Min(fr.ymin, y), math.Max(fr.ymax, y)
	fr.n++
	fr.avoid = append(fr.avoid, plotter.XY{X: x, Y: y})
}

// bandFractions sample a fan vertically between p05 and p95.
var bandFractions = [...]float64{0, 0.25, 0.5, 0.75, 1}

func (fr *frame) addBand(pt forecast.Point) {
	lo, hi := pt.Q[forecast.Q05], pt.Q[forecast.Q95]
	for _, t := range bandFractions {
		fr.add(float64(pt.Year), lo+t*(hi-lo))
	}
	fr.add(float64(pt.Year), pt.Q[forecast.Q50])
}

// addOutline samples an outline fan's band edges between two years, so that notes are not
// written over the lines that tell its bands apart.
func (fr *frame) addOutline(a, b forecast.Point) {
	const steps = 6
	for s := 1; s < steps; s++ {
		u := float64(s) / steps
		x := float64(a.Year) + u*float64(b.Year-a.Year)
		for _, q := range []int{forecast.Q05, forecast.Q25, forecast.Q75, forecast.Q95} {
			fr.lines = append(fr.lines, plotter.XY{X: x, Y: a.Q[q] + u*(b.Q[q]-a.Q[q])})
		}
	}
}

// addSegment samples the fan between two years so a legend is not put over it.
func (fr *frame) addSegment(a, b forecast.Point) {
	const steps = 6
	for s := 1; s < steps; s++ {
		u := float64(s) / steps
		mix := func(i int) float64 { return a.Q[i] + u*(b.Q[i]-a.Q[i]) }
		x := float64(a.Year) + u*float64(b.Year-a.Year)
		fr.lines = append(fr.lines, plotter.XY{X: x, Y: mix(forecast.Q50)})
		for _, t := range bandFractions {
			fr.avoid = append(fr.avoid, plotter.XY{X: x, Y: mix(forecast.Q05) + t*(mix(forecast.Q95)-mix(forecast.Q05))})
		}
	}
}

func (fr *frame) empty() bool { return fr.n == 0 }

// apply sets the axes to the data with a margin, and integer year ticks.
func (fr *frame) apply(p *plot.Plot) {
	p.X.Tick.Marker = yearTicks{}
	if fr.empty() {
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(nil), plot.ConstantTicks(nil)
		return
	}
	xpad := 0.35
	if fr.xmax-fr.xmin < 1 {
		xpad = 0.6
	}
	p.X.Min, p.X.Max = fr.xmin-xpad, fr.xmax+xpad
	p.Y.Min, p.Y.Max = padRange(fr.ymin, fr.ymax)
	p.Y.Tick.Marker = plainTicks{}
}

// padRange widens [lo, hi] by a margin; an empty range gets a width that suits its size.
func padRange(lo, hi float64) (float64, float64) {
	span := hi - lo
	if span <= 1e-9*math.Max(1, math.Abs(hi)) {
		pad := math.Max(math.Abs(hi)*0.1, 1)
		return lo - pad, hi + pad
	}
	return lo - 0.08*span, hi + 0.1*span
}

// yearTicks labels whole years, at most about most of them (eight when most is 0); the years
// between labels get unlabelled ticks.
type yearTicks struct{ most int }

func (yt yearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) {
		return nil
	}
	a, b := int(math.Ceil(lo)), int(math.Floor(hi))
	if b < a || b-a > 1000 {
		return nil
	}
	most := cmp.Or(yt.most, 8)
	step := max(1, (b-a+most-1)/most)
	var ticks []plot.Tick
	for y := a; y <= b; y++ {
		t := plot.Tick{Value: float64(y)}
		if (y-a)%step == 0 {
			t.Label = strconv.Itoa(y)
		}
		if t.Label != "" || b-a <= 60 {
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// note is a text written beside a point of the chart.
type note struct {
	x, y   float64
	text   string
	colour color.Color
}

// notes writes texts beside their points on a translucent white box, on whichever side keeps
// them inside the data area and clear of each other and of the markers.
type notes struct {
	sty    text.Style
	items  []note
	fr     *frame
	centre bool // one text in the middle of the data area (an empty chart)
}

func newNotes(f *Fonts, fr *frame) *notes {
	sty := f.style(8.5)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	return &notes{sty: sty, fr: fr}
}

func (n *notes) add(x, y float64, txt string, c color.Color) {
	if finite(x) && finite(y) && txt != "" {
		n.items = append(n.items, note{x: x, y: y, text: txt, colour: c})
	}
}

// centred makes n one text in the middle of the data area.
func (n *notes) centred(txt string) *notes {
	n.items, n.centre = []note{{text: txt, colour: color.Gray{Y: 90}}}, true
	return n
}

// Plot implements plot.Plotter.
func (n *notes) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	n.fr.notes = n.fr.notes[:0]
	markers := make([]vg.Rectangle, len(n.items))
	for i, it := range n.items {
		markers[i] = around(vg.Point{X: trX(it.x), Y: trY(it.y)}, 5)
	}
	lines := make([]vg.Point, len(n.fr.lines))
	for i, xy := range n.fr.lines {
		lines[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	for i, it := range n.items {
		size := blockSize(n.sty, it.text)
		pt := c.Center()
		if !n.centre {
			pt = vg.Point{X: trX(it.x), Y: trY(it.y)}
		}
		box := n.place(c, pt, size, markers, lines, i)
		bg := vg.Rectangle{Min: box.Min.Sub(vg.Point{X: 2, Y: 1}), Max: box.Max.Add(vg.Point{X: 2, Y: 1})}
		c.FillPolygon(color.NRGBA{255, 255, 255, 190}, rectPoints(bg))
		sty := n.sty
		sty.Color = it.colour
		drawBlock(c, sty, box, it.text)
		n.fr.notes = append(n.fr.notes, bg)
	}
}

// lineHeight is the height of a line of text in blocks.
func lineHeight(sty text.Style) vg.Length { return 1.25 * sty.Font.Size }

// blockSize is the size of lines of text drawn by drawBlock.
func blockSize(sty text.Style, txt string) vg.Point {
	lines := strings.Split(txt, "\n")
	var w vg.Length
	for _, l := range lines {
		w = max(w, sty.Width(l))
	}
	return vg.Point{X: w, Y: vg.Length(len(lines)) * lineHeight(sty)}
}

// drawBlock writes lines of text left-aligned in box, from its top. It places every baseline
// itself: gonum's vertical alignment of several lines drifts with CJK fonts' extents.
func drawBlock(c draw.Canvas, sty text.Style, box vg.Rectangle, txt string) {
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	size, asc := sty.Font.Size, sty.FontExtents().Ascent
	for i, l := range strings.Split(txt, "\n") {
		baseline := box.Max.Y - vg.Length(i+1)*lineHeight(sty) + 0.3*size
		// Drawn with YBottom, one line's baseline falls at pt.Y - ascent + size.
		c.FillText(sty, vg.Point{X: box.Min.X, Y: baseline + asc - size}, l)
	}
}

// place picks the box of the given size beside pt that best stays inside c and clear of other
// notes and markers.
func (n *notes) place(c draw.Canvas, pt vg.Point, size vg.Point, markers []vg.Rectangle, lines []vg.Point, self int) vg.Rectangle {
	if n.centre {
		return vg.Rectangle{Min: pt.Sub(size.Scale(0.5)), Max: pt.Add(size.Scale(0.5))}
	}
	const gap = 6
	w, h := size.X, size.Y
	origins := []vg.Point{
		{X: pt.X + gap, Y: pt.Y - h/2}, {X: pt.X - gap - w, Y: pt.Y - h/2},
		{X: pt.X - w/2, Y: pt.Y + gap}, {X: pt.X - w/2, Y: pt.Y - gap - h},
		{X: pt.X + gap, Y: pt.Y + gap}, {X: pt.X + gap, Y: pt.Y - gap - h},
		{X: pt.X - gap - w, Y: pt.Y + gap}, {X: pt.X - gap - w, Y: pt.Y - gap - h},
	}
	best, bestScore := vg.Rectangle{}, math.Inf(1)
	for _, o := range origins {
		box := vg.Rectangle{Min: o, Max: o.Add(size)}
		score := 0.0
		if !inside(box, c.Rectangle) {
			score += 100
		}
		for _, other := range n.fr.notes {
			score += 10 * overlap(box, other)
		}
		for j, m := range markers {
			if j != self {
				score += 5 * overlap(box, m)
			}
		}
		for _, l := range lines {
			score += 0.5 * overlap(box, around(l, 1))
		}
		if score < bestScore {
			best, bestScore = box, score
		}
	}
	return clampInto(best, c.Rectangle)
}

// overlap is 1 when two rectangles intersect, else 0.
func overlap(a, b vg.Rectangle) float64 {
	if a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y {
		return 1
	}
	return 0
}

func inside(a, b vg.Rectangle) bool {
	return a.Min.X >= b.Min.X && a.Max.X <= b.Max.X && a.Min.Y >= b.Min.Y && a.Max.Y <= b.Max.Y
}

// clampInto moves a into b as far as it fits.
func clampInto(a, b vg.Rectangle) vg.Rectangle {
	d := vg.Point{}
	if a.Max.X > b.Max.X {
		d.X = b.Max.X - a.Max.X
	}
	if a.Min.X+d.X < b.Min.X {
		d.X = b.Min.X - a.Min.X
	}
	if a.Max.Y > b.Max.Y {
		d.Y = b.Max.Y - a.Max.Y
	}
	if a.Min.Y+d.Y < b.Min.Y {
		d.Y = b.Min.Y - a.Min.Y
	}
	return vg.Rectangle{Min: a.Min.Add(d), Max: a.Max.Add(d)}
}

func around(p vg.Point, r vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: p.X - r, Y: p.Y - r}, Max: vg.Point{X: p.X + r, Y: p.Y + r}}
}

// keyBox is a legend drawn in whichever corner of the data area covers the fewest data points
// and notes, on a white box.
type keyBox struct {
	plot.Legend
	names []string
	avoid []plotter.XY
	fr    *frame
}

func newKey(f *Fonts) *keyBox {
	l := plot.NewLegend()
	l.TextStyle = f.style(8.5)
	l.ThumbnailWidth = vg.Points(18)
	l.Top, l.Left = true, true
	l.Padding = vg.Points(1.5)
	return &keyBox{Legend: l}
}

// Add adds an entry; thumbnails may be none.
func (k *keyBox) Add(name string, thumbs ...plot.Thumbnailer) {
	k.Legend.Add(name, thumbs...)
	k.names = append(k.names, name)
}

func (k *keyBox) size() vg.Point {
	sty := k.TextStyle
	var w, eh vg.Length
	for _, n := range k.names {
		w = max(w, sty.Rectangle(" "+n).Max.X)
		eh = max(eh, sty.Rectangle(n).Max.Y)
	}
	return vg.Point{X: k.ThumbnailWidth + w, Y: eh*vg.Length(len(k.names)) + k.Padding*vg.Length(len(k.names)-1)}
}

// Plot implements plot.Plotter.
func (k *keyBox) Plot(c draw.Canvas, plt *plot.Plot) {
	if len(k.names) == 0 {
		return
	}
	const pad, inset = 4, 3
	size := k.size().Add(vg.Point{X: 2 * pad, Y: 2 * pad})
	trX, trY := plt.Transforms(&c)
	in := c.Rectangle
	corners := []vg.Point{
		{X: in.Min.X + inset, Y: in.Max.Y - inset - size.Y}, {X: in.Max.X - inset - size.X, Y: in.Max.Y - inset - size.Y},
		{X: in.Min.X + inset, Y: in.Min.Y + inset}, {X: in.Max.X - inset - size.X, Y: in.Min.Y + inset},
		{X: (in.Min.X + in.Max.X - size.X) / 2, Y: in.Max.Y - inset - size.Y},
	}
	best, bestScore := vg.Rectangle{}, math.Inf(1)
	for _, o := range corners {
		box := vg.Rectangle{Min: o, Max: o.Add(size)}
		score := 0.0
		for _, xy := range k.avoid {
			if box.Min.X <= trX(xy.X) && trX(xy.X) <= box.Max.X && box.Min.Y <= trY(xy.Y) && trY(xy.Y) <= box.Max.Y {
				score++
			}
		}
		if k.fr != nil {
			for _, nb := range k.fr.notes {
				score += 20 * overlap(box, nb)
			}
		}
		if score < bestScore {
			best, bestScore = box, score
		}
	}
	c.FillPolygon(color.NRGBA{255, 255, 255, 230}, rectPoints(best))
	c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 190}, Width: vg.Points(0.5)}, append(rectPoints(best), best.Min))
	inner := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: best.Min.Add(vg.Point{X: pad, Y: pad}), Max: best.Max.Sub(vg.Point{X: pad, Y: pad})}}
	k.Legend.Draw(inner)
}

// swatch is a legend thumbnail filled with one colour.
type swatch color.NRGBA

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(color.NRGBA(s), rectPoints(c.Rectangle))
}

func rectPoints(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
}

// plainTicks are gonum's default ticks labelled without exponents, with thousands separators.
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) || hi < lo {
		return nil
	}
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	dec := tickDecimals(ticks)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = thousands(strconv.FormatFloat(t.Value, 'f', dec, 64))
		}
	}
	return ticks
}

// tickDecimals is the fewest decimals that write every major tick exactly (to rounding error).
func tickDecimals(ticks []plot.Tick) int {
	for dec := 0; dec < 8; dec++ {
		scale, ok := math.Pow10(dec), true
		for _, t := range ticks {
			if t.Label != "" && math.Abs(t.Value*scale-math.Round(t.Value*scale)) > 1e-6*math.Max(1, math.Abs(t.Value*scale)) {
				ok = false
				break
			}
		}
		if ok {
			return dec
		}
	}
	return 8
}

// thousands puts commas into the integer part of a number of five digits or more.
func thousands(s string) string {
	sign, rest := "", s
	if strings.HasPrefix(rest, "-") {
		sign, rest = "-", rest[1:]
	}
	intPart, frac, _ := strings.Cut(rest, ".")
	if len(intPart) < 5 {
		return s
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}
