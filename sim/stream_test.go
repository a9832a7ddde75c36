package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStreamMatchesMathRand: every draw of a Stream equals the one math/rand/v2's PCG gives
// from the same state, whichever way it is drawn, including FillNormal's slow paths (about 2.8%
// of draws; the base strip's tail, |x| > 3.44, about once in 1,700).
func TestStreamMatchesMathRand(t *testing.T) {
	buf := make([]float64, 1000)
	tails := 0
	for k := range 8 {
		s := NewStream(2025, k)
		a, b := streamSeeds(2025, k)
		want := rand.New(rand.NewPCG(a, b))
		for round := range 300 {
			s.FillNormal(buf[:round%len(buf)+1])
			for i, got := range buf[:round%len(buf)+1] {
				if w := want.NormFloat64(); got != w {
					t.Fatalf("chunk %d round %d normal %d: FillNormal %v, math/rand %v", k, round, i, got, w)
				}
				if got > rn || got < -rn {
					tails++
				}
			}
			// Interleave the Rand methods, which share the state.
			if got, w := s.NormFloat64(), want.NormFloat64(); got != w {
				t.Fatalf("chunk %d round %d: NormFloat64 %v, math/rand %v", k, round, got, w)
			}
			if got, w := s.Float64(), want.Float64(); got != w {
				t.Fatalf("chunk %d round %d: Float64 %v, math/rand %v", k, round, got, w)
			}
			if got, w := s.Uint64(), want.Uint64(); got != w {
				t.Fatalf("chunk %d round %d: Uint64 %v, math/rand %v", k, round, got, w)
			}
		}
	}
	if tails < 100 {
		t.Errorf("only %d draws beyond ±%v: the base strip's tail is not exercised", tails, rn)
	}
}

// TestStreamEmptyFill: filling nothing draws nothing.
func TestStreamEmptyFill(t *testing.T) {
	s, r := NewStream(1, 1), NewStream(1, 1)
	s.FillNormal(nil)
	if s.Uint64() != r.Uint64() {
		t.Error("FillNormal(nil) moved the stream")
	}
}

var sinkF float64

// BenchmarkNormFloat64 draws normals one call at a time through math/rand/v2's Rand.
func BenchmarkNormFloat64(b *testing.B) {
	s := NewStream(1, 0)
	buf := make([]float64, 2048)
	for b.Loop() {
		for i := range buf {
			buf[i] = s.NormFloat64()
		}
	}
	sinkF = buf[0]
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(buf)), "ns/normal")
}

// BenchmarkFillNormal draws the same normals with FillNormal.
func BenchmarkFillNormal(b *testing.B) {
	s := NewStream(1, 0)
	buf := make([]float64, 2048)
	for b.Loop() {
		s.FillNormal(buf)
	}
	sinkF = buf[0]
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(buf)), "ns/normal")
}

// TestBelowDensityExact: the bounded wedge test answers as y < float32(math.Exp(t)) does, for
// draws as the ziggurat makes them, for y at the rounded exponential and its float32
// neighbours, where only math.Exp can decide, at the ends of each strip's range and for t
// outside it (and strip 0, which has no bounds).
func TestBelowDensityExact(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	next := func(y float32, up bool) float32 {
		if up {
			return math.Float32frombits(math.Float32bits(y) + 1)
		}
		return math.Float32frombits(math.Float32bits(y) - 1)
	}
	check := func(k uint64, tt float64, ys ...float32) {
		t.Helper()
		for _, y := range ys {
			if got, want := belowDensity(y, tt, k), y < float32(math.Exp(tt)); got != want {
				t.Fatalf("strip %d, t %v, y %v: %v, math.Exp says %v", k, tt, y, got, want)
			}
		}
	}
	// The ends of each strip's range of x (j = −2³¹ included), t outside the range, and strip 0.
	for k := uint64(0); k < 128; k++ {
		ys := []float32{fn[k], 1e-3, 0.5, 1}
		for _, j := range []int64{int64(kn[k]), -int64(kn[k]), 1<<31 - 1, -1 << 31} {
			x := float64(j) * float64(wn[k])
			tt := -.5 * x * x
			e := float32(math.Exp(tt))
			check(k, tt, append(ys, e, next(e, true), next(e, false))...)
		}
		for _, tt := range []float64{0, -1e-3, -8, -50} {
			check(k, tt, ys...)
		}
	}
	for range 2_000_000 {
		k := 1 + r.Uint64N(127)
		j := int64(kn[k]) + r.Int64N(1<<31-int64(kn[k]))
		if r.IntN(2) == 0 {
			j = -j
		}
		x := float64(j) * float64(wn[k])
		tt := -.5 * x * x
		e := float32(math.Exp(tt))
		check(k, tt, fn[k]+float32(r.Float64())*(fn[k-1]-fn[k]), e, next(e, true), next(e, false))
	}
}

// TestFillNormalLongRun: ten million normals from FillNormal equal math/rand/v2's, so that the
// wedge test's bounds are exercised some three hundred thousand times.
func TestFillNormalLongRun(t *testing.T) {
	if testing.Short() {
		t.Skip("ten million draws")
	}
	s := NewStream(77, 3)
	a, b := streamSeeds(77, 3)
	want := rand.New(rand.NewPCG(a, b))
	buf := make([]float64, 10_000)
	for round := range 1000 {
		s.FillNormal(buf)
		for i, got := range buf {
			if w := want.NormFloat64(); got != w {
				t.Fatalf("round %d normal %d: %v, math/rand %v", round, i, got, w)
			}
		}
	}
}
