package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DPI is the resolution of every PNG written.
const DPI = 150

// maxSide caps an image's side (about 4.2 m at 150 DPI would be absurd; 2.5 m is generous).
const maxSide = 250 * vg.Centimeter

// margin is left blank around every chart.
const margin = 0.15 * vg.Centimeter

// footerH is the strip under a chart that holds its footer line.
const footerH = 0.45 * vg.Centimeter

// Format is a chart file format.
type Format string

// The chart formats: PNG for documents and slides, SVG and PDF for print and further editing.
const (
	PNG Format = "png"
	SVG Format = "svg"
	PDF Format = "pdf"
)

// Formats are the chart formats, in the order ParseFormats accepts them.
var Formats = []Format{PNG, SVG, PDF}

// ParseFormats reads a comma-separated list such as "png,svg".
func ParseFormats(s string) ([]Format, error) {
	var out []Format
	for _, part := range strings.Split(s, ",") {
		f := Format(strings.ToLower(strings.TrimSpace(part)))
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("chart format %q: allowed: png, svg, pdf (comma-separated)", part)
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// Chart is a drawing at its natural size, ready to be written in any format.
type Chart struct {
	Width, Height vg.Length
	// Part tells the charts of a series apart ("2" for an overview's second page, "2025" for a
	// risk chart's year); "" for a chart that stands alone.
	Part string
	draw func(draw.Canvas)
}

// PlotChart is a plot drawn at the given size.
func PlotChart(p *plot.Plot, width, height vg.Length) Chart {
	return Chart{Width: width, Height: height, draw: p.Draw}
}

// Page says how charts are written: the file format and the footer line under each chart
// (none when Footer is empty).
type Page struct {
	Format Format
	Footer string
}

// Write draws c in pg's format with pg's footer. A panic inside gonum/plot (it panics on some
// degenerate input) is returned as an error.
func (pg Page) Write(f *Fonts, c Chart, w io.Writer) (err error) {
	if c.draw == nil {
		return errors.New("plots: Write of an empty chart")
	}
	height := c.Height
	if pg.Footer != "" {
		height += footerH
	}
	if !(c.Width > 0 && height > 0) || c.Width > maxSide || height > maxSide {
		return fmt.Errorf("plots: image size %.1f×%.1f cm out of range", c.Width/vg.Centimeter, height/vg.Centimeter)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: drawing failed: %v", r)
		}
	}()
	canvas, finish := pg.canvas(c.Width, height)
	dc := draw.Crop(draw.New(canvas), margin, -margin, margin, -margin)
	if pg.Footer != "" {
		drawFooter(f, dc, pg.Footer)
		dc.Min.Y += footerH
	}
	c.draw(dc)
	return finish(w)
}

// canvas makes a canvas of pg's format and the function that writes it.
func (pg Page) canvas(width, height vg.Length) (vg.CanvasSizer, func(io.Writer) error) {
	switch pg.Format {
	case SVG:
		c := vgsvg.NewWith(vgsvg.UseWH(width, height), vgsvg.EmbedFonts(false))
		return c, func(w io.Writer) error { _, err := c.WriteTo(w); return err }
	case PDF:
		c := vgpdf.New(width, height)
		return c, func(w io.Writer) error { _, err := c.WriteTo(w); return err }
	}
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))
	return c, func(w io.Writer) error { _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); return err }
}

// drawFooter writes the footer line, small and grey, right-aligned at the bottom of c.
func drawFooter(f *Fonts, c draw.Canvas, footer string) {
	sty := f.orEnglish().style(7)
	sty.Color = color.Gray{Y: 100}
	sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
	c.FillText(sty, vg.Point{X: c.Max.X, Y: c.Min.Y}, f.text(footer, asciiOnly(footer)))
}

// asciiOnly drops what a Latin-only face cannot draw.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 {
			return r
		}
		return -1
	}, s)
}

// SavePNG writes a plot as a PNG at 150 DPI with the given size and no footer.
func SavePNG(p *plot.Plot, w io.Writer, width, height vg.Length) error {
	if p == nil {
		return errors.New("plots: SavePNG of a nil plot")
	}
	return Page{Format: PNG}.Write(nil, PlotChart(p, width, height), w)
}
