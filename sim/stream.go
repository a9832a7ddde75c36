package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// splitmix64 is the SplitMix64 finaliser: a bijective mix with full avalanche.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// streamSeeds returns the PCG state for chunk k of a run seeded with seed. Seeding PCG with
// (seed, k) directly would give correlated neighbouring streams, so both words are hashed.
func streamSeeds(seed uint64, k int) (uint64, uint64) {
	a := splitmix64(seed ^ splitmix64(uint64(k)))
	b := splitmix64(a ^ 0x6a09e667f3bcc909)
	return a, b
}

// Stream is the random stream of a chunk. Its draws are exactly those of
// rand.New(rand.NewPCG(hi, lo)): the embedded Rand gives every math/rand/v2 method, and
// FillNormal draws many standard normals at once, equal one by one to what NormFloat64 would
// return, at about two thirds of its cost: the generator's state stays in registers instead of
// being stored and reloaded through an interface call on every draw, and the ziggurat's wedge
// test seldom needs math.Exp (belowDensity).
type Stream struct {
	*rand.Rand
	src pcg
	_   [112]byte // the state, written on every draw, on cache lines of its own: see runner.work
}

// NewStream returns the random stream of chunk k of a run seeded with seed.
func NewStream(seed uint64, k int) *Stream {
	s := newStream()
	s.seed(seed, k)
	return s
}

// newStream returns an unseeded stream whose Rand draws from its own state, so that FillNormal
// and the Rand methods continue one stream.
func newStream() *Stream {
	s := new(Stream)
	s.Rand = rand.New(&s.src)
	return s
}

// seed sets s to the start of chunk k's stream.
func (s *Stream) seed(seed uint64, k int) { s.src.hi, s.src.lo = streamSeeds(seed, k) }

// pcg is math/rand/v2's PCG (128-bit LCG, DXSM output), step for step: see rand.PCG.
type pcg struct{ hi, lo uint64 }

const (
	pcgMulHi    = 2549297995355413924
	pcgMulLo    = 4865540595714422341
	pcgIncHi    = 6364136223846793005
	pcgIncLo    = 1442695040888963407
	pcgCheapMul = 0xda942042e4dd58b5
)

// pcgNext advances the state: state·mul + inc modulo 2¹²⁸.
func pcgNext(hi0, lo0 uint64) (hi, lo uint64) {
	hi, lo = bits.Mul64(lo0, pcgMulLo)
	hi += hi0*pcgMulLo + lo0*pcgMulHi
	lo, c := bits.Add64(lo, pcgIncLo, 0)
	hi, _ = bits.Add64(hi, pcgIncHi, c)
	return hi, lo
}

// pcgOut is the DXSM output of a state.
func pcgOut(hi, lo uint64) uint64 {
	hi ^= hi >> 32
	hi *= pcgCheapMul
	hi ^= hi >> 48
	return hi * (lo | 1)
}

// Uint64 returns the next value of the stream; it makes pcg a rand.Source.
func (p *pcg) Uint64() uint64 {
	p.hi, p.lo = pcgNext(p.hi, p.lo)
	return pcgOut(p.hi, p.lo)
}

// FillNormal fills dst with standard normals: the values len(dst) calls of s.NormFloat64 would
// return, leaving s where they would leave it.
func (s *Stream) FillNormal(dst []float64) {
	hi, lo := s.src.hi, s.src.lo
	for i := range dst {
		hi, lo = pcgNext(hi, lo)
		u := pcgOut(hi, lo)
		if x, inside := rectangle(u); inside {
			dst[i] = x
			continue
		}
		// About 2.8% of draws (the mean over the strips of 1 − kn[k]/2³¹) end outside their
		// rectangle and take the slow path.
		dst[i], hi, lo = normalTail(u, hi, lo)
	}
	s.src.hi, s.src.lo = hi, lo
}

// rectangle is the ziggurat's first step on a value u: the candidate x = j·wn[k] of strip k
// (k the 7 bits above the low 32, j the low 32 as a signed number), and whether it lies inside
// the strip's rectangle, |j| < kn[k], which ends the draw.
func rectangle(u uint64) (x float64, inside bool) {
	k := u >> 32 & 0x7F
	j := int32(u)
	a := uint32(j)
	if j < 0 {
		a = -a
	}
	return float64(j) * float64(wn[k]), a < kn[k]
}

// belowDensity reports y < float32(math.Exp(t)), the ziggurat's wedge test for a draw of strip
// k (1 ≤ k ≤ 127), with t = −x²/2. It is exact, and calls math.Exp only in the rare case that y
// lies too close to e^t for the bounds below to decide (they differ by the Taylor remainder, at
// most 0.16% of e^t, in strip 127, whose range of t is the widest). Near the middle m of the
// strip's range of t, with d = t − m,
//
//	e^m (1 + d + d²/2 + d³/6) ≤ e^t ≤ e^m (1 + d + d²/2 + d³/6) + e^m e^max(d,0) d⁴/24
//
// (Taylor's theorem: the remainder is e^(m+θd) d⁴/24 ≥ 0), and math.Exp(t) lies within a few
// units in the last place of e^t. If the next float32 above y is at most the lower bound, y is
// below the exponential rounded to float32; if y is at least the upper bound, it is not
// (rounding to float32 keeps order). The bounds hold for any t within the strip's half-width
// of m, whatever the draw; a t farther away, or strip 0, which has none, goes to math.Exp.
func belowDensity(y float32, t float64, k uint64) bool {
	w := &wedges[k]
	if d := t - w.m; math.Abs(d) <= w.half {
		c := w.em * (1 + d*(1+d*(0.5+d*(1.0/6))))
		slack := c * 1e-12 // rounding in d, c, e^m and math.Exp (1e-15 at most), many times over
		// y is in (0, 1], so the next float32 above it is one step up in its bits.
		if float64(math.Float32frombits(math.Float32bits(y)+1)) <= c-slack {
			return true
		}
		if d2 := d * d; c+w.rem*d2*d2+slack <= float64(y) {
			return false
		}
	}
	return y < float32(math.Exp(t))
}

// wedge is what belowDensity needs for one strip: the middle m of the strip's range of
// t = −x²/2 over the draws that reach its wedge test, e^m, half the range's width, and
// e^m·e^half/24, which bounds the Taylor remainder's factor.
type wedge struct{ m, em, half, rem float64 }

// wedges holds the wedge of each strip, computed once when the package is initialised and only
// read after that.
var wedges = wedgeTable()

// wedgeTable computes wedges from the ziggurat's tables: strip k's draws reach the wedge test
// when kn[k] ≤ |j| ≤ 2³¹ (j = −2³¹ has |j| = 2³¹), that is for kn[k]·wn[k] ≤ |x| ≤ 2³¹·wn[k].
// Strip 0 (the base strip and its tail) has no wedge: its half-width −1 sends every t to
// math.Exp.
func wedgeTable() [128]wedge {
	var ws [128]wedge
	ws[0].half = -1
	for k := 1; k < len(ws); k++ {
		a, b := float64(kn[k])*float64(wn[k]), (1<<31)*float64(wn[k])
		lo, hi := -0.5*b*b, -0.5*a*a
		m := (lo + hi) / 2
		half := (hi-lo)/2*(1+1e-9) + 1e-12 // room for the rounding of t
		em := math.Exp(m)
		ws[k] = wedge{m: m, em: em, half: half, rem: em * math.Exp(half) / 24 * (1 + 1e-9)}
	}
	return ws
}

// rn is the start of the ziggurat's base strip's tail.
const rn = 3.442619855899

// normalTail finishes, as rand.Rand.NormFloat64 does, a draw whose first value u fell outside
// its rectangle; the stream is at (hi, lo) and its state after the draw is returned.
func normalTail(u, hi, lo uint64) (float64, uint64, uint64) {
	p := pcg{hi, lo}
	uniform := func() float64 { return float64(p.Uint64()<<11>>11) / (1 << 53) }
	x, _ := rectangle(u)
	j, k := int32(u), u>>32&0x7F
	for {
		if k == 0 {
			for {
				x = -math.Log(uniform()) * (1.0 / rn)
				y := -math.Log(uniform())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return rn + x, p.hi, p.lo
			}
			return -rn - x, p.hi, p.lo
		}
		if belowDensity(fn[k]+float32(uniform())*(fn[k-1]-fn[k]), -.5*x*x, k) {
			return x, p.hi, p.lo
		}
		u = p.Uint64()
		var inside bool
		if x, inside = rectangle(u); inside {
			return x, p.hi, p.lo
		}
		j, k = int32(u), u>>32&0x7F
	}
}
