package forecast

import (
	"fmt"
	"math"

	"github.com/healthsim/healthsim/sim"
)

// ShardPaths is the number of paths shard sh of the model's run simulates: the paths of its
// chunks (chunk k belongs to shard k mod n).
func (m *Model) ShardPaths(sh Shard) uint64 {
	runs, size := m.Scenario.Runs, int64(sim.DefaultChunkSize)
	if sh.N <= 1 {
		return uint64(max(runs, 0))
	}
	var n int64
	for first, k := int64(0), 0; first < runs; first, k = first+size, k+1 {
		if k%sh.N == sh.K {
			n += min(size, runs-first)
		}
	}
	return uint64(n)
}

// CheckCounts reports whether a summary read from outside (a shard's partial file) is one the
// model could have made from paths paths: every indicator-year histogram holds each path once,
// every goal's SDG categories add up to the paths, no counter exceeds them, and the extremes of
// the underflow and overflow bins are present exactly when those bins hold paths. A summary that
// passes cannot make a result NaN.
func (m *Model) CheckCounts(s *Summary, paths uint64) error {
	if err := m.Check(s); err != nil {
		return err
	}
	if s.N != paths {
		return fmt.Errorf("summary holds %d paths, but its shard of the run has %d", s.N, paths)
	}
	if err := m.checkHistograms(s); err != nil {
		return err
	}
	n := s.N
	for _, c := range []struct {
		name   string
		counts []uint64
	}{{"hits", s.Hits}, {"gain", s.Gain}, {"loss", s.Loss}, {"joint", s.Joint}, {"all_binding", s.AllBinding}, {"first", s.First}} {
		for i, v := range c.counts {
			if v > n {
				return fmt.Errorf("summary field %s[%d] counts %d paths of %d", c.name, i, v, n)
			}
		}
	}
	for g := range len(s.SDG) / 3 {
		if sum := s.SDG[3*g] + s.SDG[3*g+1] + s.SDG[3*g+2]; sum != n {
			return fmt.Errorf("summary field sdg: goal %d has %d paths in its categories, not %d", g, sum, n)
		}
	}
	t := uint64(m.nTargets)
	for a := range s.MetSq {
		if s.MetSq[a] > n*t*t || s.DiffSq[a] > n*t*t {
			return fmt.Errorf("summary fields met_sq, diff_sq of allocation %d exceed %d paths × %d² targets", a, n, t)
		}
	}
	return nil
}

// checkHistograms requires every cell to hold each path once, and its underflow and overflow
// extremes to be finite and beyond the cell's range (within a bin's rounding) exactly when those
// bins are not empty: an infinite extreme of a non-empty bin would make a quantile NaN.
func (m *Model) checkHistograms(s *Summary) error {
	l := m.lay
	w := l.bins + 2
	for ci := range len(s.Hist) / w {
		var sum uint64
		for _, c := range s.Hist[ci*w : (ci+1)*w] {
			sum += uint64(c)
		}
		if sum != s.N {
			return fmt.Errorf("summary field hist: cell %d holds %d paths, not %d", ci, sum, s.N)
		}
		h := m.cellRange(ci)
		under, over := s.Hist[ci*w] > 0, s.Hist[ci*w+w-1] > 0
		lo, hi := s.MinZ[ci], s.MaxZ[ci]
		if under != !math.IsInf(lo, 0) || (under && !(lo < h.lo+h.width)) || (!under && lo != math.Inf(1)) {
			return fmt.Errorf("summary field min_z[%d] = %v does not match its underflow bin of %d paths", ci, lo, s.Hist[ci*w])
		}
		top := h.lo + float64(l.bins)*h.width
		if over != !math.IsInf(hi, 0) || (over && !(hi > top-h.width)) || (!over && hi != math.Inf(-1)) {
			return fmt.Errorf("summary field max_z[%d] = %v does not match its overflow bin of %d paths", ci, hi, s.Hist[ci*w+w-1])
		}
	}
	return nil
}

// cellRange returns the histogram range of cell ci (over every allocation).
func (m *Model) cellRange(ci int) histRange {
	c := ci % m.lay.cells
	si := len(m.lay.cellOff) - 1
	for si > 0 && m.lay.cellOff[si] > c {
		si--
	}
	return m.Indicators[si].hist[c-m.lay.cellOff[si]+1]
}
