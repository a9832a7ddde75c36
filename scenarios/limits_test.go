package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// loadErr loads one config file written with content and returns the error text ("" for none).
func loadErr(t *testing.T, name, content string) string {
	t.Helper()
	f := writeConfig(t, t.TempDir(), name, content)
	_, err := LoadConfig([]string{f}, Overrides{})
	if err == nil {
		return ""
	}
	if !IsConfigError(err) {
		t.Errorf("%s: %v is not a config error", name, err)
	}
	if !strings.Contains(err.Error(), f) {
		t.Errorf("%s: the error does not name the file:\n%v", name, err)
	}
	return err.Error()
}

func TestConfigLimits(t *testing.T) {
	deepYAML := strings.Repeat("{a: ", 5000) + "1" + strings.Repeat("}", 5000)
	deepJSON := `{"overrides": ` + strings.Repeat(`{"a": `, MaxConfigDepth) + "1" + strings.Repeat("}", MaxConfigDepth) + "}"
	deepTOML := "a = " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n"
	cases := []struct {
		name, file, content, want string
	}{
		{"too large", "big.yaml", "runs: 1000\n# " + strings.Repeat("x", MaxConfigBytes), "larger than 1048576 bytes"},
		{"nested 5000 deep", "deep.yaml", deepYAML, "nested more than 12 levels deep"},
		{"nested one level too deep", "deep.json", deepJSON, "overrides.a.a.a.a.a.a.a.a.a.a.a: nested more than 12 levels"},
		{"TOML lists nested deep", "deep.toml", deepTOML, "nested more than 12 levels"},
		{"empty YAML", "empty.yaml", "", "the file sets nothing"},
		{"YAML of comments only", "comments.yaml", "# runs: 1000\n", "the file sets nothing"},
		{"YAML null", "null.yaml", "~\n", "the file sets nothing"},
		{"empty TOML", "empty.toml", "", "the file sets nothing"},
		{"empty JSON", "empty.json", "  \n", "the file sets nothing"},
		{"JSON null", "null.json", "null", "the file sets nothing"},
		{"JSON empty object", "obj.json", "{}", "the file sets nothing"},
		{"JSON duplicate key", "dup.json", `{"runs": 1000, "runs": 2000}`, `runs: key "runs" is given twice in one mapping (allowed: each key once)`},
		{"JSON duplicate key nested", "dup2.json", `{"overrides": {"huzhou_cmi_tertiary": {"drift": 0.01, "Drift": 0.02}}}`, `overrides.huzhou_cmi_tertiary.drift: key "Drift" is given twice`},
		{"JSON duplicate key in a list item", "dup3.json", `{"scenarios": [{"name": "a"}, {"name": "b", "name": "c"}]}`, `scenarios[1].name: key "name" is given twice`},
		{"YAML duplicate key", "dup.yaml", "runs: 1000\nruns: 2000\n", "already defined"},
		{"TOML duplicate key", "dup.toml", "runs = 1000\nruns = 2000\n", "runs"},
		{"YAML key set to nothing", "null.yaml", "runs: 1000\noverrides:\n  huzhou_cmi_tertiary:\n", "overrides.huzhou_cmi_tertiary: sets nothing"},
		{"JSON unknown id with an empty mapping", "emptyid.json", `{"runs": 1000, "overrides": {"no_such_id": {}}}`, "overrides.no_such_id: sets nothing"},
		{"TOML empty table", "empty.toml", "runs = 1000\n[shocks]\n", "shocks: sets nothing"},
		{"too many YAML keys", "keys.yaml", "overrides:\n" + strings.Repeat("  a: {drift: 1}\n", 1) + manyKeys("  x%d: 1\n", MaxConfigKeys), "more than 5000 keys"},
		{"too many TOML keys", "keys.toml", "[overrides.a]\n" + manyKeys("x%d = 1\n", MaxConfigKeys+1), "more than 5000 keys"},
		{"too many JSON keys", "keys.json", `{"overrides": {` + strings.TrimSuffix(manyKeys(`"x%d": 1,`, MaxConfigKeys+1), ",") + "}}", "keys (allowed: at most 5000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := loadErr(t, tc.file, tc.content)
			if got == "" {
				t.Fatalf("accepted; want an error containing %q", tc.want)
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("error %q does not contain %q", got, tc.want)
			}
		})
	}
	// At the limits: exactly MaxConfigDepth levels and a file of exactly MaxConfigBytes are read.
	atDepth := `{"overrides": ` + strings.Repeat(`{"a": `, MaxConfigDepth-2) + "[1]" + strings.Repeat("}", MaxConfigDepth-2) + "}"
	if got := loadErr(t, "atdepth.json", atDepth); strings.Contains(got, "nested") {
		t.Errorf("a file nested %d deep: %s", MaxConfigDepth, got)
	}
	pad := "runs: 1000\n#"
	if got := loadErr(t, "atsize.yaml", pad+strings.Repeat("x", MaxConfigBytes-len(pad))); got != "" {
		t.Errorf("a file of exactly %d bytes: %s", MaxConfigBytes, got)
	}
}

func TestErrorsCapped(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "unknown_key_%d: 1\n", i)
	}
	got := loadErr(t, "many.yaml", b.String())
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != MaxErrors+1 {
		t.Errorf("%d lines, want %d errors and a count of the rest", len(lines), MaxErrors)
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, fmt.Sprintf("and %d more errors", 5000-MaxErrors)) {
		t.Errorf("last line %q, want the number of errors left out", last)
	}

	// Unknown indicator ids: the same cap, and "did you mean" only for the errors shown.
	b.Reset()
	b.WriteString("overrides:\n  huzhou_cmi_tertiar: {drift: 0.01}\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "  huzhou_cmi_tertiary_%d: {drift: 0.01}\n", i)
	}
	f := writeConfig(t, t.TempDir(), "ids.yaml", b.String())
	c := mustLoad(t, []string{f}, Overrides{})
	_, err := c.Resolve(testCatalogue(t))
	if err == nil {
		t.Fatal("2001 unknown ids accepted")
	}
	lines = strings.Split(err.Error(), "\n")
	if len(lines) != MaxErrors+1 || !strings.Contains(lines[MaxErrors], "and 1981 more errors") {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
	if !strings.Contains(err.Error(), "did you mean huzhou_cmi_tertiary?") {
		t.Errorf("no suggestion for the first unknown id:\n%v", err)
	}
}

func TestJoinErrorsAndSuggestFor(t *testing.T) {
	for _, n := range []int{0, 1, MaxErrors, MaxErrors + 1, 1000} {
		errs := make([]error, n)
		for i := range errs {
			errs[i] = &ConfigError{File: "f", Msg: fmt.Sprint(i)}
		}
		err := joinErrors(errs)
		var lines int
		if err != nil {
			lines = len(strings.Split(err.Error(), "\n"))
		}
		want := min(n, MaxErrors)
		if n > MaxErrors {
			want++
		}
		if lines != want {
			t.Errorf("%d errors: %d lines, want %d", n, lines, want)
		}
		if n > 0 && !IsConfigError(err) {
			t.Errorf("%d errors: not a config error", n)
		}
		if n > 0 && !errors.Is(err, errs[0]) {
			t.Errorf("%d errors: the first is not kept", n)
		}
	}
	ids := []string{"huzhou_cmi_tertiary"}
	if got := suggestFor(0, "huzhou_cmi_tertiar", ids, "allowed: x"); !strings.Contains(got, "did you mean") {
		t.Errorf("suggestFor(0) = %q", got)
	}
	if got := suggestFor(MaxErrors, "huzhou_cmi_tertiar", ids, "allowed: x"); got != "allowed: x" {
		t.Errorf("suggestFor(MaxErrors) = %q, want no search", got)
	}
}

func TestNames(t *testing.T) {
	cases := []struct {
		name string
		ok   bool
	}{
		{"huzhou-plan", true},
		{"湖州市卫生健康事业发展“十四五”规划　情景", true},                    // ideographic space
		{`=HYPERLINK("http://example.invalid","x")`, true}, // printable: neutralised where it is written
		{strings.Repeat("名", MaxNameLength), true},
		{strings.Repeat("名", MaxNameLength+1), false},
		{"a\x00b", false},
		{"two\nlines", false},
		{"tab\there", false},
		{"\x1b[31mred\x1b[0m", false},
		{"\x1b]8;;http://example.invalid\x07link", false},
		{"right\u202eto-left", false},
		{"\x9bcsi", false},
		{"bad\xffutf8", false},
	}
	for _, tc := range cases {
		c := &Config{Name: tc.name, Runs: 1, Horizon: DefaultHorizon, origin: map[string]string{"name": "f.yaml"}}
		errs := c.check()
		if tc.ok != (len(errs) == 0) {
			t.Errorf("name %q: errors %v, want ok=%v", tc.name, errs, tc.ok)
		}
		if !tc.ok && len(errs) > 0 && !strings.Contains(errs[0].Error(), "f.yaml: name: ") {
			t.Errorf("name %q: error %q does not name the file and key", tc.name, errs[0])
		}
	}
	long := &Config{Runs: 1, Horizon: DefaultHorizon, origin: map[string]string{}, Scenarios: []AllocationConfig{{Name: strings.Repeat("a", MaxNameLength+1)}}}
	if errs := long.check(); len(errs) != 1 || !strings.Contains(errs[0].Error(), "too long") {
		t.Errorf("a scenario name of %d characters: %v", MaxNameLength+1, errs)
	}
}

// manyKeys repeats format (with %d) n times with 0…n-1.
func manyKeys(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

func TestModelSettingBounds(t *testing.T) {
	cases := []struct{ content, want string }{
		{"overrides: {huzhou_cmi_tertiary: {uncertainty: 10.5}}\n", "overrides.huzhou_cmi_tertiary.uncertainty: 10.5 is out of range (allowed: from 0 to 10"},
		{"overrides: {huzhou_cmi_tertiary: {uncertainty: -1}}\n", "overrides.huzhou_cmi_tertiary.uncertainty: -1 is out of range"},
		{"shocks: {probability: 0.1, impact: 101}\n", "shocks.impact: 101 is out of range (allowed: from 0 to 100"},
		{"shocks: {probability: 5, impact: 1}\n", "shocks.probability: 5 is out of range"},
	}
	for _, tc := range cases {
		if got := loadErr(t, "m.yaml", tc.content); !strings.Contains(got, tc.want) {
			t.Errorf("%q: error %q, want %q", tc.content, got, tc.want)
		}
	}
	for _, ok := range []string{"overrides: {huzhou_cmi_tertiary: {uncertainty: 10}}\n", "shocks: {probability: 0.1, impact: 100}\n"} {
		if got := loadErr(t, "m.yaml", ok); got != "" {
			t.Errorf("%q at the limit: %s", ok, got)
		}
	}
}
