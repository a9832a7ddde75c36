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
				// Every product rounded, as the assembly rounds it: Go may fuse a multiply
				// and an add (GOAMD64=v3, arm64) unless a conversion forbids it.
				want := prev[p] + (d + e[p] + float64(sg*(common[p]+float64(own*noise[p*w])))) + float64(kappa*shock[p])
				if math.Float64bits(vec[p]) != math.Float64bits(want) || math.Float64bits(loop[p]) != math.Float64bits(want) {
					t.Fatalf("n %d w %d path %d: vector %v, loop %v, formula %v", n, w, p, vec[p], loop[p], want)
				}
			}
		}
	}
}

// TestFirstFourMatchesLoop: the vector first-step search gives every path the step the Go loop
// gives, values in and out of the band, NaN and infinities included, for any number of steps.
func TestFirstFourMatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -0.5, 0.5}
	for steps := 1; steps <= 8; steps++ {
		for _, n := range []int{0, 3, 4, 7, 256} {
			za := make([]float64, (steps+1)*blockPaths)
			for i := range za {
				za[i] = r.NormFloat64()
				if r.IntN(20) == 0 {
					za[i] = special[r.IntN(len(special))]
				}
			}
			lo, hi := -0.5, 0.5
			if steps%2 == 0 {
				lo, hi = 0.2, math.Inf(1)
			}
			vec := make([]int32, n)
			done := firstFour(za, vec, steps, lo, hi)
			if done != 0 && done != n&^3 {
				t.Fatalf("steps %d n %d: set %d paths, want 0 or %d", steps, n, done, n&^3)
			}
			b := &block{za: za, first: make([]int32, blockPaths)}
			for p := done; p < n; p++ {
				if vec[p] != 0 {
					t.Fatalf("steps %d n %d: path %d set, beyond the %d done", steps, n, p, done)
				}
			}
			firstMet(b, steps, lo, hi, n) // the vector part and the Go loop for the rest
			for p := range n {
				want := int32(steps + 1)
				for st := steps; st >= 1; st-- {
					if z := za[st*blockPaths+p]; z >= lo && z <= hi {
						want = int32(st)
					}
				}
				if (p < done && vec[p] != want) || b.first[p] != want {
					t.Fatalf("steps %d n %d path %d: vector %d, firstMet %d, want %d", steps, n, p, vec[p], b.first[p], want)
				}
			}
		}
	}
}

// TestRecordHistMatchesScalar: recording with the vector loop gives the same bins, extremes and
// values as the one-at-a-time loop, with values outside the range, infinities and NaN mixed in.
func TestRecordHistMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const bins = 64
	h := histRange{lo: -2, width: 4.0 / bins, inv: bins / 4.0}
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), -2, 2, 9, -9}
	for _, n := range []int{0, 1, 4, 5, 11, 256} {
		for _, c := range []float64{0, 0.3} {
			zb, beta := make([]float64, n), make([]float64, n)
			for p := range zb {
				zb[p], beta[p] = r.NormFloat64(), r.Float64()
				if r.IntN(10) == 0 {
					zb[p] = special[r.IntN(len(special))]
				}
			}
			newSummary := func() *Summary {
				return &Summary{Hist: make([]uint32, bins+2), MinZ: []float64{math.Inf(1)}, MaxZ: []float64{math.Inf(-1)}}
			}
			vec, one := newSummary(), newSummary()
			zaVec, zaOne := make([]float64, n), make([]float64, n)
			vec.recordHist(h, 0, bins, zaVec, zb, beta, c)
			one.recordRange(h, 0, one.Hist, zaOne, zb, beta, c)
			for p := range n {
				if math.Float64bits(zaVec[p]) != math.Float64bits(zaOne[p]) && !(math.IsNaN(zaVec[p]) && math.IsNaN(zaOne[p])) {
					t.Fatalf("n %d c %v path %d: za %v, one at a time %v", n, c, p, zaVec[p], zaOne[p])
				}
			}
			for i := range vec.Hist {
				if vec.Hist[i] != one.Hist[i] {
					t.Fatalf("n %d c %v bin %d: %d, one at a time %d", n, c, i, vec.Hist[i], one.Hist[i])
				}
			}
			if vec.MinZ[0] != one.MinZ[0] || vec.MaxZ[0] != one.MaxZ[0] {
				t.Fatalf("n %d c %v: extremes %v %v, one at a time %v %v", n, c, vec.MinZ[0], vec.MaxZ[0], one.MinZ[0], one.MaxZ[0])
			}
		}
	}
}

// TestGoalLoopsMatchScalar: inBand and tally, with their vector loops where the processor has
// them, give the flags, counts and joint flags the one-path-at-a-time loops give, with NaN,
// infinities and lines at NaN.
func TestGoalLoopsMatchScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, 0.5}
	for _, n := range []int{0, 1, 4, 6, 256} {
		for _, sign := range []float64{1, -1} {
			zs := make([]float64, n)
			for p := range zs {
				zs[p] = r.NormFloat64()
				if r.IntN(10) == 0 {
					zs[p] = special[r.IntN(len(special))]
				}
			}
			lo, hi := -0.3, 0.9
			vec := make([]uint8, n)
			done := inBandFour(zs, lo, hi, vec)
			if done != 0 && done != n&^3 {
				t.Fatalf("n %d: tested %d paths, want 0 or %d", n, done, n&^3)
			}
			inBand(zs, lo, hi, vec) // the vector part and the Go loop for the rest
			for p := range n {
				if want := b2u(zs[p] >= lo) & b2u(zs[p] <= hi); vec[p] != want {
					t.Fatalf("n %d path %d: band %d, want %d", n, p, vec[p], want)
				}
			}
			for _, lines := range [][2]float64{{0.2, -0.4}, {math.NaN(), 0.1}, {math.NaN(), math.NaN()}} {
				for _, milestone := range []uint8{0, 1} {
					goalsA, goalsB := make([]uint8, n), make([]uint8, n)
					targA, targB := make([]uint8, n), make([]uint8, n)
					for p := range n {
						goalsA[p], targA[p] = uint8(r.IntN(2)), uint8(r.IntN(2))
						goalsB[p], targB[p] = goalsA[p], targA[p]
					}
					h, o, a := tally(zs, vec, goalsA, targA, sign, lines[0], lines[1], milestone)
					var wh, wo, wa uint64
					for p, z := range zs { // the loop as it was, one path at a time
						ok := vec[p]
						on := ok | b2u(sign*z >= lines[0])
						wh, wo = wh+uint64(ok), wo+uint64(on)
						wa += uint64((1 - on) & b2u(sign*z >= lines[1]))
						goalsB[p] &= ok
						targB[p] &= ok | milestone
					}
					if h != wh || o != wo || a != wa {
						t.Fatalf("n %d sign %v lines %v: counts %d %d %d, want %d %d %d", n, sign, lines, h, o, a, wh, wo, wa)
					}
					for p := range n {
						if goalsA[p] != goalsB[p] || targA[p] != targB[p] {
							t.Fatalf("n %d path %d: joint flags %d %d, want %d %d", n, p, goalsA[p], targA[p], goalsB[p], targB[p])
						}
					}
				}
			}
		}
	}
}

// TestParamsFourMatchesLoop: the vector per-path parameters and paramsRest's for the paths the
// vector loop leaves (all of them without AVX2) equal the formula's to the bit, negative
// effectiveness cut to +0 and NaN kept.
func TestParamsFourMatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{0, 3, 4, 9, 256} {
		for _, w := range []int{2, 5, 9} {
			raw := make([]float64, n*w+1)
			for i := range raw {
				raw[i] = r.NormFloat64() * 2
				if r.IntN(15) == 0 {
					raw[i] = []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), -1}[r.IntN(5)]
				}
			}
			driftSD, betaU, beta0 := 0.3, 0.9, -1.7
			eps, beta := make([]float64, n), make([]float64, n)
			done := paramsFour(raw, eps, beta, w, driftSD, betaU, beta0)
			if done != 0 && done != n&^3 {
				t.Fatalf("n %d: did %d paths, want 0 or %d", n, done, n&^3)
			}
			for p := done; p < n; p++ {
				if eps[p] != 0 || beta[p] != 0 {
					t.Fatalf("n %d w %d: path %d set, beyond the %d done", n, w, p, done)
				}
			}
			paramsRest(raw, eps, beta, w, driftSD, betaU, beta0, done)
			for p := range n {
				x := 1 + float64(betaU*raw[p*w+1])
				if x < 0 {
					x = 0
				}
				wantE, wantB := driftSD*raw[p*w], beta0*x
				same := func(a, b float64) bool {
					return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
				}
				if !same(eps[p], wantE) || !same(beta[p], wantB) {
					t.Fatalf("n %d w %d path %d: eps %v beta %v, the formula gives %v %v", n, w, p, eps[p], beta[p], wantE, wantB)
				}
			}
		}
	}
}
