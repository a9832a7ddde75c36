package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// sensFast are flags that make a sensitivity study small enough for tests.
var sensFast = []string{"--paths", "800", "--batches", "2", "--sobol-n", "6", "--sobol-paths", "300", "--no-charts", "--quiet"}

// checkSensitivityCSV: every probability in sensitivity.csv is one, and both methods are there.
func checkSensitivityCSV(t *testing.T, tab csvTable) {
	t.Helper()
	methods := map[string]bool{}
	for _, r := range tab.rows {
		methods[r["method"]] = true
		if r["output"] != "p_hit" {
			continue
		}
		for _, col := range []string{"at_base", "at_low", "at_high"} {
			if r[col] == "" {
				continue
			}
			if p := num64(t, r[col]); p < 0 || p > 1 {
				t.Fatalf("%s %s %s: %s = %v", r["indicator"], r["year"], r["assumption"], col, p)
			}
		}
	}
	if !methods["tornado"] || !methods["sobol"] {
		t.Errorf("methods in sensitivity.csv: %v", methods)
	}
}

// TestSensitivityCharts runs the example with charts: a tornado per indicator asked for (CMI has one
// target), the heat map, and funding swings that never lower P(hit) beyond two standard errors.
func TestSensitivityCharts(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, "sensitivity", "--config", example("huzhou-sensitivity.yaml"), "--out", out, "--quiet",
		"--paths", "1000", "--batches", "3", "--sobol-n", "6", "--sobol-paths", "300").mustSucceed(t)
	for _, name := range []string{"tornado-huzhou_cmi_tertiary-2025.png", "tornado-huzhou_tertiary_hospital_share-2025.png", "sobol-total.png"} {
		f, err := os.Open(filepath.Join(out, "charts", name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 500 {
			t.Errorf("%s: %v", name, err)
		}
	}
	tab := readCSV(t, filepath.Join(out, "sensitivity.csv"))
	checkSensitivityCSV(t, tab)
	n := 0
	for _, r := range tab.where("method", "tornado", "output", "p_hit") {
		if r["assumption"] != "funding" && r["assumption"][:min(8, len(r["assumption"]))] != "funding:" {
			continue
		}
		n++
		if s, se := num64(t, r["swing"]), num64(t, r["swing_se"]); s < -2*se-1e-12 {
			t.Errorf("%s %s: %s swing %v ± %v", r["indicator"], r["year"], r["assumption"], s, se)
		}
	}
	if n == 0 {
		t.Error("no funding swings in sensitivity.csv")
	}
}

// TestSensitivityBadInput: mistakes are exit code 2 with the file and key named and nothing written.
func TestSensitivityBadInput(t *testing.T) {
	t.Parallel()
	cfg := []string{"sensitivity", "--config", "{dir}/c.yaml", "--paths", "200", "--batches", "2", "--sobol-n", "4", "--sobol-paths", "100"}
	checkBadInput(t, []badInput{
		{name: "unknown assumption", files: map[string]string{"c.yaml": "regions: [huzhou]\nsensitivity:\n  ranges:\n    effectivness: {low: 0, high: 1}\n"},
			args: cfg, want: []string{"{dir}/c.yaml: sensitivity.ranges.effectivness:", `unknown assumption "effectivness"`, "allowed:"}},
		{name: "fractional lag", files: map[string]string{"c.yaml": "regions: [huzhou]\nsensitivity:\n  ranges:\n    lag: {low: 0.5, high: 2}\n"},
			args: cfg, want: []string{"{dir}/c.yaml: sensitivity.ranges.lag:", "whole years"}},
		{name: "reversed range", files: map[string]string{"c.yaml": "regions: [huzhou]\nsensitivity:\n  ranges:\n    pace: {low: 2, high: 1}\n"},
			args: cfg, want: []string{"{dir}/c.yaml: sensitivity.ranges.pace:", "not a range"}},
		{name: "unknown indicator in config", files: map[string]string{"c.yaml": "regions: [huzhou]\nsensitivity:\n  indicators: [huzhou_nope]\n"},
			args: cfg, want: []string{"{dir}/c.yaml: sensitivity.indicators[0]:", `"huzhou_nope"`, "allowed:"}},
		{name: "unknown --indicator", args: []string{"sensitivity", "--config", example("huzhou-plan.yaml"), "--indicator", "nope"},
			want: []string{"--indicator", `"nope"`}},
		{name: "one batch", args: []string{"sensitivity", "--config", example("huzhou-plan.yaml"), "--batches", "1"},
			want: []string{"--batches 1", "allowed:"}},
		{name: "no config", args: []string{"sensitivity"}, want: []string{"--config"}},
	})
}
