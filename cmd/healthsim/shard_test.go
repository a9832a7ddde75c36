package main

import (
	"bytes"
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
