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

// inBandFour is inBand's vector loop, which only amd64 has: it tests no path.
func inBandFour(zs []float64, lo, hi float64, met []uint8) int { return 0 }

// tallyFour is tally's vector loop, which only amd64 has: it counts no path.
func tallyFour(zs []float64, met, allGoals, allTarget []uint8, sign, onLine, accLine float64, milestone uint8) (n int, hits, onTrack, accel uint64) {
	return 0, 0, 0, 0
}

// paramsFour is simulateBlock's vector loop, which only amd64 has: it sets no path.
func paramsFour(raw, eps, beta []float64, w int, driftSD, betaU, beta0 float64) int { return 0 }
