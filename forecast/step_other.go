//go:build !amd64

package forecast

// stepFour is stepBlock's vector loop, which only amd64 has: it steps no path.
func stepFour(cur, prev, e, common, shock, noise []float64, w int, d, sg, own, kappa float64) int {
	return 0
}

// firstFour is firstMet's vector loop, which only amd64 has: it sets no path.
func firstFour(za []float64, first []int32, steps int, lo, hi float64) int { return 0 }

// histFour is recordHist's vector loop, which only amd64 has: it records no path.
func histFour(za, zb, beta []float64, c, lo, inv float64, bins []uint32) int { return 0 }

// hasAVX2 is false where there is no vector code.
const hasAVX2 = false
