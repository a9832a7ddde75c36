package forecast

import "math"

// histRange is the fixed z range of one indicator-year's histogram. Values outside it are
// counted in an underflow or overflow bin whose extreme value is kept exactly.
type histRange struct {
	lo, width, inv float64
}

// compileHistogram sets each step's histogram range to the predicted mean ± range_sd predicted
// standard deviations (widened to cover every allocation), so that quantiles are read from bins
// a small fraction of a standard deviation wide.
func (ser *Series) compileHistogram(m *Model) {
	d := m.Defaults
	bins := float64(d.HistogramBins)
	ser.hist = make([]histRange, ser.steps+1)
	mean := ser.z0
	var sumDrift float64
	for st := 1; st <= ser.steps; st++ {
		sumDrift += ser.drift[st]
		mean = ser.z0 + sumDrift
		t := float64(st)
		lo, hi := math.Inf(1), math.Inf(-1)
		var betaSpread float64
		for a := range ser.cumH {
			c := ser.beta0 * ser.cumH[a][st]
			lo, hi = math.Min(lo, mean+c), math.Max(hi, mean+c)
			betaSpread = math.Max(betaSpread, math.Abs(c)*ser.betaU)
		}
		q := m.shockP
		v := (t*ser.sigma*ser.sigma+t*t*ser.driftSD*ser.driftSD)*meanSquare(ser.scale) + betaSpread*betaSpread + t*q*(1-q)*ser.kappa*ser.kappa
		sd := math.Sqrt(v) + 1e-9
		lo -= d.HistogramRangeSD*sd + t*q*math.Abs(ser.kappa)
		hi += d.HistogramRangeSD*sd + t*q*math.Abs(ser.kappa)
		w := (hi - lo) / bins
		ser.hist[st] = histRange{lo: lo, width: w, inv: 1 / w}
	}
}

// quantile reads the q-quantile from a histogram of bins counts with underflow at index 0 and
// overflow at index bins+1, interpolating linearly inside a bin. minZ and maxZ are the exact
// extremes of the underflow and overflow values.
func (h histRange) quantile(counts []uint32, n uint64, q, minZ, maxZ float64) float64 {
	target := q * float64(n)
	bins := len(counts) - 2
	cum := 0.0
	for i, c := range counts {
		if c == 0 {
			continue
		}
		next := cum + float64(c)
		if next >= target {
			frac := (target - cum) / float64(c)
			var a, b float64
			switch i {
			case 0:
				a, b = minZ, h.lo
			case bins + 1:
				a, b = h.lo+float64(bins)*h.width, maxZ
			default:
				a = h.lo + float64(i-1)*h.width
				b = a + h.width
			}
			return a + frac*(b-a)
		}
		cum = next
	}
	return maxZ
}
