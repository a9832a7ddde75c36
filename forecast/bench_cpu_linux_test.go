//go:build linux

package forecast

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// threadCPU is the CPU time the calling thread has used, in nanoseconds.
func threadCPU(b *testing.B) int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		b.Fatal(err)
	}
	return ts.Nano()
}

// BenchmarkSimulateChunkCPU is chunkBench timed by the thread's CPU time instead of the wall
// clock. On a machine busy with other work, a thread waiting for a core is not charged, so the
// ratios stay steady; time spent refilling caches that other programs emptied is still
// charged, to the model more than to the floors.
func BenchmarkSimulateChunkCPU(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	chunkBench(b, func() int64 { return threadCPU(b) })
}
