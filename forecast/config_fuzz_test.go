package forecast

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

// FuzzConfigRun reads fuzzed config files (YAML, TOML or JSON), compiles what loads and resolves,
// and simulates 64 paths of it: no input may panic, an input is either refused with an error or
// runs to finite results.
func FuzzConfigRun(f *testing.F) {
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		f.Fatal(err)
	}
	d, err := LoadDefaults()
	if err != nil {
		f.Fatal(err)
	}
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*.yaml"))
	for _, e := range examples {
		if data, err := os.ReadFile(e); err == nil {
			f.Add(uint8(0), data)
		}
	}
	for _, seed := range []struct {
		typ  uint8
		text string
	}{
		{0, "regions: [putuo]\noverrides: {putuo_life_expectancy: {drift: 1e20}}\n"},
		{0, "regions: [huzhou]\noverrides: {huzhou_cmi_tertiary: {noise: 1e200, uncertainty: 10}}\n"},
		{0, "regions: [putuo]\noverrides: {putuo_nurses_per_1000: {effectiveness: 1e300, lag: 0}}\nshocks: {probability: 0.9, impact: 100}\n"},
		{0, "regions: [huzhou]\noverrides: {huzhou_cmi_tertiary: {baseline: {year: 2024, value: 1e300}, targets: [{year: 2025, test: about, value: 1, tolerance: 1e308}]}}\n"},
		{1, "regions = [\"shaoxing\"]\nhorizon = 2035\n[overrides.shaoxing_maternal_mortality]\ndrift = -1e9\n"},
		{2, `{"regions": ["jiaxing"], "overrides": {"jiaxing_life_expectancy": {"baseline": {"year": 2000, "value": 80}}}}`},
	} {
		f.Add(seed.typ, []byte(seed.text))
	}
	exts := []string{".yaml", ".toml", ".json"}
	f.Fuzz(func(t *testing.T, typ uint8, data []byte) {
		file := filepath.Join(t.TempDir(), "c"+exts[int(typ)%len(exts)])
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := scenarios.LoadConfig([]string{file}, scenarios.Overrides{ThisYear: 2025})
		if err != nil {
			return
		}
		s, err := cfg.Resolve(cat)
		if err != nil {
			return
		}
		m, err := Compile(s, d)
		if err != nil {
			return
		}
		m.Scenario.Runs, m.Scenario.Precision = 64, 0
		out, err := Run(context.Background(), m, RunOptions{Workers: 1})
		if err != nil {
			t.Fatalf("a compiled model failed to run: %v", err)
		}
		assertFinite(t, out.Results)
	})
}
