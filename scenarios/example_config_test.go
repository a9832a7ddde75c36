package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// ExampleLoadConfig loads a budget comparison, lets an environment variable and a flag change
// the run settings, and resolves it against the catalogue.
func ExampleLoadConfig() {
	dir, err := os.MkdirTemp("", "healthsim-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "huzhou-compare.yaml")
	config := `
name: huzhou-compare
regions: [huzhou]
runs: 20000
scenarios:
  - {name: plan, total: 97500}
  - {name: cut-20, scale: {all: 0.8}}
  - name: front-loaded
    shift: [{from_year: 2025, to_year: 2023, share: 0.5}]
`
	if err := os.WriteFile(file, []byte(config), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	// As if the shell had exported them: LoadConfig reads the process environment.
	for k, v := range map[string]string{"HEALTHSIM_RUNS": "50000", "HEALTHSIM_SEED": "7"} {
		if err := os.Setenv(k, v); err != nil {
			fmt.Println(err)
			return
		}
		defer os.Unsetenv(k)
	}
	cfg, err := scenarios.LoadConfig([]string{file}, scenarios.Overrides{Flags: map[string]string{"seed": "42"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := cfg.Resolve(cat)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: runs %d (from %s), seed %d (from %s), horizon %d\n",
		s.Name, s.Runs, cfg.Source("runs"), s.Seed, cfg.Source("seed"), s.Horizon)
	huzhou54 := map[string]bool{}
	for id, years := range s.Reference.Programs {
		if years[2023] > 1 { // the 15 sub-projects with amounts in 万元
			huzhou54[id] = true
		}
	}
	for _, a := range s.Allocations {
		fmt.Printf("%-13s %8.0f万元  2023: %6.0f万元\n", a.Name, a.Cost(), yearTotal(a, huzhou54, 2023))
	}

	// A typo in a program id is a ConfigError naming the file and key, with a suggestion.
	bad := filepath.Join(dir, "typo.yaml")
	_ = os.WriteFile(bad, []byte("budget:\n  index:\n    huzhou_talnet: {2024: 0.8}\n"), 0o644)
	cfg, _ = scenarios.LoadConfig([]string{bad}, scenarios.Overrides{})
	_, err = cfg.Resolve(cat)
	fmt.Println(scenarios.IsConfigError(err), strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	// Output:
	// huzhou-compare: runs 50000 (from environment: HEALTHSIM_RUNS), seed 42 (from flag --seed), horizon 2027
	// plan             97500万元  2023:  32637万元
	// cut-20           78000万元  2023:  26110万元
	// front-loaded     97500万元  2023:  44590万元
	// true typo.yaml: budget.index.huzhou_talnet: unknown program "huzhou_talnet" (did you mean huzhou_talent? allowed: a program id of the catalogue, lowercase, no dots)
}

func yearTotal(a scenarios.Allocation, programs map[string]bool, year int) float64 {
	t := 0.0
	for id := range programs {
		t += a.Programs[id][year]
	}
	return t
}
