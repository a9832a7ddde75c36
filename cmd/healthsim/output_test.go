package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/forecast"
)

func TestOutputHeaders(t *testing.T) {
	for _, c := range summaryColumns {
		if !slices.Contains(summaryHeader, c) {
			t.Errorf("summaryHeader has no %q", c)
		}
	}
	if !slices.Equal(trajectoryHeader, trajectoryColumns) {
		t.Errorf("trajectoryHeader = %v, want %v", trajectoryHeader, trajectoryColumns)
	}
	for _, c := range compareColumns {
		if !slices.Contains(compareHeader, c) {
			t.Errorf("compareHeader has no %q", c)
		}
	}
}

// TestResultFileRoundTrip: result.json decodes back into the program's own types, and its report
// is the Markdown a planner pastes into a document.
func TestResultFileRoundTrip(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, argv([]string{"run", "--config", example("huzhou-plan.yaml"), "--out", out}, fast)...).mustSucceed(t)

	var rf struct {
		resultFile
		Results []*forecast.Result `json:"results"`
	}
	readJSON(t, filepath.Join(out, "result.json"), &rf)
	if rf.Seed != 20250101 || rf.Runs != 2000 || rf.Horizon != 2027 || rf.Version == "" {
		t.Errorf("result.json: seed %d, runs %d, horizon %d, version %q", rf.Seed, rf.Runs, rf.Horizon, rf.Version)
	}
	if len(rf.Results) != 1 || len(rf.Results[0].Indicators) == 0 {
		t.Fatalf("result.json results: %d", len(rf.Results))
	}
	found := false
	for _, ir := range rf.Results[0].Indicators {
		if ir.ID != "huzhou_cmi_tertiary" {
			continue
		}
		found = true
		if ir.Baseline != 0.95 || ir.BaselineYear != 2022 {
			t.Errorf("CMI baseline %v (%d), want 0.95 (2022)", ir.Baseline, ir.BaselineYear)
		}
	}
	if !found {
		t.Error("result.json has no huzhou_cmi_tertiary")
	}
	cfg, ok := rf.Config.(map[string]any)
	if !ok || cfg["name"] != "huzhou-plan" {
		t.Errorf("result.json scenario = %v", rf.Config)
	}

	rep, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(rep)
	for _, w := range []string{"# huzhou-plan\n", "2000 Monte Carlo paths, seed 20250101", "## Huzhou", "|---|",
		"| 三级公立医院病例组合指数(CMI值) Case-mix index (CMI) of tertiary public hospitals | 2025 | >= 1.1"} {
		if !strings.Contains(text, w) {
			t.Errorf("report.md does not contain %q", w)
		}
	}
	if strings.Contains(text, "## Shaoxing") {
		t.Error("report.md of a Huzhou-only scenario has a Shaoxing section")
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "file.csv")
	for _, content := range []string{"first", "second, longer content"} { // create, then replace
		if err := writeAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Errorf("file holds %q, want %q", got, content)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o644 != 0o644 {
		t.Errorf("mode %v, want readable by all (0644)", fi.Mode())
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("folder holds %v, want only file.csv (no temporary files)", entries)
	}
	assertNoTempFiles(t, dir)
}

func TestWriteAtomicFailure(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "file", "x")
	cases := []struct{ name, path string }{
		{"parent is a file", filepath.Join(file, "out.csv")},
		{"grandparent is a file", filepath.Join(file, "sub", "out.csv")},
		{"target is a folder", dir},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := writeAtomic(tc.path, []byte("data")); err == nil {
				t.Fatalf("writeAtomic(%s) succeeded", tc.path)
			} else if !strings.HasPrefix(err.Error(), "output: ") {
				t.Errorf("error %q does not start with output:", err)
			}
			assertNoTempFiles(t, dir)
		})
	}
}

func TestBundleWrite(t *testing.T) {
	b := newBundle()
	if err := b.addCSV("summary.csv", []string{"名称", "note"}, [][]string{{"三级公立医院病例组合指数(CMI值)", `a "quoted", comma`}}); err != nil {
		t.Fatal(err)
	}
	if err := b.addJSON("result.json", map[string]any{"seed": 1, "name": "湖州"}); err != nil {
		t.Fatal(err)
	}
	b.add("charts/risk.png", []byte("\x89PNG"))

	t.Run("into a new folder", func(t *testing.T) {
		out := outDir(t)
		names, err := b.write(context.Background(), out)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"charts/risk.png", "result.json", "summary.csv"}; !slices.Equal(names, want) {
			t.Errorf("wrote %v, want %v", names, want)
		}
		tab := readCSV(t, filepath.Join(out, "summary.csv"))
		if got := tab.rows[0]; got["名称"] != "三级公立医院病例组合指数(CMI值)" || got["note"] != `a "quoted", comma` {
			t.Errorf("CSV round trip: %v", got)
		}
		var doc map[string]any
		readJSON(t, filepath.Join(out, "result.json"), &doc)
		if doc["name"] != "湖州" {
			t.Errorf("JSON round trip: %v", doc)
		}
		assertNoTempFiles(t, out)
	})

	t.Run("parent is a regular file", func(t *testing.T) {
		dir := t.TempDir()
		file := writeFile(t, dir, "file", "x")
		names, err := b.write(context.Background(), filepath.Join(file, "out"))
		if err == nil {
			t.Fatalf("write into a path under a regular file succeeded: %v", names)
		}
		if names != nil {
			t.Errorf("names %v after a failure", names)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("the failed write left %v", entries)
		}
	})
}

func TestAddJSONError(t *testing.T) {
	b := newBundle()
	if err := b.addJSON("bad.json", map[string]any{"f": func() {}}); err == nil || !strings.Contains(err.Error(), "bad.json") {
		t.Errorf("addJSON of a func: %v, want an error naming the file", err)
	}
	if _, ok := b.files["bad.json"]; ok {
		t.Error("a file that failed to encode was added")
	}
}

func TestTable(t *testing.T) {
	var sb strings.Builder
	rows := [][]string{{"huzhou_cmi_tertiary", "三级公立医院病例组合指数", "x"}, {"a", "b", "y"}}
	if err := table(&sb, []string{"ID", "名称", "Z"}, rows, []int{0, 10, 0}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(sb.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), sb.String())
	}
	// The last column starts at the same display column on every line, Chinese or not.
	col := -1
	for _, l := range []string{lines[0], lines[2], lines[3]} {
		i := strings.LastIndex(l, " ")
		w := displayWidth(l[:i+1])
		if col >= 0 && w != col {
			t.Errorf("misaligned columns:\n%s", sb.String())
			break
		}
		col = w
	}
	if !strings.Contains(lines[2], "…") {
		t.Errorf("the capped column was not truncated: %q", lines[2])
	}
}

func TestDisplayWidthAndTruncate(t *testing.T) {
	cases := []struct {
		s     string
		width int
	}{
		{"abc", 3}, {"湖州", 4}, {"CMI值", 5}, {"（全角）", 8}, {"", 0},
	}
	for _, tc := range cases {
		if got := displayWidth(tc.s); got != tc.width {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.width)
		}
	}
	for _, w := range []int{1, 2, 5, 9, 10, 24} {
		s := "三级公立医院病例组合指数"
		got := truncate(s, w)
		if displayWidth(got) > w {
			t.Errorf("truncate(%q, %d) = %q is %d cells wide", s, w, got, displayWidth(got))
		}
		if w < displayWidth(s) && !strings.HasSuffix(got, "…") {
			t.Errorf("truncate(%q, %d) = %q has no ellipsis", s, w, got)
		}
	}
	if got := truncate("short", 10); got != "short" {
		t.Errorf("truncate of a short string changed it: %q", got)
	}
}

func TestSDGStatusAndEscape(t *testing.T) {
	cases := []struct {
		g    forecast.GoalResult
		want string
	}{
		{forecast.GoalResult{OnTrack: 0.6, Acceleration: 0.3, Stagnation: 0.1}, "on track"},
		{forecast.GoalResult{OnTrack: 0.2, Acceleration: 0.5, Stagnation: 0.3}, "acceleration needed"},
		{forecast.GoalResult{OnTrack: 0.1, Acceleration: 0.2, Stagnation: 0.7}, "stagnation or regression"},
	}
	for _, tc := range cases {
		if got := sdgStatus(tc.g); got != tc.want {
			t.Errorf("sdgStatus(%+v) = %q, want %q", tc.g, got, tc.want)
		}
	}
	if got := mdEscape("a|b"); got != `a\|b` {
		t.Errorf("mdEscape = %q", got)
	}
}

func TestFitTable(t *testing.T) {
	header := []string{"P", "NAME", "ENGLISH", "BASIS"}
	rows := [][]string{{"0.5", "三级公立医院病例组合指数", "Case-mix index of tertiary public hospitals", "history"}}
	for _, tt := range []struct {
		width      int
		wantHeader []string
		wantLimit  []int
	}{
		{0, header, []int{0, 0, 0, 0}},                         // no limit: everything, full names
		{200, header, []int{0, 0, 0, 0}},                       // fits
		{80, []string{"P", "NAME", "ENGLISH"}, []int{0, 0, 0}}, // the basis goes first
		{40, []string{"P", "NAME"}, []int{0, 0}},               // then the English name
		{20, []string{"P", "NAME"}, []int{0, 15}},              // then the name is cut
		{5, []string{"P", "NAME"}, []int{0, 8}},                // never below 8 cells
	} {
		h, r, lim := fitTable(header, rows, tt.width, []int{3, 2}, 1)
		if !slices.Equal(h, tt.wantHeader) || !slices.Equal(lim, tt.wantLimit) || len(r[0]) != len(h) {
			t.Errorf("width %d: header %v limits %v, want %v %v", tt.width, h, lim, tt.wantHeader, tt.wantLimit)
		}
	}
}

// TestRunTableFitsTerminal: at 100 columns every line of the table fits; --year and --kind filter.
func TestRunTableFitsTerminal(t *testing.T) {
	t.Parallel()
	r := runCLIWith(t, context.Background(), map[string]string{"COLUMNS": "100"},
		"run", "--runs", "300", "--no-charts", "--quiet", "--year", "2025", "--kind", "target", "--out", outDir(t))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var table []string
	for _, l := range lines[2:] {
		if l == "" {
			break // the notes after the table are prose
		}
		table = append(table, l)
	}
	for _, l := range table {
		if w := displayWidth(l); w > 100 {
			t.Errorf("line of %d cells at 100 columns: %s", w, l)
		}
	}
	if len(table) < 3 || !strings.Contains(table[0], "UNIT") {
		t.Fatalf("table:\n%s", strings.Join(table, "\n"))
	}
	for _, l := range table[2:] {
		if !strings.Contains(l, " target ") || !strings.Contains(l, " 2025 ") {
			t.Errorf("a row that is not a 2025 target: %s", l)
		}
	}
	checkBadInput(t, []badInput{
		{name: "kind", args: []string{"run", "--kind", "goal"}, want: []string{`--kind "goal"`, "allowed: target, milestone"}},
		{name: "year", args: []string{"run", "--year", "25"}, want: []string{"--year 25", "allowed: a year from 2000 to 2100"}},
	})
}

// TestSDGTextAgreesWithP: a goal on track for most paths but met on few says both.
func TestSDGTextAgreesWithP(t *testing.T) {
	g := forecast.GoalResult{PHit: 0.15, OnTrack: 0.6, Acceleration: 0.3, Stagnation: 0.1}
	if got := sdgText(g); !strings.Contains(got, "60%") || !strings.Contains(got, "only 15%") {
		t.Errorf("sdgText = %q", got)
	}
	g = forecast.GoalResult{PHit: 0.7, OnTrack: 0.8, Acceleration: 0.2}
	if got := sdgText(g); got != "on track" {
		t.Errorf("sdgText = %q, want plain on track", got)
	}
}
