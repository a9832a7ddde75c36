package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateExamples: every example is valid.
func TestValidateExamples(t *testing.T) {
	t.Parallel()
	for _, path := range exampleFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "validate", "--config", path).mustSucceed(t)
			if !strings.HasPrefix(r.stdout, "ok: ") {
				t.Errorf("stdout %q, want ok: …", r.stdout)
			}
		})
	}
}

// TestValidateMerge: several files are checked as one merged config.
func TestValidateMerge(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	over := writeFile(t, dir, "over.yaml", "name: merged\nhorizon: 2025\n")
	r := runCLI(t, "validate", "--config", example("huzhou-plan.yaml"), "--config", over).mustSucceed(t)
	if !strings.HasPrefix(r.stdout, "ok: merged") {
		t.Errorf("stdout %q, want ok: merged …", r.stdout)
	}
}

// TestValidateBadInput: a bad file is exit code 2 with the file and key named, no "ok", and
// nothing written next to it. Not parallel: one case sets an environment variable.
func TestValidateBadInput(t *testing.T) {
	cases := []struct {
		name    string
		content string
		env     map[string]string
		want    []string // besides the file's path, unless the mistake is not in the file
	}{
		{"unknown key", "rnus: 10\n", nil, []string{"c.yaml: rnus:", "did you mean runs"}},
		{"unknown indicator", "overrides:\n  huzhou_cmi_tertary: {drift: 0.1}\n", nil, []string{"overrides.huzhou_cmi_tertary", "did you mean huzhou_cmi_tertiary"}},
		{"runs 0", "runs: 0\n", nil, []string{"c.yaml: runs:", "allowed: 1 to 1000000000"}},
		{"baseline outside bounds", "overrides:\n  huzhou_tertiary_hospital_share:\n    baseline: {year: 2022, value: 120}\n", nil,
			[]string{"baseline.value", "allowed:"}},
		{"bad environment", "name: x\n", map[string]string{"HEALTHSIM_RUNS": "abc"}, []string{"environment: HEALTHSIM_RUNS", "allowed:"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env == nil {
				t.Parallel()
			}
			dir := t.TempDir()
			cfg := writeFile(t, dir, "c.yaml", tc.content)
			r := runCLIWith(t, t.Context(), tc.env, "validate", "--config", cfg)
			if r.code != exitBadInput {
				t.Fatalf("exit code %d, want %d\nstderr:\n%s", r.code, exitBadInput, r.stderr)
			}
			if strings.Contains(r.stdout, "ok") {
				t.Errorf("stdout says ok for a bad file: %q", r.stdout)
			}
			want := tc.want
			if tc.env == nil {
				want = append(want, cfg)
			}
			for _, w := range want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not mention %q:\n%s", w, r.stderr)
				}
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				t.Errorf("validate wrote files: %v", entries)
			}
		})
	}
	checkBadInput(t, []badInput{
		{name: "no config", args: []string{"validate"}, want: []string{"--config"}},
		{name: "missing file", args: []string{"validate", "--config", "{dir}/none.yaml"}, want: []string{"{dir}/none.yaml", "allowed:"}},
		{name: "positional argument", args: []string{"validate", "x.yaml"}, want: []string{"takes no arguments"}},
	})
}

// TestValidateREADMEConfig: the README's config reference is a config that validates as written.
func TestValidateREADMEConfig(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "## Config reference")
	if ok {
		_, rest, ok = strings.Cut(rest, "```yaml\n")
	}
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README has no yaml block under ## Config reference")
	}
	dir := t.TempDir()
	writeFile(t, dir, "actuals.csv", "id,year,value\nhuzhou_cmi_tertiary,2022,0.95\n") // the file it names
	path := writeFile(t, dir, "readme.yaml", block)
	runCLI(t, "validate", "--config", path).mustSucceed(t)
}
