package main

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/sourcegraph/conc/pool"
	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/plots"
)

// chart is one chart of a run, named without its file extension.
type chart struct {
	name  string
	chart plots.Chart
}

// charts names each of a series of charts: "base", then "base-<part>".
func named(base string, cs []plots.Chart) []chart {
	out := make([]chart, len(cs))
	for i, c := range cs {
		out[i] = chart{base, c}
		if c.Part != "" {
			out[i].name += "-" + c.Part
		}
	}
	return out
}

// chartOutput says how a command writes its charts: the fonts, the file formats and the footer.
type chartOutput struct {
	fonts   *plots.Fonts
	formats []plots.Format
	footer  string
}

// chartOutput of a run: the footer names the scenario, the paths, the seed, the date and the
// version of healthsim.
func (p *prepared) chartOutput(paths int64) chartOutput {
	footer := footerLine(p.fonts,
		fmt.Sprintf("方案 %s · %d 条路径 · 随机种子 %d", p.sc.Name, paths, p.sc.Seed),
		fmt.Sprintf("scenario %s · %d paths · seed %d", p.sc.Name, paths, p.sc.Seed))
	return chartOutput{fonts: p.fonts, formats: p.chartFormats(), footer: footer}
}

// footerLine is a chart footer in the fonts' language: what made the charts (zh or en), then
// today's date and the version of healthsim.
func footerLine(fonts *plots.Fonts, zh, en string) string {
	tail := " · " + time.Now().UTC().Format("2006-01-02") + " · healthsim " + version()
	return fonts.Label(zh+tail, en+tail)
}

// render writes every chart in every format of out, concurrently, into the bundle under charts/.
// A cancelled ctx stops it before the next chart.
func (out chartOutput) render(ctx context.Context, b *bundle, charts []chart) error {
	type job struct {
		c      chart
		format plots.Format
	}
	var jobs []job
	for _, c := range charts {
		for _, f := range out.formats {
			jobs = append(jobs, job{c, f})
		}
	}
	data := make([]bytes.Buffer, len(jobs))
	// One chart per core at a time: each holds a full-size image while it renders.
	pl := pool.New().WithErrors().WithMaxGoroutines(runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		pl.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			pg := plots.Page{Format: j.format, Footer: out.footer}
			if err := pg.Write(out.fonts, j.c.chart, &data[i]); err != nil {
				return fmt.Errorf("chart %s.%s: %w", j.c.name, j.format, err)
			}
			return nil
		})
	}
	if err := pl.Wait(); err != nil {
		return err
	}
	for i, j := range jobs {
		b.add("charts/"+j.c.name+"."+string(j.format), data[i].Bytes())
	}
	return nil
}

// addRunCharts draws a fan chart per indicator, overview pages per region and risk charts per
// region.
func addRunCharts(ctx context.Context, b *bundle, p *prepared, r *forecast.Result) error {
	var charts []chart
	for _, ir := range r.Indicators {
		pl, err := plots.Fan(p.fonts, ir)
		if err != nil {
			return fmt.Errorf("chart fan-%s: %w", ir.ID, err)
		}
		charts = append(charts, chart{"fan-" + ir.ID, plots.PlotChart(pl, 16*vg.Centimeter, 10*vg.Centimeter)})
	}
	for _, reg := range regionsOf(r) {
		var irs []forecast.IndicatorResult
		for _, ir := range r.Indicators {
			if ir.Region == reg {
				irs = append(irs, ir)
			}
		}
		charts = append(charts, named("overview-"+reg, plots.Overview(p.fonts, reg, irs))...)
		charts = append(charts, named("risk-"+reg, plots.Risk(p.fonts, reg, irs))...)
	}
	return p.chartOutput(r.Paths).render(ctx, b, charts)
}
