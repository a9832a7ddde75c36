package forecast

import (
	"context"
	"strconv"
	"testing"

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
	cfg, err := scenarios.LoadConfig(nil, func(string) string { return "" }, scenarios.Overrides{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := cfg.Resolve(cat)
	if err != nil {
		b.Fatal(err)
	}
	return compile(b, s)
}

// BenchmarkRunCatalogue runs the default scenario with 1 and 2 workers and reports paths and
// indicator-years per second.
func BenchmarkRunCatalogue(b *testing.B) {
	m := defaultModel(b)
	cells := 0
	for _, ser := range m.Indicators {
		cells += ser.steps
	}
	for _, w := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(w), func(b *testing.B) {
			m.Scenario.Runs, m.Scenario.Seed = benchPaths, 1
			for b.Loop() {
				if _, err := Run(context.Background(), m, RunOptions{Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			perSec := float64(b.N) * benchPaths / b.Elapsed().Seconds()
			b.ReportMetric(perSec, "paths/s")
			b.ReportMetric(perSec*float64(cells), "indicator-years/s")
		})
	}
}

// BenchmarkSimulateChunk measures the kernel alone on one chunk of the default scenario.
func BenchmarkSimulateChunk(b *testing.B) {
	m := defaultModel(b)
	s := m.NewSummary()
	rng := sim.NewStream(1, 0)
	c := sim.Chunk{Paths: sim.DefaultChunkSize}
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Simulate(c, rng, s); err != nil {
			b.Fatal(err)
		}
	}
}
