package sim

import "math/rand/v2"

// splitmix64 is the SplitMix64 finaliser: a bijective mix with full avalanche.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// streamSeeds returns the PCG state for chunk k of a run seeded with seed. Seeding PCG with
// (seed, k) directly would give correlated neighbouring streams, so both words are hashed.
func streamSeeds(seed uint64, k int) (uint64, uint64) {
	a := splitmix64(seed ^ splitmix64(uint64(k)))
	b := splitmix64(a ^ 0x6a09e667f3bcc909)
	return a, b
}

// seedChunk reseeds src for chunk k.
func seedChunk(src *rand.PCG, seed uint64, k int) {
	a, b := streamSeeds(seed, k)
	src.Seed(a, b)
}

// NewStream returns the random stream of chunk k of a run seeded with seed.
func NewStream(seed uint64, k int) *rand.Rand {
	a, b := streamSeeds(seed, k)
	return rand.New(rand.NewPCG(a, b))
}
