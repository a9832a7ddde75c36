package plots

import (
	"errors"
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// DPI is the resolution of every PNG written.
const DPI = 150

// maxSide caps an image's side (about 4.2 m at 150 DPI would be absurd; 2.5 m is generous).
const maxSide = 250 * vg.Centimeter

// margin is left blank around every chart.
const margin = 0.15 * vg.Centimeter

// SavePNG writes a plot as a PNG at 150 DPI with the given size.
func SavePNG(p *plot.Plot, w io.Writer, width, height vg.Length) error {
	if p == nil {
		return errors.New("plots: SavePNG of a nil plot")
	}
	return render(w, width, height, p.Draw)
}

// render draws onto a white canvas of the given size and writes it as a PNG. A panic inside
// gonum/plot (it panics on some degenerate input) is returned as an error.
func render(w io.Writer, width, height vg.Length, drawFn func(draw.Canvas)) (err error) {
	if !(width > 0 && height > 0) || width > maxSide || height > maxSide {
		return fmt.Errorf("plots: image size %.1f×%.1f cm out of range", width/vg.Centimeter, height/vg.Centimeter)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: drawing failed: %v", r)
		}
	}()
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))
	drawFn(draw.Crop(draw.New(c), margin, -margin, margin, -margin))
	_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}
