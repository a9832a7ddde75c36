package forecast

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

// defaultResults runs the default scenario once for the tests that read real catalogue rows.
func defaultResults(t *testing.T) (*Model, map[string]IndicatorResult) {
	t.Helper()
	m := compile(t, resolveConfig(t))
	out := map[string]IndicatorResult{}
	for _, ir := range run(t, m, 20_000, 2)[0].Indicators {
		out[ir.ID] = ir
	}
	return m, out
}

func goalAt(t *testing.T, ir IndicatorResult, year int, test scenarios.Test) GoalResult {
	t.Helper()
	for _, g := range ir.Goals {
		if g.Year == year && g.Test == test {
			return g
		}
	}
	t.Fatalf("%s has no %s goal in %d", ir.ID, test, year)
	return GoalResult{}
}

func pointAt(ir IndicatorResult, year int) Point {
	for _, p := range ir.Trajectory {
		if p.Year == year {
			return p
		}
	}
	return Point{}
}

// The degenerate cases of real catalogue rows: none is a frozen line or a certainty by construction.
func TestDegenerateCases(t *testing.T) {
	m, rs := defaultResults(t)
	t.Run("rate observed at 0", func(t *testing.T) {
		ir := rs["shaoxing_maternal_mortality"]
		g := goalAt(t, ir, 2025, scenarios.LE)
		p := pointAt(ir, 2025)
		if !(g.PHit > 0.05 && g.PHit < 0.99) || !(p.Q[Q50] > 1 && p.Q[Q95] > 2*p.Q[Q05]) {
			t.Errorf("maternal mortality from 0 (2020): P(≤6.5 in 2025) = %.3f, 2025 band %v", g.PHit, p.Q)
		}
	})
	t.Run("growth rate that can be negative", func(t *testing.T) {
		ir := rs["huzhou_outpatient_cost_growth"]
		g := goalAt(t, ir, 2025, scenarios.LE)
		p := pointAt(ir, 2025)
		if !(g.PHit > 0.5 && g.PHit < 0.99) || !(p.Q[Q05] < 0 && p.Q[Q95]-p.Q[Q05] > 4) {
			t.Errorf("outpatient cost growth: P(≤5 in 2025) = %.3f, 2025 band %v", g.PHit, p.Q)
		}
	})
	t.Run("share at 100%", func(t *testing.T) {
		ir := rs["huzhou_balanced_hospital_share"]
		g := goalAt(t, ir, 2025, scenarios.Maintain)
		p := pointAt(ir, 2025)
		if !(g.PHit > 0.5 && g.PHit < 0.99) || !(p.Q[Q05] < 99.5) || p.Q[Q50] != 100 {
			t.Errorf("balanced-budget share at 100%%: P(maintain 100) = %.3f, 2025 band %v (median reported on the bound)", g.PHit, p.Q)
		}
	})
	t.Run("target of 100% from a low baseline", func(t *testing.T) {
		ir := rs["huzhou_emr_level4_coverage"]
		g := goalAt(t, ir, 2025, scenarios.GE)
		p := pointAt(ir, 2025)
		if !(g.PHit < 0.05) || !(p.Q[Q05] > 40 && p.Q[Q95] < 90) {
			t.Errorf("EMR coverage from 55%%: P(≥100 in 2025) = %.3f, 2025 band %v", g.PHit, p.Q)
		}
	})
	t.Run("period count against a period target", func(t *testing.T) {
		for _, id := range []string{"shaoxing_provincial_key_disciplines", "shaoxing_joint_disciplines", "shaoxing_county_leading_disciplines"} {
			if _, projected := rs[id]; projected {
				t.Errorf("%s: a 2016–2020 count is projected against a 2021–2025 count", id)
			}
			found := false
			for _, n := range m.Scenario.NotSimulated {
				found = found || n.ID == id && strings.Contains(n.Reason, "period totals")
			}
			if !found {
				t.Errorf("%s is neither projected nor reported as left out", id)
			}
		}
	})
	t.Run("2023 milestone funded in 2023 with a one-year lag", func(t *testing.T) {
		g := goalAt(t, rs["huzhou_staff_cost_share"], 2023, scenarios.GE)
		if g.PHit < 0.05 {
			t.Errorf("staff cost share 44.16 → ≥45 in 2023: P = %.4f", g.PHit)
		}
		ind := share("two", 50, scenarios.Target{Year: 2025, Test: scenarios.GE, Value: fp(55)})
		ind.Milestones = []scenarios.Target{{Year: 2023, Test: scenarios.GE, Value: fp(52)}}
		ind.Programs = []string{"prog"}
		s := scenario([]scenarios.Indicator{ind}, flat("plan", 100, "prog"))
		if p := run(t, compile(t, s), 20_000, 2)[0].Indicators[0].Goals[0].PHit; p < 0.05 {
			t.Errorf("a 2023 milestone two points away reads P = %.4f", p)
		}
	})
}

// Of two value goals in one year, the order they are listed in does not change any probability,
// under the evidence's pace and under the plan's own path.
func TestTwoGoalsInOneYearOrderFree(t *testing.T) {
	for _, pace := range []string{scenarios.PaceEvidence, scenarios.PacePlan} {
		ps := map[bool]float64{}
		for _, maintainFirst := range []bool{true, false} {
			ind := share("fit", 94.3)
			ind.Observations[0].Year = 2023
			goals := []scenarios.Target{{Year: 2027, Test: scenarios.Maintain, Value: fp(94)}, {Year: 2027, Test: scenarios.GE, Value: fp(94.6)}}
			if !maintainFirst {
				goals[0], goals[1] = goals[1], goals[0]
			}
			ind.Targets = goals
			s := scenario([]scenarios.Indicator{ind})
			s.Params["fit"] = scenarios.Params{Pace: &pace}
			for _, g := range run(t, compile(t, s), 20_000, 2)[0].Indicators[0].Goals {
				if g.Test == scenarios.GE {
					ps[maintainFirst] = g.PHit
				}
			}
		}
		if ps[true] != ps[false] {
			t.Errorf("pace %s: P(≥94.6) = %.4f with maintain 94 listed first, %.4f listed second", pace, ps[true], ps[false])
		}
	}
}

// A drift override replaces the mean pace; the spread of a path's drift stays the evidence's.
// A hold_low value is not a point of the plan path.
func TestOverridesAsDocumented(t *testing.T) {
	ind := share("d", 60, scenarios.Target{Year: 2025, Test: scenarios.GE, Value: fp(70)})
	plain := compile(t, scenario([]scenarios.Indicator{ind})).Indicators[0]
	s := scenario([]scenarios.Indicator{ind})
	s.Params["d"] = scenarios.Params{Drift: fp(2)}
	over := compile(t, s).Indicators[0]
	if over.driftSD != plain.driftSD || over.Pace.Basis != BasisAssumed || math.Abs(over.Resolved.Drift-2) > 1e-12 {
		t.Errorf("drift override: spread %v (evidence %v), basis %s, drift %v", over.driftSD, plain.driftSD, over.Pace.Basis, over.Resolved.Drift)
	}
	plan := scenarios.PacePlan
	withHold := ind
	withHold.Targets = append([]scenarios.Target{{Year: 2024, Test: scenarios.HoldLow, Value: fp(40)}}, ind.Targets...)
	a, b := scenario([]scenarios.Indicator{ind}), scenario([]scenarios.Indicator{withHold})
	a.Params["d"], b.Params["d"] = scenarios.Params{Pace: &plan}, scenarios.Params{Pace: &plan}
	pa, pb := compile(t, a).Indicators[0].planPace(), compile(t, b).Indicators[0].planPace()
	for st := range pa {
		if pa[st] != pb[st] {
			t.Errorf("hold_low moved the plan path at step %d: %v vs %v", st, pa[st], pb[st])
		}
	}
	if basis := compile(t, a).Indicators[0].Pace.Basis; basis != BasisAssumed {
		t.Errorf("pace: plan has basis %q, want assumed", basis)
	}
}

// result.json carries everything needed to recompute a run without the catalogue: an independent
// simulation from each indicator's model parameters, as written to JSON, reproduces every P(hit)
// of huzhou-plan within three standard errors of the difference. The seeds are fixed; over the
// plan's hundred or so goals about 0.3 false alarms are expected at that width.
func TestResultRecomputesWithoutCatalogue(t *testing.T) {
	m := compile(t, resolveConfig(t, "../examples/huzhou-plan.yaml"))
	const n = 20_000
	data, err := json.Marshal(run(t, m, n, 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 9))
	for _, ir := range r.Indicators {
		hits := recompute(ir, rng, n)
		for gi, g := range ir.Goals {
			if g.Observed {
				continue
			}
			p := float64(hits[gi]) / n
			se := math.Sqrt((p*(1-p) + g.PHit*(1-g.PHit)) / n)
			if math.Abs(p-g.PHit) > 3*se+1e-9 {
				t.Errorf("%s %d %s %v: engine %.4f, recomputed %.4f (3 SE %.4f)", ir.ID, g.Year, g.Test, g.Value, g.PHit, p, 3*se)
			}
		}
	}
}

// recompute simulates one indicator from its ModelParams alone and counts each goal's hits.
func recompute(ir IndicatorResult, rng *rand.Rand, n int) []int {
	mp := ir.Model
	better := 1.0
	if ir.Direction == scenarios.Lower {
		better = -1
	}
	z := func(x float64) float64 {
		switch mp.Transform {
		case "logit":
			x = math.Min(math.Max(x, mp.Lo+mp.Tolerance), mp.Hi-mp.Tolerance)
			p := (x - mp.Lo) / (mp.Hi - mp.Lo)
			return math.Log(p / (1 - p))
		case "log":
			return math.Log(math.Max(x, mp.Lo+mp.Tolerance) - mp.Lo)
		}
		return x
	}
	steps := len(mp.Drift) - 1
	hits := make([]int, len(ir.Goals))
	path := make([]float64, steps+1)
	for range n {
		eps := mp.DriftSD * rng.NormFloat64()
		beta := mp.Effect * math.Max(0, 1+mp.EffectRelSD*rng.NormFloat64())
		zz, cum := mp.Z0, 0.0
		for st := 1; st <= steps; st++ {
			cum += mp.Response[st]
			zz += mp.Drift[st] + eps + mp.Noise*rng.NormFloat64()
			if rng.Float64() < mp.ShockProb {
				zz += mp.ShockImpact
			}
			path[st] = zz + beta*cum
		}
		for gi, g := range ir.Goals {
			if g.Observed {
				continue
			}
			st := g.Year - ir.BaselineYear
			thr := z(g.Value)
			ok := true
			from := st
			if g.Test == scenarios.Maintain {
				from = 1
			}
			for k := from; k <= st && ok; k++ {
				ok = meets(g.Test, path[k], thr, better)
			}
			if ok {
				hits[gi]++
			}
		}
	}
	return hits
}
