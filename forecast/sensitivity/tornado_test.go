package sensitivity_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/healthsim/healthsim/forecast/sensitivity"
)

// TestTornadoLinear checks swings of y = Σ a_i x_i + noise(seed) against their closed form
// a_i (high_i − low_i), within 4 paired standard errors, and their signs.
func TestTornadoLinear(t *testing.T) {
	a := []float64{2, -1, 0.5, 0}
	f := func(_ context.Context, seed uint64, pts [][]float64) ([][]float64, error) {
		rng := rand.New(rand.NewPCG(seed, 1))
		shift, tilt := rng.NormFloat64(), 0.05*rng.NormFloat64() // common to every point of the seed
		out := make([][]float64, len(pts))
		for j, x := range pts {
			var y float64
			for i := range a {
				y += (a[i] + tilt) * x[i]
			}
			out[j] = []float64{y + shift}
		}
		return out, nil
	}
	base, low, high := []float64{1, 1, 1, 1}, []float64{0.5, 0, 0.8, 0}, []float64{1.5, 2, 1.2, 3}
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	sw, err := sensitivity.Tornado(context.Background(), f, base, low, high, seeds)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		want := a[i] * (high[i] - low[i])
		got, se := sw.Swing[0][i], sw.SwingSE[0][i]
		if math.Abs(got-want) > 4*se+1e-12 || se == 0 {
			t.Errorf("input %d: swing %.4f ± %.4f, want %.4f", i, got, se, want)
		}
		if want != 0 && math.Signbit(got) != math.Signbit(want) {
			t.Errorf("input %d: swing %.4f has the wrong sign", i, got)
		}
	}
	if _, err := sensitivity.Tornado(context.Background(), f, base, low, high, seeds[:1]); err == nil {
		t.Error("one batch accepted")
	}
}
