package sim

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"testing"
)

// counts is a test summary: exceedance counters and a coarse histogram of standard normals.
type counts struct {
	n, above1 int64
	hist      [16]int64
}

// normals is a test kernel that draws one standard normal per path.
type normals struct {
	calls  atomic.Int64
	fail   int // chunk index that returns an error, -1 for none
	panicK int // chunk index that panics, -1 for none
	onCall func(n int64)
}

func newNormals() *normals { return &normals{fail: -1, panicK: -1} }

func (k *normals) NewSummary() *counts { return new(counts) }
func (k *normals) Reset(s *counts)     { *s = counts{} }
func (k *normals) Merge(dst, src *counts) {
	dst.n += src.n
	dst.above1 += src.above1
	for i := range dst.hist {
		dst.hist[i] += src.hist[i]
	}
}
func (k *normals) Simulate(c Chunk, rng *Stream, s *counts) error {
	n := k.calls.Add(1)
	if k.onCall != nil {
		k.onCall(n)
	}
	if c.Index == k.fail {
		return errors.New("boom")
	}
	if c.Index == k.panicK {
		panic("kernel bug")
	}
	for range c.Paths {
		x := rng.NormFloat64()
		s.n++
		if x > 1 {
			s.above1++
		}
		b := int(math.Floor(x*2)) + 8
		s.hist[max(0, min(15, b))]++
	}
	return nil
}

func TestRunMatchesClosedForm(t *testing.T) {
	const paths = 400_000
	s, st, err := Run(context.Background(), newNormals(), Options[*counts]{Paths: paths, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if s.n != paths || st.Paths != paths {
		t.Fatalf("ran %d paths (stats %d), want %d", s.n, st.Paths, paths)
	}
	p := 1 - 0.5*math.Erfc(-1/math.Sqrt2) // P(Z > 1)
	got := float64(s.above1) / paths
	se := math.Sqrt(p * (1 - p) / paths)
	if math.Abs(got-p) > 4*se {
		t.Errorf("P(Z>1) = %.5f, want %.5f ± 4×%.5f", got, p, se)
	}
}

func TestRunIdenticalAcrossWorkers(t *testing.T) {
	var want *counts
	for _, w := range []int{1, 2, 7} {
		got, _, err := Run(context.Background(), newNormals(), Options[*counts]{Paths: 100_003, ChunkSize: 1000, Seed: 42, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = got
		} else if *got != *want {
			t.Errorf("workers=%d: %+v, want %+v", w, *got, *want)
		}
	}
}

func TestShardsMergeToWholeRun(t *testing.T) {
	k := newNormals()
	opt := Options[*counts]{Paths: 50_000, ChunkSize: 777, Seed: 9, Workers: 2}
	whole, _, err := Run(context.Background(), k, opt)
	if err != nil {
		t.Fatal(err)
	}
	merged := k.NewSummary()
	for i := range 3 {
		o := opt
		o.Shard = Shard{K: i, N: 3}
		part, _, err := Run(context.Background(), k, o)
		if err != nil {
			t.Fatal(err)
		}
		k.Merge(merged, part)
	}
	if *merged != *whole {
		t.Errorf("merged shards %+v, whole run %+v", *merged, *whole)
	}
}

func TestSeedsGiveDifferentStreams(t *testing.T) {
	a, _, _ := Run(context.Background(), newNormals(), Options[*counts]{Paths: 10_000, Seed: 1})
	b, _, _ := Run(context.Background(), newNormals(), Options[*counts]{Paths: 10_000, Seed: 2})
	if *a == *b {
		t.Error("seeds 1 and 2 gave the same summary")
	}
}

// Neighbouring chunk streams must be uncorrelated: the correlation of their first draws over many
// chunk pairs is within 4 standard errors (1/√n) of zero.
func TestNeighbouringStreamsUncorrelated(t *testing.T) {
	const n = 20_000
	var sxy, sx, sy, sxx, syy float64
	for k := range n {
		x := NewStream(7, 2*k).NormFloat64()
		y := NewStream(7, 2*k+1).NormFloat64()
		sx, sy, sxy, sxx, syy = sx+x, sy+y, sxy+x*y, sxx+x*x, syy+y*y
	}
	r := (sxy/n - sx/n*sy/n) / math.Sqrt((sxx/n-sx*sx/n/n)*(syy/n-sy*sy/n/n))
	if math.Abs(r) > 4/math.Sqrt(n) {
		t.Errorf("correlation of neighbouring streams %.4f", r)
	}
}

func TestRunErrors(t *testing.T) {
	fail := newNormals()
	fail.fail = 5
	bug := newNormals()
	bug.panicK = 3
	for _, tc := range []struct {
		name string
		k    *normals
		want string
	}{
		{"error", fail, "chunk 5: boom"},
		{"panic", bug, "kernel bug"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Run(context.Background(), tc.k, Options[*counts]{Paths: 100_000, ChunkSize: 1000, Workers: 2})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestRunCancelStopsWithinAChunk(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := newNormals()
	k.onCall = func(n int64) {
		if n == 10 {
			cancel()
		}
	}
	_, _, err := Run(ctx, k, Options[*counts]{Paths: 10_000_000, ChunkSize: 1000, Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Each worker finishes at most the chunk it holds when the context is cancelled.
	if c := k.calls.Load(); c > 10+2 {
		t.Errorf("%d chunks started after cancellation at chunk 10", c)
	}
}

func TestUntilIsDeterministic(t *testing.T) {
	var want int64
	for _, w := range []int{1, 3} {
		var s *counts
		k := newNormals()
		opt := Options[*counts]{Paths: 1_000_000, ChunkSize: 500, RoundChunks: 4, Seed: 3, Workers: w}
		opt.Until = func(_ *counts, paths int64) bool { return paths >= 5000 }
		s, st, err := Run(context.Background(), k, opt)
		if err != nil {
			t.Fatal(err)
		}
		if st.Paths != 6000 || s.n != 6000 {
			t.Errorf("workers=%d: stopped after %d paths (summary %d), want 6000 (3 rounds of 2000)", w, st.Paths, s.n)
		}
		if want == 0 {
			want = s.above1
		} else if s.above1 != want {
			t.Errorf("workers=%d: %d exceedances, want %d", w, s.above1, want)
		}
	}
}

func TestOptionsRejected(t *testing.T) {
	for _, o := range []Options[*counts]{
		{Paths: 0},
		{Paths: MaxPaths + 1},
		{Paths: 10, Workers: -1},
		{Paths: 10, Shard: Shard{K: 3, N: 3}},
		{Paths: 10, Shard: Shard{K: 0, N: 2}, Until: func(*counts, int64) bool { return true }},
	} {
		if _, _, err := Run(context.Background(), newNormals(), o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func BenchmarkRunNormals(b *testing.B) {
	for _, w := range []int{1, 2} {
		b.Run("workers="+string(rune('0'+w)), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Run(context.Background(), newNormals(), Options[*counts]{Paths: 1_000_000, Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sized is a kernel that counts the summaries it is asked for.
type sized struct {
	*normals
	summaries atomic.Int64
}

func (k *sized) NewSummary() *counts { k.summaries.Add(1); return new(counts) }

// More workers than chunks allocate no idle summaries: a huge worker count must not exhaust
// memory, and gives the same result.
func TestWorkersCappedAtChunks(t *testing.T) {
	k := &sized{normals: newNormals()}
	opt := Options[*counts]{Paths: 10_000, ChunkSize: 1000, Seed: 3, Workers: 1 << 20}
	got, st, err := Run(context.Background(), Kernel[*counts](k), opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := k.summaries.Load(); n > 11 {
		t.Errorf("%d summaries for 10 chunks, want at most 11", n)
	}
	opt.Workers = 2
	want, _, err := Run(context.Background(), Kernel[*counts](newNormals()), opt)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *want || st.Workers != 10 {
		t.Errorf("capped run differs from a 2-worker run, or reports %d workers", st.Workers)
	}
}
