//go:build linux

package forecast

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/healthsim/healthsim/sim"
)

// threadCPU is the CPU time the calling thread has used, in nanoseconds.
func threadCPU(b *testing.B) int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		b.Fatal(err)
	}
	return ts.Nano()
}

// BenchmarkSimulateChunkCPU is BenchmarkSimulateChunk timed by the thread's CPU time instead of
// the wall clock. On a machine busy with other work, a thread waiting for a core is not
// charged, so the ratio to the floor stays steady; time spent refilling caches that other
// programs emptied is still charged, to the model more than to the floor.
func BenchmarkSimulateChunkCPU(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	m := defaultModel(b)
	s := m.NewSummary()
	fk := floorKernel{perPath: m.normalsPerPath()}
	fs := fk.NewSummary()
	rng := sim.NewStream(1, 0)
	c := sim.Chunk{Paths: sim.DefaultChunkSize}
	var model, floor int64
	for b.Loop() {
		t0 := threadCPU(b)
		if err := m.Simulate(c, rng, s); err != nil {
			b.Fatal(err)
		}
		t1 := threadCPU(b)
		if err := fk.Simulate(c, rng, fs); err != nil {
			b.Fatal(err)
		}
		model, floor = model+t1-t0, floor+threadCPU(b)-t1
	}
	paths := float64(b.N) * float64(c.Paths)
	b.ReportMetric(float64(model)/paths, "cpu-ns/path")
	b.ReportMetric(float64(floor)/paths, "floor-cpu-ns/path")
	b.ReportMetric(float64(model)/float64(floor), "x-floor")
}
