package scenarios

import (
	"os"
	"testing"
)

// FuzzLoadConfig feeds arbitrary bytes to LoadConfig as a YAML file, then resolves what loads:
// neither may panic, and every failure must be a ConfigError (exit code 2, never a crash).
func FuzzLoadConfig(f *testing.F) {
	f.Add(DefaultConfigYAML())
	for _, name := range []string{"a.yaml"} {
		f.Add([]byte(formatConfigs[name]))
	}
	for _, s := range []string{
		"",
		"runs: 10\nseed: 1\n",
		"seed: \"42\"\n",
		"runs: 1.5\n",
		"drawz: 1\n",
		"- 1\n- 2\n",
		"runs: [1\n",
		"regions: [jiaxing]\noverrides:\n  jiaxing_staff_cost_share:\n    baseline: {year: 2023, value: 38}\n",
		"overrides:\n  \"a.b\": {drift: 1}\n  huzhou_cmi_tertiary: {baseline: {year: 2099, value: .nan}}\n",
		"budget:\n  programs:\n    huzhou_talent: {20x3: 1, 2023: -1}\n  index: {huzhou_tcm: {2023: .inf}}\n",
		"horizon: 2022\n",
		"scenarios:\n  - {name: a, scale: {all: 0}, move: [{from: huzhou_tcm, to: huzhou_talent, amount: 1}]}\n  - {name: b, shift: [{from_year: 2025, to_year: 2023, share: 1}], total: 5}\n  - {name: a}\n",
		"shocks: {probability: .nan, impact: -1}\nprecision: 1e-300\nworkers: -3\n",
		"overrides:\n  huzhou_cmi_tertiary:\n    targets: [{year: 3000, test: maintain}]\n    observations: [{year: 2021, value: 1}, {year: 2021, value: 2}]\n",
		"a: &a [*a]\n",
	} {
		f.Add([]byte(s))
	}
	cat, err := LoadCatalogue()
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		tmp, err := os.CreateTemp(dir, "fuzz-*.yaml") // fuzz workers run in parallel
		if err != nil {
			t.Fatal(err)
		}
		p := tmp.Name()
		defer os.Remove(p)
		_, err = tmp.Write(data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig([]string{p}, Overrides{})
		if err != nil {
			if !IsConfigError(err) {
				t.Fatalf("LoadConfig error is not a ConfigError: %v", err)
			}
			return
		}
		if c == nil {
			t.Fatal("LoadConfig returned neither a config nor an error")
		}
		s, err := c.Resolve(cat)
		if err != nil {
			if !IsConfigError(err) {
				t.Fatalf("Resolve error is not a ConfigError: %v", err)
			}
			return
		}
		if len(s.Allocations) == 0 || len(s.Indicators) == 0 || s.Runs <= 0 {
			t.Fatalf("resolved scenario without allocations, indicators or runs: %+v", s)
		}
	})
}
