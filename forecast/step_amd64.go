package forecast

import "golang.org/x/sys/cpu"

// stepAVX2 is stepRest's loop for the first n4 paths (a multiple of 4), four paths per
// instruction (step_amd64.s). It reads and writes through raw pointers, so it is called only
// from stepFour, whose slice indexing checks the last element it touches.
//
//go:noescape
func stepAVX2(cur, prev, e, common, shock, noise *float64, n4, w int, d, sg, own, kappa float64)

// firstMetAVX2 is firstMet's loop for the first n4 paths, four at a time (step_amd64.s), called
// only from firstFour, which checks the bounds. It steps from one row of za to the next by 2048
// bytes, the 256 float64 of a row of blockPaths paths.
//
//go:noescape
func firstMetAVX2(za *float64, first *int32, n4, steps int, lo, hi float64)

// firstFour sets first[p], for the first len(first) &^ 3 paths, to the first step st ≥ 1 at
// which lo ≤ za[st·blockPaths+p] ≤ hi, steps+1 if none, four paths at a time when the
// processor has AVX2, and returns how many it did.
func firstFour(za []float64, first []int32, steps int, lo, hi float64) int {
	n4 := len(first) &^ 3
	if !hasAVX2 || n4 == 0 || steps < 1 {
		return 0
	}
	_ = za[steps*blockPaths+n4-1] // the last element the assembly reads
	firstMetAVX2(&za[0], &first[0], n4, steps, lo, hi)
	return n4
}

// histAVX2 is recordRange's loop for the first n4 paths while four at a time fall in the range
// (step_amd64.s), called only from histFour, which checks the bounds.
//
//go:noescape
func histAVX2(za, zb, beta *float64, n4 int, c, lo, inv, fb float64, bins *uint32) int

// histFour records paths of a block into the in-range bins of a histogram (bins[i] counts
// values with f = (z − lo)·inv in [i, i+1), len(bins) of them), setting za = zb + β·c, four
// paths at a time with AVX2, from the first path up to the first group of four that holds a
// value outside the range, and returns how many paths it did (0 without AVX2).
func histFour(za, zb, beta []float64, c, lo, inv float64, bins []uint32) int {
	n4 := len(za) &^ 3
	if !hasAVX2 || n4 == 0 || len(bins) == 0 {
		return 0
	}
	_, _ = zb[n4-1], beta[n4-1]
	return histAVX2(&za[0], &zb[0], &beta[0], n4, c, lo, inv, float64(len(bins)), &bins[0])
}

// inBandAVX2 is inBand's loop for the first n4 paths, four at a time (step_amd64.s), called
// only from inBandFour, which checks the bounds.
//
//go:noescape
func inBandAVX2(zs *float64, met *uint8, n4 int, lo, hi float64)

// tallyAVX2 is tally's loop for the first n4 paths, four at a time (step_amd64.s), called only
// from tallyFour, which checks the bounds.
//
//go:noescape
func tallyAVX2(zs *float64, met, allGoals, allTarget *uint8, n4 int, sign, onLine, accLine float64, milestone uint64) (hits, onTrack, accel uint64)

// inBandFour is inBand for the first len(zs) &^ 3 paths, four at a time with AVX2; it returns
// how many it did (0 without AVX2).
func inBandFour(zs []float64, lo, hi float64, met []uint8) int {
	n4 := len(zs) &^ 3
	if !hasAVX2 || n4 == 0 {
		return 0
	}
	_ = met[n4-1]
	inBandAVX2(&zs[0], &met[0], n4, lo, hi)
	return n4
}

// tallyFour is tally for the first len(zs) &^ 3 paths, four at a time with AVX2; it returns
// how many it did (0 without AVX2) and their counts.
func tallyFour(zs []float64, met, allGoals, allTarget []uint8, sign, onLine, accLine float64, milestone uint8) (n int, hits, onTrack, accel uint64) {
	n4 := len(zs) &^ 3
	if !hasAVX2 || n4 == 0 {
		return 0, 0, 0, 0
	}
	_, _, _ = met[n4-1], allGoals[n4-1], allTarget[n4-1]
	hits, onTrack, accel = tallyAVX2(&zs[0], &met[0], &allGoals[0], &allTarget[0], n4, sign, onLine, accLine, uint64(milestone))
	return n4, hits, onTrack, accel
}

// paramsAVX2 is paramsRest's loop for the first n4 paths, four at a time (step_amd64.s), called
// only from paramsFour, which checks the bounds.
//
//go:noescape
func paramsAVX2(raw, eps, beta *float64, n4, w int, driftSD, betaU, beta0 float64)

// paramsFour sets the drift deviation eps[p] = driftSD·raw[p·w] and the effectiveness
// beta[p] = beta0·max(0, 1 + betaU·raw[p·w+1]) of the first len(eps) &^ 3 paths, four at a time
// with AVX2, and returns how many it did (0 without AVX2).
func paramsFour(raw, eps, beta []float64, w int, driftSD, betaU, beta0 float64) int {
	n4 := len(eps) &^ 3
	if !hasAVX2 || n4 == 0 {
		return 0
	}
	_, _ = beta[n4-1], raw[(n4-1)*w+1]
	paramsAVX2(&raw[0], &eps[0], &beta[0], n4, w, driftSD, betaU, beta0)
	return n4
}

// hasAVX2 says whether this processor runs the vector loops of step_amd64.s: AVX2, and POPCNT
// for tallyAVX2 (every AVX2 processor has it, but it has a bit of its own). It is set once, when
// the package is initialised, and only read after that. GODEBUG=cpu.avx2=off clears it, to run
// the Go loops instead.
var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasPOPCNT

// firstMetAVX2's row stride is blockPaths = 256: this fails to compile if blockPaths changes.
const _ = uint(blockPaths-256) + uint(256-blockPaths)

// stepFour steps the first len(cur) &^ 3 paths of a block by one year, as stepBlock's loop
// does, four paths per instruction when the processor has AVX2, and returns how many it did.
// noise holds path p's noise at noise[p*w].
func stepFour(cur, prev, e, common, shock, noise []float64, w int, d, sg, own, kappa float64) int {
	n4 := len(cur) &^ 3
	if !hasAVX2 || n4 == 0 {
		return 0
	}
	// The assembly reads these elements; the checks are the ones Go would make.
	_, _, _, _ = prev[n4-1], e[n4-1], common[n4-1], shock[n4-1]
	_ = noise[(n4-1)*w]
	stepAVX2(&cur[0], &prev[0], &e[0], &common[0], &shock[0], &noise[0], n4, w, d, sg, own, kappa)
	return n4
}
