package main

import (
	"bytes"
	"context"
	"fmt"
	"runtime"

	"github.com/sourcegraph/conc/pool"
	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/plots"
)

// chart is one PNG to render.
type chart struct {
	name string
	draw func(*bytes.Buffer) error
}

// renderCharts draws charts concurrently and adds them to the bundle under charts/.
// A cancelled ctx stops it before the next chart.
func renderCharts(ctx context.Context, b *bundle, charts []chart) error {
	out := make([]bytes.Buffer, len(charts))
	// One chart per core at a time: each holds a full-size image while it renders.
	p := pool.New().WithErrors().WithMaxGoroutines(runtime.GOMAXPROCS(0))
	for i, c := range charts {
		p.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := c.draw(&out[i]); err != nil {
				return fmt.Errorf("chart %s: %w", c.name, err)
			}
			return nil
		})
	}
	if err := p.Wait(); err != nil {
		return err
	}
	for i, c := range charts {
		b.add("charts/"+c.name, out[i].Bytes())
	}
	return nil
}

// addRunCharts draws a fan chart per indicator, an overview per region and the risk chart.
func addRunCharts(ctx context.Context, b *bundle, p *prepared, r *forecast.Result) error {
	var charts []chart
	for _, ir := range r.Indicators {
		charts = append(charts, chart{"fan-" + ir.ID + ".png", func(w *bytes.Buffer) error {
			pl, err := plots.Fan(p.fonts, ir)
			if err != nil {
				return err
			}
			return plots.SavePNG(pl, w, 16*vg.Centimeter, 10*vg.Centimeter)
		}})
	}
	for _, reg := range regionsOf(r) {
		var irs []forecast.IndicatorResult
		for _, ir := range r.Indicators {
			if ir.Region == reg {
				irs = append(irs, ir)
			}
		}
		charts = append(charts, chart{"overview-" + reg + ".png", func(w *bytes.Buffer) error {
			return plots.Overview(p.fonts, reg, irs, w)
		}})
	}
	charts = append(charts, chart{"risk.png", func(w *bytes.Buffer) error {
		return plots.Risk(p.fonts, p.fonts.Label("目标达成概率:"+p.sc.Name, "P(hit) by target: "+p.sc.Name), r.Indicators, w)
	}})
	return renderCharts(ctx, b, charts)
}
