package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// huzhouActuals2023 are monitored 2023 values of five Huzhou indicators with 2023 milestones.
// The values are illustrative (the monitored values are not public): two miss their milestone.
var huzhouActuals2023 = []struct {
	id    string
	value string
	met   bool // against the 2023 milestone
}{
	{"huzhou_cmi_tertiary", "1.01", true},                // >= 1.00
	{"huzhou_county_inpatient_share", "90.4", true},      // maintain 90
	{"huzhou_grade4_surgery_share", "18.4", true},        // >= 18
	{"huzhou_outpatient_discharge_ratio", "24.6", false}, // <= 24
	{"huzhou_service_revenue_share", "38.2", false},      // >= 38.5
}

// actualsCSV writes the Huzhou actuals as a file the way a spreadsheet saves it: a byte-order
// mark, the columns in another order and an extra name column.
func actualsCSV(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(bom + "name_zh,id,value,year\r\n")
	for _, a := range huzhouActuals2023 {
		b.WriteString("名称," + a.id + "," + a.value + ",2023\r\n")
	}
	return writeFile(t, dir, "actuals.csv", b.String())
}

func TestActualsJudgeMilestonesAndMoveProjections(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := actualsCSV(t, dir)
	plan := example("huzhou-plan.yaml")
	base, with := outDir(t), filepath.Join(dir, "out")
	runCLI(t, argv([]string{"run", "--config", plan, "--out", base}, fast)...).mustSucceed(t)
	runCLI(t, argv([]string{"run", "--config", plan, "--actuals", file, "--out", with}, fast)...).mustSucceed(t)
	before, after := readCSV(t, filepath.Join(base, "summary.csv")), readCSV(t, filepath.Join(with, "summary.csv"))
	for _, a := range huzhouActuals2023 {
		was := before.where("indicator", a.id, "target_year", "2023")
		now := after.where("indicator", a.id, "target_year", "2023")
		if len(was) != 1 || len(now) != 1 {
			t.Fatalf("%s: %d and %d rows for 2023, want 1 each", a.id, len(was), len(now))
		}
		if was[0]["basis"] == "observed" {
			t.Errorf("%s 2023 is observed without actuals", a.id)
		}
		want := "0.0000"
		if a.met {
			want = "1.0000"
		}
		if now[0]["basis"] != "observed" || now[0]["p_hit"] != want || now[0]["baseline_year"] != "2023" || now[0]["baseline"] != a.value {
			t.Errorf("%s 2023 with actuals: basis %s, p_hit %s, baseline %s (%s); want observed, %s, %s (2023)",
				a.id, now[0]["basis"], now[0]["p_hit"], now[0]["baseline"], now[0]["baseline_year"], want, a.value)
		}
		was25, now25 := before.where("indicator", a.id, "target_year", "2025"), after.where("indicator", a.id, "target_year", "2025")
		if len(was25) != 1 || len(now25) != 1 {
			t.Fatalf("%s: %d and %d rows for 2025", a.id, len(was25), len(now25))
		}
		if was25[0]["p50"] == now25[0]["p50"] || was25[0]["p_hit"] == now25[0]["p_hit"] {
			t.Errorf("%s 2025: median %s and P(hit) %s did not move with the 2023 actual (before: %s, %s)",
				a.id, now25[0]["p50"], now25[0]["p_hit"], was25[0]["p50"], was25[0]["p_hit"])
		}
	}
	// A projection starts from the latest actual: the 2025 median moves toward it.
	cmi25 := func(tab csvTable) float64 {
		v, err := strconv.ParseFloat(tab.where("indicator", "huzhou_cmi_tertiary", "target_year", "2025")[0]["p50"], 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if b, a := cmi25(before), cmi25(after); !(a > b) {
		t.Errorf("CMI 2025 median %v with a 2023 actual of 1.01 above the 2022 baseline 0.95, want above %v", a, b)
	}
	report, err := os.ReadFile(filepath.Join(with, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"observed: met", "observed: missed"} {
		if !strings.Contains(string(report), w) {
			t.Errorf("report.md does not say %q", w)
		}
	}
}

func TestActualsFromConfigKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	actualsCSV(t, dir)
	cfg := writeFile(t, dir, "with-actuals.yaml", "name: a\nregions: [huzhou]\nactuals: actuals.csv\n")
	out := filepath.Join(dir, "out")
	// Run from another folder: the path is relative to the config file.
	runCLI(t, argv([]string{"run", "--config", cfg, "--out", out}, fast)...).mustSucceed(t)
	tab := readCSV(t, filepath.Join(out, "summary.csv"))
	if rows := tab.where("indicator", "huzhou_cmi_tertiary", "target_year", "2023", "basis", "observed"); len(rows) != 1 {
		t.Errorf("the actuals key did not apply: %v", tab.where("indicator", "huzhou_cmi_tertiary", "target_year", "2023"))
	}
	var res struct {
		Scenario struct {
			ActualsFile struct {
				Name string `json:"name"`
				Text string `json:"text"`
			} `json:"actuals_file"`
		} `json:"scenario"`
	}
	readJSON(t, filepath.Join(out, "result.json"), &res)
	if !strings.Contains(res.Scenario.ActualsFile.Text, "huzhou_cmi_tertiary,1.01,2023") {
		t.Errorf("result.json does not keep the actuals it used: %+v", res.Scenario.ActualsFile)
	}
	r := runCLI(t, "validate", "--config", cfg).mustSucceed(t)
	if !strings.Contains(r.stdout, "ok: a") {
		t.Errorf("validate: %s", r.stdout)
	}
}

func TestActualsOfUnselectedIndicatorsAreNoted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := actualsCSV(t, dir)
	r := runCLI(t, "run", "--region", "putuo", "--actuals", file, "--runs", "2000", "--no-charts", "--out", filepath.Join(dir, "out")).mustSucceed(t)
	if !strings.Contains(r.stderr, "actuals of indicators the scenario does not select were not used: huzhou_cmi_tertiary") {
		t.Errorf("stderr does not note the unused actuals:\n%s", r.stderr)
	}
}

func TestActualsTemplate(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "indicators", "--format", "actuals-template", "--region", "huzhou").mustSucceed(t)
	tab := parseCSV(t, "actuals-template", []byte(r.stdout))
	tab.requireColumns(t, "actuals-template", "id", "year", "value", "name_zh", "name_en")
	now := strconv.Itoa(time.Now().Year())
	cmi := tab.where("id", "huzhou_cmi_tertiary")
	if len(cmi) == 0 || cmi[0]["year"] != "2022" || cmi[len(cmi)-1]["year"] != now || cmi[0]["catalogue_value"] != "0.95" {
		t.Errorf("huzhou_cmi_tertiary rows %v: want 2022 (catalogue value 0.95) through %s", cmi, now)
	}
	for _, row := range tab.rows {
		if row["value"] != "" {
			t.Fatalf("template row with a value: %v", row)
		}
	}
	// Fill in one value and read the template back through --actuals.
	data := strings.Replace(r.stdout, "huzhou_cmi_tertiary,2023,,", "huzhou_cmi_tertiary,2023,1.01,", 1)
	if data == r.stdout {
		t.Fatal("no huzhou_cmi_tertiary 2023 row to fill in")
	}
	dir := t.TempDir()
	file := writeFile(t, dir, "filled.csv", data)
	out := filepath.Join(dir, "out")
	runCLI(t, argv([]string{"run", "--config", example("huzhou-plan.yaml"), "--actuals", file, "--out", out}, fast)...).mustSucceed(t)
	sum := readCSV(t, filepath.Join(out, "summary.csv"))
	if rows := sum.where("indicator", "huzhou_cmi_tertiary", "target_year", "2023", "basis", "observed", "p_hit", "1.0000"); len(rows) != 1 {
		t.Errorf("the filled-in template did not apply: %v", sum.where("indicator", "huzhou_cmi_tertiary", "target_year", "2023"))
	}
}

// badActuals are actuals files that must be refused; want[0] follows the file name in the
// message ("file:line: what is wrong"), the others are anywhere in it.
var badActuals = []struct {
	name, data string
	want       []string
}{
	{"unknown id", "id,year,value\nhuzhou_cmi_tertairy,2023,1\n", []string{":2: unknown indicator \"huzhou_cmi_tertairy\"", "did you mean huzhou_cmi_tertiary"}},
	{"year outside range", "id,year,value\nhuzhou_cmi_tertiary,2019,1\n", []string{":2: year 2019 is outside the range of huzhou_cmi_tertiary (allowed: 2022 to "}},
	{"year in the future", "id,year,value\nhuzhou_cmi_tertiary,2099,1\n", []string{":2: year 2099 is outside the range"}},
	{"value out of bounds", "id,year,value\nhuzhou_cmi_tertiary,2023,1\nhuzhou_primary_visit_share,2023,120\n", []string{":3: huzhou_primary_visit_share 2023: value 120 is above the upper bound 100 (allowed: a value from 0 to 100 in %)"}},
	{"duplicate row", "id,year,value\nhuzhou_cmi_tertiary,2023,1\nhuzhou_cmi_tertiary,2023,1.02\n", []string{":3: huzhou_cmi_tertiary 2023 is given twice, also on line 2 (allowed: one row per indicator and year)"}},
	{"not a number", "id,year,value\nhuzhou_cmi_tertiary,2023,一点零\n", []string{":2: value \"一点零\" of huzhou_cmi_tertiary 2023 is not a number (allowed:"}},
	{"missing column", "id,value\nhuzhou_cmi_tertiary,1\n", []string{":1: missing column \"year\"", "(allowed: a header row with the columns id, year and value"}},
	{"nothing filled in", "id,year,value\nhuzhou_cmi_tertiary,2023,\n", []string{": no row has a value"}},
}

func TestActualsBadInput(t *testing.T) {
	var cases []badInput
	for _, b := range badActuals {
		files := map[string]string{"actuals.csv": b.data}
		want := append([]string{"{dir}/actuals.csv" + b.want[0]}, b.want[1:]...)
		cases = append(cases,
			badInput{name: b.name + " (flag)", files: files, args: []string{"run", "--actuals", "{dir}/actuals.csv", "--no-charts", "--quiet"}, want: want},
			badInput{name: b.name + " (compare)", files: files, args: []string{"compare", "--config", example("huzhou-compare.yaml"), "--actuals", "{dir}/actuals.csv", "--no-charts", "--quiet"}, want: want},
		)
		withKey := map[string]string{"actuals.csv": b.data, "c.yaml": "regions: [huzhou]\nactuals: actuals.csv\n"}
		cases = append(cases, badInput{name: b.name + " (config key)", files: withKey, args: []string{"run", "--config", "{dir}/c.yaml", "--no-charts", "--quiet"}, want: want})
	}
	cases = append(cases,
		badInput{name: "missing file", args: []string{"run", "--actuals", "{dir}/nope.csv"}, want: []string{"flag --actuals: actuals: cannot read the actuals file {dir}/nope.csv: no such file or directory"}},
		badInput{name: "missing file in config", files: map[string]string{"c.yaml": "actuals: gone.csv\n"}, args: []string{"run", "--config", "{dir}/c.yaml"},
			want: []string{"{dir}/c.yaml: actuals: cannot read the actuals file {dir}/gone.csv", "relative to its folder"}},
		badInput{name: "wrong type in config", files: map[string]string{"c.yaml": "actuals: [a.csv]\n"}, args: []string{"run", "--config", "{dir}/c.yaml"}, want: []string{"{dir}/c.yaml: actuals:"}},
		badInput{name: "validate", files: map[string]string{"actuals.csv": badActuals[0].data, "c.yaml": "name: v\n"},
			args: []string{"validate", "--config", "{dir}/c.yaml", "--actuals", "{dir}/actuals.csv"}, want: []string{"{dir}/actuals.csv:2: unknown indicator"}},
	)
	checkBadInput(t, cases)
}

// TestBinaryBadActuals runs the real program on every bad actuals file: exit code 2, the message
// on stderr and no output folder.
func TestBinaryBadActuals(t *testing.T) {
	bin, environ := buildBinary(t)
	for _, b := range badActuals {
		t.Run(b.name, func(t *testing.T) {
			dir := t.TempDir()
			file := writeFile(t, dir, "actuals.csv", b.data)
			out := filepath.Join(dir, "out")
			cmd := exec.Command(bin, "run", "--actuals", file, "--no-charts", "--quiet", "--out", out)
			cmd.Env = environ
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitBadInput {
				t.Fatalf("exit: %v, want code %d\n%s", err, exitBadInput, stderr.String())
			}
			for i, w := range b.want {
				if i == 0 {
					w = file + w
				}
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr does not contain %q:\n%s", w, stderr.String())
				}
			}
			assertNoOutput(t, out)
		})
	}
}

func TestActualAtHorizon(t *testing.T) {
	checkBadInput(t, []badInput{{
		name:  "actual in the horizon year",
		files: map[string]string{"actuals.csv": "id,year,value\nhuzhou_cmi_tertiary,2023,1\nhuzhou_cmi_tertiary,2024,1.02\n"},
		args:  []string{"run", "--region", "huzhou", "--horizon", "2024", "--actuals", "{dir}/actuals.csv"},
		want:  []string{"{dir}/actuals.csv:3: huzhou_cmi_tertiary 2024: the actual is not before the horizon 2024 (allowed: actuals of years before the horizon; or set horizon later"},
	}})
}

// Shards of a run with actuals merge into the whole run's files without the actuals file: its
// text travels in the partials.
func TestActualsShardsMerge(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := actualsCSV(t, dir)
	parts, merged, whole := filepath.Join(dir, "parts"), filepath.Join(dir, "merged"), filepath.Join(dir, "whole")
	plan := example("huzhou-plan.yaml")
	for _, k := range []string{"0/2", "1/2"} {
		runCLI(t, "run", "--config", plan, "--actuals", file, "--runs", "4000", "--shard", k, "--out", parts, "--quiet").mustSucceed(t)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(parts, "partial-*.json"))
	runCLI(t, append([]string{"merge", "--out", merged, "--no-charts", "--quiet"}, files...)...).mustSucceed(t)
	actualsCSV(t, dir)
	runCLI(t, "run", "--config", plan, "--actuals", file, "--runs", "4000", "--out", whole, "--no-charts", "--quiet").mustSucceed(t)
	a, _ := os.ReadFile(filepath.Join(merged, "summary.csv"))
	b, _ := os.ReadFile(filepath.Join(whole, "summary.csv"))
	if len(a) == 0 || string(a) != string(b) {
		t.Error("summary.csv of the merged shards differs from the whole run's")
	}
	if !strings.Contains(string(a), ",observed") {
		t.Error("the merged run did not use the actuals")
	}
}

// An actual below a maintain threshold decides the later maintain goals of the same threshold:
// 县域内住院量占比 must stay at or above 90% in 2023, 2024 and 2025.
func TestActualBreaksMaintain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := writeFile(t, dir, "a.csv", "id,year,value\nhuzhou_county_inpatient_share,2023,89.2\n")
	out := filepath.Join(dir, "out")
	runCLI(t, argv([]string{"run", "--config", example("huzhou-plan.yaml"), "--actuals", file, "--out", out}, fast)...).mustSucceed(t)
	sum := readCSV(t, filepath.Join(out, "summary.csv"))
	for _, y := range []string{"2023", "2024", "2025"} {
		rows := sum.where("indicator", "huzhou_county_inpatient_share", "target_year", y, "test", "maintain")
		if len(rows) != 1 || rows[0]["p_hit"] != "0.0000" || rows[0]["basis"] != "observed" {
			t.Errorf("maintain 90 in %s after 89.2 in 2023: %v; want observed, P 0", y, rows)
		}
	}
	report, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "| 2025 | maintain 90 % | 89.2 (2023) | - | 0.00 ± 0.000 | stagnation or regression | observed: missed (below in 2023) |") {
		t.Error("report.md does not say the 2025 maintain goal was missed in 2023")
	}
}

// An actual that skips a year with a milestone leaves the milestone neither projected nor judged:
// the error names the actual's line and the missing year.
func TestActualSkippingAMilestoneYear(t *testing.T) {
	checkBadInput(t, []badInput{{
		name:  "2024 without 2023",
		files: map[string]string{"a.csv": "id,year,value\nhuzhou_cmi_tertiary,2024,1.03\n"},
		args:  []string{"run", "--region", "huzhou", "--actuals", "{dir}/a.csv"},
		want:  []string{"{dir}/a.csv:2: huzhou_cmi_tertiary 2024 makes 2024 the baseline, but the 2023 milestone \">=\" has no observation", "add a row huzhou_cmi_tertiary,2023,<value> to the actuals file"},
	}})
}
