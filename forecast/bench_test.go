package forecast

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/healthsim/healthsim/scenarios"
	"github.com/healthsim/healthsim/sim"
)

// benchPaths is the number of paths one benchmark iteration simulates.
const benchPaths = 200_000

// defaultModel compiles the embedded default scenario: every catalogue indicator with a baseline,
// funding as planned, to 2027.
func defaultModel(b *testing.B) *Model {
	b.Helper()
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := scenarios.LoadConfig(nil, scenarios.Overrides{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := cfg.Resolve(cat)
	if err != nil {
		b.Fatal(err)
	}
	return compile(b, s)
}

// floorSum is the summary of the floor kernel: the sum of its draws, so none can be skipped.
type floorSum struct{ sum float64 }

// floorKernel draws only the standard normals the model draws per path, from the same
// generator, in chunks of the same size handed out by the same engine: the cost a path cannot
// go below.
type floorKernel struct{ perPath int }

func (floorKernel) NewSummary() *floorSum    { return new(floorSum) }
func (floorKernel) Reset(s *floorSum)        { s.sum = 0 }
func (floorKernel) Merge(dst, src *floorSum) { dst.sum += src.sum }

// Simulate is kept out of line so that profiles and instruction counts name it.
//
//go:noinline
func (k floorKernel) Simulate(c sim.Chunk, rng *rand.Rand, s *floorSum) error {
	sum := 0.0
	for range c.Paths * k.perPath {
		sum += rng.NormFloat64()
	}
	s.sum += sum
	return nil
}

// BenchmarkRunCatalogue runs the default scenario with 1 and 2 workers and, alternating with
// it, the floor: the same number of normals drawn by the same generator with as many workers.
// It reports paths per second, nanoseconds per path of each, and their ratio ("x-floor").
func BenchmarkRunCatalogue(b *testing.B) {
	m := defaultModel(b)
	cells := 0
	for _, ser := range m.Indicators {
		cells += ser.steps
	}
	fk := sim.Kernel[*floorSum](floorKernel{perPath: m.normalsPerPath()})
	for _, w := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(w), func(b *testing.B) {
			m.Scenario.Runs, m.Scenario.Seed = benchPaths, 1
			fopt := sim.Options[*floorSum]{Paths: benchPaths, Seed: 1, Workers: w}
			var model, floor time.Duration
			i := 0
			for b.Loop() {
				// Alternate which goes first, so a drift in the machine's load hits both alike.
				for j := range 2 {
					start := time.Now()
					if (i+j)%2 == 0 {
						if _, err := Run(context.Background(), m, RunOptions{Workers: w}); err != nil {
							b.Fatal(err)
						}
						model += time.Since(start)
					} else {
						if _, _, err := sim.Run(context.Background(), fk, fopt); err != nil {
							b.Fatal(err)
						}
						floor += time.Since(start)
					}
				}
				i++
			}
			paths := float64(i) * benchPaths
			b.ReportMetric(paths/model.Seconds(), "paths/s")
			b.ReportMetric(paths*float64(cells)/model.Seconds(), "indicator-years/s")
			b.ReportMetric(float64(model.Nanoseconds())/paths, "ns/path")
			b.ReportMetric(float64(floor.Nanoseconds())/paths, "floor-ns/path")
			b.ReportMetric(model.Seconds()/floor.Seconds(), "x-floor")
		})
	}
}

// BenchmarkSimulateChunk measures the kernel alone on one chunk of the default scenario,
// alternating chunk by chunk with the floor (the same normals from the same generator), and
// reports both and their ratio. Alternating this finely keeps the ratio steady on a busy machine.
func BenchmarkSimulateChunk(b *testing.B) {
	m := defaultModel(b)
	s := m.NewSummary()
	fk := floorKernel{perPath: m.normalsPerPath()}
	fs := fk.NewSummary()
	rng := sim.NewStream(1, 0)
	c := sim.Chunk{Paths: sim.DefaultChunkSize}
	var model, floor time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if err := m.Simulate(c, rng, s); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if err := fk.Simulate(c, rng, fs); err != nil {
			b.Fatal(err)
		}
		model, floor = model+mid.Sub(start), floor+time.Since(mid)
	}
	paths := float64(b.N) * float64(c.Paths)
	b.ReportMetric(float64(model.Nanoseconds())/paths, "ns/path")
	b.ReportMetric(float64(floor.Nanoseconds())/paths, "floor-ns/path")
	b.ReportMetric(model.Seconds()/floor.Seconds(), "x-floor")
}
