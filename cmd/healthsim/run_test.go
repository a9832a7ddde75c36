package main

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthsim/healthsim/scenarios"
)

var (
	summaryColumns = []string{"scenario", "region", "indicator", "name_en", "name_zh", "target_year", "test", "target",
		"baseline_year", "baseline", "p_hit", "p_hit_se", "p05", "p50", "p95", "basis"}
	trajectoryColumns = []string{"scenario", "region", "indicator", "year", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "mean"}
)

// runResultJSON is the part of result.json the tests read.
type runResultJSON struct {
	Version  string         `json:"version"`
	Scenario map[string]any `json:"scenario"`
	Seed     *uint64        `json:"seed"`
	Runs     int64          `json:"runs"`
	Horizon  int            `json:"horizon"`
	Run      struct {
		Paths          int64   `json:"paths"`
		Workers        int     `json:"workers"`
		ElapsedSeconds float64 `json:"elapsed_seconds"`
		PathsPerSecond float64 `json:"paths_per_second"`
	} `json:"run"`
	Results []struct {
		Allocation string `json:"allocation"`
		Paths      int64  `json:"paths"`
		Indicators []struct {
			ID     string `json:"id"`
			Region string `json:"region"`
		} `json:"indicators"`
	} `json:"results"`
}

func num64(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number: %v", s, err)
	}
	return v
}

// TestRunDefault runs the embedded default scenario with charts and checks every output file.
func TestRunDefault(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	r := runCLI(t, "run", "--runs", "500", "--out", out).mustSucceed(t)

	// The terminal table: most at risk first, Chinese and English names, the CMI row.
	for _, w := range []string{"default: 500 paths, seed 20250101", "P(HIT)", "名称", "huzhou", "三级公立医院病例组合", "Case-mix index"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout does not contain %q", w)
		}
	}
	if !strings.Contains(r.stderr, "wrote") {
		t.Errorf("stderr has no closing line:\n%s", r.stderr)
	}

	for _, f := range []string{"summary.csv", "trajectories.csv", "result.json", "report.md", "charts"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	assertNoTempFiles(t, out)

	// summary.csv
	sum := readCSV(t, filepath.Join(out, "summary.csv"))
	sum.requireColumns(t, "summary.csv", summaryColumns...)
	cmi := sum.where("indicator", "huzhou_cmi_tertiary", "target_year", "2025")
	if len(cmi) != 1 {
		t.Fatalf("summary.csv has %d rows for huzhou_cmi_tertiary 2025, want 1", len(cmi))
	}
	row := cmi[0]
	for col, want := range map[string]string{"scenario": "default", "region": "huzhou", "test": ">=", "target": "1.1",
		"baseline_year": "2022", "baseline": "0.95", "name_zh": "三级公立医院病例组合指数(CMI值)", "kind": "target"} {
		if row[col] != want {
			t.Errorf("CMI 2025 row: %s = %q, want %q", col, row[col], want)
		}
	}
	for _, r := range sum.rows {
		if notSimulatedRow(r) {
			continue // no numbers: listed so that no goal disappears
		}
		p := num64(t, r["p_hit"])
		if p < 0 || p > 1 {
			t.Errorf("%s %s: p_hit %v outside [0, 1]", r["indicator"], r["target_year"], p)
		}
		if r["p05"] != "" && (num64(t, r["p05"]) > num64(t, r["p50"]) || num64(t, r["p50"]) > num64(t, r["p95"])) {
			t.Errorf("%s %s: quantiles out of order: %s %s %s", r["indicator"], r["target_year"], r["p05"], r["p50"], r["p95"])
		}
	}
	// Rows are sorted by risk: P(hit) never decreases among projected goals.
	prev := -1.0
	for _, r := range sum.rows {
		if r["basis"] == "observed" || notSimulatedRow(r) {
			continue
		}
		p := num64(t, r["p_hit"])
		if p < prev {
			t.Errorf("summary.csv is not sorted by P(hit): %v after %v", p, prev)
			break
		}
		prev = p
	}

	// trajectories.csv
	tr := readCSV(t, filepath.Join(out, "trajectories.csv"))
	tr.requireColumns(t, "trajectories.csv", trajectoryColumns...)
	years := map[string]bool{}
	for _, r := range tr.where("indicator", "huzhou_cmi_tertiary") {
		years[r["year"]] = true
		q := []string{"p05", "p10", "p25", "p50", "p75", "p90", "p95"}
		for i := 1; i < len(q); i++ {
			if num64(t, r[q[i-1]]) > num64(t, r[q[i]]) {
				t.Errorf("trajectory %s: %s > %s", r["year"], q[i-1], q[i])
			}
		}
	}
	for _, y := range []string{"2023", "2025", "2027"} {
		if !years[y] {
			t.Errorf("trajectories.csv has no huzhou_cmi_tertiary row for %s (has %v)", y, years)
		}
	}

	// result.json
	var res runResultJSON
	readJSON(t, filepath.Join(out, "result.json"), &res)
	if res.Seed == nil || *res.Seed != scenarios.DefaultSeed {
		t.Errorf("result.json seed = %v, want %d", res.Seed, scenarios.DefaultSeed)
	}
	if res.Runs != 500 || res.Run.Paths != 500 {
		t.Errorf("result.json runs = %d, run.paths = %d, want 500", res.Runs, res.Run.Paths)
	}
	if res.Version == "" {
		t.Error("result.json has no version")
	}
	if res.Horizon != scenarios.DefaultHorizon {
		t.Errorf("result.json horizon = %d, want %d", res.Horizon, scenarios.DefaultHorizon)
	}
	for _, k := range []string{"name", "horizon", "runs", "seed", "workers", "budget"} {
		if _, ok := res.Scenario[k]; !ok {
			t.Errorf("result.json scenario has no %q (the resolved scenario must fill every default)", k)
		}
	}
	if res.Run.Workers < 1 || res.Run.ElapsedSeconds <= 0 || res.Run.PathsPerSecond <= 0 {
		t.Errorf("result.json run figures: %+v", res.Run)
	}
	if len(res.Results) != 1 || len(res.Results[0].Indicators) == 0 {
		t.Fatalf("result.json has %d results", len(res.Results))
	}

	// report.md
	rep, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"# default", "| 指标 Indicator |", "三级公立医院病例组合指数", "## Huzhou", "## Shaoxing", "## Putuo"} {
		if !bytes.Contains(rep, []byte(w)) {
			t.Errorf("report.md does not contain %q", w)
		}
	}

	// charts: a fan per indicator, overview pages and risk charts per region; all PNG.
	want := map[string]bool{}
	for _, ir := range res.Results[0].Indicators {
		want["fan-"+ir.ID+".png"] = true
		want["overview-"+ir.Region+".png"] = true
	}
	for _, reg := range []string{"huzhou", "shaoxing", "putuo"} {
		if !want["overview-"+reg+".png"] {
			t.Errorf("the default scenario projects no %s indicator", reg)
		}
	}
	entries, err := os.ReadDir(filepath.Join(out, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range entries {
		got[e.Name()] = true
		data, err := os.ReadFile(filepath.Join(out, "charts", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("charts/%s is not a PNG", e.Name())
		}
	}
	for name := range want {
		if !got[name] {
			t.Errorf("charts/%s is missing", name)
		}
	}
	for _, reg := range []string{"huzhou", "shaoxing", "putuo"} {
		if !slices.ContainsFunc(slices.Collect(maps.Keys(got)), func(n string) bool { return strings.HasPrefix(n, "risk-"+reg) }) {
			t.Errorf("no risk chart for %s", reg)
		}
	}
}

// TestRunBitIdentical: the same seed gives the same bytes whatever the number of workers.
func TestRunBitIdentical(t *testing.T) {
	t.Parallel()
	read := func(extra ...string) (summary, traj []byte) {
		out := outDir(t)
		runCLI(t, argv([]string{"run", "--out", out}, fast, extra)...).mustSucceed(t)
		s, err := os.ReadFile(filepath.Join(out, "summary.csv"))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := os.ReadFile(filepath.Join(out, "trajectories.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return s, tr
	}
	s1, t1 := read("--workers", "1")
	s3, t3 := read("--workers", "3")
	if !bytes.Equal(s1, s3) {
		t.Error("summary.csv differs between --workers 1 and --workers 3")
	}
	if !bytes.Equal(t1, t3) {
		t.Error("trajectories.csv differs between --workers 1 and --workers 3")
	}
	s7, _ := read("--workers", "2", "--seed", "7")
	if bytes.Equal(s1, s7) {
		t.Error("summary.csv is the same for seeds 20250101 and 7: the seed is not used")
	}
}

// TestRunFormatJSON: --format json prints the result document on stdout.
func TestRunFormatJSON(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	r := runCLI(t, argv([]string{"run", "--config", example("huzhou-plan.yaml"), "--format", "json", "--out", out}, fast)...).mustSucceed(t)
	if !json.Valid([]byte(r.stdout)) {
		t.Fatalf("stdout is not valid JSON:\n%.400s", r.stdout)
	}
	var res runResultJSON
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	if res.Runs != 2000 || len(res.Results) != 1 || res.Scenario["name"] != "huzhou-plan" {
		t.Errorf("JSON on stdout: runs %d, %d results, scenario %v", res.Runs, len(res.Results), res.Scenario["name"])
	}
	for _, ir := range res.Results[0].Indicators {
		if ir.Region != "huzhou" {
			t.Errorf("huzhou-plan projects %s of %s", ir.ID, ir.Region)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "result.json")); err != nil {
		t.Errorf("--format json must still write the files: %v", err)
	}
}

// notSimulatedRow reports whether a summary.csv row lists a goal of an indicator that is not
// simulated: it has no numbers.
func notSimulatedRow(r map[string]string) bool {
	return strings.HasPrefix(r["basis"], "not simulated: ") && r["p_hit"] == ""
}

// TestRunExamples runs every config in examples/: compare for those with a scenarios: list.
func TestRunExamples(t *testing.T) {
	t.Parallel()
	for _, path := range exampleFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			cmd, file, flags := "run", "summary.csv", fast
			keys := topKeys(t, path)
			switch {
			case keys["optimize"] != nil:
				cmd, file, flags = "optimize", "optimize.csv", optFast
			case keys["sensitivity"] != nil:
				cmd, file, flags = "sensitivity", "sensitivity.csv", sensFast
			case keys["scenarios"] != nil:
				cmd, file = "compare", "compare.csv"
			}
			out := outDir(t)
			runCLI(t, argv([]string{cmd, "--config", path, "--out", out}, flags)...).mustSucceed(t)
			tab := readCSV(t, filepath.Join(out, file))
			switch cmd {
			case "sensitivity":
				checkSensitivityCSV(t, tab)
				return
			case "optimize":
				if len(tab.rows) == 0 || tab.rows[0]["best"] == "" {
					t.Errorf("optimize.csv: %v", tab.rows)
				}
				return
			}
			if len(tab.rows) == 0 {
				t.Errorf("%s has no rows", file)
			}
			for _, r := range tab.rows {
				if notSimulatedRow(r) {
					continue
				}
				if p := num64(t, r["p_hit"]); p < 0 || p > 1 {
					t.Errorf("%s %s: p_hit %v", r["indicator"], r["target_year"], p)
				}
			}
		})
	}
}

// TestRunEnvironment: HEALTHSIM_* variables beat the config, flags beat the variables, later
// config files beat earlier ones. It sets variables with t.Setenv, so it is not parallel.
func TestRunEnvironment(t *testing.T) {
	plan := example("huzhou-plan.yaml") // runs: 100000
	cases := []struct {
		name  string
		env   map[string]string
		extra []string
		files map[string]string
		runs  int64
	}{
		{"env beats config", map[string]string{"HEALTHSIM_RUNS": "1500"}, nil, nil, 1500},
		{"flag beats env", map[string]string{"HEALTHSIM_RUNS": "1500"}, []string{"--runs", "1700"}, nil, 1700},
		{"later file beats earlier", nil, []string{"--config", "{dir}/less.yaml"}, map[string]string{"less.yaml": "runs: 1200\n"}, 1200},
		{"env beats both files", map[string]string{"HEALTHSIM_RUNS": "1300"}, []string{"--config", "{dir}/less.yaml"}, map[string]string{"less.yaml": "runs: 1200\n"}, 1300},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for n, c := range tc.files {
				writeFile(t, dir, n, c)
			}
			out := filepath.Join(dir, "out")
			a := []string{"run", "--config", plan, "--no-charts", "--quiet", "--out", out}
			for _, s := range tc.extra {
				a = append(a, strings.ReplaceAll(s, "{dir}", dir))
			}
			runCLIWith(t, context.Background(), tc.env, a...).mustSucceed(t)
			var res runResultJSON
			readJSON(t, filepath.Join(out, "result.json"), &res)
			if res.Runs != tc.runs || res.Run.Paths != tc.runs {
				t.Errorf("runs = %d, paths = %d, want %d", res.Runs, res.Run.Paths, tc.runs)
			}
		})
	}
}

// TestRunBadInput: each mistake is exit code 2 with a message naming the file, the key and what
// is allowed, and nothing is written. Not parallel: two cases set environment variables.
func TestRunBadInput(t *testing.T) {
	cfg := func(name string) []string { return []string{"run", "--config", "{dir}/" + name} }
	checkBadInput(t, []badInput{
		{name: "unknown top-level key", files: map[string]string{"c.yaml": "rnus: 10\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: rnus:", `unknown key "rnus"`, "did you mean runs", "allowed:"}},
		{name: "unknown indicator in overrides",
			files: map[string]string{"c.yaml": "overrides:\n  huzhou_cmi_tertary:\n    drift: 0.1\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: overrides.huzhou_cmi_tertary:", "did you mean huzhou_cmi_tertiary", "allowed:"}},
		{name: "wrong type", files: map[string]string{"c.yaml": "seed: \"abc\"\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: seed:", "wrong type", `"abc"`, "allowed: a whole number"}},
		{name: "negative amount", files: map[string]string{"c.yaml": "budget:\n  programs:\n    huzhou_talent: {2023: -5}\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: budget.programs.huzhou_talent.2023:", "negative", "allowed:"}},
		{name: "baseline outside bounds",
			files: map[string]string{"c.yaml": "regions: [huzhou]\noverrides:\n  huzhou_tertiary_hospital_share:\n    baseline: {year: 2022, value: 120}\n"},
			args:  cfg("c.yaml"),
			want:  []string{"{dir}/c.yaml: overrides.huzhou_tertiary_hospital_share.baseline.value:", "120", "allowed: a value from 0 to 100"}},
		{name: "horizon before baseline", files: map[string]string{"c.yaml": "regions: [huzhou]\nhorizon: 2020\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: horizon:", "baseline year 2022", "allowed:"}},
		{name: "runs 0", files: map[string]string{"c.yaml": "runs: 0\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: runs:", "allowed: 1 to 1000000000"}},
		{name: "runs above 1e9", files: map[string]string{"c.yaml": "runs: 1000000001\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: runs:", "allowed: 1 to 1000000000"}},
		{name: "flag runs 0", args: []string{"run", "--runs", "0"}, want: []string{"flag --runs", "runs:", "allowed: 1 to 1000000000"}},
		{name: "flag runs above 1e9", args: []string{"run", "--runs", "2000000000"}, want: []string{"flag --runs", "allowed: 1 to 1000000000"}},
		{name: "workers -1", files: map[string]string{"c.yaml": "workers: -1\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml: workers:", "allowed:"}},
		{name: "flag runs not a number", args: []string{"run", "--runs", "1e5"},
			want: []string{`flag --runs: runs: "1e5" is not valid (allowed: a whole number from 1 to 1000000000)`}},
		{name: "flag region unknown", args: []string{"run", "--region", "huzhou", "--region", "huzou"},
			want: []string{"flag --region: regions[1]:", `unknown region "huzou"`, "did you mean huzhou"}},
		{name: "flag workers -1", args: []string{"run", "--workers", "-1"}, want: []string{"flag --workers", "workers:", "allowed:"}},
		{name: "missing file", args: cfg("nope.yaml"), want: []string{"{dir}/nope.yaml:", "allowed:"}},
		{name: "unparsable YAML", files: map[string]string{"c.yaml": "name: [unclosed\n  : : :\n"}, args: cfg("c.yaml"),
			want: []string{"{dir}/c.yaml:", "YAML", "allowed:"}},
		{name: "error in the second file", files: map[string]string{"a.yaml": "runs: 1000\n", "b.yaml": "horizn: 2025\n"},
			args: []string{"run", "--config", "{dir}/a.yaml", "--config", "{dir}/b.yaml"},
			want: []string{"{dir}/b.yaml: horizn:", "did you mean horizon"}},
		{name: "bad --format", args: []string{"run", "--format", "xml"}, want: []string{"--format", "allowed: table, json"}},
		{name: "positional argument", args: []string{"run", "extra"}, want: []string{"takes no arguments", "extra"}},
		{name: "unknown flag", args: []string{"run", "--bogus"}, want: []string{"unknown flag: --bogus"}},
		{name: "font is not a font", files: map[string]string{"font.ttf": "not a font at all"},
			args: []string{"run", "--runs", "100", "--font", "{dir}/font.ttf"}, want: []string{"--font", "{dir}/font.ttf", "TTF"}},
		{name: "font is missing", args: []string{"run", "--runs", "100", "--font", "{dir}/none.ttf"}, want: []string{"--font", "{dir}/none.ttf"}},
		{name: "HEALTHSIM_RUNS not a number", env: map[string]string{"HEALTHSIM_RUNS": "abc"}, args: []string{"run"},
			want: []string{"HEALTHSIM_RUNS", `"abc"`, "allowed:"}},
		{name: "HEALTHSIM_WORKERS negative", env: map[string]string{"HEALTHSIM_WORKERS": "-2"}, args: []string{"run"},
			want: []string{"HEALTHSIM_WORKERS", "allowed:"}},
	})
}

// TestRunOutputIsAFile: an --out whose parent is a regular file is a failure (exit 1), not a panic.
func TestRunOutputIsAFile(t *testing.T) {
	t.Parallel()
	file := writeFile(t, t.TempDir(), "file", "x")
	r := runCLI(t, argv([]string{"run", "--config", example("huzhou-plan.yaml"), "--out", filepath.Join(file, "out")}, fast)...)
	if r.code != exitFailure {
		t.Fatalf("exit code %d, want %d\nstderr:\n%s", r.code, exitFailure, r.stderr)
	}
	if !strings.Contains(r.stderr, "output:") {
		t.Errorf("stderr does not explain the output error:\n%s", r.stderr)
	}
}

// TestRunCancelled: a cancelled context stops the run with exit code 130 and writes nothing.
func TestRunCancelled(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		delay time.Duration // cancel after this long; 0 = before the run starts
	}{
		{"before", 0},
		{"while running", 300 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.delay == 0 {
				cancel()
			} else {
				time.AfterFunc(tc.delay, cancel)
			}
			out := outDir(t)
			done := make(chan cliResult, 1)
			go func() {
				done <- runCLIWith(t, ctx, nil, "run", "--runs", "1000000000", "--no-charts", "--quiet", "--out", out)
			}()
			select {
			case r := <-done:
				if r.code != exitCancelled {
					t.Errorf("exit code %d, want %d\nstderr:\n%s", r.code, exitCancelled, r.stderr)
				}
				if !strings.Contains(r.stderr, "interrupted: nothing written") || strings.Contains(r.stderr, "context canceled") {
					t.Errorf("stderr does not say the run was interrupted and nothing written:\n%s", r.stderr)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the run did not stop within 30s of the cancellation")
			}
			assertNoOutput(t, out)
		})
	}
}

// TestRunProjectsOnlyTheFirstScenario: run on a config with a scenarios list says which scenario it
// projects and compiles only that one, so its outputs are those of a config listing it alone
// (the other allocations would widen the histogram ranges and move the quantiles).
func TestRunProjectsOnlyTheFirstScenario(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(example("huzhou-compare.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "\n  - name: cut-20")
	if i < 0 {
		t.Fatal("huzhou-compare.yaml: no cut-20 scenario to cut at")
	}
	alone := writeFile(t, t.TempDir(), "plan-only.yaml", text[:i+1])
	outAll, outAlone := outDir(t), outDir(t)
	r := runCLI(t, "run", "--config", example("huzhou-compare.yaml"), "--out", outAll, "--runs", "2000", "--no-charts").mustSucceed(t)
	if want := "note: the config lists 7 scenarios; run projects the first (plan)"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not say which scenario run projects (%q):\n%s", want, r.stderr)
	}
	r = runCLI(t, "run", "--config", alone, "--out", outAlone, "--runs", "2000", "--no-charts").mustSucceed(t)
	if strings.Contains(r.stderr, "note: the config lists") {
		t.Errorf("a config with one scenario gets the note:\n%s", r.stderr)
	}
	for _, file := range []string{"summary.csv", "trajectories.csv", "report.md"} {
		a, errA := os.ReadFile(filepath.Join(outAll, file))
		b, errB := os.ReadFile(filepath.Join(outAlone, file))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s of the 7-scenario config differs from the plan-only config's:\n%s", file, firstDiff(a, b))
		}
	}
}

// TestRunFilesExplainThemselves: summary.csv names each goal's unit, direction and nature
// ("not stated" where the document gives none); result.json labels its quantiles and explains
// first_reached.
func TestRunFilesExplainThemselves(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, "run", "--region", "shaoxing", "--runs", "300", "--no-charts", "--quiet", "--out", out).mustSucceed(t)
	sum := readCSV(t, filepath.Join(out, "summary.csv"))
	sum.requireColumns(t, "summary.csv", "unit", "direction", "nature", "basis")
	rows := sum.where("indicator", "shaoxing_nurses_per_1000")
	if len(rows) == 0 || rows[0]["unit"] == "" || rows[0]["direction"] != "higher" {
		t.Errorf("nurses per 1000: %v", rows)
	}
	for _, r := range sum.rows {
		if r["nature"] != "binding" && r["nature"] != "expected" && r["nature"] != "not stated" {
			t.Fatalf("nature %q, want binding, expected or not stated", r["nature"])
		}
	}
	var doc struct {
		Fields         map[string]string `json:"fields"`
		QuantileLevels []float64         `json:"quantile_levels"`
	}
	readJSON(t, filepath.Join(out, "result.json"), &doc)
	if len(doc.QuantileLevels) != 7 || doc.QuantileLevels[3] != 0.5 || !strings.Contains(doc.Fields["first_reached"], "By 2025") {
		t.Errorf("result.json: quantile levels %v, first_reached explained as %q", doc.QuantileLevels, doc.Fields["first_reached"])
	}
}

// TestRunPrecisionNotReached: precision mode that stops at the path cap says so on stderr and in
// result.json.
func TestRunPrecisionNotReached(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	r := runCLI(t, "run", "--region", "putuo", "--runs", "8192", "--precision", "0.0001", "--no-charts", "--out", out).mustSucceed(t)
	if !strings.Contains(r.stderr, "precision 0.0001 not reached") {
		t.Errorf("stderr does not say the precision was not reached:\n%s", r.stderr)
	}
	var doc struct {
		Run struct {
			Precision *struct {
				Reached bool    `json:"reached"`
				MaxSE   float64 `json:"max_se"`
			} `json:"precision"`
		} `json:"run"`
	}
	readJSON(t, filepath.Join(out, "result.json"), &doc)
	if doc.Run.Precision == nil || doc.Run.Precision.Reached || doc.Run.Precision.MaxSE <= 0.0001 {
		t.Errorf("result.json precision: %+v", doc.Run.Precision)
	}
}
