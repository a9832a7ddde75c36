package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// optFast are flags that make an optimisation small enough for tests.
var optFast = []string{"--iterations", "4", "--paths", "1500", "--final-paths", "6000", "--batches", "4", "--no-charts", "--quiet"}

// optJSON is what the tests read of optimize.json.
type optJSON struct {
	Objective string  `json:"objective"`
	PlanValue float64 `json:"plan_value"`
	BestValue float64 `json:"best_value"`
	Gain      float64 `json:"gain"`
	GainSE    float64 `json:"gain_se"`
	Total     float64 `json:"total"`
	Marginal  []struct {
		Program string  `json:"program"`
		GainSE  float64 `json:"gain_se"`
	} `json:"marginal_per_1000"`
	Frontier []struct {
		Feasible bool    `json:"feasible"`
		Total    float64 `json:"total"`
	} `json:"frontier"`
}

// TestOptimizeExample runs the Huzhou example small: yearly totals hold to the 万元, floors and
// caps hold, the gain is not negative beyond its standard error, there is a marginal value per
// programme and a frontier with a chart, and best.yaml runs and compares against the plan.
func TestOptimizeExample(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	args := append([]string{"optimize", "--config", example("huzhou-optimize.yaml"), "--out", out}, optFast...)
	args = append(args[:len(args)-2], "--quiet") // with charts
	runCLI(t, args...).mustSucceed(t)
	tab := readCSV(t, filepath.Join(out, "optimize.csv"))
	years := map[string]float64{}
	for _, r := range tab.rows {
		plan, best, floor, cp := num64(t, r["plan"]), num64(t, r["best"]), num64(t, r["floor"]), num64(t, r["cap"])
		if best != math.Round(best) || best < floor-1e-9 || best > cp+1e-9 {
			t.Errorf("%s %s: best %v outside [%v, %v] or not whole 万元", r["program"], r["year"], best, floor, cp)
		}
		if math.Abs(floor-plan/2) > 0.01 || math.Abs(cp-2*plan) > 1 {
			t.Errorf("%s %s: floor %v, cap %v for plan %v", r["program"], r["year"], floor, cp, plan)
		}
		years[r["year"]] += best
	}
	for y, want := range map[string]float64{"2023": 32637, "2024": 40957, "2025": 23906} {
		if years[y] != want {
			t.Errorf("%s: best sums to %v万元, want %v", y, years[y], want)
		}
	}
	var doc optJSON
	readJSON(t, filepath.Join(out, "optimize.json"), &doc)
	if doc.Objective != "expected_met" || doc.Total != 97500 || doc.Gain < -3*doc.GainSE || len(doc.Marginal) != 15 || len(doc.Frontier) != 5 {
		t.Errorf("optimize.json: %+v", doc)
	}
	if _, err := os.Stat(filepath.Join(out, "charts", "frontier.png")); err != nil {
		t.Error(err)
	}
	best := filepath.Join(out, "best.yaml")
	runCLI(t, "run", "--config", best, "--out", outDir(t), "--runs", "1000", "--no-charts", "--quiet").mustSucceed(t)
	plan := writeFile(t, t.TempDir(), "plan.yaml", "name: plan\nregions: [huzhou]\nhorizon: 2027\nruns: 100000\nseed: 20250101\n")
	cmpOut := outDir(t)
	runCLI(t, "compare", "--config", plan, "--config", best, "--out", cmpOut, "--runs", "1000", "--no-charts", "--quiet").mustSucceed(t)
	if raw, err := os.ReadFile(filepath.Join(cmpOut, "compare.json")); err != nil || !json.Valid(raw) {
		t.Errorf("compare.json: %v", err)
	}
}

// TestOptimizeBadInput: mistakes are exit code 2 with the file and key named and nothing written.
func TestOptimizeBadInput(t *testing.T) {
	t.Parallel()
	const head = "regions: [huzhou]\noptimize:\n"
	cfg := append([]string{"optimize", "--config", "{dir}/c.yaml"}, optFast[:8]...)
	checkBadInput(t, []badInput{
		{name: "floor above cap", files: map[string]string{"c.yaml": head + "  floor: {share: 1.5}\n  cap: {share: 1.2}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize.floor:", "above its cap", "allowed:"}},
		{name: "floors exceed the total", files: map[string]string{"c.yaml": head + "  floor: {share: 1.5}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize:", "outside what the floors and caps allow", "allowed:"}},
		{name: "unknown programme", files: map[string]string{"c.yaml": head + "  programs: [huzhou_talnt]\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize.programs[0]:", `unknown programme "huzhou_talnt"`, "allowed:"}},
		{name: "objective with no targets", files: map[string]string{"c.yaml": head + "  objective: weighted\n  weights: {huzhou_cmi_tertiary: 0}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize.objective:", "no target to score", "allowed:"}},
		{name: "weight on an unknown indicator", files: map[string]string{"c.yaml": head + "  objective: weighted\n  weights: {huzhou_nope: 1}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize.weights.huzhou_nope:", "allowed:"}},
		{name: "year without a total", files: map[string]string{"c.yaml": head + "  year_totals: {2023: 32637, 2024: 40957}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize.year_totals:", "no total for 2025", "allowed:"}},
		{name: "total and year totals disagree", files: map[string]string{"c.yaml": head + "  total: 90000\n  year_totals: {2023: 32637, 2024: 40957, 2025: 23906}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize.total:", "not the sum of year_totals", "allowed:"}},
		{name: "cap for a programme that may not change", files: map[string]string{"c.yaml": head + "  programs: [huzhou_talent, huzhou_tcm]\n  caps:\n    huzhou_cmi: {share: 2}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: optimize.caps.huzhou_cmi:", "allowed:"}},
		{name: "one batch", args: []string{"optimize", "--config", example("huzhou-optimize.yaml"), "--batches", "1"},
			want: []string{"--batches 1", "allowed:"}},
		{name: "no config", args: []string{"optimize"}, want: []string{"--config"}},
	})
}
