package forecast

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

// compileOverride compiles the default catalogue with one override, given as YAML flow text.
func compileOverride(t *testing.T, id, params string) (*Model, error) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "c.yaml")
	cfg := fmt.Sprintf("overrides: {%s: {%s}}\n", id, params)
	if err := os.WriteFile(f, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	return Compile(resolveConfig(t, f), d)
}

var allowedUpTo = regexp.MustCompile(`allowed: a magnitude up to ([0-9.e+-]+) `)

// TestSettingsBeyondFloat64 rejects model settings whose projection float64 cannot hold, naming
// the key and the largest value that fits; a value just inside that limit runs to finite results.
func TestSettingsBeyondFloat64(t *testing.T) {
	cases := []struct{ id, field, value string }{
		{"huzhou_cmi_tertiary", "drift", "1e20"},                 // level: bins narrower than float64 steps
		{"huzhou_cmi_tertiary", "noise", "1e200"},                // level: variance overflows
		{"huzhou_emr_level4_coverage", "effectiveness", "1e300"}, // share
		{"putuo_nurses_per_1000", "drift", "1e6"},                // positive: e^z overflows
		{"putuo_life_expectancy", "noise", "-0"},                 // not the cause: no error expected
	}
	for _, tc := range cases {
		t.Run(tc.id+"."+tc.field, func(t *testing.T) {
			_, err := compileOverride(t, tc.id, tc.field+": "+tc.value)
			if tc.value == "-0" {
				if err != nil {
					t.Fatalf("noise 0: %v", err)
				}
				return
			}
			var ce *scenarios.ConfigError
			if !errors.As(err, &ce) || ce.Key != "overrides."+tc.id+"."+tc.field {
				t.Fatalf("err = %v, want a config error at overrides.%s.%s", err, tc.id, tc.field)
			}
			m := allowedUpTo.FindStringSubmatch(ce.Msg)
			if m == nil {
				t.Fatalf("message %q states no allowed range", ce.Msg)
			}
			limit, err := strconv.ParseFloat(m[1], 64)
			if err != nil || !(limit > 0) {
				t.Fatalf("limit %q: %v", m[1], err)
			}
			if _, err := compileOverride(t, tc.id, fmt.Sprintf("%s: %g", tc.field, limit*1.01)); err == nil {
				t.Errorf("%s %g, above the stated limit %g, compiles", tc.field, limit*1.01, limit)
			}
			model, err := compileOverride(t, tc.id, fmt.Sprintf("%s: %g", tc.field, limit*0.99))
			if err != nil {
				t.Fatalf("%s %g, inside the stated limit %g: %v", tc.field, limit*0.99, limit, err)
			}
			assertFinite(t, run(t, model, 640, 2))
		})
	}
}

// assertFinite fails on any NaN or infinity in the results.
func assertFinite(t *testing.T, rs []*Result) {
	t.Helper()
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	for _, r := range rs {
		for _, ir := range r.Indicators {
			for _, p := range ir.Trajectory {
				if bad(p.Mean) {
					t.Fatalf("%s %d: mean %v", ir.ID, p.Year, p.Mean)
				}
				for _, q := range p.Q {
					if bad(q) {
						t.Fatalf("%s %d: quantiles %v", ir.ID, p.Year, p.Q)
					}
				}
			}
			for _, g := range ir.Goals {
				if bad(g.PHit) || bad(g.SE) {
					t.Fatalf("%s %d: P(hit) %v ± %v", ir.ID, g.Year, g.PHit, g.SE)
				}
			}
		}
	}
}

// TestPastGoals: a goal not after the baseline year is judged on its observation and marked
// observed; without an observation it is a config error naming the goal, not dropped.
func TestPastGoals(t *testing.T) {
	_, err := compileOverride(t, "huzhou_cmi_tertiary", `milestones: [{year: 2020, test: ">=", value: 0.9}]`)
	var ce *scenarios.ConfigError
	if !errors.As(err, &ce) || ce.Key != "overrides.huzhou_cmi_tertiary" || !strings.Contains(ce.Msg, "2020 milestone") || !strings.Contains(ce.Msg, "no observation") {
		t.Fatalf("err = %v, want a config error naming the 2020 milestone", err)
	}
	m, err := compileOverride(t, "huzhou_cmi_tertiary", `observations: [{year: 2020, value: 0.91}], milestones: [{year: 2020, test: ">=", value: 0.9}, {year: 2020, test: ">=", value: 0.95}]`)
	if err != nil {
		t.Fatal(err)
	}
	var met []bool
	for _, ir := range run(t, m, 640, 1)[0].Indicators {
		for _, g := range ir.Goals {
			if ir.ID == "huzhou_cmi_tertiary" && g.Year == 2020 {
				if !g.Observed {
					t.Errorf("2020 goal %v not marked observed", g.Value)
				}
				met = append(met, g.PHit == 1)
			}
		}
	}
	if !slices.Equal(met, []bool{true, false}) {
		t.Errorf("observed 0.91 against >= 0.9 and >= 0.95: met %v, want [true false]", met)
	}
}
