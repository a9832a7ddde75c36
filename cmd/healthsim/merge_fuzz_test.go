package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// summaryFields are the counters of a partial's summary that FuzzMergeContents edits.
var summaryFields = []string{"n", "hist", "min_z", "max_z", "hits", "sdg", "gain", "loss", "joint", "first", "all_binding", "met_sq", "diff_sq"}

// FuzzMergeContents edits the contents of a valid partial file: one number of its summary (by
// field, index and new value) and its scenario (replaced by fuzzed JSON merged over it). merge
// must never panic, must end with exit 0 or 2, must write nothing on failure, and a merge that
// succeeds must write no NaN or infinity.
func FuzzMergeContents(f *testing.F) {
	dir := f.TempDir()
	cfg := filepath.Join(dir, "one.yaml")
	if err := os.WriteFile(cfg, []byte("regions: [putuo]\nindicators: [putuo_life_expectancy, putuo_nurses_per_1000]\nhorizon: 2026\nruns: 64\nshocks: {probability: 0.2, impact: 2}\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	var stderr bytes.Buffer
	args := []string{"run", "--config", cfg, "--shard", "0/1", "--out", dir, "--quiet"}
	if code := execute(context.Background(), args, &bytes.Buffer{}, &stderr, func(string) string { return "" }); code != exitOK {
		f.Fatalf("run --shard: exit %d: %s", code, stderr.String())
	}
	valid, err := os.ReadFile(filepath.Join(dir, "partial-0-of-1.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(0), uint32(0), 64.0, []byte(`{}`))
	f.Add(uint8(0), uint32(0), 64000.0, []byte(`{}`))
	f.Add(uint8(1), uint32(5), 1e9, []byte(`{}`))
	f.Add(uint8(2), uint32(0), math.Inf(1), []byte(`{}`))
	f.Add(uint8(4), uint32(0), 65.0, []byte(`{}`))
	f.Add(uint8(5), uint32(1), -1.0, []byte(`{}`))
	f.Add(uint8(0), uint32(0), 64.0, []byte(`{"runs": -1}`))
	f.Add(uint8(0), uint32(0), 64.0, []byte(`{"shocks": {"probability": 5, "impact": 1}}`))
	f.Add(uint8(0), uint32(0), 64.0, []byte(`{"overrides": {"putuo_life_expectancy": {"noise": 1e200}}}`))
	f.Add(uint8(0), uint32(0), 64.0, []byte(`{"name": "=1+1\u001b[2J"}`))
	f.Fuzz(func(t *testing.T, field uint8, index uint32, value float64, scenario []byte) {
		var doc map[string]any
		if err := json.Unmarshal(valid, &doc); err != nil {
			t.Fatal(err)
		}
		editSummary(doc["summary"].(map[string]any), summaryFields[int(field)%len(summaryFields)], int(index), value)
		var over map[string]any
		if json.Unmarshal(scenario, &over) == nil {
			sc := doc["scenario"].(map[string]any)
			for k, v := range over {
				sc[k] = v
			}
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return // a value JSON cannot hold (NaN, ±Inf): no file to merge
		}
		tmp := t.TempDir()
		in := filepath.Join(tmp, "partial-0-of-1.json")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(tmp, "out")
		var stdout, stderr bytes.Buffer
		code := execute(context.Background(), []string{"merge", "--out", out, "--no-charts", "--quiet", "--format", "json", in}, &stdout, &stderr, func(string) string { return "" })
		switch code {
		case exitOK:
			summary, err := os.ReadFile(filepath.Join(out, "summary.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if s := string(summary); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
				t.Fatalf("merged summary.csv holds NaN or Inf:\n%s", s)
			}
		case exitBadInput:
			if !strings.Contains(stderr.String(), in) {
				t.Fatalf("the error does not name the partial file: %s", stderr.String())
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("failed merge wrote %s", out)
			}
		default:
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	})
}

// editSummary sets one number of a summary field: the field itself when it is a number, else
// the element at index modulo its length.
func editSummary(sum map[string]any, field string, index int, value float64) {
	switch v := sum[field].(type) {
	case float64:
		sum[field] = value
	case []any:
		if len(v) > 0 {
			v[index%len(v)] = value
		}
	}
}
