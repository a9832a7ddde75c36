package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const seriesFile = "testdata/backtest-series.csv"

// backtestJSON is the part of backtest --format json the tests read.
type backtestJSON struct {
	N          int     `json:"n"`
	Coverage50 float64 `json:"coverage_50"`
	Coverage90 float64 `json:"coverage_90"`
	Brier      float64 `json:"brier"`
	BrierNaive float64 `json:"brier_naive"`
	ByHorizon  []struct {
		H          int     `json:"h"`
		N          int     `json:"n"`
		Coverage50 float64 `json:"coverage_50"`
		Coverage90 float64 `json:"coverage_90"`
	} `json:"by_horizon"`
	ByGroup     []struct{ Group string } `json:"by_group"`
	Reliability []struct {
		Lo        float64 `json:"bin_lo"`
		Hi        float64 `json:"bin_hi"`
		N         int     `json:"n"`
		Predicted float64 `json:"predicted"`
		Observed  float64 `json:"observed"`
	} `json:"reliability"`
	PIT []int `json:"pit"`
}

func TestBacktestSeriesFile(t *testing.T) {
	out := outDir(t)
	r := runCLI(t, "backtest", "--series", seriesFile, "--runs", "500", "--format", "json", "--out", out, "--quiet").mustSucceed(t)
	var got backtestJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	// swe/u5mr and chn/oop_share 2005–2019 and cn/beds_per_1000 2015–2024: origins from the
	// third observation, outcomes 1…5 years later within the series.
	want := 0
	for _, span := range []int{15, 15, 10} {
		for t0 := 2; t0 < span; t0++ {
			want += min(5, span-1-t0)
		}
	}
	if got.N != want {
		t.Errorf("n = %d, want %d", got.N, want)
	}
	sum := 0
	for i, h := range got.ByHorizon {
		sum += h.N
		if h.H != i+1 || h.Coverage90 < h.Coverage50 {
			t.Errorf("by_horizon[%d] = %+v", i, h)
		}
	}
	if sum != got.N || len(got.ByHorizon) != 5 || len(got.Reliability) != 10 || len(got.PIT) != 10 || len(got.ByGroup) != 3 {
		t.Errorf("horizons %d (sum %d), reliability %d, PIT %d, groups %d", len(got.ByHorizon), sum, len(got.Reliability), len(got.PIT), len(got.ByGroup))
	}
	if got.Brier <= 0 || got.BrierNaive <= 0 || got.Brier >= 1 {
		t.Errorf("Brier %v, naive %v", got.Brier, got.BrierNaive)
	}
	rows := readCSV(t, filepath.Join(out, "backtest.csv"))
	rows.requireColumns(t, "backtest.csv", "series", "t0", "h", "outcome", "p05", "p50", "p95", "pit")
	if len(rows.rows) != got.N {
		t.Errorf("backtest.csv has %d rows, want %d", len(rows.rows), got.N)
	}
	for _, row := range rows.where("series", "cn/beds_per_1000", "t0", "2019", "h", "5") {
		if row["outcome"] != "7.32" {
			t.Errorf("cn/beds_per_1000 2019+5: outcome %s, want 7.32", row["outcome"])
		}
	}
	for _, name := range []string{"reliability.png", "coverage.png"} {
		data, err := os.ReadFile(filepath.Join(out, "charts", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	assertNoTempFiles(t, out)
}

func TestBacktestTableAndCSV(t *testing.T) {
	r := runCLI(t, "backtest", "--series", seriesFile, "--runs", "500", "--horizons", "1,3").mustSucceed(t)
	for _, s := range []string{"COVER 90%", "h = 1", "h = 3", "china", "Reliability", "PIT histogram"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("table lacks %q:\n%s", s, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "h = 2") {
		t.Error("table shows h = 2, not asked for")
	}
	c := runCLI(t, "backtest", "--series", seriesFile, "--runs", "500", "--horizons", "2", "--format", "csv").mustSucceed(t)
	tab := parseCSV(t, "stdout", []byte(c.stdout))
	if len(tab.rows) == 0 || tab.rows[0]["h"] != "2" {
		t.Errorf("csv output: %d rows", len(tab.rows))
	}
}

func TestBacktestEmbeddedPanel(t *testing.T) {
	r := runCLI(t, "backtest", "--horizons", "1", "--runs", "200", "--split", "test", "--format", "json").mustSucceed(t)
	var test backtestJSON
	if err := json.Unmarshal([]byte(r.stdout), &test); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "backtest", "--horizons", "1", "--runs", "200", "--split", "train", "--format", "json").mustSucceed(t)
	var train backtestJSON
	if err := json.Unmarshal([]byte(r.stdout), &train); err != nil {
		t.Fatal(err)
	}
	if test.N < 3000 || train.N < 2*test.N*8/10 {
		t.Errorf("held-out %d and training %d one-year forecasts", test.N, train.N)
	}
}

// --two-point 5 forecasts the held-out countries from two observations five years apart, with
// priors from the training part.
func TestBacktestTwoPoint(t *testing.T) {
	r := runCLI(t, "backtest", "--two-point", "5", "--horizons", "1,2", "--runs", "200", "--split", "test", "--format", "json").mustSucceed(t)
	var got struct {
		backtestJSON
		Settings struct {
			TwoPoint int `json:"two_point"`
			Window   int `json:"window"`
			Split    string
		} `json:"settings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.N < 5000 || len(got.ByHorizon) != 2 || got.Settings.TwoPoint != 5 || got.Settings.Window != 0 || got.Settings.Split != "test" {
		t.Errorf("n %d, horizons %d, settings %+v", got.N, len(got.ByHorizon), got.Settings)
	}
	tab := runCLI(t, "backtest", "--two-point", "3", "--horizons", "1", "--runs", "200", "--split", "test").mustSucceed(t)
	if !strings.Contains(tab.stdout, "two observations 3 years apart, prior from the training part") {
		t.Errorf("table does not say what the forecasts saw:\n%s", tab.stdout)
	}
}

// TestBacktestBadFiles runs every bad-file case through the real binary: exit code 2, the file
// and line in the message, nothing on stdout, nothing written.
func TestBacktestBadFiles(t *testing.T) {
	bin, environ := buildBinary(t)
	const h = "series,year,value\n"
	cases := []struct {
		name, content string
		args          []string
		want          string
	}{
		{"missing column", "series,value\na,1\n", nil, `s.csv:1: missing column "year" (required: series, year, value)`},
		{"unknown column", "series,year,value,region\n", nil, `s.csv:1: unknown column "region" (allowed:`},
		{"non-number", h + "a,2000,1\na,2001,1.2.3\n", nil, `s.csv:3: value "1.2.3" is not a number (allowed: a finite decimal number)`},
		{"year twice", h + "a,2000,1\na,2001,2\na,2000,3\n", nil, `s.csv:4: series "a" has year 2000 twice, first on line 2`},
		{"outside bounds", "series,year,value,kind\na,2000,40,share\na,2001,140,share\n", nil, `s.csv:3: series "a": value 140 outside its bounds [0, 100]`},
		{"too few points", h + "a,2000,1\na,2001,2\na,2002,3\nb,2000,1\n", nil, `s.csv: no series has 4 observations (allowed: at least 4 in some series, the history a forecast needs and an outcome: --min-history+1, or 3 with --two-point`},
		{"too few for two points", h + "a,2000,1\na,2005,2\n", []string{"--two-point", "5"}, `s.csv: no series has 3 observations (allowed: at least 3 in some series`},
		{"too few for min-history", h + "a,2000,1\na,2001,2\na,2002,3\na,2003,4\na,2004,5\n", []string{"--min-history", "5"}, `s.csv: no series has 6 observations`},
		{"empty", "", nil, "s.csv: empty file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := writeFile(t, dir, "s.csv", tc.content)
			out := filepath.Join(dir, "out")
			args := append([]string{"backtest", "--series", file, "--out", out, "--runs", "200"}, tc.args...)
			code, stdout, stderr := runBinary(t, bin, environ, dir, args...)
			if code != exitBadInput {
				t.Fatalf("exit code %d, want 2\n%s", code, stderr)
			}
			if want := strings.ReplaceAll(tc.want, "s.csv", file); !strings.Contains(stderr, want) {
				t.Errorf("stderr\n  %s\nlacks\n  %s", stderr, want)
			}
			if stdout != "" {
				t.Errorf("stdout: %s", stdout)
			}
			assertNoOutput(t, out)
		})
	}
}

func TestBacktestBadFlags(t *testing.T) {
	checkBadInput(t, []badInput{
		{name: "horizons", args: []string{"backtest", "--horizons", "0-3"}, want: []string{`--horizons "0-3": allowed: whole years 1–30`}},
		{name: "horizons text", args: []string{"backtest", "--horizons", "soon"}, want: []string{"--horizons"}},
		{name: "min-history", args: []string{"backtest", "--min-history", "2"}, want: []string{"--min-history 2: allowed: 3 or more"}},
		{name: "window", args: []string{"backtest", "--window", "2"}, want: []string{"--window 2: allowed: 0 (all) or at least --min-history (3)"}},
		{name: "two-point negative", args: []string{"backtest", "--two-point", "-1"}, want: []string{"--two-point -1: allowed: 1 to 20 years between the two observations (0: off)"}},
		{name: "two-point too long", args: []string{"backtest", "--two-point", "21"}, want: []string{"--two-point 21: allowed: 1 to 20"}},
		{name: "two-point text", args: []string{"backtest", "--two-point", "five"}, want: []string{`--two-point "five": allowed: a whole number (--two-point: forecast from two observations GAP years apart`, "(1–20; 0: off)"}},
		{name: "two-point and window", args: []string{"backtest", "--two-point", "5", "--window", "10"}, want: []string{"--two-point sets what a forecast sees: leave out --min-history and --window"}},
		{name: "two-point and min-history", args: []string{"backtest", "--two-point", "5", "--min-history", "4"}, want: []string{"leave out --min-history and --window"}},
		{name: "two-point without a pool", args: []string{"backtest", "--two-point", "5", "--series", seriesFile}, want: []string{seriesFile + " with --two-point 5, --horizons 1-5, --split all: backtest: no series to forecast: none has two observations 5 years apart, a prior (5 or more series"}},
		{name: "two-point gap the panel lacks", args: []string{"backtest", "--two-point", "20", "--horizons", "30"}, want: []string{"the embedded panel with --two-point 20, --horizons 30, --split all: backtest: no series to forecast: none has two observations 20 years apart"}},
		{name: "history the panel lacks", args: []string{"backtest", "--min-history", "80", "--window", "0"}, want: []string{"the embedded panel with --min-history 80, --horizons 1-5, --split all: backtest: no series to forecast: none has an origin with enough history"}},
		{name: "seed text", args: []string{"backtest", "--seed", "-1"}, want: []string{`--seed "-1": allowed: a whole number, 0 or more (--seed: random seed)`}},
		{name: "format", args: []string{"backtest", "--format", "xml"}, want: []string{`--format "xml": allowed: table, json, csv`}},
		{name: "split", args: []string{"backtest", "--split", "half"}, want: []string{`split "half": allowed: all, train, test`}},
		{name: "runs", args: []string{"backtest", "--runs", "5"}, want: []string{"--runs 5: allowed: 100 to 1000000"}},
		{name: "workers", args: []string{"backtest", "--workers", "0"}, want: []string{"--workers 0: allowed: 1 or more"}},
		{name: "missing file", args: []string{"backtest", "--series", "{dir}/none.csv"}, want: []string{"--series: open {dir}/none.csv"}},
		{name: "argument", args: []string{"backtest", "extra"}, want: []string{"backtest takes no arguments"}},
	})
}

// runBinary runs the binary in dir and returns its exit code, stdout and stderr.
func runBinary(t *testing.T, bin string, environ []string, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, environ
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), stdout.String(), stderr.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

func TestBacktestPlan(t *testing.T) {
	out := outDir(t)
	r := runCLI(t, "backtest", "--plan", "shaoxing-13th", "--runs", "2000", "--format", "json", "--out", out).mustSucceed(t)
	var doc struct {
		Targets []struct {
			ID      string  `json:"id"`
			Base    float64 `json:"base"`
			Target  float64 `json:"target"`
			PHit    float64 `json:"p_hit"`
			Outcome float64 `json:"outcome"`
			Met     bool    `json:"met"`
		} `json:"targets"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	met := map[string]bool{}
	for _, tg := range doc.Targets {
		met[tg.ID] = tg.Met
	}
	if len(doc.Targets) != 3 || !met["shaoxing_doctors_per_1000"] || met["shaoxing_nurses_per_1000"] || !met["shaoxing_beds_per_1000"] {
		t.Errorf("targets %+v", doc.Targets)
	}
	rows := readCSV(t, filepath.Join(out, "plan.csv"))
	rows.requireColumns(t, "plan.csv", "id", "base_year", "target", "p_hit", "outcome", "met", "basis")
	if len(rows.rows) != 3 {
		t.Errorf("plan.csv has %d rows", len(rows.rows))
	}
	tab := runCLI(t, "backtest", "--plan", "shaoxing-13th", "--runs", "2000").mustSucceed(t)
	for _, s := range []string{"每千人注册护士数", "3.26 missed", "TARGET 2020", "P(HIT)"} {
		if !strings.Contains(tab.stdout, s) {
			t.Errorf("table lacks %q:\n%s", s, tab.stdout)
		}
	}
	checkBadInput(t, []badInput{
		{name: "unknown plan", args: []string{"backtest", "--plan", "huzhou"}, want: []string{`--plan: plan "huzhou": allowed: shaoxing-13th`}},
		{name: "plan and series", args: []string{"backtest", "--plan", "shaoxing-13th", "--series", seriesFile}, want: []string{"--series has no effect with --plan"}},
		{name: "plan and two-point", args: []string{"backtest", "--plan", "shaoxing-13th", "--two-point", "5"}, want: []string{"--two-point has no effect with --plan"}},
	})
}
