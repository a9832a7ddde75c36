package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestModelOverflowIsBadInput: settings whose projection float64 cannot hold are a config error
// naming the file and key, never a panic.
func TestModelOverflowIsBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct{ override, key string }{
		{"{huzhou_cmi_tertiary: {drift: 1e20}}", "overrides.huzhou_cmi_tertiary.drift"},
		{"{huzhou_cmi_tertiary: {noise: 1e200}}", "overrides.huzhou_cmi_tertiary.noise"},
	} {
		cfg := writeFile(t, dir, "model.yaml", "overrides: "+tc.override+"\n")
		for _, cmd := range [][]string{{"validate", "--config", cfg}, argv([]string{"run", "--config", cfg, "--out", filepath.Join(dir, "out")}, fast)} {
			r := runCLI(t, cmd...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, cfg+": "+tc.key+": ") || !strings.Contains(r.stderr, "allowed: a magnitude up to") {
				t.Errorf("%s %s: exit %d, stderr %q; want 2 naming %s and the allowed range", cmd[0], tc.override, r.code, r.stderr, tc.key)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("%s %s: %s", cmd[0], tc.override, r.stderr)
			}
		}
	}
	assertNoOutput(t, filepath.Join(dir, "out"))
}

// TestMergeValidatesPartials edits one partial file of a two-shard run the way a corrupted or
// hand-edited file would be: merge refuses each with exit 2, names the edited file and writes
// nothing.
func TestMergeValidatesPartials(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	parts := filepath.Join(dir, "parts")
	cfg := writeFile(t, dir, "c.yaml", "regions: [putuo]\nruns: 10000\nshocks: {probability: 0.1, impact: 1}\n")
	for _, k := range []string{"0/2", "1/2"} {
		runCLI(t, "run", "--config", cfg, "--shard", k, "--out", parts, "--quiet").mustSucceed(t)
	}
	p0, p1 := filepath.Join(parts, "partial-0-of-2.json"), filepath.Join(parts, "partial-1-of-2.json")
	runCLI(t, "merge", "--out", filepath.Join(dir, "ok"), "--no-charts", "--quiet", p0, p1).mustSucceed(t)

	scale := func(xs []any, by float64) {
		for i, x := range xs {
			xs[i] = x.(float64) * by
		}
	}
	cases := []struct {
		name     string
		edit     func(doc map[string]any)
		want     string
		scenario bool // an edit of the scenario, made in both partials (else they differ)
	}{
		{"paths times 1000", func(d map[string]any) {
			sum := d["summary"].(map[string]any)
			sum["n"] = sum["n"].(float64) * 1000
			for _, k := range []string{"hits", "sdg", "gain", "loss", "joint", "first", "all_binding", "met_sq", "diff_sq", "hist"} {
				scale(sum[k].([]any), 1000)
			}
		}, "paths, but its shard of the run has", false},
		{"more hits than paths", func(d map[string]any) {
			sum := d["summary"].(map[string]any)
			sum["hits"].([]any)[0] = sum["n"].(float64) + 1
		}, "summary field hits[0] counts", false},
		{"SDG categories do not add up", func(d map[string]any) {
			sum := d["summary"].(map[string]any)
			sum["sdg"].([]any)[0] = sum["sdg"].([]any)[0].(float64) + 1
		}, "summary field sdg", false},
		{"a histogram cell short of a path", func(d map[string]any) {
			hist := d["summary"].(map[string]any)["hist"].([]any)
			for i, c := range hist {
				if c.(float64) > 0 {
					hist[i] = c.(float64) - 1
					break
				}
			}
		}, "summary field hist", false},
		{"an underflow extreme missing", func(d map[string]any) {
			sum := d["summary"].(map[string]any)
			for i, v := range sum["min_z"].([]any) {
				if v != nil {
					sum["min_z"].([]any)[i] = nil
					return
				}
			}
			hist := sum["hist"].([]any) // no underflow anywhere: move a path of cell 0 into its underflow bin
			for j := 1; j < len(hist); j++ {
				if hist[j].(float64) > 0 {
					hist[j], hist[0] = hist[j].(float64)-1, hist[0].(float64)+1
					return
				}
			}
		}, "summary field", false},
		{"runs -1", func(d map[string]any) { d["scenario"].(map[string]any)["runs"] = -1 }, "runs: -1 is out of range", true},
		{"noise -1", func(d map[string]any) {
			d["scenario"].(map[string]any)["overrides"] = map[string]any{"putuo_life_expectancy": map[string]any{"noise": -1}}
		}, "overrides.putuo_life_expectancy.noise: -1 is out of range", true},
		{"shock probability 5", func(d map[string]any) {
			d["scenario"].(map[string]any)["shocks"] = map[string]any{"probability": 5, "impact": 1}
		}, "shocks.probability: 5 is out of range", true},
		{"a name with an escape sequence", func(d map[string]any) { d["scenario"].(map[string]any)["name"] = "\x1b[2Jx" }, "name: ", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			edited := []string{p0, p1}
			for i, p := range edited {
				if i == 1 && !tc.scenario { // a summary edit: shard 0 only
					break
				}
				var doc map[string]any
				readJSON(t, p, &doc)
				tc.edit(doc)
				data, err := json.Marshal(doc)
				if err != nil {
					t.Fatal(err)
				}
				edited[i] = writeFile(t, tmp, filepath.Base(p), string(data))
			}
			out := filepath.Join(tmp, "out")
			r := runCLI(t, append([]string{"merge", "--out", out, "--no-charts", "--quiet"}, edited...)...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, edited[0]) || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 naming %s and %q", r.code, r.stderr, edited[0], tc.want)
			}
			if strings.Contains(r.stderr, "NaN") {
				t.Errorf("NaN in the message: %s", r.stderr)
			}
			assertNoOutput(t, out)
		})
	}
}
