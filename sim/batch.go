package sim

import "math"

// BatchSeeds returns n seeds for independent batches of paths derived from seed. Batch k is
// hashed from salt+k, so studies that draw batches from the same seed get different batches
// when their salts are more than n apart.
func BatchSeeds(seed uint64, n int, salt uint64) []uint64 {
	out := make([]uint64, n)
	for k := range out {
		out[k] = splitmix64(seed ^ splitmix64(uint64(k)+salt))
	}
	return out
}

// MeanSE is the mean of the n values at(0) … at(n-1) and its standard error (the sample
// standard deviation over √n), for estimates over independent batches; n must be at least 2.
func MeanSE(n int, at func(int) float64) (mean, se float64) {
	for k := range n {
		mean += at(k)
	}
	mean /= float64(n)
	var ss float64
	for k := range n {
		d := at(k) - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(n-1) / float64(n))
}
