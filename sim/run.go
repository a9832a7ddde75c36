package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/sourcegraph/conc/panics"
	"github.com/sourcegraph/conc/pool"
)

// DefaultChunkSize is the number of paths in a chunk unless Options say otherwise.
const DefaultChunkSize = 4096

// DefaultRoundChunks is the number of chunks between two precision checks.
const DefaultRoundChunks = 32

// MaxPaths is the largest number of paths a run may have.
const MaxPaths = 1_000_000_000

// Chunk is a block of consecutive paths with its own random stream.
type Chunk struct {
	Index int   // chunk number k
	First int64 // number of the chunk's first path
	Paths int   // number of paths in the chunk
}

// Kernel simulates paths into summaries of type S.
type Kernel[S any] interface {
	// NewSummary returns an empty summary.
	NewSummary() S
	// Simulate adds the paths of chunk c, drawn from rng, to s.
	Simulate(c Chunk, rng *Stream, s S) error
	// Merge adds src to dst. It must not depend on the order of merges.
	Merge(dst, src S)
	// Reset empties s for reuse.
	Reset(s S)
}

// Shard restricts a run to the chunks whose index is K modulo N. The zero value is the whole run.
type Shard struct{ K, N int }

func (s Shard) owns(k int) bool { return s.N <= 1 || k%s.N == s.K }

// Options configure a run whose summaries are of type S.
type Options[S any] struct {
	Paths     int64  // paths to run; with Until, the most to run
	ChunkSize int    // paths per chunk; DefaultChunkSize when 0
	Seed      uint64 // the run's seed
	Workers   int    // concurrent workers; GOMAXPROCS when 0
	Shard     Shard  // restrict the run to one shard

	// Until, when set, is asked after every RoundChunks chunks (a number that does not depend
	// on Workers, so the stopping point is deterministic) whether the run may stop, given the
	// summary so far.
	Until       func(total S, paths int64) bool
	RoundChunks int

	// Progress, when set, is called from one goroutine with the paths done so far.
	Progress func(done, total int64)
}

// Stats describe a finished run.
type Stats struct {
	Paths   int64         // paths simulated
	Chunks  int           // chunks simulated
	Workers int           // workers used
	Elapsed time.Duration // wall-clock time
}

// PathsPerSecond is the run's throughput.
func (s Stats) PathsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Paths) / s.Elapsed.Seconds()
}

func (o *Options[S]) normalise() error {
	if o.ChunkSize == 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.RoundChunks == 0 {
		o.RoundChunks = DefaultRoundChunks
	}
	switch {
	case o.Paths <= 0 || o.Paths > MaxPaths:
		return fmt.Errorf("sim: paths %d outside 1..%d", o.Paths, MaxPaths)
	case o.ChunkSize < 1:
		return fmt.Errorf("sim: chunk size %d < 1", o.ChunkSize)
	case o.Workers < 1:
		return fmt.Errorf("sim: workers %d < 1", o.Workers)
	case o.Shard.N < 0 || (o.Shard.N > 0 && (o.Shard.K < 0 || o.Shard.K >= o.Shard.N)):
		return fmt.Errorf("sim: shard %d/%d: want 0 <= k < n", o.Shard.K, o.Shard.N)
	case o.Shard.N > 1 && o.Until != nil:
		return errors.New("sim: a precision target needs the whole run; it cannot be sharded")
	}
	return nil
}

// Run simulates opt.Paths paths with kernel k and returns the merged summary. Cancelling ctx
// stops every worker after its current chunk and returns ctx's error.
func Run[S any](ctx context.Context, k Kernel[S], opt Options[S]) (S, Stats, error) {
	var zero S
	if err := opt.normalise(); err != nil {
		return zero, Stats{}, err
	}
	start := time.Now()
	nChunks := int((opt.Paths + int64(opt.ChunkSize) - 1) / int64(opt.ChunkSize))
	// A worker beyond the number of chunks would have nothing to do but hold a summary: cap
	// them, so a huge --workers cannot exhaust memory. Results do not depend on the count.
	opt.Workers = min(opt.Workers, nChunks)
	total := k.NewSummary()
	slots := make([]S, opt.Workers)
	for i := range slots {
		slots[i] = k.NewSummary()
	}
	r := &runner[S]{k: k, opt: opt, nChunks: nChunks, slots: slots}
	st := Stats{Workers: opt.Workers}
	round := nChunks
	if opt.Until != nil {
		round = opt.RoundChunks
	}
	for from := 0; from < nChunks; from += round {
		to := min(from+round, nChunks)
		if err := r.runChunks(ctx, from, to); err != nil {
			return zero, Stats{}, err
		}
		for _, s := range slots {
			k.Merge(total, s)
			k.Reset(s)
		}
		st.Paths, st.Chunks = r.paths.Load(), int(r.chunks.Load())
		if opt.Until != nil && opt.Until(total, st.Paths) {
			break
		}
	}
	st.Elapsed = time.Since(start)
	return total, st, nil
}

// runner hands out the chunks of one Run to its workers.
type runner[S any] struct {
	k       Kernel[S]
	opt     Options[S]
	nChunks int
	slots   []S
	next    atomic.Int64
	paths   atomic.Int64
	chunks  atomic.Int64
}

// runChunks runs chunks [from, to) that belong to the shard, each worker into its own slot.
func (r *runner[S]) runChunks(ctx context.Context, from, to int) error {
	r.next.Store(int64(from))
	p := pool.New().WithContext(ctx).WithCancelOnError().WithFirstError()
	for w := range r.slots {
		p.Go(func(ctx context.Context) error {
			var pc panics.Catcher
			var err error
			pc.Try(func() { err = r.work(ctx, w, to) })
			if rec := pc.Recovered(); rec != nil {
				return fmt.Errorf("sim: worker %d: %w", w, rec.AsError())
			}
			return err
		})
	}
	if err := p.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// work is worker w: it takes the next chunk not yet taken, below index to and in the run's shard,
// until none is left, reseeding its one stream for each chunk, so that a chunk's draws do not
// depend on which worker runs it.
func (r *runner[S]) work(ctx context.Context, w, to int) error {
	// Each worker's stream is its own allocation, padded: two bare 16-byte states side by side
	// share a cache line, and that false sharing cost up to half the speed of two workers.
	rng := newStream()
	cs := int64(r.opt.ChunkSize)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := int(r.next.Add(1) - 1)
		if k >= to {
			return nil
		}
		if !r.opt.Shard.owns(k) {
			continue
		}
		c := Chunk{Index: k, First: int64(k) * cs, Paths: int(min(cs, r.opt.Paths-int64(k)*cs))}
		rng.seed(r.opt.Seed, k)
		if err := r.k.Simulate(c, rng, r.slots[w]); err != nil {
			return fmt.Errorf("sim: chunk %d: %w", k, err)
		}
		done := r.paths.Add(int64(c.Paths))
		r.chunks.Add(1)
		if r.opt.Progress != nil && w == 0 {
			r.opt.Progress(done, r.opt.Paths)
		}
	}
}
