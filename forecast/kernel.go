package forecast

import (
	"math"

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
	// MetSq and DiffSq give the Monte Carlo errors of the expected number of targets met:
	// Σ over paths of (targets met)², and of (targets met − targets met under the reference)².
	MetSq  []uint64 `json:"met_sq"`  // [alloc]
	DiffSq []uint64 `json:"diff_sq"` // [alloc]

	scratch *scratch
}

// scratch is a worker's reusable buffers; it is never merged. The chunk-wide arrays are
// year-major ([year][path]) so that a block of paths reads one year's values contiguously; the
// block arrays hold blockPaths paths.
type scratch struct {
	common  []float64 // [year][path] λ × common factor
	shock   []float64 // [year][path] 1 in a shock year, else 0
	binding []bool    // [alloc][path]
	met     []int32   // [alloc][path] targets met
	blk     block
}

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
		if ser.Ind.Nature == scenarios.Binding {
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
		MetSq:      make([]uint64, A),
		DiffSq:     make([]uint64, A),
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
	for _, c := range [][]uint64{s.Hits, s.SDG, s.Gain, s.Loss, s.Joint, s.First, s.AllBinding, s.MetSq, s.DiffSq} {
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
		{dst.Loss, src.Loss}, {dst.Joint, src.Joint}, {dst.First, src.First}, {dst.AllBinding, src.AllBinding},
		{dst.MetSq, src.MetSq}, {dst.DiffSq, src.DiffSq}} {
		for i, v := range p[1] {
			p[0][i] += v
		}
	}
}

var _ sim.Kernel[*Summary] = (*Model)(nil)

// Simulate draws the paths of chunk c: first the common factor and shocks of every path-year,
// then, indicator by indicator and path by path, the path's drift deviation, effectiveness and
// yearly noise. The paths of an indicator are simulated in blocks of blockPaths, one
// indicator-year at a time, so that one histogram and one goal's counters stay in cache while
// a block's paths are recorded in it; the order of the draws does not depend on the blocks.
func (m *Model) Simulate(c sim.Chunk, rng *sim.Stream, s *Summary) error {
	A := len(m.Allocations)
	P, Y := c.Paths, m.years
	sc := s.buffers(m, P)
	// The common factors are drawn path by path into the shock buffer, free until below.
	draws := sc.shock[:P*Y]
	rng.FillNormal(draws)
	for p := range P {
		for y, x := range draws[p*Y : (p+1)*Y] {
			sc.common[y*P+p] = m.lambda * x
		}
	}
	clear(sc.shock)
	if m.shockP > 0 {
		for p := range P {
			for y := range Y {
				if rng.Float64() < m.shockP {
					sc.shock[y*P+p] = 1
				}
			}
		}
	}
	for i := range sc.binding[:A*P] {
		sc.binding[i] = true
	}
	clear(sc.met[:A*P])
	for si, ser := range m.Indicators {
		for p0 := 0; p0 < P; p0 += blockPaths {
			m.simulateBlock(s, sc, ser, si, p0, min(blockPaths, P-p0), P, rng)
		}
	}
	for a := range A {
		for _, ok := range sc.binding[a*P : (a+1)*P] {
			if ok {
				s.AllBinding[a]++
			}
		}
		ref := sc.met[:P]
		for p, c := range sc.met[a*P : (a+1)*P] {
			d := int64(c - ref[p])
			s.MetSq[a] += uint64(int64(c) * int64(c))
			s.DiffSq[a] += uint64(d * d)
		}
	}
	s.N += uint64(P)
	return nil
}

// normalsPerPath is the number of standard normals Simulate draws for one path: a common factor
// per year, and per indicator a drift deviation, an effectiveness deviation and a noise per step.
func (m *Model) normalsPerPath() int {
	n := m.years
	for _, ser := range m.Indicators {
		n += 2 + ser.steps
	}
	return n
}

func (s *Summary) buffers(m *Model, paths int) *scratch {
	A := len(m.Allocations)
	sc := s.scratch
	if sc == nil || len(sc.common) < paths*m.years {
		sc = &scratch{
			common:  make([]float64, paths*m.years),
			shock:   make([]float64, paths*m.years),
			binding: make([]bool, A*paths),
			met:     make([]int32, A*paths),
			blk:     newBlock(m.lay, A),
		}
		s.scratch = sc
	}
	return sc
}
