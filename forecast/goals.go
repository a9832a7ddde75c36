package forecast

import (
	"math"

	"github.com/healthsim/healthsim/scenarios"
)

// band writes a goal's test on z as lo ≤ z ≤ hi. For a finite threshold v it gives the same
// answer as Goal.metAt for every z, NaN and infinities included: x > v is x ≥ the next float
// above v, and goodSign·(x − v) ≥ 0 is x ≥ v (or x ≤ v), since the difference of two floats is
// zero only when they are equal.
func (g *Goal) band(goodSign float64) (lo, hi float64) {
	inf, v := math.Inf(1), g.zThr
	switch g.test {
	case scenarios.GE:
		return v, inf
	case scenarios.GT, scenarios.Increase:
		return math.Nextafter(v, inf), inf
	case scenarios.LE, scenarios.HoldLow:
		return -inf, v
	case scenarios.LT, scenarios.Decrease:
		return -inf, math.Nextafter(v, -inf)
	case scenarios.Maintain:
		if goodSign > 0 {
			return v, inf
		}
		return -inf, v
	case scenarios.About:
		return g.zLo, g.zHi
	}
	return inf, -inf // an unknown test is never met
}

// recordGoal tests goal gi of series ser on the block's paths under allocation a and counts the
// hits, the SDG categories and, for the final goal, the first step it is met.
func (m *Model) recordGoal(s *Summary, b *block, ser *Series, si, a, gi int, g *Goal, n int) {
	met := b.met[(a*m.lay.maxGoals+gi)*blockPaths:][:n]
	lo, hi := g.band(ser.goodSign)
	switch {
	case g.final:
		firstMet(b, ser.steps, lo, hi, n)
		if g.test == scenarios.Maintain {
			maintained(b, g.step, lo, hi, met)
		} else {
			inBand(row(b.za, g.step, n), lo, hi, met)
		}
		counts := s.First[a*m.lay.firstLen+m.lay.firstOff[si]:][:ser.steps+2]
		for _, f := range b.first[:n] {
			counts[f]++
		}
	case g.test == scenarios.Maintain:
		maintained(b, g.step, lo, hi, met)
	default:
		inBand(row(b.za, g.step, n), lo, hi, met)
	}
	// SDG category: on track when met or beyond the on-track line, else acceleration needed when
	// beyond the 10% line, else stagnation or regression. sign·z ≥ sign·line is the same test as
	// sign·(z − line) ≥ 0 for a finite line; a line at +∞ (no progress to measure) is never
	// reached, and NaN in its place compares false with every z.
	sign, onLine, accLine := g.sdgSign, g.sdgSign*g.zOnTrack, g.sdgSign*g.zAccel
	if math.IsInf(onLine, 1) {
		onLine = math.NaN()
	}
	if math.IsInf(accLine, 1) {
		accLine = math.NaN()
	}
	hits, onTrack, accel := tally(row(b.za, g.step, n), met, b.allGoals[:n], b.allTarget[:n], sign, onLine, accLine, b2u(g.Milestone))
	idx := a*m.nTargets + g.index
	s.Hits[idx] += hits
	s.SDG[idx*3] += onTrack
	s.SDG[idx*3+1] += accel
	s.SDG[idx*3+2] += uint64(n) - onTrack - accel
}

// tally counts the block's paths that meet a goal (met), are on track (met, or sign·z at or
// beyond onLine) and need acceleration (not on track, sign·z at or beyond accLine), and clears a
// path's allGoals and allTarget flags where it misses (a milestone keeps allTarget).
//
// It is kept out of line: inside recordGoal the loop's counters did not fit in the registers and
// went through memory on every path.
//
//go:noinline
func tally(zs []float64, met, allGoals, allTarget []uint8, sign, onLine, accLine float64, milestone uint8) (hits, onTrack, accel uint64) {
	met, allGoals, allTarget = met[:len(zs)], allGoals[:len(zs)], allTarget[:len(zs)]
	from, hits, onTrack, accel := tallyFour(zs, met, allGoals, allTarget, sign, onLine, accLine, milestone)
	for p := from; p < len(zs); p++ {
		z, ok := zs[p], met[p]
		on := ok | b2u(sign*z >= onLine)
		hits += uint64(ok)
		onTrack += uint64(on)
		accel += uint64((1 - on) & b2u(sign*z >= accLine))
		allGoals[p] &= ok
		allTarget[p] &= ok | milestone
	}
	return hits, onTrack, accel
}

// inBand sets met[p] to whether zs[p] lies in [lo, hi].
func inBand(zs []float64, lo, hi float64, met []uint8) {
	met = met[:len(zs)]
	for p := inBandFour(zs, lo, hi, met); p < len(zs); p++ {
		met[p] = b2u(zs[p] >= lo) & b2u(zs[p] <= hi)
	}
}

// maintained sets met[p] to whether path p is in the band in every step up to last.
func maintained(b *block, last int, lo, hi float64, met []uint8) {
	n := len(met)
	inBand(row(b.za, 1, n), lo, hi, met)
	for st := 2; st <= last; st++ {
		zs := row(b.za, st, n)
		met := met[:len(zs)]
		for p, z := range zs {
			met[p] &= b2u(z >= lo) & b2u(z <= hi)
		}
	}
}

// firstMet sets b.first[p] to the first step at which path p is in the band, steps+1 if none.
func firstMet(b *block, steps int, lo, hi float64, n int) {
	za, first := b.za[:(steps+1)*blockPaths], b.first[:n]
	for p := firstFour(za, first, steps, lo, hi); p < len(first); p++ {
		f := int32(steps + 1)
		// Down from the last step, so the first step in the band is the last one kept.
		for st, i := int32(steps), steps*blockPaths+p; st >= 1; st, i = st-1, i-blockPaths {
			if z := za[i]; b2u(z >= lo)&b2u(z <= hi) != 0 {
				f = st
			}
		}
		first[p] = f
	}
}

// countChanges counts, for every allocation after the reference, the paths that meet a goal
// there and not under the reference (gain) and the reverse (loss).
func (m *Model) countChanges(s *Summary, b *block, ser *Series, n int) {
	l := m.lay
	for a := 1; a < len(m.Allocations); a++ {
		for gi, g := range ser.targets {
			if g.Observed {
				continue
			}
			here := b.met[(a*l.maxGoals+gi)*blockPaths:][:n]
			ref := b.met[gi*blockPaths:][:n]
			var gain, loss uint64
			for p, h := range here {
				gain += uint64(h &^ ref[p])
				loss += uint64(ref[p] &^ h)
			}
			idx := a*m.nTargets + g.index
			s.Gain[idx] += gain
			s.Loss[idx] += loss
		}
	}
}
