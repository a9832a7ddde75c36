// Package sim is a generic Monte Carlo engine: it cuts a run into fixed-size chunks of paths,
// gives chunk k its own random stream seeded from (seed, k), runs the chunks on a pool of workers,
// and merges the workers' summaries.
//
// The engine knows nothing of what a path is. A Kernel simulates the paths of one chunk into a
// summary and merges summaries. Kernels whose summaries are exact (integer counters, fixed-point
// sums) merge to the same result in any order, so a run gives bit-identical results for any
// number of workers and for any split into shards.
package sim
