package forecast

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/healthsim/healthsim/sim"
)

// benchPaths is the number of paths one benchmark iteration simulates.
const benchPaths = 200_000

// defaultModel compiles the embedded default scenario: every catalogue indicator with a baseline,
// funding as planned, to 2027.
func defaultModel(b *testing.B) *Model {
	b.Helper()
	return compile(b, resolveConfig(b))
}

// floorSum is the summary of the floor kernel: the sum of its draws, so none can be skipped.
type floorSum struct{ sum float64 }

// floorKernel draws only the standard normals the model draws per path, in chunks of the same
// size handed out by the same engine, and nothing else: the cost a path cannot go below.
// The floor the speed goal is stated against draws them one call at a time from math/rand/v2's
// own PCG (rand.New(rand.NewPCG(…)).NormFloat64), seeded from the chunk's stream. With fill
// set it draws them as the model does, path by path with Stream.FillNormal: the same values
// at a lower cost, a stricter floor.
type floorKernel struct {
	perPath int
	fill    bool
}

func (floorKernel) NewSummary() *floorSum    { return new(floorSum) }
func (floorKernel) Reset(s *floorSum)        { s.sum = 0 }
func (floorKernel) Merge(dst, src *floorSum) { dst.sum += src.sum }

// Simulate is kept out of line so that profiles and instruction counts name it.
//
//go:noinline
func (k floorKernel) Simulate(c sim.Chunk, rng *sim.Stream, s *floorSum) error {
	sum := 0.0
	if k.fill {
		buf := make([]float64, k.perPath)
		for range c.Paths {
			rng.FillNormal(buf)
			for _, x := range buf {
				sum += x
			}
		}
	} else {
		r := rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))
		for range c.Paths * k.perPath {
			sum += r.NormFloat64()
		}
	}
	s.sum += sum
	return nil
}

// floors are the two floors of a model, as kernels.
func floors(m *Model) [2]floorKernel {
	return [2]floorKernel{{perPath: m.normalsPerPath()}, {perPath: m.normalsPerPath(), fill: true}}
}

// reportRatios reports the model's and the floors' nanoseconds per path and the model's time
// over each floor: x-floor against math/rand/v2's draws, x-fill against FillNormal's.
func reportRatios(b *testing.B, paths float64, model int64, floor [2]int64) {
	b.ReportMetric(float64(model)/paths, "ns/path")
	b.ReportMetric(float64(floor[0])/paths, "floor-ns/path")
	b.ReportMetric(float64(floor[1])/paths, "fill-ns/path")
	b.ReportMetric(float64(model)/float64(floor[0]), "x-floor")
	b.ReportMetric(float64(model)/float64(floor[1]), "x-fill")
}

// BenchmarkRunCatalogue runs the default scenario with 1 and 2 workers and, in turn with it,
// the two floors with as many workers. It reports paths per second, nanoseconds per path of
// each, and the ratios (x-floor, x-fill).
func BenchmarkRunCatalogue(b *testing.B) {
	m := defaultModel(b)
	cells := 0
	for _, ser := range m.Indicators {
		cells += ser.steps
	}
	fks := floors(m)
	for _, w := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(w), func(b *testing.B) {
			m.Scenario.Runs, m.Scenario.Seed = benchPaths, 1
			fopt := sim.Options[*floorSum]{Paths: benchPaths, Seed: 1, Workers: w}
			jobs := []func() error{
				func() error { _, err := Run(context.Background(), m, RunOptions{Workers: w}); return err },
				func() error {
					_, _, err := sim.Run(context.Background(), sim.Kernel[*floorSum](fks[0]), fopt)
					return err
				},
				func() error {
					_, _, err := sim.Run(context.Background(), sim.Kernel[*floorSum](fks[1]), fopt)
					return err
				},
			}
			var spent [3]int64
			i := 0
			for b.Loop() {
				// Rotate which goes first, so a drift in the machine's load hits all alike.
				for j := range jobs {
					k := (i + j) % len(jobs)
					start := time.Now()
					if err := jobs[k](); err != nil {
						b.Fatal(err)
					}
					spent[k] += time.Since(start).Nanoseconds()
				}
				i++
			}
			paths := float64(i) * benchPaths
			b.ReportMetric(paths/(float64(spent[0])*1e-9), "paths/s")
			b.ReportMetric(paths*float64(cells)/(float64(spent[0])*1e-9), "indicator-years/s")
			reportRatios(b, paths, spent[0], [2]int64{spent[1], spent[2]})
		})
	}
}

// chunkBench times the kernel alone on one chunk of the default scenario by clock, in turn
// chunk by chunk with each floor, and reports the ratios. Alternating this finely keeps them
// steady on a busy machine.
func chunkBench(b *testing.B, clock func() int64) {
	m := defaultModel(b)
	s := m.NewSummary()
	fks := floors(m)
	fs := fks[0].NewSummary()
	rng := sim.NewStream(1, 0)
	c := sim.Chunk{Paths: sim.DefaultChunkSize}
	var model int64
	var floor [2]int64
	for b.Loop() {
		t0 := clock()
		if err := m.Simulate(c, rng, s); err != nil {
			b.Fatal(err)
		}
		t1 := clock()
		model += t1 - t0
		for k, fk := range fks {
			if err := fk.Simulate(c, rng, fs); err != nil {
				b.Fatal(err)
			}
			t2 := clock()
			floor[k] += t2 - t1
			t1 = t2
		}
	}
	reportRatios(b, float64(b.N)*float64(c.Paths), model, floor)
}

// BenchmarkSimulateChunk is chunkBench by the wall clock.
func BenchmarkSimulateChunk(b *testing.B) {
	start := time.Now()
	chunkBench(b, func() int64 { return time.Since(start).Nanoseconds() })
}
