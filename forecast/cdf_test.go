package forecast

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/healthsim/healthsim/scenarios"
)

// With the identity transform, no programs and no shocks the value at step T is normal with mean
// x0 + T·drift and variance T²·sd(drift)² + T·σ², so the CDF has a closed form.
func TestCDFMatchesClosedForm(t *testing.T) {
	s := scenario([]scenarios.Indicator{level("x", 10, 11)})
	s.Params["x"] = scenarios.Params{Drift: fp(0.2), Noise: fp(0.5)}
	m := compile(t, s)
	const paths = 200_000
	m.Scenario.Runs, m.Scenario.Seed = paths, 3
	o, err := Run(context.Background(), m, RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rs, sum := o.Results, o.Summary
	ser := m.Indicators[0]
	for st := 1; st <= 3; st++ {
		T := float64(st)
		normal := distuv.Normal{Mu: 10 + T*0.2, Sigma: math.Sqrt(T*T*ser.driftSD*ser.driftSD + T*ser.sigma*ser.sigma)}
		for _, x := range []float64{normal.Mu - 3*normal.Sigma, normal.Mu - normal.Sigma, normal.Mu, normal.Mu + 0.3*normal.Sigma, normal.Mu + 2*normal.Sigma} {
			want := normal.CDF(x)
			got := m.CDF(sum, 0, 0, 2022+st, x)
			// Binomial sampling error, plus the paths of one bin (a bin is a 64th of the predicted sd).
			tol := 4*math.Sqrt(want*(1-want)/paths) + normal.Prob(x)*ser.hist[st].width
			if math.Abs(got-want) > tol {
				t.Errorf("step %d: CDF(%.3f) = %.5f, closed form %.5f ± %.5f", st, x, got, want, tol)
			}
		}
		// The CDF at a reported quantile gives back its level.
		pt := rs[0].Indicators[0].Trajectory[st]
		for i, q := range Quantiles {
			if got := m.CDF(sum, 0, 0, pt.Year, pt.Q[i]); math.Abs(got-q) > 0.002 {
				t.Errorf("step %d: CDF(q%.2f) = %.4f", st, q, got)
			}
		}
	}
	if got := m.CDF(sum, 0, 0, 2022, 10); !math.IsNaN(got) {
		t.Errorf("CDF in the baseline year = %v, want NaN", got)
	}
	if got := m.CDF(sum, 1, 0, 2023, 10); !math.IsNaN(got) {
		t.Errorf("CDF of a missing series = %v, want NaN", got)
	}
	if lo, hi := m.CDF(sum, 0, 0, 2025, -1e9), m.CDF(sum, 0, 0, 2025, 1e9); lo != 0 || hi != 1 {
		t.Errorf("CDF far below %v and above %v, want 0 and 1", lo, hi)
	}
}

// With scale_uncertainty τ every path of a pace read from history multiplies its noise and drift
// deviation by one of 256 equally likely values exp(τ z_i), so the value at step T is a mixture
// of normals.
func TestScaleUncertaintyMixture(t *testing.T) {
	x := level("x", 10, 11)
	x.Observations = []scenarios.Observation{{Year: 2018, Value: 9.1}, {Year: 2019, Value: 9.5}, {Year: 2020, Value: 9.5}, {Year: 2021, Value: 9.9}, {Year: 2022, Value: 10}}
	s := scenario([]scenarios.Indicator{x})
	d, err := LoadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	d.ScaleUncertainty = 0.6
	m, err := Compile(s, d)
	if err != nil {
		t.Fatal(err)
	}
	const paths = 200_000
	m.Scenario.Runs, m.Scenario.Seed = paths, 5
	o, err := Run(context.Background(), m, RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	ser := m.Indicators[0]
	if ser.Pace.Basis != BasisHistory || ser.scale == nil {
		t.Fatalf("basis %s: want a mixed pace read from history", ser.Pace.Basis)
	}
	table := scaleTable(0.6)
	const T = 3
	sd := math.Sqrt(T*T*ser.driftSD*ser.driftSD + T*ser.sigma*ser.sigma)
	mean := 10 + T*ser.drift[1]
	for _, x := range []float64{mean - 4*sd, mean - 2*sd, mean - 0.5*sd, mean + sd, mean + 3*sd} {
		var want, dens float64
		for _, k := range table {
			n := distuv.Normal{Mu: mean, Sigma: k * sd}
			want += n.CDF(x) / float64(len(table))
			dens += n.Prob(x) / float64(len(table))
		}
		got := m.CDF(o.Summary, 0, 0, 2022+T, x)
		tol := 4*math.Sqrt(want*(1-want)/paths) + dens*ser.hist[T].width
		if math.Abs(got-want) > tol {
			t.Errorf("CDF(%.3f) = %.5f, mixture %.5f ± %.5f", x, got, want, tol)
		}
	}
	// The strata midpoints miss a little of the lognormal's far tail: within 2%.
	if ms := meanSquare(table); math.Abs(ms-math.Exp(2*0.36)) > 0.02*math.Exp(0.72) {
		t.Errorf("mean square of the scales %.4f, lognormal %.4f", ms, math.Exp(0.72))
	}
	if scaleTable(0) != nil || meanSquare(nil) != 1 {
		t.Error("τ = 0 should turn the mixture off")
	}
	// A pace from a prior keeps its stated spread.
	y := level("y", 10, 11)
	m2, err := Compile(scenario([]scenarios.Indicator{y}), d)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Indicators[0].scale != nil {
		t.Errorf("basis %s is mixed", m2.Indicators[0].Pace.Basis)
	}
}
