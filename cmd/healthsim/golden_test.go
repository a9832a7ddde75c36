package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Golden outputs change only with a change to the model (its equations, defaults, draws or the
// catalogue it reads), and the commit that updates them names that change and why. A golden file
// that moves under a refactor is a bug in the refactor. Regenerate with
//
//	go test ./cmd/healthsim -run TestGolden -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenRuns and goldenSeed fix the run each golden file records: few paths keep the test quick,
// and a fixed seed makes every byte reproducible on any number of workers.
const (
	goldenRuns = "2000"
	goldenSeed = "20250101"
)

// goldenFiles are the outputs of run compared byte for byte.
var goldenFiles = []string{"summary.csv", "report.md"}

// TestGolden runs every example config and compares summary.csv and report.md with
// testdata/golden/<example>/.
func TestGolden(t *testing.T) {
	for _, cfg := range exampleFiles(t) {
		name := strings.TrimSuffix(filepath.Base(cfg), filepath.Ext(cfg))
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			runCLI(t, "run", "--config", cfg, "--out", out, "--runs", goldenRuns, "--seed", goldenSeed,
				"--no-charts", "--quiet").mustSucceed(t)
			for _, file := range goldenFiles {
				got, err := os.ReadFile(filepath.Join(out, file))
				if err != nil {
					t.Fatal(err)
				}
				got = stableVersion(got)
				path := filepath.Join("testdata", "golden", name, file)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (create it with -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s:\n%s", file, path, firstDiff(got, want))
				}
			}
		})
	}
}

// stableVersion replaces the build's version in a report, which differs between a test binary
// and an installed one, with a fixed word.
func stableVersion(b []byte) []byte {
	return bytes.ReplaceAll(b, []byte("(healthsim "+version()+")"), []byte("(healthsim VERSION)"))
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return "(same lines, different bytes)"
}
