package forecast

import (
	"math"
	"math/rand/v2"

	"github.com/healthsim/healthsim/scenarios"
	"github.com/healthsim/healthsim/sim"
)

// Summary holds the exact, mergeable counts of a set of paths. Every field is an integer count or
// an extreme value, so summaries merge to the same result in any order.
type Summary struct {
	N          uint64    `json:"n"`
	Hist       []uint32  `json:"hist"`        // [alloc][cell][bins+2]
	MinZ       []float64 `json:"min_z"`       // [alloc][cell] smallest underflow value
	MaxZ       []float64 `json:"max_z"`       // [alloc][cell] largest overflow value
	Hits       []uint64  `json:"hits"`        // [alloc][goal]
	SDG        []uint64  `json:"sdg"`         // [alloc][goal][3]: on track, acceleration, stagnation
	Gain       []uint64  `json:"gain"`        // [alloc][goal] met here and not under the reference
	Loss       []uint64  `json:"loss"`        // [alloc][goal] met under the reference and not here
	Joint      []uint64  `json:"joint"`       // [alloc][series] every goal of the series met
	First      []uint64  `json:"first"`       // [alloc][series][steps+2] first step the final goal is met
	AllBinding []uint64  `json:"all_binding"` // [alloc] every binding target met

	scratch *scratch
}

// scratch is a worker's reusable buffers; it is never merged.
type scratch struct {
	common  []float64 // [path][year] common factor
	shock   []bool    // [path][year]
	binding []bool    // [alloc][path]
	zb, za  []float64 // [step]
	met     []bool    // [alloc][goal of the series]
}

// lineFloats is the smallest length of a worker's small buffers: 128 bytes of float64, which
// the allocator aligns so that no other object shares their cache lines.
const lineFloats = 16

// layout fixes the offsets of each series' cells and counters in a Summary.
type layout struct {
	cells    int   // indicator-years over all series
	cellOff  []int // first cell of each series
	firstOff []int // first First counter of each series
	firstLen int
	bins     int
	maxSteps int
	maxGoals int
	hasBind  bool
}

func (m *Model) layout() layout {
	l := layout{bins: m.Defaults.HistogramBins}
	for _, ser := range m.Indicators {
		l.cellOff = append(l.cellOff, l.cells)
		l.cells += ser.steps
		l.firstOff = append(l.firstOff, l.firstLen)
		l.firstLen += ser.steps + 2
		l.maxSteps = max(l.maxSteps, ser.steps)
		l.maxGoals = max(l.maxGoals, len(ser.targets))
		if ser.Ind.Nature == "binding" {
			l.hasBind = true
		}
	}
	return l
}

// NewSummary returns an empty summary for the model.
func (m *Model) NewSummary() *Summary {
	l := m.lay
	A := len(m.Allocations)
	s := &Summary{
		Hist:       make([]uint32, A*l.cells*(l.bins+2)),
		MinZ:       make([]float64, A*l.cells),
		MaxZ:       make([]float64, A*l.cells),
		Hits:       make([]uint64, A*m.nTargets),
		SDG:        make([]uint64, A*m.nTargets*3),
		Gain:       make([]uint64, A*m.nTargets),
		Loss:       make([]uint64, A*m.nTargets),
		Joint:      make([]uint64, A*len(m.Indicators)),
		First:      make([]uint64, A*l.firstLen),
		AllBinding: make([]uint64, A),
	}
	m.Reset(s)
	return s
}

// Reset empties s.
func (m *Model) Reset(s *Summary) {
	s.N = 0
	clear(s.Hist)
	for i := range s.MinZ {
		s.MinZ[i], s.MaxZ[i] = math.Inf(1), math.Inf(-1)
	}
	for _, c := range [][]uint64{s.Hits, s.SDG, s.Gain, s.Loss, s.Joint, s.First, s.AllBinding} {
		clear(c)
	}
}

// Merge adds src to dst.
func (m *Model) Merge(dst, src *Summary) {
	dst.N += src.N
	for i, v := range src.Hist {
		dst.Hist[i] += v
	}
	for i := range src.MinZ {
		dst.MinZ[i] = math.Min(dst.MinZ[i], src.MinZ[i])
		dst.MaxZ[i] = math.Max(dst.MaxZ[i], src.MaxZ[i])
	}
	for _, p := range [][2][]uint64{{dst.Hits, src.Hits}, {dst.SDG, src.SDG}, {dst.Gain, src.Gain},
		{dst.Loss, src.Loss}, {dst.Joint, src.Joint}, {dst.First, src.First}, {dst.AllBinding, src.AllBinding}} {
		for i, v := range p[1] {
			p[0][i] += v
		}
	}
}

var _ sim.Kernel[*Summary] = (*Model)(nil)

// Simulate draws the paths of chunk c: first the common factor and shocks of every path-year,
// then, indicator by indicator, each path's drift deviation, effectiveness and yearly noise.
func (m *Model) Simulate(c sim.Chunk, rng *rand.Rand, s *Summary) error {
	l := m.lay
	A := len(m.Allocations)
	P, Y := c.Paths, m.years
	sc := s.buffers(m, P)
	for i := range P * Y {
		sc.common[i] = rng.NormFloat64()
	}
	if m.shockP > 0 {
		for i := range P * Y {
			sc.shock[i] = rng.Float64() < m.shockP
		}
	}
	for i := range sc.binding[:A*P] {
		sc.binding[i] = true
	}
	lam := m.lambda
	own := math.Sqrt(1 - lam*lam)
	for si, ser := range m.Indicators {
		binding := ser.Ind.Nature == "binding"
		steps := ser.steps
		for p := range P {
			eps := ser.driftSD * rng.NormFloat64()
			beta := ser.beta0 * math.Max(0, 1+ser.betaU*rng.NormFloat64())
			z := ser.z0
			row := p*Y + ser.yearOff - 1
			for st := 1; st <= steps; st++ {
				z += ser.drift[st] + eps + ser.sigma*(lam*sc.common[row+st]+own*rng.NormFloat64())
				if sc.shock != nil && sc.shock[row+st] { // nil when shocks are off
					z += ser.kappa
				}
				sc.zb[st] = z
			}
			for a := range A {
				allMet := m.record(s, sc, ser, si, a, beta, l)
				if binding && !allMet {
					sc.binding[a*P+p] = false
				}
			}
			for a := 1; a < A; a++ {
				for gi, g := range ser.targets {
					if g.Observed {
						continue
					}
					here, ref := sc.met[a*l.maxGoals+gi], sc.met[gi]
					idx := a*m.nTargets + g.index
					if here && !ref {
						s.Gain[idx]++
					} else if ref && !here {
						s.Loss[idx]++
					}
				}
			}
		}
	}
	for a := range A {
		for p := range P {
			if sc.binding[a*P+p] {
				s.AllBinding[a]++
			}
		}
	}
	s.N += uint64(P)
	return nil
}

// record adds one path of series ser under allocation a to s, and reports whether every target
// (not milestone) of the series was met.
func (m *Model) record(s *Summary, sc *scratch, ser *Series, si, a int, beta float64, l layout) bool {
	cum := ser.cumH[a]
	bins := l.bins
	cell := a*l.cells + l.cellOff[si]
	for st := 1; st <= ser.steps; st++ {
		za := sc.zb[st] + beta*cum[st]
		sc.za[st] = za
		h := ser.hist[st]
		f := (za - h.lo) * h.inv
		ci := cell + st - 1
		base := ci * (bins + 2)
		switch {
		case f < 0:
			s.Hist[base]++
			s.MinZ[ci] = math.Min(s.MinZ[ci], za)
		case f >= float64(bins):
			s.Hist[base+bins+1]++
			s.MaxZ[ci] = math.Max(s.MaxZ[ci], za)
		default:
			s.Hist[base+int(f)+1]++
		}
	}
	allGoals, allTargets := true, true
	for gi, g := range ser.targets {
		if g.Observed {
			continue
		}
		ok := goalMet(g, sc.za, ser.goodSign)
		sc.met[a*l.maxGoals+gi] = ok
		idx := a*m.nTargets + g.index
		if ok {
			s.Hits[idx]++
		} else {
			allGoals = false
			if !g.Milestone {
				allTargets = false
			}
		}
		s.SDG[idx*3+sdgCategory(g, sc.za[g.step], ok)]++
		if g.final {
			first := ser.steps + 1
			for st := 1; st <= ser.steps; st++ {
				if g.metAt(sc.za[st], ser.goodSign) {
					first = st
					break
				}
			}
			s.First[a*l.firstLen+l.firstOff[si]+first]++
		}
	}
	if allGoals {
		s.Joint[a*len(m.Indicators)+si]++
	}
	return allTargets
}

// goalMet tests a goal on a path's z values by step.
func goalMet(g *Goal, z []float64, goodSign float64) bool {
	if g.test == scenarios.Maintain {
		for st := 1; st <= g.step; st++ {
			if !meets(g.test, z[st], g.zThr, goodSign) {
				return false
			}
		}
		return true
	}
	return g.metAt(z[g.step], goodSign)
}

// sdgCategory classifies a path's value in the goal's year: 0 on track, 1 acceleration needed,
// 2 stagnation or regression.
func sdgCategory(g *Goal, z float64, met bool) int {
	switch {
	case met || g.sdgSign*(z-g.zOnTrack) >= 0:
		return 0
	case g.sdgSign*(z-g.zAccel) >= 0:
		return 1
	}
	return 2
}

func (s *Summary) buffers(m *Model, paths int) *scratch {
	l := m.lay
	A := len(m.Allocations)
	sc := s.scratch
	if sc == nil || len(sc.common) < paths*m.years {
		// The small buffers are written for every path: give each its own cache lines, so that
		// two workers' buffers never share one.
		sc = &scratch{
			common:  make([]float64, paths*m.years),
			binding: make([]bool, A*paths),
			zb:      make([]float64, max(l.maxSteps+1, lineFloats)),
			za:      make([]float64, max(l.maxSteps+1, lineFloats)),
			met:     make([]bool, max(A*l.maxGoals, lineFloats*8)),
		}
		if m.shockP > 0 {
			sc.shock = make([]bool, paths*m.years)
		}
		s.scratch = sc
	}
	return sc
}
