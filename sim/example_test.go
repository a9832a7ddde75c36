package sim_test

import (
	"context"
	"fmt"

	"github.com/healthsim/healthsim/sim"
)

// above counts draws of a standard normal above 1.96: an exact, mergeable summary.
type above struct{ n, hits int64 }

type tail struct{}

func (tail) NewSummary() *above    { return new(above) }
func (tail) Reset(s *above)        { *s = above{} }
func (tail) Merge(dst, src *above) { dst.n += src.n; dst.hits += src.hits }
func (tail) Simulate(c sim.Chunk, rng *sim.Stream, s *above) error {
	for range c.Paths {
		if rng.NormFloat64() > 1.96 {
			s.hits++
		}
		s.n++
	}
	return nil
}

// Estimate P(Z > 1.96) ≈ 0.025 with a million paths; any number of workers gives the same count.
func ExampleRun() {
	s, st, err := sim.Run(context.Background(), sim.Kernel[*above](tail{}), sim.Options[*above]{Paths: 1_000_000, Seed: 7, Workers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	one, _, _ := sim.Run(context.Background(), sim.Kernel[*above](tail{}), sim.Options[*above]{Paths: 1_000_000, Seed: 7, Workers: 1})
	fmt.Printf("%d paths in %d chunks, P ≈ %.3f, same with 1 worker: %v\n", st.Paths, st.Chunks, float64(s.hits)/float64(s.n), *one == *s)
	// Output:
	// 1000000 paths in 245 chunks, P ≈ 0.025, same with 1 worker: true
}

// FillNormal draws the normals math/rand/v2 would draw from the same stream, many at a time.
func ExampleStream_FillNormal() {
	s := sim.NewStream(2025, 0)
	draws := make([]float64, 1000)
	s.FillNormal(draws)
	same := sim.NewStream(2025, 0) // the same stream, drawn one call at a time
	equal := true
	for _, x := range draws {
		equal = equal && x == same.NormFloat64()
	}
	fmt.Printf("first draw %.4f, all 1000 equal: %v\n", draws[0], equal)
	// Output:
	// first draw 2.1633, all 1000 equal: true
}
