package backtest

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

func options(t testing.TB, horizons ...int) Options {
	t.Helper()
	d, err := forecast.LoadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	return Options{Horizons: horizons, MinHistory: 3, Runs: 4000, Seed: 7, Workers: 2, Defaults: d}
}

// series makes a positive series observed in consecutive years from first.
func series(name string, first int, values ...float64) Series {
	s := Series{Name: name, Group: "test", Kind: scenarios.Positive, Bounds: scenarios.Bounds{Lo: ptr(0.0)}}
	for i, v := range values {
		s.Obs = append(s.Obs, scenarios.Observation{Year: first + i, Value: v})
	}
	return s
}

func TestForecastsOriginsAndHorizons(t *testing.T) {
	s := series("x", 2000, 1, 1.1, 1.2, 1.35, 1.4, 1.5, 1.62, 1.7)
	fs, err := Forecasts(context.Background(), []Series{s}, options(t, 1, 2))
	if err != nil {
		t.Fatal(err)
	}
	// Origins 2002…2006 (three observations up to each, an outcome after): five one-year and
	// four two-year forecasts.
	if len(fs) != 9 {
		t.Fatalf("%d forecasts, want 9", len(fs))
	}
	for _, f := range fs {
		if f.Origin < 2002 || f.Origin+f.H > 2007 {
			t.Errorf("forecast from %d, %d ahead", f.Origin, f.H)
		}
		if want := s.Obs[f.Origin+f.H-2000].Value; f.Outcome != want || f.Base != s.Obs[f.Origin-2000].Value {
			t.Errorf("origin %d h %d: base %v outcome %v", f.Origin, f.H, f.Base, f.Outcome)
		}
		if !slices.IsSorted(f.Q[:]) || f.PIT < 0 || f.PIT > 1 {
			t.Errorf("origin %d h %d: quantiles %v, PIT %v", f.Origin, f.H, f.Q, f.PIT)
		}
		// PIT agrees with the quantiles: below p05 ⇔ PIT below 0.05 (up to the sketch's bin).
		if (f.Outcome < f.Q[forecast.Q05]) != (f.PIT < 0.05) && math.Abs(f.PIT-0.05) > 0.005 {
			t.Errorf("origin %d h %d: outcome %v, p05 %v, PIT %v", f.Origin, f.H, f.Outcome, f.Q[forecast.Q05], f.PIT)
		}
		// The pseudo-target at the origin's own value (K = 0) and the rest decrease with K.
		for i := 1; i < len(f.Targets); i++ {
			if f.Targets[i].P > f.Targets[i-1].P || f.Targets[i].K <= f.Targets[i-1].K {
				t.Errorf("origin %d h %d: pseudo-targets not ordered: %+v", f.Origin, f.H, f.Targets)
			}
		}
		for _, p := range f.Targets {
			if p.Hit != (f.Outcome >= p.Threshold) {
				t.Errorf("pseudo-target %+v with outcome %v", p, f.Outcome)
			}
		}
	}
}

// A forecast sees nothing after its origin: two series equal up to 2005 and different after give
// the same forecasts from every origin up to 2005, and different outcomes.
func TestForecastNeverUsesLaterData(t *testing.T) {
	a := series("x", 2000, 1, 1.1, 1.2, 1.35, 1.4, 1.5, 1.62, 1.7, 1.8)
	b := series("x", 2000, 1, 1.1, 1.2, 1.35, 1.4, 1.5, 9, 0.2, 30)
	opt := options(t, 1, 2, 3)
	fa, err := Forecasts(context.Background(), []Series{a}, opt)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := Forecasts(context.Background(), []Series{b}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(fa) != len(fb) {
		t.Fatalf("%d and %d forecasts", len(fa), len(fb))
	}
	compared := 0
	for i := range fa {
		if fa[i].Origin > 2005 {
			continue
		}
		compared++
		if fa[i].Q != fb[i].Q || fa[i].Naive != fb[i].Naive {
			t.Errorf("origin %d h %d: forecasts differ: %v vs %v", fa[i].Origin, fa[i].H, fa[i].Q, fb[i].Q)
		}
		if fa[i].Origin+fa[i].H > 2005 && fa[i].Outcome == fb[i].Outcome {
			t.Errorf("origin %d h %d: outcomes should differ", fa[i].Origin, fa[i].H)
		}
	}
	if compared < 6 {
		t.Fatalf("only %d forecasts compared", compared)
	}
}

// With a window of 4 a forecast sees the last four observations only: changing older ones
// changes nothing.
func TestWindow(t *testing.T) {
	a := series("x", 2000, 1, 1.1, 1.2, 1.35, 1.4, 1.5, 1.62, 1.7)
	b := series("x", 2000, 50, 0.01, 1.2, 1.35, 1.4, 1.5, 1.62, 1.7)
	opt := options(t, 1)
	opt.Window = 4
	fa, _ := Forecasts(context.Background(), []Series{a}, opt)
	fb, _ := Forecasts(context.Background(), []Series{b}, opt)
	for i := range fa {
		same := fa[i].Q == fb[i].Q
		if sees := fa[i].Origin-3 <= 2001; sees == same {
			t.Errorf("origin %d: window holds 2000 or 2001: %v, forecasts equal: %v", fa[i].Origin, sees, same)
		}
	}
}

func TestForecastsIndependentOfWorkers(t *testing.T) {
	ps, err := Panel()
	if err != nil {
		t.Fatal(err)
	}
	ps = ps[:40]
	one, two := options(t, 1, 3), options(t, 1, 3)
	one.Workers, one.Runs, two.Runs = 1, 1000, 1000
	f1, err := Forecasts(context.Background(), ps, one)
	if err != nil {
		t.Fatal(err)
	}
	f2, _ := Forecasts(context.Background(), ps, two)
	if len(f1) != len(f2) || len(f1) == 0 {
		t.Fatalf("%d and %d forecasts", len(f1), len(f2))
	}
	for i := range f1 {
		if f1[i].Q != f2[i].Q || f1[i].PIT != f2[i].PIT {
			t.Fatalf("forecast %d differs between 1 and 2 workers", i)
		}
	}
}

func TestForecastsBadOptions(t *testing.T) {
	s := []Series{series("x", 2000, 1, 2, 3, 4, 5)}
	for name, mod := range map[string]func(*Options){
		"no horizon":    func(o *Options) { o.Horizons = nil },
		"horizon 0":     func(o *Options) { o.Horizons = []int{0, 1} },
		"short history": func(o *Options) { o.MinHistory = 2 },
		"small window":  func(o *Options) { o.Window = 2 },
		"no runs":       func(o *Options) { o.Runs = 0 },
		"no origin":     func(o *Options) { o.MinHistory = 5 },
	} {
		opt := options(t, 1)
		mod(&opt)
		if _, err := Forecasts(context.Background(), s, opt); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestForecastsCancelled(t *testing.T) {
	ps, err := Panel()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Forecasts(ctx, ps, options(t, 1)); err == nil {
		t.Error("a cancelled backtest returned no error")
	}
}

func TestPanel(t *testing.T) {
	ps, err := Panel()
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	byName := map[string]Series{}
	for _, s := range ps {
		groups[s.Group]++
		byName[s.Name] = s
		if len(s.Obs) < 6 && s.Group != "china_national" {
			t.Errorf("%s: %d observations", s.Name, len(s.Obs))
		}
		if s.Group == "life_expectancy" && s.Obs[len(s.Obs)-1].Year > 2013 {
			t.Errorf("%s: life expectancy after 2013 (IHME estimates end there; no projections)", s.Name)
		}
	}
	for g, atLeast := range map[string]int{"doctors_per_1000": 150, "u5mr": 190, "oop_share": 180, "life_expectancy": 180, "china_national": 10} {
		if groups[g] < atLeast {
			t.Errorf("group %s: %d series, want at least %d", g, groups[g], atLeast)
		}
	}
	// Spot checks against the sources (Gapminder files; the 2019 and 2024 national bulletins).
	for _, c := range []struct {
		series string
		year   int
		value  float64
	}{{"chn/u5mr", 2024, 6.1904}, {"chn/doctors_per_1000", 2015, 1.797}, {"cn/nurses_per_1000", 2019, 3.18}, {"cn/beds_per_1000", 2024, 7.32}} {
		s, ok := byName[c.series]
		i := slices.IndexFunc(s.Obs, func(o scenarios.Observation) bool { return o.Year == c.year })
		if !ok || i < 0 || s.Obs[i].Value != c.value {
			t.Errorf("%s %d: want %v", c.series, c.year, c.value)
		}
	}
	if oop := byName["chn/oop_share"]; oop.Kind != scenarios.Share || *oop.Bounds.Hi != 100 {
		t.Errorf("out-of-pocket share: kind %s", oop.Kind)
	}
}

// BenchmarkEmbeddedBacktest runs the whole embedded backtest at the command's defaults
// (h = 1…5, minimum history 3, window 10, 2000 paths per forecast, every core).
func BenchmarkEmbeddedBacktest(b *testing.B) {
	ps, err := Panel()
	if err != nil {
		b.Fatal(err)
	}
	opt := options(b, 1, 2, 3, 4, 5)
	opt.Window, opt.Runs, opt.Workers = 10, 2000, 0
	for b.Loop() {
		fs, err := Forecasts(context.Background(), ps, opt)
		if err != nil {
			b.Fatal(err)
		}
		_ = Score(fs)
	}
}

// The calibrated defaults keep their published scores on the held-out part of the embedded panel
// (README, docs/MODEL.md): checkHeldOut's coverage and Brier bands at every horizon 1–5, and every
// reliability bin with 100 or more pseudo-targets within 0.07 (widened by heldOutMargin too).
func TestHeldOutCalibration(t *testing.T) {
	opt := options(t, 1, 2, 3, 4, 5)
	opt.Window = 10
	r := checkHeldOut(t, opt)
	for _, b := range r.Reliability {
		if b.N >= 100 && math.Abs(b.Observed-b.Predicted) > 0.07+heldOutMargin {
			t.Errorf("reliability %.1f–%.1f: predicted %.3f, observed %.3f (n %d)", b.Lo, b.Hi, b.Predicted, b.Observed, b.N)
		}
	}
}

// heldOutMargin widens the acceptance bands of checkHeldOut so that a change of random draws
// alone does not fail the test; a change of the model that loses the calibration does.
const heldOutMargin = 0.01

// checkHeldOut forecasts the held-out part of the embedded panel with opt at the command's
// defaults (2000 paths, seed 20250101, every core; a two-point backtest reads its priors from the
// training part, as healthsim backtest --two-point does) and checks the acceptance bands of the
// calibration: at every horizon the 90% intervals cover 87–93% of outcomes and the 50% intervals
// 45–55%, and the Brier score is below the naive forecast's. It skips with -short.
func checkHeldOut(t *testing.T, opt Options) Report {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the held-out backtest; skipped with -short")
	}
	ps, err := Panel()
	if err != nil {
		t.Fatal(err)
	}
	opt.Runs, opt.Seed, opt.Workers = 2000, 20250101, 0
	if opt.TwoPoint > 0 {
		opt.Priors = Select(ps, Train)
	}
	fs, err := Forecasts(context.Background(), Select(ps, Test), opt)
	if err != nil {
		t.Fatal(err)
	}
	r := Score(fs)
	const m = heldOutMargin
	for _, h := range r.ByHorizon {
		if h.Coverage90 < 0.87-m || h.Coverage90 > 0.93+m || h.Coverage50 < 0.45-m || h.Coverage50 > 0.55+m {
			t.Errorf("h = %d: coverage 50%% %.3f, 90%% %.3f", h.H, h.Coverage50, h.Coverage90)
		}
	}
	if r.Brier >= r.BrierNaive {
		t.Errorf("Brier %.4f, naive %.4f", r.Brier, r.BrierNaive)
	}
	return r
}
