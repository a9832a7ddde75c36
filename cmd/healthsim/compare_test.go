package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// compareJSON is the part of compare.json the tests read.
type compareJSON struct {
	Runs      int64 `json:"runs"`
	Scenarios []struct {
		Name        string   `json:"name"`
		Cost        float64  `json:"total_cost_wan_yuan"`
		ExpectedMet float64  `json:"expected_targets_met"`
		Targets     int      `json:"targets"`
		DeltaMet    float64  `json:"delta_expected_met"`
		PerYi       *float64 `json:"extra_targets_per_100m_yuan"`
		MetSE       float64  `json:"expected_targets_met_se"`
		DeltaSE     float64  `json:"delta_expected_met_se"`
	} `json:"scenarios"`
	Results []struct {
		Allocation string `json:"allocation"`
		Paths      int64  `json:"paths"`
		Indicators []struct {
			ID    string `json:"id"`
			Goals []struct {
				Year            int     `json:"year"`
				Milestone       bool    `json:"milestone"`
				Observed        bool    `json:"observed"`
				PHit            float64 `json:"p_hit"`
				Delta           float64 `json:"delta"`
				DeltaSE         float64 `json:"delta_se"`
				DeltaSEUnpaired float64 `json:"delta_se_unpaired"`
			} `json:"goals"`
		} `json:"indicators"`
	} `json:"results"`
}

var compareColumns = []string{"scenario", "region", "indicator", "target_year", "p_hit", "delta", "delta_se"}

// TestCompareHuzhou runs the budget comparison of the example and checks what a budget team reads
// from it: the columns, the reference, the timing effect and the paired standard errors.
func TestCompareHuzhou(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	r := runCLI(t, "compare", "--config", example("huzhou-compare.yaml"), "--runs", "20000", "--no-charts", "--quiet", "--out", out).mustSucceed(t)
	for _, w := range []string{"7 scenarios on 20000 common paths", "RANK", "plan (reference)", "front-loaded", "back-loaded"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout does not contain %q:\n%s", w, r.stdout)
		}
	}

	tab := readCSV(t, filepath.Join(out, "compare.csv"))
	tab.requireColumns(t, "compare.csv", compareColumns...)
	names := []string{"plan", "cut-20", "plus-20", "talent-first", "digital-first", "front-loaded", "back-loaded"}
	for _, n := range names {
		if len(tab.where("scenario", n, "indicator", "huzhou_cmi_tertiary", "target_year", "2025")) != 1 {
			t.Errorf("compare.csv has no single CMI 2025 row for %s", n)
		}
	}
	for _, row := range tab.where("scenario", "plan") {
		if num64(t, row["delta"]) != 0 || num64(t, row["delta_se"]) != 0 {
			t.Errorf("reference row %s %s has delta %s ± %s, want 0", row["indicator"], row["target_year"], row["delta"], row["delta_se"])
		}
	}

	var cmp compareJSON
	readJSON(t, filepath.Join(out, "compare.json"), &cmp)
	if cmp.Runs != 20000 {
		t.Errorf("compare.json runs = %d, want 20000", cmp.Runs)
	}
	sc := map[string]int{}
	for i, s := range cmp.Scenarios {
		sc[s.Name] = i
	}
	if len(cmp.Scenarios) != len(names) || len(cmp.Results) != len(names) {
		t.Fatalf("compare.json has %d scenarios and %d results, want %d", len(cmp.Scenarios), len(cmp.Results), len(names))
	}
	if cmp.Scenarios[0].Name != "plan" {
		t.Errorf("the reference is %q, want plan (the first)", cmp.Scenarios[0].Name)
	}
	get := func(name string) int {
		i, ok := sc[name]
		if !ok {
			t.Fatalf("compare.json has no scenario %q", name)
		}
		return i
	}

	// Costs and cost-effectiveness against the reference.
	for name, cost := range map[string]float64{"plan": 97500, "cut-20": 78000, "plus-20": 117000, "front-loaded": 97500, "back-loaded": 97500} {
		s := cmp.Scenarios[get(name)]
		if s.Cost < cost-0.5 || s.Cost > cost+0.5 {
			t.Errorf("%s costs %v万元, want %v", name, s.Cost, cost)
		}
		if (s.PerYi != nil) != (cost != 97500) {
			t.Errorf("%s: extra targets per 1亿元 = %v; want a value exactly when the cost differs from the reference", name, s.PerYi)
		}
	}
	if d := cmp.Scenarios[get("plus-20")].DeltaMet; d <= 0 {
		t.Errorf("plus-20 changes expected targets met by %v, want > 0", d)
	}
	if d := cmp.Scenarios[get("cut-20")].DeltaMet; d >= 0 {
		t.Errorf("cut-20 changes expected targets met by %v, want < 0", d)
	}

	// With a lag, spending early beats spending late for the 2025 targets.
	front, back := cmp.Scenarios[get("front-loaded")], cmp.Scenarios[get("back-loaded")]
	if front.ExpectedMet <= back.ExpectedMet {
		t.Errorf("expected targets met: front-loaded %.3f, back-loaded %.3f; front-loading must do better", front.ExpectedMet, back.ExpectedMet)
	}
	sum2025 := func(i int) (sum, cmi float64) {
		for _, ir := range cmp.Results[i].Indicators {
			for _, g := range ir.Goals {
				if g.Year == 2025 && !g.Milestone && !g.Observed {
					sum += g.PHit
					if ir.ID == "huzhou_cmi_tertiary" {
						cmi = g.PHit
					}
				}
			}
		}
		return sum, cmi
	}
	fs, fc := sum2025(get("front-loaded"))
	bs, bc := sum2025(get("back-loaded"))
	if fc <= bc {
		t.Errorf("CMI 2025 P(hit): front-loaded %.4f, back-loaded %.4f; front-loading must do better", fc, bc)
	}
	if fs <= bs {
		t.Errorf("2025 targets met: front-loaded %.3f, back-loaded %.3f; front-loading must do better", fs, bs)
	}

	// Common random numbers: the paired standard error of a difference is far smaller than the
	// unpaired one.
	var ratios []float64
	for _, res := range cmp.Results[1:] {
		if res.Paths != 20000 {
			t.Errorf("%s ran %d paths, want 20000 (common paths)", res.Allocation, res.Paths)
		}
		for _, ir := range res.Indicators {
			for _, g := range ir.Goals {
				// Near 0 or 1 a handful of paths differ and both errors are of the order 1/n.
				if g.Delta == 0 || g.Observed || g.PHit < 0.01 || g.PHit > 0.99 {
					continue
				}
				if g.DeltaSEUnpaired <= 0 {
					t.Errorf("%s %s %d: delta %v with unpaired SE %v", res.Allocation, ir.ID, g.Year, g.Delta, g.DeltaSEUnpaired)
					continue
				}
				r := g.DeltaSE / g.DeltaSEUnpaired
				ratios = append(ratios, r)
				if r > 0.6 {
					t.Errorf("%s %s %d: paired SE %.5f is not far below the unpaired %.5f", res.Allocation, ir.ID, g.Year, g.DeltaSE, g.DeltaSEUnpaired)
				}
			}
		}
	}
	if len(ratios) < 20 {
		t.Fatalf("only %d goals change between scenarios", len(ratios))
	}
	sort.Float64s(ratios)
	if med := ratios[len(ratios)/2]; med > 0.35 {
		t.Errorf("median paired/unpaired SE ratio %.3f, want well below 1", med)
	}
}

// TestCompareChartsAndJSON: compare draws its three charts and --format json prints compare.json.
func TestCompareChartsAndJSON(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	r := runCLI(t, "compare", "--config", example("huzhou-compare.yaml"), "--runs", "1000", "--quiet",
		"--format", "json", "--indicator", "huzhou_cmi_tertiary", "--out", out).mustSucceed(t)
	var cmp compareJSON
	if err := json.Unmarshal([]byte(r.stdout), &cmp); err != nil {
		t.Fatalf("stdout is not compare JSON: %v\n%.300s", err, r.stdout)
	}
	if len(cmp.Scenarios) != 7 || cmp.Runs != 1000 {
		t.Errorf("JSON on stdout: %d scenarios, runs %d", len(cmp.Scenarios), cmp.Runs)
	}
	for i, sc := range cmp.Scenarios {
		// Common random numbers: the paired error of a difference is well below one scenario's error.
		if sc.MetSE <= 0 || (i > 0 && !(sc.DeltaSE > 0 && sc.DeltaSE < sc.MetSE)) || (i == 0 && sc.DeltaSE != 0) {
			t.Errorf("%s: expected met SE %v, paired Δ SE %v", sc.Name, sc.MetSE, sc.DeltaSE)
		}
	}
	for _, name := range []string{"compare.csv", "compare.json", "charts/compare-delta.png", "charts/compare-cost.png",
		"charts/compare-fan-huzhou_cmi_tertiary.png"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Error(err)
			continue
		}
		if strings.HasSuffix(name, ".png") && !strings.HasPrefix(string(data), "\x89PNG") {
			t.Errorf("%s is not a PNG", name)
		}
	}
	assertNoTempFiles(t, out)
}

// TestCompareSeveralFiles: config files without a scenarios: list are one scenario each, the first
// the reference, on common paths.
func TestCompareSeveralFiles(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, "compare", "--config", example("huzhou-plan.yaml"), "--config", example("huzhou-cut-20.yaml"),
		"--runs", "5000", "--no-charts", "--quiet", "--out", out).mustSucceed(t)
	var cmp compareJSON
	readJSON(t, filepath.Join(out, "compare.json"), &cmp)
	if len(cmp.Scenarios) != 2 || cmp.Scenarios[0].Name != "huzhou-plan" || cmp.Scenarios[1].Name != "huzhou-cut-20" {
		t.Fatalf("scenarios %+v, want huzhou-plan then huzhou-cut-20", cmp.Scenarios)
	}
	if c := cmp.Scenarios[1].Cost; c < 77999.5 || c > 78000.5 {
		t.Errorf("huzhou-cut-20 costs %v万元, want 78000", c)
	}
	if d := cmp.Scenarios[1].DeltaMet; d >= 0 {
		t.Errorf("a 20%% cut changes expected targets met by %v, want < 0", d)
	}
	tab := readCSV(t, filepath.Join(out, "compare.csv"))
	if len(tab.where("scenario", "huzhou-cut-20", "indicator", "huzhou_cmi_tertiary", "target_year", "2025")) != 1 {
		t.Error("compare.csv has no CMI 2025 row for huzhou-cut-20")
	}
}

// TestCompareBadInput: compare's own mistakes are exit code 2 with nothing written. Not
// parallel: one case sets an environment variable.
func TestCompareBadInput(t *testing.T) {
	const head = "regions: [huzhou]\nscenarios:\n  - name: plan\n"
	cfg := []string{"compare", "--config", "{dir}/c.yaml", "--runs", "100"}
	checkBadInput(t, []badInput{
		{name: "unknown program in move",
			files: map[string]string{"c.yaml": head + "  - name: x\n    move:\n      - {from: huzhou_talnt, to: huzhou_tcm, amount: 10}\n"},
			args:  cfg,
			want:  []string{"{dir}/c.yaml: scenarios[1].move[0].from:", `unknown program "huzhou_talnt"`, "did you mean huzhou_talent", "allowed:"}},
		{name: "duplicate scenario names", files: map[string]string{"c.yaml": head + "  - name: plan\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: scenarios[1].name:", `duplicate scenario name "plan"`, "allowed: each name once"}},
		{name: "declared total does not add up", files: map[string]string{"c.yaml": head + "  - name: x\n    total: 12345\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: scenarios[1].total:", "97500", "12345", "allowed:"}},
		{name: "negative scale", files: map[string]string{"c.yaml": head + "  - name: x\n    scale: {all: -1}\n"}, args: cfg,
			want: []string{"{dir}/c.yaml: scenarios[1].scale", "allowed:"}},
		{name: "single scenario", files: map[string]string{"c.yaml": head}, args: cfg, want: []string{"at least two scenarios", "got 1"}},
		{name: "no scenarios list", args: []string{"compare", "--config", example("huzhou-plan.yaml"), "--runs", "100"},
			want: []string{"at least two scenarios"}},
		{name: "same file twice", args: []string{"compare", "--config", example("huzhou-plan.yaml"), "--config", example("huzhou-plan.yaml")},
			want: []string{"huzhou-plan.yaml", `scenario name "huzhou-plan"`, "allowed:"}},
		{name: "files differ in more than funding",
			args: []string{"compare", "--config", example("huzhou-plan.yaml"), "--config", example("shaoxing-2025.yaml")},
			want: []string{"shaoxing-2025.yaml", "differs from the first file's", "allowed:"}},
		{name: "no config", args: []string{"compare", "--runs", "100"}, want: []string{"--config"}},
		{name: "unknown --indicator", args: []string{"compare", "--config", example("huzhou-compare.yaml"), "--runs", "100", "--indicator", "nope"},
			want: []string{"--indicator", `"nope"`}},
		{name: "bad --format", args: []string{"compare", "--config", example("huzhou-compare.yaml"), "--format", "csv"},
			want: []string{"--format", "allowed: table, json"}},
		{name: "positional argument", args: []string{"compare", "--config", example("huzhou-compare.yaml"), "extra"},
			want: []string{"takes no arguments"}},
		{name: "HEALTHSIM_RUNS not a number", env: map[string]string{"HEALTHSIM_RUNS": "abc"},
			args: []string{"compare", "--config", example("huzhou-compare.yaml")}, want: []string{"HEALTHSIM_RUNS", "allowed:"}},
	})
}

// TestCompareCostOfReferencePlan: a programme given a plan in budget.reference is budgeted in 万元,
// so compare prices its scenarios from that plan, the same programmes the resolver checks the
// declared totals against.
func TestCompareCostOfReferencePlan(t *testing.T) {
	t.Parallel()
	cfg := writeFile(t, t.TempDir(), "shaoxing.yaml", `name: shaoxing-highland
regions: [shaoxing]
budget:
  reference:
    shaoxing_medical_highland: {2023: 2000, 2024: 2000, 2025: 2000}
scenarios:
  - {name: plan, total: 6000}
  - {name: cut, total: 4800, scale: {shaoxing_medical_highland: 0.8}}
`)
	out := outDir(t)
	r := runCLI(t, "compare", "--config", cfg, "--runs", "1000", "--no-charts", "--quiet", "--out", out).mustSucceed(t)
	var cmp compareJSON
	readJSON(t, filepath.Join(out, "compare.json"), &cmp)
	if len(cmp.Scenarios) != 2 {
		t.Fatalf("%d scenarios, want 2", len(cmp.Scenarios))
	}
	for i, want := range []float64{6000, 4800} {
		if got := cmp.Scenarios[i].Cost; math.Abs(got-want) > 0.5 {
			t.Errorf("%s costs %v万元, want %v", cmp.Scenarios[i].Name, got, want)
		}
	}
	if !strings.Contains(r.stdout, " 6000 ") || !strings.Contains(r.stdout, " 4800 ") {
		t.Errorf("the table does not show the costs 6000 and 4800:\n%s", r.stdout)
	}
}
