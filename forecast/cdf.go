package forecast

import "math"

// CDF is the share of paths of indicator series (its index in m.Indicators) under allocation
// alloc whose value in the given year is at or below x. It is read from the same histogram as
// the quantiles, interpolating linearly within a bin (and between the exact extremes and the
// histogram's range in the under- and overflow bins), so it is exact to within one bin's share.
// Years outside the projection give NaN.
func (m *Model) CDF(s *Summary, series, alloc, year int, x float64) float64 {
	if series < 0 || series >= len(m.Indicators) || alloc < 0 || alloc >= len(m.Allocations) || s.N == 0 {
		return math.NaN()
	}
	ser := m.Indicators[series]
	st := year - ser.BaseYear
	if st < 1 || st > ser.steps {
		return math.NaN()
	}
	l := m.lay
	ci := alloc*l.cells + l.cellOff[series] + st - 1
	counts := s.Hist[ci*(l.bins+2) : (ci+1)*(l.bins+2)]
	z := ser.tr.z(x)
	return ser.hist[st].cdf(counts, s.N, z, s.MinZ[ci], s.MaxZ[ci]) // T is increasing
}

// cdf is the share of the histogram's values at or below z.
func (h histRange) cdf(counts []uint32, n uint64, z, minZ, maxZ float64) float64 {
	bins := len(counts) - 2
	top := h.lo + float64(bins)*h.width
	var cum float64
	switch {
	case z < h.lo:
		return float64(counts[0]) * fraction(z, minZ, h.lo) / float64(n)
	case z >= top:
		for _, c := range counts[:bins+1] {
			cum += float64(c)
		}
		return (cum + float64(counts[bins+1])*fraction(z, top, maxZ)) / float64(n)
	}
	f := (z - h.lo) * h.inv
	i := min(int(f), bins-1)
	for _, c := range counts[:i+1] { // underflow and the bins below z's
		cum += float64(c)
	}
	return (cum + float64(counts[i+1])*(f-float64(i))) / float64(n)
}

// fraction is where z lies in [a, b] as a share of the interval, clamped to [0, 1].
func fraction(z, a, b float64) float64 {
	if !(b > a) {
		if z >= b {
			return 1
		}
		return 0
	}
	return math.Min(1, math.Max(0, (z-a)/(b-a)))
}
