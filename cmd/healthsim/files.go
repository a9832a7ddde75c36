package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/forecast"
)

// resultFile is the content of result.json: enough to reproduce the run and read every number.
type resultFile struct {
	Version string `json:"version"`
	// Fields explains the fields of the results a reader may not guess.
	Fields map[string]string `json:"fields"`
	// QuantileLevels are the levels of every "quantiles" array, in order.
	QuantileLevels []float64          `json:"quantile_levels"`
	Config         any                `json:"scenario"`
	Seed           uint64             `json:"seed"`
	Runs           int64              `json:"runs"`
	Horizon        int                `json:"horizon"`
	Defaults       forecast.Defaults  `json:"model_defaults"`
	Reference      any                `json:"reference_plan"`
	Run            runFigures         `json:"run"`
	Skipped        []forecast.Skip    `json:"skipped"`
	Results        []*forecast.Result `json:"results"`
}

type runFigures struct {
	Precision      *precisionFigures `json:"precision,omitempty"`
	Paths          int64             `json:"paths"`
	Workers        int               `json:"workers"`
	ElapsedSeconds float64           `json:"elapsed_seconds"`
	PathsPerSecond float64           `json:"paths_per_second"`
}

func resultDoc(p *prepared, rs []*forecast.Result, st forecast.Stats) resultFile {
	return resultFile{
		Version: version(), Config: p.cfg, Seed: p.sc.Seed, Runs: p.sc.Runs, Horizon: p.sc.Horizon,
		Defaults: p.model.Defaults, Reference: p.sc.Reference, Skipped: p.model.Skipped, Results: rs,
		Run: runFigures{Paths: st.Paths, Workers: st.Workers, ElapsedSeconds: st.Elapsed.Seconds(), PathsPerSecond: st.PathsPerSecond(),
			Precision: precisionOf(p, rs, st)},
		Fields: resultFields, QuantileLevels: forecast.Quantiles[:],
	}
}

// resultFields documents the fields of result.json that need words.
var resultFields = map[string]string{
	"quantiles":            "the projected values at quantile_levels (p05, p10, p25, p50, p75, p90, p95), in the indicator's unit",
	"first_reached":        "first_reached[k] is the share of paths on which the final target is first met in the year baseline_year+1+k; the last entry is the share that do not meet it by the horizon. \"By 2025\" is the sum of the entries up to 2025; a target \"in 2025\" is judged on the 2025 value alone (p_hit).",
	"p_hit":                "the share of paths that meet the goal in its year, with its Monte Carlo standard error p_hit_se",
	"delta":                "P(hit) under this allocation minus under the reference, from the same paths; delta_se is its paired standard error",
	"expected_targets_met": "the sum of P(hit) over the targets still ahead (not milestones, not observed goals), with its Monte Carlo standard error",
	"basis":                "where the status-quo pace comes from: history, reference:<series>, family:<name>, assumed, or observed",
}

// precisionFigures say whether a precision asked for was reached within the path cap (runs).
type precisionFigures struct {
	Target  float64 `json:"target_se"`
	MaxSE   float64 `json:"max_se"`
	Reached bool    `json:"reached"`
	PathCap int64   `json:"path_cap"`
}

// precisionOf is nil when the scenario asks for no precision.
func precisionOf(p *prepared, rs []*forecast.Result, st forecast.Stats) *precisionFigures {
	if p.sc.Precision <= 0 {
		return nil
	}
	worst := 0.0
	for _, r := range rs {
		for _, ir := range r.Indicators {
			for _, g := range ir.Goals {
				if !g.Observed {
					worst = math.Max(worst, g.SE)
				}
			}
		}
	}
	return &precisionFigures{Target: p.sc.Precision, MaxSE: worst, Reached: worst <= p.sc.Precision, PathCap: p.sc.Runs}
}

// precisionNote is the warning when precision mode stopped at the path cap; "" otherwise.
func precisionNote(p *prepared, rs []*forecast.Result, st forecast.Stats) string {
	pf := precisionOf(p, rs, st)
	if pf == nil || pf.Reached {
		return ""
	}
	return fmt.Sprintf("note: precision %g not reached: after the cap of %d paths (runs) the largest standard error is %.4f; raise runs or ask for less precision",
		pf.Target, st.Paths, pf.MaxSE)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

var summaryHeader = []string{"scenario", "region", "indicator", "name_en", "name_zh", "unit", "direction", "kind", "nature", "target_year", "test", "target",
	"baseline_year", "baseline", "p_hit", "p_hit_se", "p05", "p50", "p95", "sdg_on_track", "sdg_acceleration_needed",
	"sdg_stagnation", "basis", "pace_per_year", "programme_effect_per_year"}

func summaryRows(scenario string, r *forecast.Result) [][]string {
	var rows [][]string
	for _, gr := range goalRows(r) {
		g, ir := gr.goal, gr.ind
		q := []string{"", "", ""}
		if len(g.Quantiles) > 0 {
			q = []string{sig(g.Quantiles[forecast.Q05]), sig(g.Quantiles[forecast.Q50]), sig(g.Quantiles[forecast.Q95])}
		}
		rows = append(rows, []string{scenario, ir.Region, ir.ID, ir.NameEN, ir.NameZH, ir.Unit, string(ir.Direction), goalKind(g), natureText(ir.Nature),
			strconv.Itoa(g.Year), string(g.Test), sig(g.Value), strconv.Itoa(ir.BaselineYear), sig(ir.Baseline),
			f4(g.PHit), f4(g.SE), q[0], q[1], q[2], f4(g.OnTrack), f4(g.Acceleration), f4(g.Stagnation), rowBasis(gr),
			sig(ir.Params.Drift), sig(ir.Params.Effectiveness)})
	}
	return rows
}

var trajectoryHeader = []string{"scenario", "region", "indicator", "year", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "mean"}

func trajectoryRows(scenario string, r *forecast.Result) [][]string {
	var rows [][]string
	for _, ir := range r.Indicators {
		for _, pt := range ir.Trajectory {
			row := []string{scenario, ir.Region, ir.ID, strconv.Itoa(pt.Year)}
			for _, q := range pt.Q {
				row = append(row, sig(q))
			}
			rows = append(rows, append(row, sig(pt.Mean)))
		}
	}
	return rows
}

// runBundle makes every output file of a run in memory.
func runBundle(ctx context.Context, p *prepared, r *forecast.Result, st forecast.Stats) (*bundle, error) {
	b := newBundle()
	name := p.sc.Name
	if err := b.addCSV("summary.csv", summaryHeader, append(summaryRows(name, r), notSimulatedSummaryRows(name, p.sc)...)); err != nil {
		return nil, err
	}
	if err := b.addCSV("trajectories.csv", trajectoryHeader, trajectoryRows(name, r)); err != nil {
		return nil, err
	}
	if err := b.addJSON("result.json", resultDoc(p, []*forecast.Result{r}, st)); err != nil {
		return nil, err
	}
	b.add("report.md", report(p, r, st))
	xlsx, err := workbook([]sheet{withNotSimulated(summarySheet(name, r), name, p.sc), trajectorySheet(name, r)})
	if err != nil {
		return nil, err
	}
	b.add("healthsim.xlsx", xlsx)
	if p.fonts != nil {
		if err := addRunCharts(ctx, b, p, r); err != nil {
			return nil, err
		}
	}
	html, err := renderHTMLReport(p, r, st.Paths, p.lang, b.charts())
	if err != nil {
		return nil, err
	}
	b.add("report.html", html)
	return b, nil
}

// report is a Markdown summary a planner can paste into a document.
func report(p *prepared, r *forecast.Result, st forecast.Stats) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", p.sc.Name)
	if p.sc.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", p.sc.Description)
	}
	fmt.Fprintf(&b, "%d Monte Carlo paths, seed %d, projected to %d (healthsim %s). ", st.Paths, p.sc.Seed, p.sc.Horizon, version())
	fmt.Fprintf(&b, "Expected targets met: %.1f of %d", r.ExpectedMet, r.Targets)
	if r.BindingTargets > 0 {
		fmt.Fprintf(&b, " (binding: %.1f of %d; all binding met with probability %.2f)", r.ExpectedBinding, r.BindingTargets, r.PAllBinding)
	}
	b.WriteString(".\n\nP(hit) is the share of simulated paths that meet the target (± one Monte Carlo standard error). ")
	b.WriteString("SDG status is the UN progress category most paths fall in, by R = (projected − baseline) / (target − baseline): on track (R ≥ 0.95 or met), acceleration needed (0.10 ≤ R < 0.95), stagnation or regression (R < 0.10).\n")
	rows := goalRows(r)
	for _, reg := range reportRegions(p.cat, r, p.sc) {
		fmt.Fprintf(&b, "\n## %s\n\n", strings.ToUpper(reg[:1])+reg[1:])
		b.WriteString("| 指标 Indicator | Year | Target | Baseline | Median | P(hit) | SDG status | Basis |\n")
		b.WriteString("|---|---|---|---|---|---|---|---|\n")
		for _, gr := range rows {
			if gr.ind.Region != reg {
				continue
			}
			g := gr.goal
			kind := ""
			if g.Milestone {
				kind = " (milestone)"
			}
			fmt.Fprintf(&b, "| %s %s | %d%s | %s %s %s | %s (%d) | %s | %.2f ± %.3f | %s | %s |\n",
				mdEscape(gr.ind.NameZH), mdEscape(gr.ind.NameEN), g.Year, kind, mdEscape(string(g.Test)), goalValue(g), gr.ind.Unit,
				sig(gr.ind.Baseline), gr.ind.BaselineYear, median(g), g.PHit, g.SE, sdgText(g), basis(gr))
		}
		writeNotSimulatedMarkdown(&b, p.sc, reg)
	}
	if len(p.sc.NotSimulated) > 0 {
		fmt.Fprintf(&b, "\n%s\n", notSimulatedNote(p.sc))
	}
	writeUnreachedMarkdown(&b, p.cat, p.model, r.Allocation)
	return b.Bytes()
}

// sdgStatus names the SDG category most paths fall in.
// sdgText is sdgStatus, explained where it would seem to contradict P(hit): a path that comes
// within 5% of the distance to the target is on track without meeting it.
func sdgText(g forecast.GoalResult) string {
	s := sdgStatus(g)
	if s == "on track" && g.PHit < 0.5 && !g.Observed {
		return fmt.Sprintf("on track on %.0f%% of paths (95%% of the way or more), but the target is met on only %.0f%%", 100*g.OnTrack, 100*g.PHit)
	}
	return s
}

func sdgStatus(g forecast.GoalResult) string {
	switch {
	case g.OnTrack >= g.Acceleration && g.OnTrack >= g.Stagnation:
		return "on track"
	case g.Acceleration >= g.Stagnation:
		return "acceleration needed"
	}
	return "stagnation or regression"
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func regionsOf(r *forecast.Result) []string {
	var out []string
	seen := map[string]bool{}
	for _, ir := range r.Indicators {
		if !seen[ir.Region] {
			seen[ir.Region] = true
			out = append(out, ir.Region)
		}
	}
	return out
}
