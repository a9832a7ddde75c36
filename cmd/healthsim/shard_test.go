package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Shards run separately and merged give exactly the files of the whole run.
func TestShardsMergeToWholeRun(t *testing.T) {
	dir := t.TempDir()
	parts := filepath.Join(dir, "parts")
	for _, k := range []string{"0/3", "1/3", "2/3"} {
		runCLI(t, "run", "--runs", "20000", "--shard", k, "--out", parts, "--quiet").mustSucceed(t)
	}
	files, _ := filepath.Glob(filepath.Join(parts, "partial-*.json"))
	if len(files) != 3 {
		t.Fatalf("partials: %v", files)
	}
	merged, whole := filepath.Join(dir, "merged"), filepath.Join(dir, "whole")
	runCLI(t, append([]string{"merge", "--out", merged, "--no-charts", "--quiet"}, files...)...).mustSucceed(t)
	runCLI(t, "run", "--runs", "20000", "--out", whole, "--no-charts", "--quiet").mustSucceed(t)
	for _, name := range []string{"summary.csv", "trajectories.csv"} {
		a, _ := os.ReadFile(filepath.Join(merged, name))
		b, _ := os.ReadFile(filepath.Join(whole, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s of the merged shards differs from the whole run's", name)
		}
	}

	// A missing shard, a repeated one, and a bad --shard value are usage errors.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{append([]string{"merge", "--out", filepath.Join(dir, "x")}, files[:2]...), "is missing"},
		{[]string{"merge", "--out", filepath.Join(dir, "x"), files[0], files[0], files[1]}, "again"},
		{[]string{"run", "--shard", "3/3", "--out", filepath.Join(dir, "x")}, "want k/n"},
		{[]string{"run", "--shard", "0/2", "--precision", "0.01", "--out", filepath.Join(dir, "x")}, "cannot be combined"},
	} {
		r := runCLI(t, tc.args...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); !os.IsNotExist(err) {
		t.Error("a failed command created its output folder")
	}
}

// A partial file whose shard is not k/n with 0 <= k < n (edited by hand, or corrupted) is a
// usage error, not a crash, and is never merged.
func TestMergeRejectsBadShardNumbers(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, "run", "--runs", "5000", "--shard", "0/1", "--out", dir, "--quiet").mustSucceed(t)
	data, err := os.ReadFile(filepath.Join(dir, "partial-0-of-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i, shard := range []string{`{"K":0,"N":-1}`, `{"K":3,"N":1}`, `{"K":-1,"N":2}`} {
		edited := strings.Replace(string(data), `"shard":{"K":0,"N":1}`, `"shard":`+shard, 1)
		if edited == string(data) {
			t.Fatal("partial file has no shard field to edit")
		}
		name := filepath.Join(dir, fmt.Sprintf("edited-%d.json", i))
		if err := os.WriteFile(name, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"merge", "--out", filepath.Join(dir, "x"), "--no-charts", "--quiet", name}
		if shard == `{"K":3,"N":1}` {
			args = append(args, filepath.Join(dir, "partial-0-of-1.json")) // would count the paths twice
		}
		r := runCLI(t, args...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, "not a shard") {
			t.Errorf("shard %s: exit %d, stderr %q; want 2 and \"not a shard\"", shard, r.code, r.stderr)
		}
	}
}

// A precision target set in a config or the environment, not only by the flag, cannot be
// sharded: a usage error (exit 2) naming where it was set, and nothing written.
func TestShardRejectsConfigPrecision(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "p.yaml", "precision: 0.01\n")
	out := filepath.Join(dir, "x")
	for _, r := range []cliResult{
		runCLI(t, "run", "--config", cfg, "--shard", "0/2", "--out", out, "--quiet"),
		runCLIWith(t, context.Background(), map[string]string{"HEALTHSIM_PRECISION": "0.01"}, "run", "--shard", "0/2", "--out", out, "--quiet"),
	} {
		if r.code != exitBadInput || !strings.Contains(r.stderr, "cannot be combined with --shard") {
			t.Errorf("exit %d, stderr %q; want 2 and \"cannot be combined with --shard\"", r.code, r.stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed shard run created its output folder")
	}
}
