package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSpreadsheetSafe(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"-", "-"},
		{"huzhou-plan", "huzhou-plan"},
		{`=HYPERLINK("http://example.invalid","x")`, `'=HYPERLINK("http://example.invalid","x")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"=", "="},
		{"\r=1", "'\r=1"},
		{"-0.5", "-0.5"},
		{"+3", "+3"},
		{"-1e-05", "-1e-05"},
		{"湖州", "湖州"},
		{"a=b", "a=b"},
	}
	for _, tc := range cases {
		if got := spreadsheetSafe(tc.in); got != tc.want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTerminalSafe(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain 湖州 text\nline two\ttab", "plain 湖州 text\nline two\ttab"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b]0;window title\x07after", "after"},
		{"\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"a\x00b\x07c\x08d\x7fe", "abcde"},
		{"csi\u009b31m", "csi31m"},
		{"right\u202eto-left", "rightto-left"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"trailing\x1b", "trailing"},
		{"\x1b[", ""},
	}
	for _, tc := range cases {
		if got := terminalSafe(tc.in); got != tc.want {
			t.Errorf("terminalSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNamesAreSafe: a formula as a scenario name reaches summary.csv neutralised; a name with
// control characters is refused; an error message never carries an escape sequence.
func TestNamesAreSafe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	formula := `=HYPERLINK("http://example.invalid","x")`
	cfg := writeFile(t, dir, "f.yaml", "name: '"+formula+"'\nregions: [putuo]\n")
	out := filepath.Join(dir, "out")
	runCLI(t, argv([]string{"run", "--config", cfg, "--out", out}, fast)...).mustSucceed(t)
	tab := readCSV(t, filepath.Join(out, "summary.csv"))
	if len(tab.rows) == 0 {
		t.Fatal("summary.csv has no rows")
	}
	for _, row := range tab.rows {
		if row["scenario"] != "'"+formula {
			t.Fatalf("scenario cell %q, want the formula behind an apostrophe", row["scenario"])
		}
	}

	for _, name := range []string{`"a\x00b"`, `"two\nlines"`, `"\e[2J\e[Hcleared"`, `"` + strings.Repeat("x", 101) + `"`} {
		bad := writeFile(t, dir, "bad.yaml", "name: "+name+"\n")
		r := runCLI(t, argv([]string{"run", "--config", bad, "--out", filepath.Join(dir, "bad-out")}, fast)...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, "bad.yaml: name: ") {
			t.Errorf("name %s: exit %d, stderr %q; want 2 naming the file and key", name, r.code, r.stderr)
		}
		if strings.ContainsAny(r.stderr, "\x1b\x00") {
			t.Errorf("name %s: stderr carries control characters: %q", name, r.stderr)
		}
		assertNoOutput(t, filepath.Join(dir, "bad-out"))
	}

	r := runCLI(t, "validate", "--config", filepath.Join(dir, "\x1b]0;pwned\x07.yaml"))
	if r.code != exitBadInput || strings.Contains(r.stderr, "\x1b") || !strings.Contains(r.stderr, "cannot read the file") {
		t.Errorf("a file name with an escape sequence: exit %d, stderr %q", r.code, r.stderr)
	}
}
