package scenarios

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/internal/testenv"
)

// TestMain clears the developer's HEALTHSIM_* run settings: LoadConfig reads them from the
// process environment, and a test that wants one sets it with t.Setenv (so is not parallel).
func TestMain(m *testing.M) { testenv.Main(m) }

// setEnv sets the variables in m for the rest of the test.
func setEnv(t *testing.T, m map[string]string) {
	t.Helper()
	for k, v := range m {
		t.Setenv(k, v)
	}
}

// writeConfig writes a config file into dir and returns its path.
func writeConfig(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustLoad(t *testing.T, files []string, o Overrides) *Config {
	t.Helper()
	c, err := LoadConfig(files, o)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	return c
}

func mustResolve(t *testing.T, c *Config) Scenario {
	t.Helper()
	s, err := c.Resolve(testCatalogue(t))
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return s
}

// wantConfigError checks that err is a ConfigError whose text holds every substring.
func wantConfigError(t *testing.T, err error, subs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", subs)
	}
	if !IsConfigError(err) {
		t.Errorf("error is not a *ConfigError: %T %v", err, err)
	}
	for _, s := range subs {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error does not contain %q:\n%v", s, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// huzhouBudgeted returns the ids of Huzhou 54号's 15 programs.
func huzhouBudgeted(t *testing.T) map[string]bool {
	t.Helper()
	b := budgeted(testCatalogue(t))
	if len(b) != 15 {
		t.Fatalf("budgeted programs: %d, want 15", len(b))
	}
	return b
}

func TestLoadConfigDefaults(t *testing.T) {
	c := mustLoad(t, nil, Overrides{})
	if c.Name != "default" || c.Runs != 100000 || c.Seed != 20250101 || c.Horizon != 2027 || c.Workers != 0 || c.Precision != nil {
		t.Errorf("defaults: name %q runs %d seed %d horizon %d workers %d precision %v", c.Name, c.Runs, c.Seed, c.Horizon, c.Workers, c.Precision)
	}
	if want := []string{"huzhou", "shaoxing", "jiaxing", "putuo"}; !reflect.DeepEqual(c.Regions, want) {
		t.Errorf("regions %v, want %v", c.Regions, want)
	}
	if !reflect.DeepEqual(c.Sources, []string{DefaultConfigFile}) {
		t.Errorf("sources %v", c.Sources)
	}
	if c.Source("runs") != DefaultConfigFile {
		t.Errorf("source of runs: %q", c.Source("runs"))
	}
	s := mustResolve(t, c)
	if s.Name != "default" || len(s.Allocations) != 1 || s.Allocations[0].Name != "default" {
		t.Errorf("scenario %q with allocations %d", s.Name, len(s.Allocations))
	}
	if s.ShocksSet || s.Shocks != (Shocks{}) || s.Params != nil {
		t.Errorf("shocks %+v set %v params %v: want the model's defaults", s.Shocks, s.ShocksSet, s.Params)
	}
	cat := testCatalogue(t)
	ev, err := LoadEvidence()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, ind := range cat.Indicators() {
		if len(ind.Observations) > 0 && ev.Links[ind.ID].LeftOut == "" {
			want++
		}
	}
	if len(s.Indicators) != want || want == 0 {
		t.Errorf("%d indicators, want the %d with a baseline that are not left out", len(s.Indicators), want)
	}
	for _, ind := range s.Indicators {
		if ind.Region == "jiaxing" {
			t.Errorf("%s: Jiaxing has no baselines, so it is left out by default", ind.ID)
		}
	}
	if got := s.Allocations[0].Cost(); math.Abs(got-97500) > 1e-6 {
		t.Errorf("planned total %v, want 97500", got)
	}
	if !reflect.DeepEqual(s.Allocations[0].Programs, s.Reference.Programs) {
		t.Error("the default allocation differs from the reference plan")
	}

	// A file that sets only the runs takes the built-in defaults for the rest, but no name.
	f := writeConfig(t, t.TempDir(), "runs.yaml", "runs: 1000\n")
	c = mustLoad(t, []string{f}, Overrides{})
	if c.Name != "" || c.Runs != 1000 || c.Seed != DefaultSeed || c.Horizon != DefaultHorizon || c.Regions != nil {
		t.Errorf("runs-only file: %+v", c)
	}
	if s := mustResolve(t, c); s.Name != "scenario" || s.Allocations[0].Name != "scenario" {
		t.Errorf("unnamed scenario: %q / %q", s.Name, s.Allocations[0].Name)
	}
}

func TestDefaultConfigYAML(t *testing.T) {
	b := DefaultConfigYAML()
	if !strings.Contains(string(b), "name: default") {
		t.Fatalf("default.yaml:\n%s", b)
	}
	b[0] = 'X' // a copy: the embedded text must not change
	if DefaultConfigYAML()[0] == 'X' {
		t.Error("DefaultConfigYAML returned the embedded slice itself")
	}
	f := writeConfig(t, t.TempDir(), "default.yaml", string(DefaultConfigYAML()))
	fromFile := mustLoad(t, []string{f}, Overrides{})
	embedded := mustLoad(t, nil, Overrides{})
	fromFile.Sources, embedded.Sources = nil, nil
	fromFile.origin, embedded.origin = nil, nil
	if !reflect.DeepEqual(fromFile, embedded) {
		t.Errorf("default.yaml as a file %+v, embedded %+v", fromFile, embedded)
	}
}

// The same config written in each format.
var formatConfigs = map[string]string{
	"a.yaml": `
name: same
regions: [huzhou, jiaxing]
horizon: 2027
runs: 5000
seed: 7
workers: 2
precision: 0.01
overrides:
  huzhou_cmi_tertiary:
    drift: 0.02
    lag: 2
    baseline: {year: 2023, value: 1.01}
  jiaxing_staff_cost_share:
    baseline: {year: 2023, value: 38.5}
    targets: [{year: 2027, test: ">=", value: 45}]
budget:
  programs:
    huzhou_talent: {2023: 3000, 2024: 3500}
  index:
    jiaxing_three_medical_governance: {2026: 0.8}
shocks: {probability: 0.05, impact: 1.5}
scenarios:
  - name: plan
  - name: cut-20
    scale: {all: 0.8}
    move: [{from: huzhou_tcm, to: huzhou_talent, amount: 100, year: 2023}]
`,
	"a.toml": `
name = "same"
regions = ["huzhou", "jiaxing"]
horizon = 2027
runs = 5000
seed = 7
workers = 2
precision = 0.01

[overrides.huzhou_cmi_tertiary]
drift = 0.02
lag = 2
baseline = {year = 2023, value = 1.01}

[overrides.jiaxing_staff_cost_share]
baseline = {year = 2023, value = 38.5}
targets = [{year = 2027, test = ">=", value = 45}]

[budget.programs.huzhou_talent]
2023 = 3000
2024 = 3500

[budget.index.jiaxing_three_medical_governance]
2026 = 0.8

[shocks]
probability = 0.05
impact = 1.5

[[scenarios]]
name = "plan"

[[scenarios]]
name = "cut-20"
scale = {all = 0.8}
move = [{from = "huzhou_tcm", to = "huzhou_talent", amount = 100, year = 2023}]
`,
	"a.json": `{
  "name": "same",
  "regions": ["huzhou", "jiaxing"],
  "horizon": 2027, "runs": 5000, "seed": 7, "workers": 2, "precision": 0.01,
  "overrides": {
    "huzhou_cmi_tertiary": {"drift": 0.02, "lag": 2, "baseline": {"year": 2023, "value": 1.01}},
    "jiaxing_staff_cost_share": {"baseline": {"year": 2023, "value": 38.5},
      "targets": [{"year": 2027, "test": ">=", "value": 45}]}
  },
  "budget": {
    "programs": {"huzhou_talent": {"2023": 3000, "2024": 3500}},
    "index": {"jiaxing_three_medical_governance": {"2026": 0.8}}
  },
  "shocks": {"probability": 0.05, "impact": 1.5},
  "scenarios": [
    {"name": "plan"},
    {"name": "cut-20", "scale": {"all": 0.8},
     "move": [{"from": "huzhou_tcm", "to": "huzhou_talent", "amount": 100, "year": 2023}]}
  ]
}`,
}

func TestFormatsAreEquivalent(t *testing.T) {
	dir := t.TempDir()
	var first *Config
	var firstScenario Scenario
	for _, name := range []string{"a.yaml", "a.toml", "a.json"} {
		t.Run(name, func(t *testing.T) {
			c := mustLoad(t, []string{writeConfig(t, dir, name, formatConfigs[name])}, Overrides{})
			s := mustResolve(t, c)
			if c.Runs != 5000 || c.Seed != 7 || c.Workers != 2 || *c.Precision != 0.01 || c.Shocks == nil {
				t.Errorf("settings: %+v", c)
			}
			if got := c.Budget.Programs["huzhou_talent"][2024]; got != 3500 {
				t.Errorf("budget.programs.huzhou_talent.2024 = %v", got)
			}
			if lag := c.Overrides["huzhou_cmi_tertiary"].Lag; lag == nil || *lag != 2 {
				t.Errorf("lag %v", lag)
			}
			c.Sources, c.origin = nil, nil
			stripConfigRefs(&s)
			if first == nil {
				first, firstScenario = c, s
				return
			}
			if !reflect.DeepEqual(c, first) {
				a, _ := json.Marshal(first)
				b, _ := json.Marshal(c)
				t.Errorf("config differs from YAML's:\nyaml %s\n%s %s", a, name, b)
			}
			if !reflect.DeepEqual(s, firstScenario) {
				t.Errorf("resolved scenario differs from YAML's")
			}
		})
	}
}

// stripConfigRefs blanks the refs that name the config file an entry came from.
func stripConfigRefs(s *Scenario) {
	for i := range s.Indicators {
		ind := &s.Indicators[i]
		for j := range ind.Observations {
			if strings.HasPrefix(ind.Observations[j].Ref, "config: ") {
				ind.Observations[j].Ref = ""
			}
		}
		for _, ts := range [][]Target{ind.Targets, ind.Milestones} {
			for j := range ts {
				if strings.HasPrefix(ts[j].Ref, "config: ") {
					ts[j].Ref = ""
				}
			}
		}
	}
}

func TestMergeFiles(t *testing.T) {
	dir := t.TempDir()
	base := writeConfig(t, dir, "base.yaml", `
name: base
runs: 5000
regions: [huzhou]
overrides:
  huzhou_cmi_tertiary: {drift: 0.01, noise: 0.02}
budget:
  programs:
    huzhou_talent: {2023: 100, 2024: 200}
scenarios:
  - {name: a}
  - {name: b}
`)
	over := writeConfig(t, dir, "over.toml", `
runs = 6000
[overrides.huzhou_cmi_tertiary]
noise = 0.05
[budget.programs.huzhou_talent]
2024 = 300
[[scenarios]]
name = "c"
`)
	c := mustLoad(t, []string{base, over}, Overrides{})
	if c.Name != "base" || c.Runs != 6000 {
		t.Errorf("name %q runs %d", c.Name, c.Runs)
	}
	if got := c.Budget.Programs["huzhou_talent"]; !reflect.DeepEqual(got, YearAmounts{2023: 100, 2024: 300}) {
		t.Errorf("deep merge of budget.programs: %v", got)
	}
	ov := c.Overrides["huzhou_cmi_tertiary"]
	if ov.Drift == nil || *ov.Drift != 0.01 || ov.Noise == nil || *ov.Noise != 0.05 {
		t.Errorf("deep merge of overrides: %+v", ov.Params)
	}
	if len(c.Scenarios) != 1 || c.Scenarios[0].Name != "c" {
		t.Errorf("a later file's list replaces the earlier: %+v", c.Scenarios)
	}
	for key, want := range map[string]string{
		"runs": over, "name": base, "budget.programs.huzhou_talent.2023": base,
		"budget.programs.huzhou_talent.2024": over, "scenarios[0].name": over,
	} {
		if got := c.Source(key); got != want {
			t.Errorf("source of %s: %q, want %q", key, got, want)
		}
	}
	if !reflect.DeepEqual(c.Sources, []string{base, over}) {
		t.Errorf("sources %v", c.Sources)
	}

	// An error is reported against the file that set the key.
	bad := writeConfig(t, dir, "bad.yaml", "budget:\n  index:\n    huzhou_talent: {2024: -1}\n")
	_, err := LoadConfig([]string{base, bad}, Overrides{})
	wantConfigError(t, err, bad+": budget.index.huzhou_talent.2024: -1 is negative (allowed: a factor ≥ 0")
	cut := writeConfig(t, dir, "cut.yaml", "budget:\n  programs:\n    huzhou_talent: {2023: 99999999}\nscenarios: [{name: x, total: 1}]\n")
	c = mustLoad(t, []string{base, cut}, Overrides{})
	_, err = c.Resolve(testCatalogue(t))
	wantConfigError(t, err, cut+": scenarios[0].total: the allocation adds up to")
}

func TestPrecedence(t *testing.T) {
	f := writeConfig(t, t.TempDir(), "run.yaml", "name: file\nruns: 5000\nseed: 1\nworkers: 1\nhorizon: 2026\nprecision: 0.01\nregions: [huzhou]\n")
	env := map[string]string{
		"HEALTHSIM_NAME": "env", "HEALTHSIM_RUNS": "7000", "HEALTHSIM_SEED": "2",
		"HEALTHSIM_WORKERS": "3", "HEALTHSIM_HORIZON": "2027", "HEALTHSIM_PRECISION": "0.02",
	}
	flags := Overrides{Flags: map[string]string{"name": "flag", "runs": "9000", "seed": "3", "workers": "4",
		"horizon": "2030", "precision": "0.03", "region": "putuo"}}
	type settings struct {
		name             string
		runs             int64
		seed             uint64
		workers, horizon int
		precision        float64
		regions          []string
	}
	get := func(c *Config) settings {
		return settings{c.Name, c.Runs, c.Seed, c.Workers, c.Horizon, *c.Precision, c.Regions}
	}
	for _, tc := range []struct {
		name  string
		env   map[string]string
		flags Overrides
		want  settings
		src   string
	}{
		{"file", nil, Overrides{}, settings{"file", 5000, 1, 1, 2026, 0.01, []string{"huzhou"}}, f},
		{"env beats file", env, Overrides{}, settings{"env", 7000, 2, 3, 2027, 0.02, []string{"huzhou"}}, "environment: HEALTHSIM_RUNS"},
		{"flags beat env", env, flags, settings{"flag", 9000, 3, 4, 2030, 0.03, []string{"putuo"}}, "flag --runs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setEnv(t, tc.env)
			c := mustLoad(t, []string{f}, tc.flags)
			if got := get(c); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if got := c.Source("runs"); got != tc.src {
				t.Errorf("source of runs %q, want %q", got, tc.src)
			}
		})
	}
}

// flag returns the overrides of one flag given as text.
func flag(name, text string) Overrides { return Overrides{Flags: map[string]string{name: text}} }

func TestBadEnvironmentAndFlags(t *testing.T) {
	for _, tc := range []struct {
		env   map[string]string
		flags Overrides
		want  string
	}{
		{map[string]string{"HEALTHSIM_RUNS": "abc"}, Overrides{}, `environment: HEALTHSIM_RUNS: runs: "abc" is not valid (allowed: a whole number from 1 to 1000000000)`},
		{map[string]string{"HEALTHSIM_RUNS": "0"}, Overrides{}, "environment: HEALTHSIM_RUNS: runs: 0 is out of range (allowed: 1 to 1000000000)"},
		{map[string]string{"HEALTHSIM_SEED": "-1"}, Overrides{}, `environment: HEALTHSIM_SEED: seed: "-1" is not valid`},
		{map[string]string{"HEALTHSIM_WORKERS": "-2"}, Overrides{}, "environment: HEALTHSIM_WORKERS: workers: -2 is not a number of workers"},
		{map[string]string{"HEALTHSIM_HORIZON": "2040"}, Overrides{}, "environment: HEALTHSIM_HORIZON: horizon: 2040 is out of range"},
		{map[string]string{"HEALTHSIM_PRECISION": "x"}, Overrides{}, `environment: HEALTHSIM_PRECISION: precision: "x" is not valid`},
		{map[string]string{"HEALTHSIM_PRECISION": "0.7"}, Overrides{}, "environment: HEALTHSIM_PRECISION: precision: 0.7 is out of range"},
		{nil, flag("runs", "0"), "flag --runs: runs: 0 is out of range"},
		{nil, flag("runs", "1e5"), `flag --runs: runs: "1e5" is not valid (allowed: a whole number from 1 to 1000000000)`},
		{nil, flag("workers", "-1"), "flag --workers: workers: -1 is not a number of workers"},
		{nil, flag("region", "huzou"), `flag --region: regions[0]: unknown region "huzou" (did you mean huzhou?`},
		{map[string]string{"HEALTHSIM_RUNS": "0"}, flag("runs", "10"), ""}, // the flag wins
	} {
		t.Run(fmt.Sprint(tc.env, tc.flags.Flags), func(t *testing.T) {
			setEnv(t, tc.env)
			_, err := LoadConfig(nil, tc.flags)
			if tc.want == "" {
				if err != nil {
					t.Errorf("%v %+v: %v", tc.env, tc.flags, err)
				}
				return
			}
			wantConfigError(t, err, tc.want)
		})
	}
}

// TestEnvironmentText: a variable is read like its flag's text, without surrounding spaces, and
// an empty or blank variable leaves the file's value in place.
func TestEnvironmentText(t *testing.T) {
	f := writeConfig(t, t.TempDir(), "run.yaml", "runs: 5000\nname: file\n")
	for _, tc := range []struct {
		env  map[string]string
		runs int64
		name string
		src  string
	}{
		{map[string]string{"HEALTHSIM_RUNS": " 7000\t"}, 7000, "file", "environment: HEALTHSIM_RUNS"},
		{map[string]string{"HEALTHSIM_RUNS": "", "HEALTHSIM_NAME": "  "}, 5000, "file", f},
		{map[string]string{"HEALTHSIM_NAME": " two words "}, 5000, "two words", f},
	} {
		t.Run(fmt.Sprint(tc.env), func(t *testing.T) {
			setEnv(t, tc.env)
			c := mustLoad(t, []string{f}, Overrides{})
			if c.Runs != tc.runs || c.Name != tc.name {
				t.Errorf("runs %d, name %q; want %d, %q", c.Runs, c.Name, tc.runs, tc.name)
			}
			if got := c.Source("runs"); got != tc.src {
				t.Errorf("source of runs %q, want %q", got, tc.src)
			}
		})
	}
}

func TestDottedIDsAreNotSplit(t *testing.T) {
	dir := t.TempDir()
	cat := testCatalogue(t)

	// A real id, nested as usual, arrives as that id.
	f := writeConfig(t, dir, "ok.yaml", "overrides:\n  huzhou_cmi_tertiary:\n    drift: 0.03\n")
	c := mustLoad(t, []string{f}, Overrides{})
	s := mustResolve(t, c)
	if p := s.Params["huzhou_cmi_tertiary"]; p.Drift == nil || *p.Drift != 0.03 {
		t.Errorf("params %+v", s.Params)
	}

	// A key with dots stays one key: an unknown id, with a suggestion.
	for name, content := range map[string]string{
		"dots.yaml": "overrides:\n  \"huzhou_cmi_tertiary.x\":\n    drift: 0.03\n",
		"dots.toml": "[overrides.\"huzhou_cmi_tertiary.x\"]\ndrift = 0.03\n",
		"dots.json": `{"overrides": {"huzhou_cmi_tertiary.x": {"drift": 0.03}}}`,
	} {
		c := mustLoad(t, []string{writeConfig(t, dir, name, content)}, Overrides{})
		if _, ok := c.Overrides["huzhou_cmi_tertiary.x"]; !ok || len(c.Overrides) != 1 {
			t.Errorf("%s: overrides %v, want the single key huzhou_cmi_tertiary.x", name, c.Overrides)
		}
		_, err := c.Resolve(cat)
		wantConfigError(t, err, name+`: overrides."huzhou_cmi_tertiary.x": unknown indicator "huzhou_cmi_tertiary.x" (did you mean huzhou_cmi_tertiary?`)
	}

	// A flat dotted key is not read as a path either.
	f = writeConfig(t, dir, "flat.yaml", "overrides.huzhou_cmi_tertiary.drift: 0.03\n")
	_, err := LoadConfig([]string{f}, Overrides{})
	wantConfigError(t, err, f+`: "overrides.huzhou_cmi_tertiary.drift": unknown key "overrides.huzhou_cmi_tertiary.drift" (did you mean overrides?`)
}

func TestYearKeys(t *testing.T) {
	dir := t.TempDir()
	c := mustLoad(t, []string{writeConfig(t, dir, "y.yaml", "budget:\n  programs:\n    huzhou_talent: {2023: 10, \"2024\": 20}\n")}, Overrides{})
	if got := c.Budget.Programs["huzhou_talent"]; !reflect.DeepEqual(got, YearAmounts{2023: 10, 2024: 20}) {
		t.Errorf("year keys: %v", got)
	}
	for _, tc := range []struct{ content, want string }{
		{"budget:\n  programs:\n    huzhou_talent: {20x3: 10}\n", `budget.programs.huzhou_talent.20x3: "20x3" is not a year (allowed: a year written with digits, e.g. 2025)`},
		{"budget:\n  index:\n    huzhou_talent: {2023.5: 1}\n", `budget.index.huzhou_talent."2023.5": "2023.5" is not a year`},
		{"budget:\n  reference:\n    huzhou_talent: {1999: 1}\n", "budget.reference.huzhou_talent.1999: year 1999 is out of range (allowed: 2000 to 2100)"},
		{"budget:\n  programs:\n    huzhou_talent: [1, 2]\n", "budget.programs.huzhou_talent: wrong type: got a list (allowed: a mapping of years to numbers, e.g. {2023: 100, 2024: 120})"},
	} {
		_, err := LoadConfig([]string{writeConfig(t, dir, "bad.yaml", tc.content)}, Overrides{})
		wantConfigError(t, err, filepath.Join(dir, "bad.yaml")+": "+tc.want)
	}
}

// TestStrictErrors checks every kind of bad input: each is a ConfigError naming the file, the
// key path and what is allowed.
func TestStrictErrors(t *testing.T) {
	cat := testCatalogue(t)
	for _, tc := range []struct {
		name    string
		file    string // file name; the content goes there
		content string
		want    []string // substrings after "<file>: "
	}{
		{"unknown key", "a.yaml", "runs: 10\ndrawz: 3\n", []string{`drawz: unknown key "drawz" (allowed: name, description, regions,`}},
		{"unknown key with null value", "a.yaml", "drawz:\n", []string{`drawz: unknown key "drawz"`}},
		{"unknown nested key", "a.yaml", "overrides:\n  huzhou_cmi_tertiary: {drif: 0.1}\n", []string{`overrides.huzhou_cmi_tertiary.drif: unknown key "drif" (did you mean drift? allowed: baseline,`}},
		{"unknown key in a list item", "a.yaml", "scenarios:\n  - {name: a, totl: 5}\n", []string{`scenarios[0].totl: unknown key "totl" (did you mean total?`}},
		{"unknown key in toml", "a.toml", "runz = 5\n", []string{`runz: unknown key "runz" (did you mean runs?`}},
		{"unknown key in json", "a.json", `{"sed": 5}`, []string{`sed: unknown key "sed" (did you mean seed?`}},
		{"unknown region", "a.yaml", "regions: [huzou]\n", []string{`regions[0]: unknown region "huzou" (did you mean huzhou? allowed: huzhou, shaoxing, jiaxing, putuo)`}},
		{"unknown indicator", "a.yaml", "indicators: [huzhou_cmi_tertary]\n", []string{`indicators[0]: unknown indicator "huzhou_cmi_tertary" (did you mean huzhou_cmi_tertiary?`}},
		{"unknown indicator in overrides", "a.yaml", "overrides:\n  huzhou_cmi_tertary: {drift: 0.1}\n", []string{`overrides.huzhou_cmi_tertary: unknown indicator "huzhou_cmi_tertary" (did you mean huzhou_cmi_tertiary?`}},
		{"indicator of an unselected region", "a.yaml", "regions: [putuo]\noverrides:\n  huzhou_cmi_tertiary: {drift: 0.1}\n", []string{`overrides.huzhou_cmi_tertiary: indicator "huzhou_cmi_tertiary" belongs to region huzhou, which is not among the selected regions (allowed: indicators of putuo`}},
		{"override of an unlisted indicator", "a.yaml", "indicators: [huzhou_cmi_tertiary]\noverrides:\n  huzhou_grade4_surgery_share: {drift: 0.1}\n", []string{`overrides.huzhou_grade4_surgery_share: indicator "huzhou_grade4_surgery_share" is not selected by indicators`}},
		{"unknown program", "a.yaml", "budget:\n  programs:\n    huzhou_talnet: {2023: 5}\n", []string{`budget.programs.huzhou_talnet: unknown program "huzhou_talnet" (did you mean huzhou_talent?`}},
		{"unknown program in index", "a.yaml", "budget:\n  index:\n    shaoxing_medical_higland: {2023: 0.5}\n", []string{`budget.index.shaoxing_medical_higland: unknown program "shaoxing_medical_higland" (did you mean shaoxing_medical_highland?`}},
		{"unknown program in move", "a.yaml", "scenarios:\n  - name: a\n    move: [{from: huzhou_tmc, to: huzhou_talent, amount: 1}]\n", []string{`scenarios[0].move[0].from: unknown program "huzhou_tmc" (did you mean huzhou_tcm?`}},
		{"seed as text", "a.yaml", "seed: \"42\"\n", []string{`seed: wrong type: got text "42" (allowed: a whole number from 0 to 18446744073709551615, written without quotes)`}},
		{"runs as text", "a.toml", "runs = \"many\"\n", []string{`runs: wrong type: got text "many" (allowed: a whole number, written without quotes)`}},
		{"fractional runs", "a.json", `{"runs": 1.5}`, []string{"runs: 1.5 is not a whole number (allowed: a whole number)"}},
		{"regions not a list", "a.yaml", "regions: huzhou\n", []string{"regions: wrong type: got text (allowed: a list of ids, e.g. [a, b])"}},
		{"drift as text", "a.yaml", "overrides:\n  huzhou_cmi_tertiary: {drift: high}\n", []string{`overrides.huzhou_cmi_tertiary.drift: wrong type: got text "high" (allowed: a number, written without quotes)`}},
		{"negative seed", "a.yaml", "seed: -1\n", []string{"seed: whole number -1 is not valid: -1 overflows uint (allowed: a whole number from 0 to 18446744073709551615)"}},
		{"negative amount", "a.yaml", "budget:\n  programs:\n    huzhou_talent: {2023: -5}\n", []string{"budget.programs.huzhou_talent.2023: -5 is negative (allowed: an amount in 万元 ≥ 0)"}},
		{"negative index", "a.yaml", "budget:\n  index:\n    shaoxing_medical_highland: {2023: -0.5}\n", []string{"budget.index.shaoxing_medical_highland.2023: -0.5 is negative (allowed: a factor ≥ 0"}},
		{"negative amount in a scenario", "a.yaml", "scenarios:\n  - name: a\n    programs: {huzhou_talent: {2024: -1}}\n", []string{"scenarios[0].programs.huzhou_talent.2024: -1 is negative"}},
		{"baseline above its bound", "a.yaml", "overrides:\n  huzhou_county_inpatient_share:\n    baseline: {year: 2023, value: 120}\n", []string{"overrides.huzhou_county_inpatient_share.baseline.value: baseline value 120 is above the upper bound 100 (allowed: a value from 0 to 100)"}},
		{"observation below its bound", "a.yaml", "overrides:\n  huzhou_cmi_tertiary:\n    observations: [{year: 2021, value: -1}]\n", []string{"overrides.huzhou_cmi_tertiary.observations[0].value: value -1 is below the lower bound 0 (allowed: a value ≥ 0)"}},
		{"baseline before an observation", "a.yaml", "overrides:\n  huzhou_cmi_tertiary:\n    baseline: {year: 2021, value: 0.9}\n", []string{"overrides.huzhou_cmi_tertiary.baseline.year: baseline year 2021 is before the observation of 2022"}},
		{"baseline year after the horizon", "a.yaml", "regions: [jiaxing]\noverrides:\n  jiaxing_staff_cost_share:\n    baseline: {year: 2028, value: 40}\n", []string{"overrides.jiaxing_staff_cost_share.baseline.year: baseline year 2028 is not before the horizon 2027 (allowed: a year before the horizon; or set horizon later, up to 2035)"}},
		{"horizon before a baseline", "a.yaml", "horizon: 2022\nregions: [huzhou]\n", []string{"horizon: 2022 is not after the baseline year 2022 of huzhou_", "(allowed: a year from 2023 to 2035)"}},
		{"horizon too late", "a.yaml", "horizon: 2036\n", []string{"horizon: 2036 is out of range (allowed: a year from 2001 to 2035"}},
		{"runs zero", "a.yaml", "runs: 0\n", []string{"runs: 0 is out of range (allowed: 1 to 1000000000)"}},
		{"runs above 1e9", "a.yaml", "runs: 1000000001\n", []string{"runs: 1000000001 is out of range (allowed: 1 to 1000000000)"}},
		{"negative workers", "a.yaml", "workers: -1\n", []string{"workers: -1 is not a number of workers (allowed: 1 or more; leave workers out to use every core)"}},
		{"zero workers", "a.yaml", "workers: 0\n", []string{"workers: 0 is not a number of workers"}},
		{"precision too large", "a.yaml", "precision: 0.5\n", []string{"precision: 0.5 is out of range (allowed: a standard error above 0 and below 0.5"}},
		{"precision zero", "a.yaml", "precision: 0\n", []string{"precision: 0 is out of range"}},
		{"unparsable yaml", "a.yaml", "runs: [1\n", []string{"cannot parse as YAML: ", "(allowed: a valid YAML file"}},
		{"unparsable toml", "a.toml", "runs = \n", []string{"cannot parse as TOML: "}},
		{"unparsable json", "a.json", `{"runs": 1,}`, []string{"cannot parse as JSON: "}},
		{"yaml list at the top", "a.yaml", "- 1\n- 2\n", []string{"cannot parse as YAML: yaml: unmarshal errors: line 1: cannot unmarshal"}},
		{"unknown file type", "a.ini", "runs=1\n", []string{`unknown file type ".ini" (allowed: .yaml, .yml, .toml, .json)`}},
		{"unknown test", "a.yaml", "overrides:\n  huzhou_cmi_tertiary:\n    targets: [{year: 2025, test: gte, value: 1.1}]\n", []string{`overrides.huzhou_cmi_tertiary.targets[0].test: unknown test "gte" (allowed: >=, <=, >, <, increase, decrease, maintain, hold_low, about)`}},
		{"about without tolerance", "a.yaml", "overrides:\n  shaoxing_personnel_expense_share:\n    targets: [{year: 2025, test: about, value: 45}]\n", []string{`overrides.shaoxing_personnel_expense_share.targets[0]: test about needs a tolerance above 0 (allowed: {test: about, value: v, tolerance: t}`}},
		{"target without value", "a.yaml", "overrides:\n  huzhou_cmi_tertiary:\n    milestones: [{year: 2025, test: \">=\"}]\n", []string{"overrides.huzhou_cmi_tertiary.milestones[0]: test >= needs a value"}},
		{"target outside bounds", "a.yaml", "overrides:\n  huzhou_county_inpatient_share:\n    targets: [{year: 2025, test: \">=\", value: 101}]\n", []string{"overrides.huzhou_county_inpatient_share.targets[0]: value 101 is above the upper bound 100 (allowed: a value from 0 to 100)"}},
		{"bad lag", "a.yaml", "overrides:\n  huzhou_cmi_tertiary: {lag: 11}\n", []string{"overrides.huzhou_cmi_tertiary.lag: 11 is out of range (allowed: 0 to 10 years)"}},
		{"bad scenario pace", "a.yaml", "pace: target\n", []string{`pace: "target" is not a pace (allowed: evidence, plan)`}},
		{"bad pace", "a.yaml", "overrides:\n  huzhou_cmi_tertiary: {pace: target}\n", []string{`overrides.huzhou_cmi_tertiary.pace: "target" is not a pace (allowed: evidence, plan)`}},
		{"bad program share", "a.yaml", "overrides:\n  huzhou_cmi_tertiary: {program_share: 1.5}\n", []string{"overrides.huzhou_cmi_tertiary.program_share: 1.5 is out of range (allowed: from 0 to 1)"}},
		{"duplicate scenario names", "a.yaml", "scenarios:\n  - {name: plan}\n  - {name: cut}\n  - {name: plan}\n", []string{`scenarios[2].name: duplicate scenario name "plan", also used by scenarios[0] (allowed: each name once)`}},
		{"scenario name with a dot", "a.yaml", "scenarios:\n  - {name: cut.20}\n", []string{`scenarios[0].name: "cut.20" is not a valid name (allowed: lowercase letters, digits, - and _, no dots`}},
		{"scenario without a name", "a.yaml", "scenarios:\n  - {scale: {all: 0.5}}\n", []string{"scenarios[0].name: a name is required"}},
		{"total does not add up", "a.yaml", "scenarios:\n  - {name: plan, total: 97500}\n  - {name: cut, total: 97500, scale: {all: 0.8}}\n", []string{"scenarios[1].total: the allocation adds up to 78000万元, not the declared total 97500万元 (allowed: the declared total within 0.5万元)"}},
		{"amounts for a program without budget", "a.yaml", "budget:\n  programs:\n    shaoxing_medical_highland: {2023: 100}\n", []string{`budget.programs.shaoxing_medical_highland: program "shaoxing_medical_highland" (shaoxing) has no budget in its document, so it takes no amounts in 万元 (allowed: set its funding relative to the plan under index`}},
		{"move more than the year has", "a.yaml", "scenarios:\n  - name: a\n    move: [{from: huzhou_tcm, to: huzhou_talent, amount: 5000, year: 2023}]\n", []string{`scenarios[0].move[0].amount: program "huzhou_tcm" has only 2175.8万元 in 2023, less than the 5000 to move (allowed: an amount up to 2175.8)`}},
		{"move more than all years have", "a.yaml", "scenarios:\n  - name: a\n    move: [{from: huzhou_tcm, to: huzhou_talent, amount: 7000}]\n", []string{`scenarios[0].move[0].amount: program "huzhou_tcm" has only 6500万元 in all its years, less than the 7000 to move`}},
		{"move between units", "a.yaml", "scenarios:\n  - name: a\n    move: [{from: huzhou_tcm, to: shaoxing_medical_highland, amount: 1}]\n", []string{`scenarios[0].move[0]: cannot move between "huzhou_tcm" and "shaoxing_medical_highland"`}},
		{"shift without share or amount", "a.yaml", "scenarios:\n  - name: a\n    shift: [{from_year: 2025, to_year: 2023}]\n", []string{"scenarios[0].shift[0]: give either share or amount"}},
		{"shift from an empty year", "a.yaml", "regions: [huzhou]\nscenarios:\n  - name: a\n    shift: [{from_year: 2030, to_year: 2023, share: 0.5}]\n", []string{"scenarios[0].shift[0].from_year: no program has funding in 2030 to shift"}},
		{"shift more than the year has", "a.yaml", "scenarios:\n  - name: a\n    shift: [{from_year: 2025, to_year: 2023, amount: 30000}]\n", []string{"scenarios[0].shift[0].amount: the programs have only 23906万元 in 2025, less than the 30000 to shift"}},
		{"jiaxing without baseline", "a.yaml", "indicators: [jiaxing_staff_cost_share]\n", []string{`indicators[0]: indicator "jiaxing_staff_cost_share" has no baseline: its document gives none (allowed: give overrides.jiaxing_staff_cost_share.baseline: {year: 2023, value: …}`}},
		{"shocks probability 1", "a.yaml", "shocks: {probability: 1, impact: 1}\n", []string{"shocks.probability: 1 is out of range (allowed: from 0 up to, not including, 1)"}},
		{"shocks without impact", "a.yaml", "shocks: {probability: 0.1}\n", []string{"shocks: both probability and impact are required"}},
		{"region twice", "a.yaml", "regions: [putuo, putuo]\n", []string{`regions[1]: region "putuo" is listed twice`}},
		{"no indicator", "a.yaml", "regions: [jiaxing]\n", []string{"indicators: no indicator with a baseline is selected"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := writeConfig(t, t.TempDir(), tc.file, tc.content)
			c, err := LoadConfig([]string{f}, Overrides{})
			if err == nil {
				_, err = c.Resolve(cat)
			}
			for _, w := range tc.want {
				if !strings.HasPrefix(w, "(") {
					w = f + ": " + w
				}
				wantConfigError(t, err, w)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	dir := t.TempDir()
	good := writeConfig(t, dir, "good.yaml", "runs: 10\n")
	missing := filepath.Join(dir, "missing.yaml")
	bad := writeConfig(t, dir, "bad.yaml", "runz: 10\n")
	_, err := LoadConfig([]string{good, missing, bad}, Overrides{})
	wantConfigError(t, err, missing+": cannot read the file: no such file or directory (allowed: an existing, readable YAML, TOML or JSON file)",
		bad+`: runz: unknown key "runz"`)
	if strings.Contains(err.Error(), good) {
		t.Errorf("the good file is blamed: %v", err)
	}
	var ce *ConfigError
	if !asConfigError(err, &ce) || ce.File == "" || ce.Msg == "" {
		t.Errorf("ConfigError fields: %+v", ce)
	}
}

func asConfigError(err error, target **ConfigError) bool {
	for _, e := range leafErrors(err) {
		if c, ok := e.(*ConfigError); ok {
			*target = c
			return true
		}
	}
	return false
}

func TestConfigErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		e    ConfigError
		want string
	}{
		{ConfigError{"a.yaml", "runs", "0 is out of range (allowed: 1 to 1000000000)"}, "a.yaml: runs: 0 is out of range (allowed: 1 to 1000000000)"},
		{ConfigError{"a.yaml", "", "cannot parse"}, "a.yaml: cannot parse"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	if IsConfigError(os.ErrNotExist) || IsConfigError(nil) {
		t.Error("IsConfigError of a plain error")
	}
}

func TestResolveJiaxingBaseline(t *testing.T) {
	cat := testCatalogue(t)
	f := writeConfig(t, t.TempDir(), "jx.yaml", `
regions: [jiaxing]
overrides:
  jiaxing_staff_cost_share:
    baseline: {year: 2023, value: 38.5}
    observations: [{year: 2021, value: 35}, {year: 2022, value: 36.9}]
    milestones: [{year: 2025, test: ">=", value: 41}]
    noise: 0.8
`)
	s := mustResolve(t, mustLoad(t, []string{f}, Overrides{}))
	if len(s.Indicators) != 1 || s.Indicators[0].ID != "jiaxing_staff_cost_share" {
		t.Fatalf("indicators: %d, want only the Jiaxing one with a baseline", len(s.Indicators))
	}
	ind := s.Indicators[0]
	var got []ObservationConfig
	for _, o := range ind.Observations {
		got = append(got, ObservationConfig{Year: o.Year, Value: o.Value})
	}
	if want := []ObservationConfig{{Year: 2021, Value: 35}, {Year: 2022, Value: 36.9}, {Year: 2023, Value: 38.5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("observations %v, want %v", got, want)
	}
	if base, _ := ind.Latest(); base.Year != 2023 || base.Value != 38.5 || !strings.Contains(base.Ref, f) {
		t.Errorf("baseline %+v", base)
	}
	if len(ind.Targets) != 1 || ind.Targets[0].Year != 2027 || *ind.Targets[0].Value != 45 {
		t.Errorf("targets kept from the catalogue: %+v", ind.Targets)
	}
	if len(ind.Milestones) != 1 || ind.Milestones[0].Year != 2025 || *ind.Milestones[0].Value != 41 {
		t.Errorf("milestones from the config: %+v", ind.Milestones)
	}
	if p := s.Params["jiaxing_staff_cost_share"]; p.Noise == nil || *p.Noise != 0.8 {
		t.Errorf("params %+v", s.Params)
	}
	orig, _ := cat.Indicator("jiaxing_staff_cost_share")
	if len(orig.Observations) != 0 || len(orig.Milestones) != 0 {
		t.Errorf("the catalogue was changed: %+v", orig)
	}
	// Only the config's own indicators appear for Jiaxing; the Huzhou ones stay as they are.
	if got := s.Reference.Programs["jiaxing_three_medical_governance"][2027]; got != 1 {
		t.Errorf("reference index %v", got)
	}
	if _, ok := s.Reference.Programs["huzhou_talent"]; ok {
		t.Error("the allocation holds programs of unselected regions")
	}
}

func TestResolveDoesNotShareCatalogueData(t *testing.T) {
	cat := testCatalogue(t)
	f := writeConfig(t, t.TempDir(), "h.yaml", `
regions: [huzhou]
overrides:
  huzhou_cmi_tertiary:
    baseline: {year: 2023, value: 1.02}
    targets: [{year: 2025, test: ">=", value: 1.2}]
`)
	orig, _ := cat.Indicator("huzhou_cmi_tertiary")
	before := copyIndicator(orig)
	s := mustResolve(t, mustLoad(t, []string{f}, Overrides{}))
	for i := range s.Indicators {
		ind := &s.Indicators[i]
		if ind.ID == "huzhou_cmi_tertiary" {
			if base, _ := ind.Latest(); base.Year != 2023 || base.Value != 1.02 || len(ind.Observations) != 2 {
				t.Errorf("observations %+v", ind.Observations)
			}
			if len(ind.Targets) != 1 || *ind.Targets[0].Value != 1.2 {
				t.Errorf("targets %+v", ind.Targets)
			}
		}
		// Scribble over every copy: the catalogue must not see it.
		for j := range ind.Observations {
			ind.Observations[j].Value = -99
		}
		for _, ts := range [][]Target{ind.Targets, ind.Milestones} {
			for j := range ts {
				if ts[j].Value != nil {
					*ts[j].Value = -99
				}
			}
		}
		if ind.Bounds.Lo != nil {
			*ind.Bounds.Lo = -99
		}
		if len(ind.Programs) > 0 {
			ind.Programs[0] = "scribbled"
		}
	}
	if !reflect.DeepEqual(copyIndicator(orig), before) {
		t.Error("Resolve's indicators share data with the catalogue")
	}
	for _, ind := range cat.Indicators() {
		for _, o := range ind.Observations {
			if o.Value == -99 {
				t.Fatalf("%s: catalogue observation changed", ind.ID)
			}
		}
	}
}

func TestReferencePlan(t *testing.T) {
	cat := testCatalogue(t)
	money := huzhouBudgeted(t)
	ref := ReferencePlan(cat, 2027)
	for id := range money {
		for y, annual := range map[int]float64{2023: 32637, 2024: 40957, 2025: 23906} {
			if got := ref.Programs[id][y]; math.Abs(got-annual/15) > 1e-9 {
				t.Errorf("%s %d: %v, want %v/15", id, y, got, annual)
			}
		}
		if len(ref.Programs[id]) != 3 {
			t.Errorf("%s: years %v", id, ref.Programs[id])
		}
	}
	if got := ref.Cost(); math.Abs(got-97500) > 1e-6 {
		t.Errorf("total %v, want 97500", got)
	}
	for _, p := range cat.Programs() {
		if money[p.ID] {
			continue
		}
		years := ref.Programs[p.ID]
		if len(years) != 2027-2015+1 || years[2015] != 1 || years[2027] != 1 {
			t.Errorf("%s (no budget): %v, want index 1 for 2015–2027", p.ID, years)
		}
	}
	if _, ok := ref.Programs["huzhou_talent"]; !ok {
		t.Fatal("huzhou_talent missing")
	}
	// Huzhou 4号 has programs but no budget: they take the index.
	for _, d := range cat.Documents {
		if d.Region == "huzhou" && d.Budget == nil && len(d.Programs) > 0 {
			if got := ref.Programs[d.Programs[0].ID][2023]; got != 1 {
				t.Errorf("%s: %v, want index 1", d.Programs[0].ID, got)
			}
		}
	}
	if got := len(ReferencePlan(cat, 2030).Programs["shaoxing_medical_highland"]); got != 16 {
		t.Errorf("years to 2030: %d", got)
	}
}

func TestPlainRunBudget(t *testing.T) {
	f := writeConfig(t, t.TempDir(), "b.yaml", `
name: my-run
regions: [huzhou, shaoxing]
budget:
  reference:
    huzhou_party_building: {2023: 1000, 2024: 1000}
  index:
    huzhou_talent: {2023: 0.8, 2026: 2}
    shaoxing_medical_highland: {2025: 1.2}
  programs:
    huzhou_tcm: {2024: 5000, 2026: 100}
`)
	s := mustResolve(t, mustLoad(t, []string{f}, Overrides{}))
	a := s.Allocations[0]
	if a.Name != "my-run" || len(s.Allocations) != 1 {
		t.Errorf("allocations %v", s.Allocations)
	}
	share := map[int]float64{2023: 32637.0 / 15, 2024: 40957.0 / 15, 2025: 23906.0 / 15}
	for _, tc := range []struct {
		prog string
		year int
		want float64
		ok   bool
	}{
		{"huzhou_talent", 2023, 0.8 * share[2023], true},
		{"huzhou_talent", 2024, share[2024], true},
		{"huzhou_talent", 2026, 0, false}, // an index only touches years of the plan
		{"huzhou_tcm", 2024, 5000, true},
		{"huzhou_tcm", 2023, share[2023], true},
		{"huzhou_tcm", 2026, 100, true},
		{"shaoxing_medical_highland", 2025, 1.2, true},
		{"shaoxing_medical_highland", 2024, 1, true},
		{"huzhou_party_building", 2023, 1000, true},
		{"huzhou_party_building", 2025, 0, false}, // the config's reference replaces every year
	} {
		got, ok := a.Programs[tc.prog][tc.year]
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s %d: %v (%v), want %v (%v)", tc.prog, tc.year, got, ok, tc.want, tc.ok)
		}
	}
	if got := s.Reference.Programs["huzhou_party_building"]; !reflect.DeepEqual(got, map[int]float64{2023: 1000, 2024: 1000}) {
		t.Errorf("reference of huzhou_party_building: %v", got)
	}
	if got := s.Reference.Programs["huzhou_talent"][2023]; math.Abs(got-share[2023]) > 1e-9 {
		t.Errorf("the reference plan was changed by the index: %v", got)
	}
	if _, ok := a.Programs["putuo_healthy_putuo"]; ok {
		t.Error("programs of unselected regions are in the allocation")
	}
}

func TestScenarioList(t *testing.T) {
	f := writeConfig(t, t.TempDir(), "cmp.yaml", `
name: compare
regions: [huzhou]
budget:
  index:
    huzhou_talent: {2025: 2}
scenarios:
  - {name: plan, total: 99093.73}
  - name: cut-20
    scale: {all: 0.8}
  - name: talent-first
    move:
      - {from: huzhou_party_building, to: huzhou_talent, amount: 1000, year: 2023}
      - {from: huzhou_tcm, to: huzhou_talent, amount: 650}
  - name: front-loaded
    shift: [{from_year: 2025, to_year: 2023, share: 0.5}]
  - name: back-loaded
    shift: [{from_year: 2023, to_year: 2025, amount: 3000, programs: [huzhou_talent, huzhou_tcm]}]
  - name: full
    programs:
      huzhou_talent: {2023: 500, 2024: 500, 2025: 500}
    scale: {huzhou_tcm: 0}
    index: {huzhou_medical_highland: {2023: 0}}
`)
	s := mustResolve(t, mustLoad(t, []string{f}, Overrides{}))
	money := huzhouBudgeted(t)
	byName := map[string]Allocation{}
	var names []string
	for _, a := range s.Allocations {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	if want := []string{"plan", "cut-20", "talent-first", "front-loaded", "back-loaded", "full"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("allocations %v, want %v (the first is the reference)", names, want)
	}
	share := map[int]float64{2023: 32637.0 / 15, 2024: 40957.0 / 15, 2025: 23906.0 / 15}
	planTotal := 97500 + share[2025] // the top-level index doubles huzhou_talent's 2025
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	near("plan total", byName["plan"].Cost(), planTotal)
	near("reference total", s.Reference.Cost(), 97500)

	near("cut-20 total", byName["cut-20"].Cost(), 0.8*planTotal)
	near("cut-20 talent 2025", byName["cut-20"].Programs["huzhou_talent"][2025], 0.8*2*share[2025])

	tf := byName["talent-first"]
	near("talent-first total (moves conserve it)", tf.Cost(), planTotal)
	near("party building 2023", tf.Programs["huzhou_party_building"][2023], share[2023]-1000)
	near("party building 2024", tf.Programs["huzhou_party_building"][2024], share[2024])
	tcmTotal := 97500.0 / 15
	for y, v := range share {
		near("tcm pro rata", tf.Programs["huzhou_tcm"][y], v-650*v/tcmTotal)
	}
	near("talent 2023", tf.Programs["huzhou_talent"][2023], share[2023]+1000+650*share[2023]/tcmTotal)

	fl := byName["front-loaded"]
	near("front-loaded total", fl.Cost(), planTotal)
	yearTotal := func(a Allocation, y int) float64 {
		t := 0.0
		for id := range money {
			t += a.Programs[id][y]
		}
		return t
	}
	plan2025 := yearTotal(byName["plan"], 2025)
	near("front-loaded 2025", yearTotal(fl, 2025), plan2025/2)
	near("front-loaded 2023", yearTotal(fl, 2023), 32637+plan2025/2)

	bl := byName["back-loaded"]
	near("back-loaded total", bl.Cost(), planTotal)
	near("back-loaded 2023", yearTotal(bl, 2023), 32637-3000)
	near("back-loaded talent 2023", bl.Programs["huzhou_talent"][2023], share[2023]-1500)
	near("back-loaded other programs", bl.Programs["huzhou_digital_health"][2023], share[2023])

	full := byName["full"]
	near("full talent", full.Programs["huzhou_talent"][2024], 500)
	near("full tcm", yearSum(full.Programs["huzhou_tcm"]), 0)
	near("full highland 2023", full.Programs["huzhou_medical_highland"][2023], 0)

	if s.Reference.Name != "reference" || s.Name != "compare" {
		t.Errorf("names %q %q", s.Reference.Name, s.Name)
	}
	// Allocations do not share maps.
	byName["plan"].Programs["huzhou_talent"][2023] = -1
	if byName["cut-20"].Programs["huzhou_talent"][2023] == -1 || s.Reference.Programs["huzhou_talent"][2023] == -1 {
		t.Error("allocations share their maps")
	}
}

func TestConfigJSON(t *testing.T) {
	dir := t.TempDir()
	c := mustLoad(t, []string{writeConfig(t, dir, "a.yaml", formatConfigs["a.yaml"])}, flag("runs", "10"))
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"runs":10`, `"huzhou_talent":{"2023":3000,"2024":3500}`, `"sources":["` + filepath.Join(dir, "a.yaml") + `","flag --runs"]`, `"name":"cut-20"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("result JSON lacks %s:\n%s", want, b)
		}
	}
	var back Config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Budget, c.Budget) || back.Seed != c.Seed {
		t.Errorf("JSON round trip: %+v", back)
	}
}

func TestSuggest(t *testing.T) {
	ids := []string{"huzhou_cmi_tertiary", "huzhou_talent", "huzhou_tcm", "drift", "noise"}
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"huzhou_cmi_tertary", []string{"huzhou_cmi_tertiary"}},
		{"huzhou_cmi", []string{"huzhou_tcm", "huzhou_cmi_tertiary"}}, // a typo distance first, then the prefix
		{"huzhou_cmi_tertiary.drift", []string{"huzhou_cmi_tertiary"}},
		{"HUZHOU_TALENT", nil}, // equal but for case: not a suggestion of itself
		{"drif", []string{"drift"}},
		{"huzhou_tmc", []string{"huzhou_tcm"}},
		{"zzz", nil},
		{"x", nil},
	} {
		if got := suggest(tc.word, ids); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("suggest(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"drift", "drif", 1}, {"tcm", "tmc", 2}} {
		if got := levenshtein(tc.a, tc.b); got != tc.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

func TestDisplayPath(t *testing.T) {
	for in, want := range map[string]string{
		"runs":                                  "runs",
		"overrides[huzhou_cmi_tertiary].drift":  "overrides.huzhou_cmi_tertiary.drift",
		"overrides[a.b].targets[0].test":        `overrides."a.b".targets[0].test`,
		"budget.programs[huzhou_talent][2023]":  "budget.programs.huzhou_talent.2023",
		"scenarios[1].move[0].from":             "scenarios[1].move[0].from",
		"scenarios[0].programs[huzhou_tcm][20]": "scenarios[0].programs.huzhou_tcm.20",
	} {
		if got := displayPath(in); got != want {
			t.Errorf("displayPath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := typeAt(`overrides."a.b".lag`); got == nil || got.Kind().String() != "ptr" {
		t.Errorf("typeAt: %v", got)
	}
}

func yearSum(years map[int]float64) float64 {
	t := 0.0
	for _, v := range years {
		t += v
	}
	return t
}
