package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/healthsim/healthsim/forecast/sensitivity"
	"github.com/healthsim/healthsim/plots"
)

// sensResult is what a sensitivity study found.
type sensResult struct {
	swings  *sensitivity.Swings
	sobol   *sensitivity.Indices
	elapsed time.Duration
}

// run carries out the tornado and then the Sobol study.
func (pl *sensPlan) run(ctx context.Context, e *env, quiet bool) (*sensResult, error) {
	start := time.Now()
	note := func(format string, args ...any) {
		if !quiet {
			fmt.Fprintf(e.stderr, format+"\n", args...)
		}
	}
	t := pl.tornado
	base, low, high := t.Ranges()
	note("tornado: %d assumptions × 2 ends × %d batches of %d paths", len(t.Assumptions), pl.batches, pl.paths)
	f := func(ctx context.Context, seed uint64, pts [][]float64) ([][]float64, error) {
		return t.Evaluate(ctx, seed, pl.paths, pts)
	}
	sw, err := sensitivity.Tornado(ctx, f, base, low, high, sensitivity.Seeds(pl.seed, pl.batches))
	if err != nil {
		return nil, err
	}
	s := pl.sobol
	d := len(s.Assumptions)
	note("sobol: %d assumptions, %d model runs of %d paths", d, pl.sobolN*(d+2), pl.sobolPaths)
	ix, err := sensitivity.Sobol{N: pl.sobolN, Seed: pl.seed}.Estimate(ctx, d, func(ctx context.Context, pts [][]float64) ([][]float64, error) {
		vals := make([][]float64, len(pts))
		for i, u := range pts {
			vals[i] = sensitivity.FromUnit(s.Assumptions, u)
		}
		return s.Evaluate(ctx, pl.seed, pl.sobolPaths, vals)
	})
	if err != nil {
		return nil, err
	}
	return &sensResult{swings: sw, sobol: ix, elapsed: time.Since(start)}, nil
}

var sensHeader = []string{"method", "region", "indicator", "name_zh", "name_en", "year", "test", "target", "output",
	"assumption", "low", "high", "at_base", "at_low", "at_high", "swing", "swing_se", "first", "first_se", "total", "total_se"}

// sensRows lists every tornado swing, then every Sobol index, of P(hit) and of the projected mean.
func sensRows(pl *sensPlan, res *sensResult) [][]string {
	var rows [][]string
	nt := len(pl.tornado.Targets)
	for _, m := range []struct {
		st     *sensitivity.Study
		method string
	}{{pl.tornado, "tornado"}, {pl.sobol, "sobol"}} {
		for k, t := range m.st.Targets {
			for o, output := range []string{"p_hit", "mean"} {
				out := k + o*nt
				for i, a := range m.st.Assumptions {
					row := []string{m.method, t.Region, t.Indicator, t.NameZH, t.NameEN, strconv.Itoa(t.Year), string(t.Test),
						sig(t.Value), output, a.Name, sig(a.Low), sig(a.High)}
					if m.method == "tornado" {
						sw := res.swings
						row = append(row, sig(sw.Base[out]), sig(sw.Low[out][i]), sig(sw.High[out][i]), sig(sw.Swing[out][i]), sig(sw.SwingSE[out][i]), "", "", "", "")
					} else {
						ix := res.sobol
						row = append(row, sig(ix.Mean[out]), "", "", "", "", sig(ix.First[out][i]), sig(ix.FirstSE[out][i]), sig(ix.Total[out][i]), sig(ix.TotalSE[out][i]))
					}
					rows = append(rows, row)
				}
			}
		}
	}
	return rows
}

// topThree returns the three assumptions with the largest total Sobol index of target k's P(hit).
func topThree(pl *sensPlan, res *sensResult, k int) []int {
	idx := make([]int, len(pl.sobol.Assumptions))
	for i := range idx {
		idx[i] = i
	}
	tot := res.sobol.Total[k]
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(tot[b], tot[a]) })
	return idx[:min(3, len(idx))]
}

// sensDoc is sensitivity.json (and --format json).
type sensDoc struct {
	Settings    map[string]any           `json:"settings"`
	Assumptions []sensitivity.Assumption `json:"assumptions"`
	Targets     []sensTarget             `json:"targets"`
}

type sensTarget struct {
	sensitivity.Target
	PHit     float64    `json:"p_hit"`
	Variance float64    `json:"p_hit_variance"`
	Top      []sensItem `json:"top"`
}

type sensItem struct {
	Assumption string  `json:"assumption"`
	Total      float64 `json:"total"`
	TotalSE    float64 `json:"total_se"`
	First      float64 `json:"first"`
	FirstSE    float64 `json:"first_se"`
}

func sensitivityDoc(pl *sensPlan, res *sensResult) sensDoc {
	doc := sensDoc{
		Settings: map[string]any{"tornado_paths": pl.paths, "tornado_batches": pl.batches, "sobol_n": pl.sobolN,
			"sobol_paths": pl.sobolPaths, "seed": pl.seed, "elapsed_seconds": res.elapsed.Seconds()},
		Assumptions: pl.tornado.Assumptions,
	}
	ix := res.sobol
	for k, t := range pl.sobol.Targets {
		st := sensTarget{Target: t, PHit: res.swings.Base[k], Variance: ix.Variance[k]}
		for _, i := range topThree(pl, res, k) {
			st.Top = append(st.Top, sensItem{pl.sobol.Assumptions[i].Name, ix.Total[k][i], ix.TotalSE[k][i], ix.First[k][i], ix.FirstSE[k][i]})
		}
		doc.Targets = append(doc.Targets, st)
	}
	return doc
}

// printSensitivity writes the three assumptions that matter most for each target's P(hit).
func printSensitivity(w io.Writer, pl *sensPlan, res *sensResult) error {
	var rows [][]string
	ix := res.sobol
	for k, t := range pl.sobol.Targets {
		row := []string{t.Region, t.NameZH, strconv.Itoa(t.Year), fmt.Sprintf("%.3f", res.swings.Base[k])}
		if !(ix.Variance[k] > 0) {
			row = append(row, "(P(hit) does not move)", "", "")
		} else {
			for _, i := range topThree(pl, res, k) {
				row = append(row, fmt.Sprintf("%s %.2f±%.2f", pl.sobol.Assumptions[i].Name, ix.Total[k][i], ix.TotalSE[k][i]))
			}
		}
		rows = append(rows, row)
	}
	fmt.Fprintln(w, "The three assumptions that matter most for each target's P(hit) (total Sobol index ± SE):")
	return table(w, []string{"region", "indicator", "year", "P(hit)", "1st", "2nd", "3rd"}, rows, []int{0, 24, 0, 0, 30, 30, 30})
}

// sensitivityBundle collects sensitivity.csv, sensitivity.json and the charts.
func sensitivityBundle(ctx context.Context, p *prepared, pl *sensPlan, res *sensResult, charts bool) (*bundle, error) {
	b := newBundle()
	if err := b.addCSV("sensitivity.csv", sensHeader, sensRows(pl, res)); err != nil {
		return nil, err
	}
	if err := b.addJSON("sensitivity.json", sensitivityDoc(pl, res)); err != nil {
		return nil, err
	}
	if !charts {
		return b, nil
	}
	var cs []chart
	seen := map[string]int{}
	for _, k := range pl.chartTargets(res) {
		t := pl.tornado.Targets[k]
		name := fmt.Sprintf("tornado-%s-%d", t.Indicator, t.Year)
		if seen[name]++; seen[name] > 1 { // two targets of one indicator in one year
			name += "-" + strconv.Itoa(seen[name])
		}
		c, err := tornadoChart(p, pl, res, k)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", name, err)
		}
		cs = append(cs, chart{name, c})
	}
	c, err := heatmapChart(p, pl, res)
	if err != nil {
		return nil, fmt.Errorf("chart sobol-total: %w", err)
	}
	cs = append(cs, chart{"sobol-total", c})
	if err := p.chartOutput(pl.paths).render(ctx, b, cs); err != nil {
		return nil, err
	}
	return b, nil
}

// chartTargets are the targets asked for, else the ones whose P(hit) swings most.
func (pl *sensPlan) chartTargets(res *sensResult) []int {
	if len(pl.charted) > 0 {
		return pl.charted
	}
	widest := func(k int) float64 {
		w := 0.0
		for _, s := range res.swings.Swing[k] {
			w = math.Max(w, math.Abs(s))
		}
		return w
	}
	idx := make([]int, len(pl.tornado.Targets))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(widest(b), widest(a)) })
	return idx[:min(defaultTornadoes, len(idx))]
}

// maxTornadoBars is the most assumptions a tornado chart shows (the widest swings).
const maxTornadoBars = 14

func tornadoChart(p *prepared, pl *sensPlan, res *sensResult, k int) (plots.Chart, error) {
	t, sw := pl.tornado.Targets[k], res.swings
	var bars []plots.TornadoBar
	for i, a := range pl.tornado.Assumptions {
		if sw.Low[k][i] == sw.High[k][i] && sw.SwingSE[k][i] == 0 {
			continue // an assumption this target does not depend on (a programme it is not linked to)
		}
		bars = append(bars, plots.TornadoBar{Name: assumptionLabel(a), Low: sw.Low[k][i], High: sw.High[k][i], SE: sw.SwingSE[k][i],
			LowText: endText(a, a.Low), HighText: endText(a, a.High)})
	}
	slices.SortStableFunc(bars, func(a, b plots.TornadoBar) int {
		return cmp.Compare(math.Abs(b.High-b.Low), math.Abs(a.High-a.Low))
	})
	bars = bars[:min(maxTornadoBars, len(bars))]
	title := plots.Label{
		ZH: fmt.Sprintf("%s %d 年目标 %s %s：各假设的影响", t.NameZH, t.Year, t.Test, sig(t.Value)),
		EN: fmt.Sprintf("%s, %d target %s %s: effect of each assumption", t.NameEN, t.Year, t.Test, sig(t.Value)),
	}
	x := plots.Label{ZH: fmt.Sprintf("达成概率 P(达成)（基准 %.3f）", sw.Base[k]), EN: fmt.Sprintf("P(hit) (base %.3f)", sw.Base[k])}
	return plots.Tornado(p.fonts, title, x, sw.Base[k], bars)
}

// maxHeatRows is the most targets the heat map shows (those whose P(hit) varies most).
const maxHeatRows = 40

func heatmapChart(p *prepared, pl *sensPlan, res *sensResult) (plots.Chart, error) {
	ix := res.sobol
	var ks []int
	for k := range pl.sobol.Targets {
		if ix.Variance[k] > 0 {
			ks = append(ks, k)
		}
	}
	slices.SortStableFunc(ks, func(a, b int) int { return cmp.Compare(ix.Variance[b], ix.Variance[a]) })
	ks = ks[:min(maxHeatRows, len(ks))]
	var rows []plots.Label
	var vals [][]float64
	for _, k := range ks {
		t := pl.sobol.Targets[k]
		rows = append(rows, plots.Label{ZH: fmt.Sprintf("%s %d", t.NameZH, t.Year), EN: fmt.Sprintf("%s %d", t.NameEN, t.Year)})
		v := make([]float64, len(ix.Total[k]))
		for i, x := range ix.Total[k] {
			v[i] = math.Max(0, math.Min(1, x))
		}
		vals = append(vals, v)
	}
	var cols []plots.Label
	for _, a := range pl.sobol.Assumptions {
		cols = append(cols, assumptionLabel(a))
	}
	title := plots.Label{
		ZH: fmt.Sprintf("达成概率的总 Sobol 指数（%d 个概率会变动的目标）", len(ks)),
		EN: fmt.Sprintf("Total Sobol indices of P(hit) (%d targets whose P(hit) varies)", len(ks)),
	}
	return plots.Heatmap(p.fonts, title, rows, cols, vals)
}

var assumptionNames = map[string]plots.Label{
	"pace":              {ZH: "现状趋势", EN: "status-quo pace"},
	"pace_uncertainty":  {ZH: "趋势不确定性", EN: "pace uncertainty"},
	"noise":             {ZH: "年际波动", EN: "year-to-year noise"},
	"effectiveness":     {ZH: "项目成效", EN: "programme effectiveness"},
	"lag":               {ZH: "资金滞后（年）", EN: "lag (years)"},
	"correlation":       {ZH: "指标间相关", EN: "correlation"},
	"shock_probability": {ZH: "冲击概率", EN: "shock probability"},
	"funding":           {ZH: "全部项目资金", EN: "all programmes' funding"},
}

func assumptionLabel(a sensitivity.Assumption) plots.Label {
	if a.Kind == sensitivity.Program {
		id := strings.TrimPrefix(a.Program, "huzhou_")
		return plots.Label{ZH: "资金：" + id, EN: "funding: " + id}
	}
	if l, ok := assumptionNames[a.Name]; ok {
		return l
	}
	return plots.Label{ZH: a.Name, EN: a.Name}
}

// endText writes an end of an assumption's range: "0.5×" for multipliers and funding, "2 y" for
// a lag, the value otherwise.
func endText(a sensitivity.Assumption, v float64) string {
	switch a.Kind {
	case sensitivity.Multiplier, sensitivity.Funding, sensitivity.Program:
		return sig(v) + "×"
	case sensitivity.Years:
		return sig(v) + " y"
	}
	return sig(v)
}
