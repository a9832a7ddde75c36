package forecast

import (
	"context"
	"encoding/json"
	"fmt"
	"gonum.org/v1/gonum/stat"
	"math"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/healthsim/healthsim/scenarios"
	"github.com/healthsim/healthsim/sim"
)

func fp(v float64) *float64 { return &v }

// level returns an unbounded indicator observed at x0 in 2022 with a >= target in 2025.
func level(id string, x0, target float64) scenarios.Indicator {
	return scenarios.Indicator{
		ID: id, Region: "huzhou", NameZH: id, NameEN: id, Kind: scenarios.Level, Direction: scenarios.Higher,
		Observations: []scenarios.Observation{{Year: 2022, Value: x0}},
		Targets:      []scenarios.Target{{Year: 2025, Test: scenarios.GE, Value: fp(target)}},
	}
}

func share(id string, x0 float64, targets ...scenarios.Target) scenarios.Indicator {
	return scenarios.Indicator{
		ID: id, Region: "huzhou", NameZH: id, NameEN: id, Kind: scenarios.Share, Direction: scenarios.Higher,
		Bounds:       scenarios.Bounds{Lo: fp(0), Hi: fp(100)},
		Observations: []scenarios.Observation{{Year: 2022, Value: x0}},
		Targets:      targets,
	}
}

// flat is an allocation giving each program the same amount in each year.
func flat(name string, amount float64, programs ...string) scenarios.Allocation {
	a := scenarios.Allocation{Name: name, Programs: map[string]map[int]float64{}}
	for _, p := range programs {
		a.Programs[p] = map[int]float64{2023: amount, 2024: amount, 2025: amount}
	}
	return a
}

func scenario(inds []scenarios.Indicator, allocs ...scenarios.Allocation) scenarios.Scenario {
	if len(allocs) == 0 {
		allocs = []scenarios.Allocation{{Name: "plan"}}
	}
	return scenarios.Scenario{
		Name: "test", Horizon: 2027, Runs: 100_000, Seed: 1, Indicators: inds,
		Params: map[string]scenarios.Params{}, Reference: allocs[0], Allocations: allocs,
		ShocksSet: true, // no shocks unless a test sets them
	}
}

func compile(t testing.TB, s scenarios.Scenario) *Model {
	t.Helper()
	d, err := LoadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(s, d)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func run(t testing.TB, m *Model, paths int64, workers int) []*Result {
	t.Helper()
	m.Scenario.Runs = paths
	out, err := Run(context.Background(), m, RunOptions{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return out.Results
}

// With the identity transform and no programs, z at step T is Gaussian with mean z0 + Σ drift and
// variance T²·sd(drift)² + T·σ², shifted by κ for each of the Binomial(T, q) shock years, so
// P(hit) has a closed form: a binomial mixture of normal tails.
func TestPHitMatchesClosedForm(t *testing.T) {
	for _, tc := range []struct {
		name         string
		x0, target   float64
		drift, noise float64
		shock        float64 // probability per year; impact 2σ
	}{
		{"on pace", 0.95, 1.10, 0.05, 0.02, 0},
		{"behind", 0.95, 1.10, 0.03, 0.02, 0},
		{"noisy", 10, 11, 0.2, 0.5, 0},
		{"shocks", 0.95, 1.10, 0.05, 0.02, 0.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scenario([]scenarios.Indicator{level("x", tc.x0, tc.target)})
			s.Params["x"] = scenarios.Params{Drift: fp(tc.drift), Noise: fp(tc.noise)}
			s.Shocks = scenarios.Shocks{Probability: tc.shock, Impact: 2}
			m := compile(t, s)
			ser := m.Indicators[0]
			const T = 3
			mean := tc.x0 + T*tc.drift
			sd := math.Sqrt(T*T*ser.driftSD*ser.driftSD + T*ser.sigma*ser.sigma)
			want := 0.0
			for k := 0; k <= T; k++ {
				pk := distuv.Binomial{N: T, P: tc.shock}.Prob(float64(k))
				want += pk * (1 - distuv.Normal{Mu: mean + float64(k)*ser.kappa, Sigma: sd}.CDF(tc.target))
			}
			g := run(t, m, 200_000, 2)[0].Indicators[0].Goals[0]
			if math.Abs(g.PHit-want) > 4*g.SE {
				t.Errorf("P(hit) = %.4f ± %.4f, closed form %.4f", g.PHit, g.SE, want)
			}
			if tc.shock > 0 {
				return
			}
			// The median of the projection is the closed-form mean, within the sketch's tolerance.
			med := run(t, m, 200_000, 2)[0].Indicators[0].Trajectory[3].Q[Q50]
			if tol := 4*sd/math.Sqrt(200_000)*1.25 + 2*ser.hist[3].width; math.Abs(med-mean) > tol {
				t.Errorf("median %.5f, want %.5f ± %.5f", med, mean, tol)
			}
		})
	}
}

func TestBoundedKindsStayInRange(t *testing.T) {
	sh := share("s", 97, scenarios.Target{Year: 2025, Test: scenarios.GE, Value: fp(100)})
	pos := scenarios.Indicator{ID: "p", Region: "huzhou", NameZH: "p", NameEN: "p", Kind: scenarios.Positive,
		Direction: scenarios.Lower, Bounds: scenarios.Bounds{Lo: fp(0)},
		Observations: []scenarios.Observation{{Year: 2022, Value: 0.5}},
		Targets:      []scenarios.Target{{Year: 2025, Test: scenarios.LE, Value: fp(0)}}}
	s := scenario([]scenarios.Indicator{sh, pos})
	s.Params["s"] = scenarios.Params{Noise: fp(5)} // very large noise in percentage points
	s.Params["p"] = scenarios.Params{Noise: fp(0.5)}
	m := compile(t, s)
	m.Scenario.Runs, m.Scenario.Seed = 2_000_000, 5
	out, err := Run(context.Background(), m, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rs, sum := out.Results, out.Summary
	for si, ser := range m.Indicators {
		for st := 1; st <= ser.steps; st++ {
			ci := m.lay.cellOff[si] + st - 1
			for _, z := range []float64{sum.MinZ[ci], sum.MaxZ[ci], ser.hist[st].lo} {
				if math.IsInf(z, 0) {
					continue
				}
				if x := ser.tr.x(z); x < ser.tr.lo || (ser.Ind.Kind == scenarios.Share && x > ser.tr.hi) {
					t.Errorf("%s step %d: value %v outside its bounds", ser.Ind.ID, st, x)
				}
			}
		}
	}
	for _, ir := range rs[0].Indicators {
		for _, p := range ir.Trajectory {
			for _, q := range p.Q {
				if q < 0 || (ir.ID == "s" && q > 100) {
					t.Errorf("%s %d: quantile %v outside bounds", ir.ID, p.Year, q)
				}
			}
		}
		// A target on the bound is "at least hi − tolerance": reachable, not certain.
		if g := ir.Goals[0]; g.PHit <= 0 || g.PHit >= 1 {
			t.Errorf("%s: P(hit) of a target on the bound = %v, want strictly between 0 and 1", ir.ID, g.PHit)
		}
	}
}

// A goal the baseline already meets is nearly certain when the noise is small and the pace holds
// (an assumed drift of 0 with small noise), and becomes less certain the longer it must hold under
// the evidence's spread of paces.
func TestMaintainAlreadyMet(t *testing.T) {
	ind := share("m", 90.76, scenarios.Target{Year: 2025, Test: scenarios.Maintain, Value: fp(90)})
	ind.Milestones = []scenarios.Target{{Year: 2023, Test: scenarios.Maintain, Value: fp(90)}}
	s := scenario([]scenarios.Indicator{ind})
	s.Params["m"] = scenarios.Params{Noise: fp(0.05), Drift: fp(0)}
	m := compile(t, s)
	m.Indicators[0].driftSD = 0
	for _, gr := range run(t, m, 100_000, 2)[0].Indicators[0].Goals {
		if gr.PHit < 0.999 {
			t.Errorf("maintain %d with small noise: P = %.4f, want ≈ 1", gr.Year, gr.PHit)
		}
	}
	g := run(t, compile(t, scenario([]scenarios.Indicator{ind})), 100_000, 2)[0].Indicators[0].Goals
	if !(g[0].PHit > g[1].PHit+4*g[0].SE && g[1].PHit > 0.5 && g[0].PHit < 1) {
		t.Errorf("maintain under the share family: P(2023) = %.4f, P(2025) = %.4f; want 1 > P(2023) > P(2025) > 0.5", g[0].PHit, g[1].PHit)
	}
}

func TestMoreFundingNeverLowersPHit(t *testing.T) {
	ind := level("f", 0.95, 1.10)
	ind.Programs = []string{"prog"}
	ind.Milestones = []scenarios.Target{{Year: 2024, Test: scenarios.GE, Value: fp(1.05)}}
	s := scenario([]scenarios.Indicator{ind}, flat("plan", 100, "prog"), flat("plus", 120, "prog"), flat("cut", 50, "prog"))
	rs := run(t, compile(t, s), 100_000, 2)
	for gi := range rs[0].Indicators[0].Goals {
		ref, plus, cut := rs[0].Indicators[0].Goals[gi], rs[1].Indicators[0].Goals[gi], rs[2].Indicators[0].Goals[gi]
		if !(plus.PHit >= ref.PHit && ref.PHit >= cut.PHit) {
			t.Errorf("goal %d: P(cut)=%.4f P(plan)=%.4f P(plus)=%.4f, want increasing", gi, cut.PHit, ref.PHit, plus.PHit)
		}
		if plus.Delta <= 0 || cut.Delta >= 0 {
			t.Errorf("goal %d: deltas %+.4f (plus) %+.4f (cut)", gi, plus.Delta, cut.Delta)
		}
		// Common random numbers: the paired standard error is far below the unpaired one.
		if plus.DeltaSE > plus.DeltaSEUnpaired/3 {
			t.Errorf("goal %d: paired SE %.5f not far below unpaired %.5f", gi, plus.DeltaSE, plus.DeltaSEUnpaired)
		}
	}
}

// With a lag of one year, money spent in 2025 acts only after 2025: back-loading must do worse
// than front-loading for a 2025 target.
func TestFrontLoadingBeatsBackLoadingWithLag(t *testing.T) {
	ind := level("l", 0.95, 1.10)
	ind.Programs = []string{"prog"}
	front := scenarios.Allocation{Name: "front", Programs: map[string]map[int]float64{"prog": {2023: 200, 2024: 100, 2025: 0}}}
	back := scenarios.Allocation{Name: "back", Programs: map[string]map[int]float64{"prog": {2023: 0, 2024: 100, 2025: 200}}}
	rs := run(t, compile(t, scenario([]scenarios.Indicator{ind}, flat("plan", 100, "prog"), front, back)), 100_000, 2)
	pf, pb := rs[1].Indicators[0].Goals[0], rs[2].Indicators[0].Goals[0]
	if pf.PHit-pb.PHit < 4*math.Hypot(pf.DeltaSE, pb.DeltaSE) {
		t.Errorf("front-loaded P=%.4f, back-loaded P=%.4f: want front clearly higher", pf.PHit, pb.PHit)
	}
}

func TestIdenticalAcrossWorkersAndShards(t *testing.T) {
	ind := level("w", 0.95, 1.10)
	ind.Programs = []string{"prog"}
	s := scenario([]scenarios.Indicator{ind, share("v", 50, scenarios.Target{Year: 2027, Test: scenarios.GE, Value: fp(60)})}, flat("plan", 1, "prog"))
	m := compile(t, s)
	opt := sim.Options[*Summary]{Paths: 30_011, ChunkSize: 1000, Seed: 11}
	var want *Summary
	for _, w := range []int{1, 2, 7} {
		opt.Workers = w
		out, err := m.run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		got := out.Summary
		if want == nil {
			want = got
		} else if !equalSummaries(got, want) {
			t.Errorf("workers=%d: summary differs from workers=1", w)
		}
	}
	merged := m.NewSummary()
	for k := range 4 {
		o := opt
		o.Shard = sim.Shard{K: k, N: 4}
		out, err := m.run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		m.Merge(merged, out.Summary)
	}
	if !equalSummaries(merged, want) {
		t.Error("merged shards differ from the whole run")
	}
}

func equalSummaries(a, b *Summary) bool {
	if a.N != b.N {
		return false
	}
	eqU := func(x, y []uint64) bool {
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	for i := range a.Hist {
		if a.Hist[i] != b.Hist[i] {
			return false
		}
	}
	for i := range a.MinZ {
		if a.MinZ[i] != b.MinZ[i] || a.MaxZ[i] != b.MaxZ[i] {
			return false
		}
	}
	return eqU(a.Hits, b.Hits) && eqU(a.SDG, b.SDG) && eqU(a.Gain, b.Gain) && eqU(a.Loss, b.Loss) &&
		eqU(a.Joint, b.Joint) && eqU(a.First, b.First) && eqU(a.AllBinding, b.AllBinding) &&
		eqU(a.MetSq, b.MetSq) && eqU(a.DiffSq, b.DiffSq)
}

// Memory must not grow with the number of paths: 1,000,000 paths allocate no more than
// 100,000 do, within a few MB.
func TestMemoryBoundedInPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a million paths")
	}
	m := compile(t, scenario([]scenarios.Indicator{level("a", 1, 1.1), share("b", 50, scenarios.Target{Year: 2025, Test: scenarios.GE, Value: fp(55)})}))
	alloc := func(paths int64) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		run(t, m, paths, 2)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(100_000), alloc(1_000_000)
	if large > small+4<<20 {
		t.Errorf("1e6 paths allocated %d bytes, 1e5 paths %d: grows with paths", large, small)
	}
}

func TestPrecisionModeStopsAtTarget(t *testing.T) {
	s := scenario([]scenarios.Indicator{level("a", 1, 1.15)})
	s.Precision = 0.004
	m := compile(t, s)
	var paths []int64
	for _, w := range []int{1, 2} {
		m.Scenario.Runs, m.Scenario.Seed = 10_000_000, 3
		out, err := Run(context.Background(), m, RunOptions{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		rs, sum, st := out.Results, out.Summary, out.Stats
		if se := rs[0].Indicators[0].Goals[0].SE; se > 0.004 {
			t.Errorf("stopped with SE %.5f > 0.004", se)
		}
		if m.MaxSE(sum) > 0.004 || st.Paths >= 10_000_000 {
			t.Errorf("precision run used %d paths", st.Paths)
		}
		paths = append(paths, st.Paths)
	}
	if paths[0] != paths[1] {
		t.Errorf("precision run stopped after %d paths with 1 worker, %d with 2", paths[0], paths[1])
	}
}

func TestSketchQuantilesWithinTolerance(t *testing.T) {
	h := histRange{lo: -8, width: 16.0 / 1024}
	h.inv = 1 / h.width
	counts := make([]uint32, 1026)
	rng := sim.NewStream(1, 0)
	xs := make([]float64, 100_000)
	for i := range xs {
		x := rng.NormFloat64()
		xs[i] = x
		counts[int((x-h.lo)*h.inv)+1]++
	}
	for _, q := range Quantiles {
		got := h.quantile(counts, uint64(len(xs)), q, math.Inf(1), math.Inf(-1))
		want := distuv.UnitNormal.Quantile(q)
		// Sampling error of a quantile plus one bin width.
		se := math.Sqrt(q*(1-q)/float64(len(xs))) / distuv.UnitNormal.Prob(want)
		if math.Abs(got-want) > 4*se+h.width {
			t.Errorf("q%.2f = %.4f, want %.4f ± %.4f", q, got, want, 4*se+h.width)
		}
	}
}

func TestObservedGoalJudgedOnObservation(t *testing.T) {
	ind := share("o", 82.87)
	ind.Kind, ind.Bounds = scenarios.Positive, scenarios.Bounds{Lo: fp(0)}
	ind.Observations[0].Year = 2020
	ind.Targets = []scenarios.Target{{Year: 2020, Test: scenarios.GE, Value: fp(81)}, {Year: 2025, Test: scenarios.GE, Value: fp(83)}}
	ir := run(t, compile(t, scenario([]scenarios.Indicator{ind})), 10_000, 1)[0].Indicators[0]
	if g := ir.Goals[0]; !g.Observed || g.PHit != 1 {
		t.Errorf("2020 goal %+v, want observed and met", g)
	}
	if g := ir.Goals[1]; g.Observed || g.PHit <= 0 || g.PHit >= 1 {
		t.Errorf("2025 goal %+v, want projected", g)
	}
}

func TestHistoryFitsDrift(t *testing.T) {
	ind := level("h", 3.38, 4)
	ind.Observations = []scenarios.Observation{{Year: 2018, Value: 3.0}, {Year: 2019, Value: 3.1}, {Year: 2020, Value: 3.2}, {Year: 2021, Value: 3.3}, {Year: 2022, Value: 3.4}}
	m := compile(t, scenario([]scenarios.Indicator{ind}))
	ser := m.Indicators[0]
	if ser.Pace.Basis != BasisHistory || math.Abs(ser.drift[1]-0.1) > 1e-12 {
		t.Errorf("basis %s, drift %v; want history, 0.1", ser.Pace.Basis, ser.drift[1])
	}
}

func TestSDGCategoriesAddUp(t *testing.T) {
	ind := level("g", 0.95, 1.10)
	g := run(t, compile(t, scenario([]scenarios.Indicator{ind})), 50_000, 2)[0].Indicators[0].Goals[0]
	if s := g.OnTrack + g.Acceleration + g.Stagnation; math.Abs(s-1) > 1e-12 {
		t.Errorf("SDG shares add to %v", s)
	}
	if g.OnTrack < g.PHit {
		t.Errorf("on track %.4f < P(hit) %.4f: every met path is on track", g.OnTrack, g.PHit)
	}
}

func TestCancelledRunReturnsError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := compile(t, scenario([]scenarios.Indicator{level("c", 1, 1.1)}))
	m.Scenario.Runs = 1_000_000
	if _, err := Run(ctx, m, RunOptions{}); err == nil {
		t.Error("cancelled run returned no error")
	}
}

func TestSummaryJSONRoundTrip(t *testing.T) {
	m := compile(t, scenario([]scenarios.Indicator{level("j", 1, 1.1)}))
	m.Scenario.Runs, m.Scenario.Seed = 5000, 2
	out, err := Run(context.Background(), m, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := out.Summary
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Summary
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if err := m.Check(&back); err != nil {
		t.Fatal(err)
	}
	if !equalSummaries(&back, s) {
		t.Error("summary changed in a JSON round trip")
	}
	back.Hits = back.Hits[:0]
	if m.Check(&back) == nil {
		t.Error("Check accepted a summary of the wrong shape")
	}
}

// A goal the baseline already meets has no progress to measure: a path that falls back past the
// target is stagnating or regressing, not on track, so the on-track share equals P(hit).
func TestSDGBaselineAlreadyMeetsTarget(t *testing.T) {
	ge := level("ge", 1.10, 1.00)
	mt := share("mt", 90.76, scenarios.Target{Year: 2025, Test: scenarios.Maintain, Value: fp(90)})
	le := level("le", 107.65, 108)
	le.Direction, le.Targets[0].Test = scenarios.Lower, scenarios.LE
	s := scenario([]scenarios.Indicator{ge, mt, le})
	s.Params["ge"] = scenarios.Params{Drift: fp(-0.03), Noise: fp(0.05)}
	s.Params["mt"] = scenarios.Params{Drift: fp(-0.2), Noise: fp(0.5)}
	s.Params["le"] = scenarios.Params{Noise: fp(0.5)}
	for _, ir := range run(t, compile(t, s), 50_000, 2)[0].Indicators {
		g := ir.Goals[0]
		if g.PHit < 0.05 || g.PHit > 0.95 {
			t.Fatalf("%s: P(hit) %.3f: the test needs a goal that is neither certain nor hopeless", ir.ID, g.PHit)
		}
		if math.Abs(g.OnTrack-g.PHit) > 1e-12 || math.Abs(g.Stagnation-(1-g.PHit)) > 1e-12 {
			t.Errorf("%s: on track %.4f, stagnation %.4f; want P(hit) %.4f and 1 − P(hit)", ir.ID, g.OnTrack, g.Stagnation, g.PHit)
		}
	}
}

// A milestone the baseline already meets asks for no change, and the plan path then runs from
// where it is, not from the milestone: baseline 65, 2023 ≥ 60, 2025 ≥ 70 climbs 65 → 70 over
// 2024–2025, and the median under the reference plan ends at the target, not above it.
func TestPlanPaceHoldsAtAlreadyMetGoal(t *testing.T) {
	ind := share("k", 65, scenarios.Target{Year: 2025, Test: scenarios.GE, Value: fp(70)})
	ind.Milestones = []scenarios.Target{{Year: 2023, Test: scenarios.GE, Value: fp(60)}}
	ser := compile(t, scenario([]scenarios.Indicator{ind})).Indicators[0]
	pace := ser.planPace()
	want := (ser.tr.z(70) - ser.tr.z(65)) / 2
	if pace[1] != 0 || math.Abs(pace[2]-want) > 1e-12 || math.Abs(pace[3]-want) > 1e-12 {
		t.Errorf("plan pace %v, want [_ 0 %.5f %.5f …]", pace[:4], want, want)
	}
}

// A goal up to the baseline year without an observation can be neither projected nor judged:
// it is a config error naming the goal, not silently left out.
func TestPastGoalWithoutObservationIsAnError(t *testing.T) {
	ind := level("p", 1, 1.2)
	ind.Observations = []scenarios.Observation{{Year: 2024, Value: 1}}
	ind.Milestones = []scenarios.Target{{Year: 2023, Test: scenarios.GE, Value: fp(0.9)}}
	ind.Targets[0].Year = 2026
	d, err := LoadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(scenario([]scenarios.Indicator{ind}), d)
	if !scenarios.IsConfigError(err) || !strings.Contains(err.Error(), "overrides.p: the 2023 milestone") {
		t.Errorf("err = %v, want a config error naming the 2023 milestone of p", err)
	}
}

// An about goal on a level indicator is met when z falls in [v − tol, v + tol]: with Gaussian z at
// step T, P(hit) is the normal probability of the band.
func TestAboutMatchesClosedForm(t *testing.T) {
	ind := level("a", 107.65, 0)
	ind.Direction = scenarios.Lower
	ind.Targets = []scenarios.Target{{Year: 2025, Test: scenarios.About, Value: fp(107), Tolerance: fp(1)}}
	s := scenario([]scenarios.Indicator{ind})
	s.Params["a"] = scenarios.Params{Drift: fp(-0.1), Noise: fp(0.5)}
	m := compile(t, s)
	ser := m.Indicators[0]
	const T = 3
	sd := math.Sqrt(T*T*ser.driftSD*ser.driftSD + T*ser.sigma*ser.sigma)
	n := distuv.Normal{Mu: 107.65 - 0.3, Sigma: sd}
	want := n.CDF(108) - n.CDF(106)
	g := run(t, m, 200_000, 2)[0].Indicators[0].Goals[0]
	if math.Abs(g.PHit-want) > 4*g.SE {
		t.Errorf("P(hit) = %.4f ± %.4f, closed form %.4f", g.PHit, g.SE, want)
	}
	if g.Tolerance != 1 || g.Value != 107 {
		t.Errorf("goal %+v, want value 107 tolerance 1", g)
	}
}

// Shaoxing's 2020 sex ratio at birth, 107.65 against 107左右, is read as met; 109 is not.
func TestAboutObserved(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want bool
	}{{107.65, true}, {106, true}, {109, false}, {105.9, false}} {
		ind := level("a", tc.x, 0)
		ind.Observations[0].Year = 2020
		ind.Targets = []scenarios.Target{{Year: 2020, Test: scenarios.About, Value: fp(107), Tolerance: fp(1)},
			{Year: 2025, Test: scenarios.About, Value: fp(108), Tolerance: fp(1)}}
		g := run(t, compile(t, scenario([]scenarios.Indicator{ind})), 1000, 1)[0].Indicators[0].Goals[0]
		if !g.Observed || (g.PHit == 1) != tc.want {
			t.Errorf("%v about 107±1: %+v, want met %v", tc.x, g, tc.want)
		}
	}
}

// A factor target (翻一番) compares with that multiple of the baseline.
func TestFactorOfBaseline(t *testing.T) {
	ind := level("f", 10, 0)
	ind.Targets = []scenarios.Target{{Year: 2025, Test: scenarios.GE, Factor: fp(2)}}
	s := scenario([]scenarios.Indicator{ind})
	s.Params["f"] = scenarios.Params{Drift: fp(3), Noise: fp(1)}
	m := compile(t, s)
	ser := m.Indicators[0]
	sd := math.Sqrt(9*ser.driftSD*ser.driftSD + 3*ser.sigma*ser.sigma)
	want := 1 - distuv.Normal{Mu: 19, Sigma: sd}.CDF(20)
	g := run(t, m, 200_000, 2)[0].Indicators[0].Goals[0]
	if g.Value != 20 || math.Abs(g.PHit-want) > 4*g.SE {
		t.Errorf("goal value %v P(hit) %.4f ± %.4f, want 20 and %.4f", g.Value, g.PHit, g.SE, want)
	}
}

// The standard errors of the expected number of targets met, and of its paired difference from
// the reference, must match the spread of those figures over independent runs: over 40 seeds
// the sample standard deviation estimates each within about 11% (1/√(2·39)), so the ratio must
// lie within 0.67–1.33 (three of its standard errors).
func TestExpectedMetStandardErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("40 runs")
	}
	var inds []scenarios.Indicator
	for i, x := range []float64{0.95, 0.97, 1.0, 1.02} {
		ind := level(fmt.Sprintf("l%d", i), x, 1.05)
		ind.Programs = []string{"prog"}
		ind.Milestones = []scenarios.Target{{Year: 2024, Test: scenarios.GE, Value: fp(1.0)}}
		inds = append(inds, ind)
	}
	const batches, paths = 40, 4000
	var met, delta, se, dse []float64
	for seed := range batches {
		s := scenario(inds, flat("plan", 100, "prog"), flat("cut", 60, "prog"))
		s.Seed = uint64(seed + 1)
		rs := run(t, compile(t, s), paths, 1)
		met = append(met, rs[0].ExpectedMet)
		delta = append(delta, rs[1].ExpectedMet-rs[0].ExpectedMet)
		se, dse = append(se, rs[0].ExpectedMetSE), append(dse, rs[1].DeltaMetSE)
	}
	for _, c := range []struct {
		name     string
		values   []float64
		reported []float64
	}{{"expected met", met, se}, {"Δ expected met", delta, dse}} {
		ratio := stat.StdDev(c.values, nil) / stat.Mean(c.reported, nil)
		if ratio < 0.67 || ratio > 1.33 {
			t.Errorf("%s: spread over seeds / reported SE = %.3f, want within 0.67–1.33", c.name, ratio)
		}
	}
	if stat.Mean(dse, nil) >= stat.Mean(se, nil) {
		t.Errorf("paired SE of the difference %.4f is not below the SE of one scenario %.4f", stat.Mean(dse, nil), stat.Mean(se, nil))
	}
}

// A maintain goal must hold in every year up to its own: an observed year of the plan's period
// below the threshold decides a later maintain goal as missed; one above leaves it projected.
func TestMaintainBrokenByAnObservation(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in2023   float64
		brokenIn int
	}{{"below in 2023", 89.5, 2023}, {"above in 2023", 90.4, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			ind := share("m", 90.76, scenarios.Target{Year: 2025, Test: scenarios.Maintain, Value: fp(90)})
			ind.Milestones = []scenarios.Target{{Year: 2023, Test: scenarios.Maintain, Value: fp(90)}, {Year: 2024, Test: scenarios.GE, Value: fp(95)}}
			ind.Observations = append(ind.Observations, scenarios.Observation{Year: 2023, Value: tc.in2023})
			goals := run(t, compile(t, scenario([]scenarios.Indicator{ind})), 10_000, 1)[0].Indicators[0].Goals
			byYear := map[int]GoalResult{}
			for _, g := range goals {
				byYear[g.Year] = g
			}
			if g := byYear[2023]; !g.Observed || (g.PHit == 1) != (tc.brokenIn == 0) {
				t.Errorf("2023 milestone: observed %v, P %v", g.Observed, g.PHit)
			}
			if g := byYear[2024]; g.Observed || g.BrokenIn != 0 {
				t.Errorf("2024 >= 95 is not a maintain goal, yet observed %v, broken in %d", g.Observed, g.BrokenIn)
			}
			g := byYear[2025]
			if tc.brokenIn != 0 && (!g.Observed || g.PHit != 0 || g.BrokenIn != tc.brokenIn) {
				t.Errorf("2025 maintain after a miss in 2023: observed %v, P %v, broken in %d; want observed, 0, %d", g.Observed, g.PHit, g.BrokenIn, tc.brokenIn)
			}
			if tc.brokenIn == 0 && (g.Observed || g.PHit <= 0 || g.PHit >= 1) {
				t.Errorf("2025 maintain with 2023 above: observed %v, P %v; want projected, 0 < P < 1", g.Observed, g.PHit)
			}
		})
	}
}
