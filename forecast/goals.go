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
		firstMet(b, ser.steps, g, lo, hi, met)
	case g.test == scenarios.Maintain:
		maintained(b, g.step, lo, hi, met)
	default:
		for p, z := range row(b.za, g.step, n) {
			met[p] = b2u(z >= lo) & b2u(z <= hi)
		}
	}
	zs := row(b.za, g.step, n)
	var hits, accel, stag uint64
	for p, ok := range met {
		hits += uint64(ok)
		b.allGoals[p] &= ok
		// SDG category: on track when met or beyond the on-track line, else acceleration
		// needed when beyond the 10% line, else stagnation or regression.
		behind := 1 - (ok | b2u(g.sdgSign*(zs[p]-g.zOnTrack) >= 0))
		moving := b2u(g.sdgSign*(zs[p]-g.zAccel) >= 0)
		accel += uint64(behind & moving)
		stag += uint64(behind & (1 - moving))
	}
	if !g.Milestone {
		for p, ok := range met {
			b.allTarget[p] &= ok
		}
	}
	idx := a*m.nTargets + g.index
	s.Hits[idx] += hits
	s.SDG[idx*3] += uint64(n) - accel - stag
	s.SDG[idx*3+1] += accel
	s.SDG[idx*3+2] += stag
	if g.final {
		counts := s.First[a*m.lay.firstLen+m.lay.firstOff[si]:][:ser.steps+2]
		for _, f := range b.first[:n] {
			counts[f]++
		}
	}
}

// maintained sets met[p] to whether path p passes the test in every step up to last.
func maintained(b *block, last int, lo, hi float64, met []uint8) {
	for p := range met {
		ok := uint8(1)
		for st := 1; st <= last; st++ {
			z := b.za[st*blockPaths+p]
			ok &= b2u(z >= lo) & b2u(z <= hi)
		}
		met[p] = ok
	}
}

// firstMet sets b.first[p] to the first step at which path p passes the final goal's test
// (steps+1 if none) and met[p] to whether it meets the goal.
func firstMet(b *block, steps int, g *Goal, lo, hi float64, met []uint8) {
	first := b.first[:len(met)]
	for p := range met {
		f, all := int32(steps+1), uint8(1)
		for st := steps; st >= 1; st-- {
			z := b.za[st*blockPaths+p]
			ok := b2u(z >= lo) & b2u(z <= hi)
			f -= int32(ok) * (f - int32(st))
			if st <= g.step {
				all &= ok
			}
		}
		first[p] = f
		if g.test == scenarios.Maintain {
			met[p] = all
		} else {
			z := b.za[g.step*blockPaths+p]
			met[p] = b2u(z >= lo) & b2u(z <= hi)
		}
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
