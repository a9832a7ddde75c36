package main

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzMerge feeds arbitrary partial files to healthsim merge: it must never panic, and must either
// succeed or fail with a usage or config error (exit 2) without writing anything.
func FuzzMerge(f *testing.F) {
	dir := f.TempDir()
	cfg := filepath.Join(dir, "one.yaml")
	if err := os.WriteFile(cfg, []byte("regions: [putuo]\nindicators: [putuo_life_expectancy]\nhorizon: 2025\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	if r := runCLI(f, "run", "--config", cfg, "--runs", "3000", "--shard", "0/1", "--out", dir, "--quiet"); r.code != exitOK {
		f.Fatalf("seeding: run --shard exited %d: %s", r.code, r.stderr)
	}
	valid, err := os.ReadFile(filepath.Join(dir, "partial-0-of-1.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"version":"devel","scenario":{"runs":1},"shard":{"K":0,"N":1},"summary":{"n":5}}`))
	f.Add([]byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tmp := t.TempDir()
		in := filepath.Join(tmp, "p.json")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(tmp, "out")
		res := runCLI(t, "merge", "--out", out, "--no-charts", "--quiet", in)
		if res.code != exitOK && res.code != exitBadInput {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		if res.code != exitOK {
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("failed merge wrote %s", out)
			}
		}
	})
}
