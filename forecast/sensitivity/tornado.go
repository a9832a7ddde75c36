package sensitivity

import (
	"context"
	"errors"
	"fmt"

	"github.com/healthsim/healthsim/sim"
)

// SeededBatch evaluates a model at points (one value per input) on the random paths named by
// seed, returning one row of outputs per point. Every point of one seed sees the same paths.
type SeededBatch func(ctx context.Context, seed uint64, points [][]float64) ([][]float64, error)

// Swings are the outputs of a one-at-a-time study: every input moved from its base value to its
// low and to its high value, the others held at base, on each seed's paths.
type Swings struct {
	Batches int
	Base    []float64   // [output] at the base point, mean over the seeds
	BaseSE  []float64   // [output]
	Low     [][]float64 // [output][input] with the input at its low value
	High    [][]float64 // [output][input] with the input at its high value
	Swing   [][]float64 // [output][input] High − Low
	SwingSE [][]float64 // [output][input] paired standard error of the swing over the seeds
}

// Tornado evaluates f at the base point and, for each input, at its low and its high value, on
// the paths of every seed; each swing's standard error is the spread of its per-seed values, so
// it is paired (both ends of a swing see the same paths) and reflects the model's own noise.
func Tornado(ctx context.Context, f SeededBatch, base, low, high []float64, seeds []uint64) (*Swings, error) {
	d := len(base)
	if len(low) != d || len(high) != d || d == 0 {
		return nil, errors.New("sensitivity: Tornado needs base, low and high values for every input")
	}
	if len(seeds) < 2 {
		return nil, errors.New("sensitivity: Tornado needs at least two batches for a standard error")
	}
	pts := [][]float64{base}
	for i := range d {
		for _, v := range []float64{low[i], high[i]} {
			p := append([]float64(nil), base...)
			p[i] = v
			pts = append(pts, p)
		}
	}
	runs := make([][][]float64, len(seeds)) // [seed][point][output]
	for k, seed := range seeds {
		ys, err := f(ctx, seed, pts)
		if err != nil {
			return nil, fmt.Errorf("sensitivity: tornado batch %d: %w", k+1, err)
		}
		if len(ys) != len(pts) {
			return nil, errors.New("sensitivity: the model returned the wrong number of rows")
		}
		runs[k] = ys
	}
	outs := len(runs[0][0])
	sw := &Swings{Batches: len(seeds), Base: make([]float64, outs), BaseSE: make([]float64, outs)}
	for _, m := range []*[][]float64{&sw.Low, &sw.High, &sw.Swing, &sw.SwingSE} {
		*m = make([][]float64, outs)
	}
	at := func(k, pt, o int) float64 { return runs[k][pt][o] }
	n := len(seeds)
	for o := range outs {
		sw.Base[o], sw.BaseSE[o] = sim.MeanSE(n, func(k int) float64 { return at(k, 0, o) })
		sw.Low[o], sw.High[o] = make([]float64, d), make([]float64, d)
		sw.Swing[o], sw.SwingSE[o] = make([]float64, d), make([]float64, d)
		for i := range d {
			lo, hi := 1+2*i, 2+2*i
			sw.Low[o][i], _ = sim.MeanSE(n, func(k int) float64 { return at(k, lo, o) })
			sw.High[o][i], _ = sim.MeanSE(n, func(k int) float64 { return at(k, hi, o) })
			sw.Swing[o][i], sw.SwingSE[o][i] = sim.MeanSE(n, func(k int) float64 { return at(k, hi, o) - at(k, lo, o) })
		}
	}
	return sw, nil
}

// Seeds returns n seeds for independent batches of paths, derived from seed.
func Seeds(seed uint64, n int) []uint64 {
	return sim.BatchSeeds(seed, n, 0x51ed)
}
