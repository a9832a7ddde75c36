package main

// Shared helpers for the command tests, and the test of the real binary's exit codes.
//
// Every test runs the CLI in-process through execute and writes only under t.TempDir(). The
// HEALTHSIM_* run settings are read from the process environment (by scenarios.LoadConfig), so
// TestMain clears the developer's, and a test that sets one does so with t.Setenv and is
// therefore not parallel; execute's own getenv (the terminal's COLUMNS) is a map per test.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/healthsim/healthsim/internal/testenv"
)

// TestMain clears the developer's HEALTHSIM_* run settings before any test runs.
func TestMain(m *testing.M) { testenv.Main(m) }

// fast are the flags that keep a run short where the numbers are not the point.
var fast = []string{"--runs", "2000", "--no-charts", "--quiet"}

// cliResult is what one invocation of the CLI did.
type cliResult struct {
	code           int
	stdout, stderr string
}

// getenvFrom returns a getenv that only knows the variables in m.
func getenvFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// runCLI runs the command line with an empty environment.
func runCLI(t testing.TB, args ...string) cliResult {
	t.Helper()
	return runCLIWith(t, context.Background(), nil, args...)
}

// runCLIWith runs the command line with ctx and the environment variables in env: the HEALTHSIM_*
// ones are set in the process for the rest of the test (which must then not be parallel), the
// others are all that execute's getenv knows.
func runCLIWith(t testing.TB, ctx context.Context, env map[string]string, args ...string) cliResult {
	t.Helper()
	for k, v := range env {
		if strings.HasPrefix(k, "HEALTHSIM_") {
			t.Setenv(k, v)
		}
	}
	var stdout, stderr bytes.Buffer
	code := execute(ctx, args, &stdout, &stderr, getenvFrom(env))
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// mustSucceed fails the test unless the command exited 0.
func (r cliResult) mustSucceed(t *testing.T) cliResult {
	t.Helper()
	if r.code != exitOK {
		t.Fatalf("exit code %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
	return r
}

// argv joins command-line pieces.
func argv(parts ...[]string) []string { return slices.Concat(parts...) }

// examplesDir is the repository's examples folder (tests run in cmd/healthsim).
var examplesDir = filepath.Join("..", "..", "examples")

func example(name string) string { return filepath.Join(examplesDir, name) }

// exampleFiles lists every config in examples/, so that a new example is tested without a change here.
func exampleFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"*.yaml", "*.yml", "*.toml", "*.json"} {
		m, err := filepath.Glob(filepath.Join(examplesDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	slices.Sort(files)
	if len(files) < 7 {
		t.Fatalf("found %d example configs in %s, want at least 7: %v", len(files), examplesDir, files)
	}
	return files
}

// isCompareConfig reports whether a YAML example has a scenarios: list (run it with compare).
func isCompareConfig(t *testing.T, path string) bool {
	t.Helper()
	_, ok := topKeys(t, path)["scenarios"]
	return ok
}

// topKeys returns the top-level settings of a YAML or JSON example.
func topKeys(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if strings.HasSuffix(path, ".json") {
		err = json.Unmarshal(data, &top)
	} else {
		err = yaml.Unmarshal(data, &top)
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return top
}

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// outDir is a not yet existing output folder inside a fresh temporary folder.
func outDir(t *testing.T) string { return filepath.Join(t.TempDir(), "out") }

// assertNoOutput fails if the output folder was created.
func assertNoOutput(t *testing.T, out string) {
	t.Helper()
	_, err := os.Stat(out)
	if err == nil {
		entries, _ := os.ReadDir(out)
		t.Fatalf("output folder %s was created (%d entries); a failed run must write nothing", out, len(entries))
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}

// assertNoTempFiles fails if any temporary file of writeAtomic is left under dir.
func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

const bom = "\ufeff"

// csvTable is a CSV file read by column name.
type csvTable struct {
	header []string
	rows   []map[string]string
}

// readCSV reads a CSV file that must start with a UTF-8 byte-order mark.
func readCSV(t *testing.T, path string) csvTable {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseCSV(t, path, data)
}

func parseCSV(t *testing.T, name string, data []byte) csvTable {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(bom)) {
		t.Fatalf("%s does not start with a UTF-8 byte-order mark: % x", name, data[:min(len(data), 8)])
	}
	recs, err := csv.NewReader(bytes.NewReader(data[len(bom):])).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s has %d records, want a header and rows", name, len(recs))
	}
	tab := csvTable{header: recs[0]}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range tab.header {
			row[h] = rec[i]
		}
		tab.rows = append(tab.rows, row)
	}
	return tab
}

// requireColumns fails unless every column in want is in the header.
func (c csvTable) requireColumns(t *testing.T, name string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(c.header, w) {
			t.Errorf("%s: no column %q in %v", name, w, c.header)
		}
	}
}

// where returns the rows whose columns have the given values (pairs of column, value).
func (c csvTable) where(kv ...string) []map[string]string {
	var out []map[string]string
next:
	for _, r := range c.rows {
		for i := 0; i+1 < len(kv); i += 2 {
			if r[kv[i]] != kv[i+1] {
				continue next
			}
		}
		out = append(out, r)
	}
	return out
}

// readJSON decodes a JSON file into v.
func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// badInput is a command line that must fail with exit code 2, say what is wrong and write nothing.
type badInput struct {
	name  string
	files map[string]string // config files to create in a temporary folder; "{dir}" in args names it
	args  []string
	env   map[string]string
	want  []string // substrings of stderr; "{dir}" is replaced by the temporary folder
}

// checkBadInput runs each case with --out in a fresh folder and checks exit code 2, the message
// on stderr, nothing on stdout and no output folder. Cases without environment variables run in
// parallel; a caller whose cases set some must not be parallel itself.
func checkBadInput(t *testing.T, cases []badInput) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.env) == 0 {
				t.Parallel()
			}
			dir := t.TempDir()
			for name, content := range tc.files {
				writeFile(t, dir, name, content)
			}
			out := filepath.Join(dir, "out")
			a := make([]string, 0, len(tc.args)+2)
			for _, s := range tc.args {
				a = append(a, strings.ReplaceAll(s, "{dir}", dir))
			}
			if a[0] == "run" || a[0] == "compare" {
				a = append(a, "--out", out)
			}
			r := runCLIWith(t, context.Background(), tc.env, a...)
			if r.code != exitBadInput {
				t.Fatalf("healthsim %s: exit code %d, want %d\nstderr:\n%s", strings.Join(a, " "), r.code, exitBadInput, r.stderr)
			}
			for _, w := range tc.want {
				w = strings.ReplaceAll(w, "{dir}", dir)
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not mention %q:\n%s", w, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout is not empty after bad input:\n%s", r.stdout)
			}
			assertNoOutput(t, out)
		})
	}
}

// TestBinaryExitCodes builds the real program and checks the exit codes the operating system sees.
func TestBinaryExitCodes(t *testing.T) {
	bin, environ := buildBinary(t)
	tmp := t.TempDir()
	bad := writeFile(t, tmp, "bad.yaml", "rnus: 10\n")
	plan, err := filepath.Abs(example("huzhou-plan.yaml")) // the child runs in tmp
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want int
		in   string // a substring of the output
	}{
		{"valid example", []string{"validate", "--config", plan}, 0, "ok: huzhou-plan"},
		{"bad config", []string{"validate", "--config", bad}, 2, "unknown key \"rnus\""},
		{"bad config run", []string{"run", "--config", bad, "--out", filepath.Join(tmp, "out")}, 2, "did you mean runs"},
		{"unknown flag", []string{"run", "--bogus"}, 2, "unknown flag"},
		{"version", []string{"--version"}, 0, "healthsim"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = environ
			cmd.Dir = tmp
			out, err := cmd.CombinedOutput()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.want {
				t.Errorf("exit code %d, want %d\n%s", code, tc.want, out)
			}
			if !strings.Contains(string(out), tc.in) {
				t.Errorf("output does not contain %q:\n%s", tc.in, out)
			}
		})
	}
	assertNoOutput(t, filepath.Join(tmp, "out"))

	// Ctrl-C during a long run stops it cleanly: exit code 130 and no output folder.
	t.Run("interrupt", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no SIGINT on Windows")
		}
		out := filepath.Join(tmp, "out-interrupt")
		cmd := exec.Command(bin, "run", "--runs", "1000000000", "--no-charts", "--quiet", "--out", out)
		cmd.Env = environ
		cmd.Dir = tmp
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		time.Sleep(time.Second) // long enough for main to install its signal handler
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitCancelled {
				t.Errorf("after SIGINT: %v, want exit code %d\nstderr:\n%s", err, exitCancelled, stderr.String())
			}
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatal("the run did not stop within 30s of SIGINT")
		}
		assertNoOutput(t, out)
	})
}
