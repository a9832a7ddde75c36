package forecast

import (
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

// resolveConfig resolves a config file (nil: the default scenario) against the embedded catalogue.
func resolveConfig(t testing.TB, files ...string) scenarios.Scenario {
	t.Helper()
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := scenarios.LoadConfig(files, scenarios.Overrides{ThisYear: 2025})
	if err != nil {
		t.Fatal(err)
	}
	s, err := cfg.Resolve(cat)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The probability follows from how far the target is from the latest value: the same target from
// a baseline far below it and from one just below it.
func TestPHitFollowsTheBaseline(t *testing.T) {
	p := func(base float64) float64 {
		ind := share("fd", base, scenarios.Target{Year: 2027, Test: scenarios.GE, Value: fp(45)})
		ind.Observations[0].Year = 2024
		ind.Programs = []string{"prog"}
		s := scenario([]scenarios.Indicator{ind}, flat("plan", 100, "prog"))
		return run(t, compile(t, s), 20_000, 2)[0].Indicators[0].Goals[0].PHit
	}
	low, high := p(10), p(44.9)
	if high-low < 0.5 {
		t.Errorf("P(≥45%% in 2027) from 10%%: %.3f, from 44.9%%: %.3f; want at least 0.5 apart", low, high)
	}
}

// No row of the default run rests on the plan's own path: every basis names its evidence.
func TestDefaultRunBasesNameTheirEvidence(t *testing.T) {
	s := resolveConfig(t)
	m := compile(t, s)
	ev, err := scenarios.LoadEvidence()
	if err != nil {
		t.Fatal(err)
	}
	valid := regexp.MustCompile(`^(history|(history\+)?(reference:([a-z0-9_]+)|family:([a-z_]+)))( \(from level:([a-z0-9_]+)\))?$`)
	counts := map[string]int{}
	for _, ser := range m.Indicators {
		b := ser.Pace.Basis
		sm := valid.FindStringSubmatch(b)
		if sm == nil {
			t.Errorf("%s: basis %q names no evidence", ser.Ind.ID, b)
			continue
		}
		switch {
		case sm[4] != "" && ev.Series[sm[4]] == nil:
			t.Errorf("%s: basis %q names an unknown series", ser.Ind.ID, b)
		case sm[5] != "":
			if _, ok := m.Defaults.Families[sm[5]]; !ok {
				t.Errorf("%s: basis %q names an unknown family", ser.Ind.ID, b)
			}
		case sm[1] == "history" && len(ser.Ind.Observations) < 3:
			t.Errorf("%s: basis history with %d observations", ser.Ind.ID, len(ser.Ind.Observations))
		}
		counts[strings.SplitN(b, ":", 2)[0]]++
	}
	t.Logf("%d indicators by basis: %v", len(m.Indicators), counts)
}

// Zero funding lowers P(hit) of every funded, simulated goal that the money can reach (2024 on,
// with a one-year lag after the first funded year) unless P is already near 0 or 1.
func TestZeroFundingLowersEveryFundedGoal(t *testing.T) {
	s := resolveConfig(t, "../examples/huzhou-plan.yaml")
	zero := scenarios.Allocation{Name: "zero", Programs: map[string]map[int]float64{}}
	for prog, years := range s.Reference.Programs {
		zero.Programs[prog] = map[int]float64{}
		for y := range years {
			zero.Programs[prog][y] = 0
		}
	}
	s.Allocations = []scenarios.Allocation{s.Allocations[0], zero}
	m := compile(t, s)
	rs := run(t, m, 20_000, 2)
	checked := 0
	for i, ser := range m.Indicators {
		if !funded(m.Scenario.Reference, ser.Ind.Programs) {
			continue
		}
		if ser.beta0 == 0 {
			t.Errorf("%s: linked to funded programmes %v but no programme effect", ser.Ind.ID, ser.Ind.Programs)
			continue
		}
		for gi, g := range rs[0].Indicators[i].Goals {
			zg := rs[1].Indicators[i].Goals[gi]
			if g.Observed || g.Year < 2024 || g.PHit <= 0.02 || g.PHit >= 0.98 {
				continue
			}
			checked++
			if !(zg.Delta < 0 && -zg.Delta > 2*zg.DeltaSE) {
				t.Errorf("%s %d %s %v: P %.4f planned, %.4f unfunded (Δ %.4f ± %.4f); want lower", ser.Ind.ID, g.Year, g.Test, g.Value, g.PHit, zg.PHit, zg.Delta, zg.DeltaSE)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d funded goals checked", checked)
	}
	t.Logf("%d funded goals with 0.02 < P < 0.98 from 2024 on, each lower without funding", checked)
}

// funded reports whether the allocation gives any of the programmes money in some year.
func funded(a scenarios.Allocation, programs []string) bool {
	return slices.ContainsFunc(programs, func(p string) bool {
		for _, v := range a.Programs[p] {
			if v > 0 {
				return true
			}
		}
		return false
	})
}

// Status-quo paces come from the evidence in the documented order.
func TestPaceBasisOrder(t *testing.T) {
	m := compile(t, resolveConfig(t))
	basis := map[string]string{}
	paceUnit := map[string]float64{}
	for _, ser := range m.Indicators {
		basis[ser.Ind.ID] = ser.Pace.Basis
		paceUnit[ser.Ind.ID] = ser.Resolved.Drift
	}
	for id, want := range map[string]string{
		"shaoxing_beds_per_1000":        "history+reference:cn_beds_per_1000",
		"putuo_nurses_per_1000":         "reference:cn_nurses_per_1000",
		"putuo_life_expectancy":         "reference:hangzhou_life_expectancy_registered",
		"huzhou_emr_level4_coverage":    "family:share",
		"huzhou_outpatient_cost_growth": "family:growth_rate",
		"huzhou_staff_satisfaction":     "family:score",
	} {
		if basis[id] != want {
			t.Errorf("%s: basis %q, want %q", id, basis[id], want)
		}
	}
	// Life expectancy moves at the registered-population pace of Hangzhou (2010–2020: 80.67 →
	// 83.12, about a quarter of a year a year).
	if le := paceUnit["putuo_life_expectancy"]; math.Abs(le-0.25) > 0.03 {
		t.Errorf("life expectancy pace %.3f years a year, want about 0.25", le)
	}
}

// pace: plan for a whole scenario makes every row an explicit assumption, and an override can
// take one indicator back to the evidence.
func TestScenarioPacePlanIsAnAssumption(t *testing.T) {
	dir := t.TempDir()
	cfg := dir + "/plan.yaml"
	body := "regions: [putuo]\npace: plan\noverrides:\n  putuo_nurses_per_1000: {pace: evidence}\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	m := compile(t, resolveConfig(t, cfg))
	for _, ser := range m.Indicators {
		want := BasisAssumed
		if ser.Ind.ID == "putuo_nurses_per_1000" {
			want = "reference:cn_nurses_per_1000"
		}
		if ser.Pace.Basis != want {
			t.Errorf("%s: basis %s, want %s", ser.Ind.ID, ser.Pace.Basis, want)
		}
	}
}
