package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStepFourMatchesLoop: the vector stepping gives every path the value the Go loop gives, to
// the bit, for any block length and stride, and leaves the last len%4 paths (or all, without
// AVX2) to stepRest; stepRest from 0 is checked against the formula too.
func TestStepFourMatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vals := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
		}
		return xs
	}
	for _, n := range []int{0, 1, 3, 4, 5, 8, 255, 256} {
		for _, w := range []int{1, 3, 9} {
			prev, e, common, shock, noise := vals(n), vals(n), vals(n), vals(n), vals(max(n*w, 1))
			d, sg, own, kappa := r.NormFloat64(), math.Abs(r.NormFloat64()), 0.8, -0.3
			vec, loop := make([]float64, n), make([]float64, n)
			done := stepFour(vec, prev, e, common, shock, noise, w, d, sg, own, kappa)
			if done != 0 && done != n&^3 {
				t.Fatalf("n %d: stepped %d paths, want 0 or %d", n, done, n&^3)
			}
			for p := done; p < n; p++ {
				if vec[p] != 0 {
					t.Fatalf("n %d w %d: path %d written, beyond the %d stepped", n, w, p, done)
				}
			}
			stepRest(vec, prev, e, common, shock, noise, w, d, sg, own, kappa, done)
			stepRest(loop, prev, e, common, shock, noise, w, d, sg, own, kappa, 0)
			for p := range n {
				want := prev[p] + (d + e[p] + sg*(common[p]+own*noise[p*w])) + kappa*shock[p]
				if math.Float64bits(vec[p]) != math.Float64bits(want) || math.Float64bits(loop[p]) != math.Float64bits(want) {
					t.Fatalf("n %d w %d path %d: vector %v, loop %v, formula %v", n, w, p, vec[p], loop[p], want)
				}
			}
		}
	}
}
