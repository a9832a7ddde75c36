package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

// TestNotSimulatedListed runs the default scenario: every goal of an indicator without a
// baseline (all of Jiaxing's) is listed in the terminal table, summary.csv and report.md as not
// simulated, with how to supply a baseline.
func TestNotSimulatedListed(t *testing.T) {
	t.Parallel()
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	var jiaxing []*scenarios.Indicator
	for _, ind := range cat.Indicators() {
		if ind.Region == "jiaxing" {
			if _, ok := ind.Latest(); ok {
				t.Skipf("%s has a baseline in the catalogue; the test needs a region without", ind.ID)
			}
			jiaxing = append(jiaxing, ind)
		}
	}
	if len(jiaxing) == 0 {
		t.Fatal("no Jiaxing indicators in the catalogue")
	}
	out := outDir(t)
	r := runCLI(t, "run", "--runs", "2000", "--no-charts", "--quiet", "--out", out).mustSucceed(t)
	sum := readCSV(t, filepath.Join(out, "summary.csv"))
	report, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "\n## Jiaxing\n") {
		t.Error("report.md has no Jiaxing section")
	}
	for _, ind := range jiaxing {
		rows := sum.where("indicator", ind.ID)
		goals := 0
		for _, g := range slices.Concat(ind.Milestones, ind.Targets) {
			if g.Year <= 2027 {
				goals++
			}
		}
		if len(rows) != goals {
			t.Errorf("%s: %d rows in summary.csv, want one per goal (%d)", ind.ID, len(rows), goals)
		}
		for _, row := range rows {
			if !strings.HasPrefix(row["basis"], "not simulated: no baseline; supply a baseline: a row "+ind.ID+",<year>,<value> in an actuals file") ||
				!strings.Contains(row["basis"], "overrides."+ind.ID+".baseline") || row["p_hit"] != "" {
				t.Errorf("%s: summary.csv row %v", ind.ID, row)
			}
		}
		if !strings.Contains(string(report), "| "+ind.NameZH+" ") {
			t.Errorf("report.md does not list %s (%s)", ind.ID, ind.NameZH)
		}
		if !strings.Contains(string(html), ind.ID) {
			t.Errorf("report.html does not list %s among the indicators not simulated", ind.ID)
		}
		if !strings.Contains(r.stdout, ind.NameZH) { // output to a pipe has no width limit: full names
			t.Errorf("the terminal table does not list %s", ind.ID)
		}
	}
	for name, text := range map[string]string{"report.md": string(report), "stdout": r.stdout} {
		if !strings.Contains(text, "not simulated: no baseline") || !strings.Contains(text, "--actuals") || !strings.Contains(text, "overrides.<id>.baseline") {
			t.Errorf("%s does not say which indicators are not simulated and how to supply a baseline", name)
		}
	}
}

// TestUnreachedFundingReported: funding moved to a programme none of whose indicators is
// simulated is reported on stderr and in report.md; funding as planned reports nothing.
func TestUnreachedFundingReported(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	r := runCLI(t, "run", "--config", example("huzhou-talent-first.yaml"), "--runs", "2000", "--no-charts", "--out", out).mustSucceed(t)
	want := "note: huzhou-talent-first: funding of huzhou_talent changes, but it reaches no simulated indicator: it would reach "
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "huzhou_physicians_per_1000") || !strings.Contains(r.stderr, "none of them has a baseline") {
		t.Errorf("stderr does not report the unreached funding of huzhou_talent:\n%s", r.stderr)
	}
	report, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"## Funding changes that reach no simulated indicator", "(huzhou_talent) | ", "huzhou_physicians_per_1000", "none of them has a baseline"} {
		if !strings.Contains(string(report), w) {
			t.Errorf("report.md does not contain %q", w)
		}
	}
	plan := outDir(t)
	r = runCLI(t, "run", "--config", example("huzhou-plan.yaml"), "--runs", "2000", "--no-charts", "--out", plan).mustSucceed(t)
	if strings.Contains(r.stderr, "reaches no simulated indicator") {
		t.Errorf("funding as planned reported as a change:\n%s", r.stderr)
	}
	report, err = os.ReadFile(filepath.Join(plan, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(report), "reach no simulated indicator") {
		t.Error("report.md of the plan reports unreached funding")
	}
}

// TestIndicatorsProgrammes: the catalogue table shows each indicator's programmes and each
// programme's indicators; the CSV has a programs column.
func TestIndicatorsProgrammes(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "indicators", "--region", "huzhou").mustSucceed(t)
	header, programmes, ok := strings.Cut(r.stdout, "\n\n")
	if !ok {
		t.Fatalf("no programme table after the indicator table:\n%s", r.stdout)
	}
	if !strings.Contains(header, "PROGRAMMES") {
		t.Error("the indicator table has no PROGRAMMES column")
	}
	for _, l := range strings.Split(header, "\n") {
		if strings.HasPrefix(l, "huzhou_physicians_per_1000 ") && !strings.Contains(l, "huzhou_talent") {
			t.Errorf("huzhou_physicians_per_1000 does not show its programme huzhou_talent: %s", l)
		}
	}
	found := false
	for _, l := range strings.Split(programmes, "\n") {
		if strings.HasPrefix(l, "huzhou_talent ") {
			found = true
			for _, id := range []string{"huzhou_physicians_per_1000", "huzhou_new_medical_doctorates", "huzhou_new_medical_masters"} {
				if !strings.Contains(l, id) {
					t.Errorf("huzhou_talent's row does not list %s: %s", id, l)
				}
			}
		}
	}
	if !found {
		t.Errorf("no huzhou_talent row in the programme table:\n%s", programmes)
	}
	csv := parseCSV(t, "indicators csv", []byte(runCLI(t, "indicators", "--format", "csv").mustSucceed(t).stdout))
	if rows := csv.where("id", "huzhou_physicians_per_1000"); len(rows) != 1 || !strings.Contains(rows[0]["programs"], "huzhou_talent") {
		t.Errorf("csv programs of huzhou_physicians_per_1000: %v", rows)
	}
}

// TestUnreachedFundingTiming: a change whose years the projection does not draw on (its effect
// would come after the horizon, or falls in years already observed) is reported too.
func TestUnreachedFundingTiming(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	actuals := writeFile(t, dir, "a.csv", "id,year,value\nhuzhou_cmi_tertiary,2023,1.01\nhuzhou_cmi_tertiary,2024,1.03\nhuzhou_grade4_surgery_share,2023,18.4\nhuzhou_grade4_surgery_share,2024,19\n")
	for _, tc := range []struct {
		name, config string
		args         []string
		want         string
	}{
		{"after the horizon", "regions: [huzhou]\nbudget: {programs: {huzhou_medical_highland: {2027: 5000}}}\n", nil,
			"its changed years (2027) fall outside the years whose funding the projection uses (2022–2026"},
		{"already observed", "regions: [huzhou]\nbudget: {index: {huzhou_medical_highland: {2023: 0}}}\n", []string{"--actuals", actuals},
			"its changed years (2023) fall outside the years whose funding the projection uses (2024–2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := writeFile(t, t.TempDir(), "c.yaml", tc.config)
			out := outDir(t)
			r := runCLI(t, argv([]string{"run", "--config", cfg, "--runs", "2000", "--no-charts", "--out", out}, tc.args)...).mustSucceed(t)
			if !strings.Contains(r.stderr, "funding of huzhou_medical_highland changes, but it reaches no simulated indicator: it would reach huzhou_cmi_tertiary, huzhou_grade4_surgery_share, and "+tc.want) {
				t.Errorf("stderr does not report the change:\n%s", r.stderr)
			}
			report, err := os.ReadFile(filepath.Join(out, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(report), "(huzhou_medical_highland) | huzhou_cmi_tertiary, huzhou_grade4_surgery_share | "+tc.want) {
				t.Error("report.md does not report the change")
			}
		})
	}
	// The same cut in 2024 reaches them.
	cfg := writeFile(t, dir, "c.yaml", "regions: [huzhou]\nbudget: {index: {huzhou_medical_highland: {2024: 0}}}\n")
	r := runCLI(t, "run", "--config", cfg, "--runs", "2000", "--no-charts", "--out", outDir(t)).mustSucceed(t)
	if strings.Contains(r.stderr, "huzhou_medical_highland changes") {
		t.Errorf("a cut the projection draws on is reported as unreached:\n%s", r.stderr)
	}
}
