package forecast

import (
	"math"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

// TestTransformRoundTrip: x(z(x)) = x inside the bounds, z takes the hand-computed value, and the
// slope dz/dx is the derivative of z.
func TestTransformRoundTrip(t *testing.T) {
	share := transform{kind: scenarios.Share, lo: 0, hi: 100, tol: 0.01}
	positive := transform{kind: scenarios.Positive, lo: 0, tol: 0.001}
	shifted := transform{kind: scenarios.Positive, lo: 2, tol: 0.001}
	level := transform{kind: scenarios.Level}
	tests := []struct {
		name      string
		tr        transform
		x, z      float64 // z = T(x), by hand
		slope     float64 // dz/dx at x, by hand
		roundTrip bool    // x(z(x)) = x (false for values on a bound, which are moved inside)
	}{
		{"share at the middle", share, 50, 0, 1 / (100 * 0.5 * 0.5), true},
		{"share at three quarters", share, 75, math.Log(3), 1 / (100 * 0.75 * 0.25), true},
		{"share at a tenth", share, 10, math.Log(1.0 / 9), 1 / (100 * 0.1 * 0.9), true},
		{"share on its upper bound", share, 100, math.Log((1 - 0.005/100) / (0.005 / 100)), 1 / (100 * (0.005 / 100) * (1 - 0.005/100)), false},
		{"positive at e", positive, math.E, 1, 1 / math.E, true},
		{"positive at one", positive, 1, 0, 1, true},
		{"positive above a lower bound of 2", shifted, 6, math.Log(4), 0.25, true},
		{"positive on its bound", positive, 0, math.Log(0.0005), 1 / 0.0005, false},
		{"level", level, -3.5, -3.5, 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z := tc.tr.z(tc.x)
			if math.Abs(z-tc.z) > 1e-9 {
				t.Errorf("z(%v) = %v, want %v", tc.x, z, tc.z)
			}
			if s := tc.tr.slope(tc.x); math.Abs(s-tc.slope) > 1e-9*math.Abs(tc.slope) {
				t.Errorf("slope(%v) = %v, want %v", tc.x, s, tc.slope)
			}
			back := tc.tr.x(z)
			if tc.roundTrip && math.Abs(back-tc.x) > 1e-12*math.Max(1, math.Abs(tc.x)) {
				t.Errorf("x(z(%v)) = %v", tc.x, back)
			}
			if !tc.roundTrip && tc.tr.snap(back) != tc.x {
				t.Errorf("a value on a bound comes back as %v, which snap reads as %v, not the bound %v", back, tc.tr.snap(back), tc.x)
			}
		})
	}
}

// TestResponse: h(r) = (1 − e^(−kr)) / (1 − e^(−k)), so h(0) = 0, h(1) = 1, h(1/2) = 1/(1 + e^(−k/2))
// and h(2) = 1 + e^(−k); nothing below zero funding.
func TestResponse(t *testing.T) {
	tests := []struct {
		r, k, want float64
	}{
		{0, 2, 0},
		{-0.5, 2, 0},
		{1, 2, 1},
		{1, 0.1, 1},
		{0.5, 2, 1 / (1 + math.Exp(-1))},
		{0.5, 0.5, 1 / (1 + math.Exp(-0.25))},
		{2, 2, 1 + math.Exp(-2)},
		{0.8, 2, (1 - math.Exp(-1.6)) / (1 - math.Exp(-2))},
	}
	for _, tc := range tests {
		if got := response(tc.r, tc.k); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("response(%v, %v) = %v, want %v", tc.r, tc.k, got, tc.want)
		}
	}
}

// TestFitWalkByHand: the drift, the noise of one year's change and the drift's standard error of
// a random walk with drift, worked out by hand for each set of points.
func TestFitWalkByHand(t *testing.T) {
	tests := []struct {
		name             string
		pts              []YearZ
		drift, noise, se float64
	}{
		// On a line every change equals the drift: no noise.
		{"a straight line", []YearZ{{2018, 1}, {2019, 1.5}, {2020, 2}, {2021, 2.5}}, 0.5, 0, 0},
		// Drift 1/2; changes 1 − 0.5 and 0 − 0.5: Σe² = 0.5 on 1 degree of freedom; se √0.5/√2.
		{"three points", []YearZ{{2020, 0}, {2021, 1}, {2022, 1}}, 0.5, math.Sqrt(0.5), 0.5},
		// Unsorted, with a two-year gap: drift 1/4; e = 0.05, −0.15 and 0.1 over two years:
		// Σe²/g = 0.0025 + 0.0225 + 0.005 = 0.03 on 2 degrees of freedom; se √0.015/√4.
		{"a gap of two years", []YearZ{{2020, 0.4}, {2018, 0}, {2019, 0.3}, {2022, 1.0}}, 0.25, math.Sqrt(0.015), math.Sqrt(0.015) / 2},
		// Falling: drift −1; changes −2 + 1 and 0 + 1: Σe² = 2 on 1 degree of freedom; se √2/√2.
		{"falling", []YearZ{{2010, 5}, {2011, 3}, {2012, 3}}, -1, math.Sqrt(2), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			drift, noise, se := FitWalk(tc.pts)
			if math.Abs(drift-tc.drift) > 1e-12 || math.Abs(noise-tc.noise) > 1e-12 || math.Abs(se-tc.se) > 1e-12 {
				t.Errorf("FitWalk = drift %v, noise %v, se %v; want %v, %v, %v", drift, noise, se, tc.drift, tc.noise, tc.se)
			}
		})
	}
}
