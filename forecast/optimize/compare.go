package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/healthsim/healthsim/sim"
)

// Estimate is an allocation's objective over fresh batches of paths and, against the first
// allocation scored with it, the gain with its paired standard error (the spread of the per-batch
// gains: every batch scores all allocations on the same paths).
type Estimate struct {
	Value   float64 `json:"value"`
	ValueSE float64 `json:"value_se"`
	Gain    float64 `json:"gain"`
	GainSE  float64 `json:"gain_se"`
}

// Within reports whether the gain is within k paired standard errors of zero.
func (e Estimate) Within(k float64) bool { return math.Abs(e.Gain) <= k*e.GainSE }

// Paired scores every allocation on each seed's paths and returns one estimate per allocation;
// gains are against allocs[0]. At least two seeds are needed for a standard error.
func Paired(ctx context.Context, f Objective, seeds []uint64, allocs [][]float64) ([]Estimate, error) {
	if len(seeds) < 2 {
		return nil, errors.New("optimize: paired estimates need at least two batches")
	}
	vals := make([][]float64, len(seeds))
	for k, seed := range seeds {
		v, err := f(ctx, seed, allocs)
		if err != nil {
			return nil, fmt.Errorf("optimize: batch %d: %w", k+1, err)
		}
		if len(v) != len(allocs) {
			return nil, errors.New("optimize: the objective returned the wrong number of values")
		}
		vals[k] = v
	}
	out := make([]Estimate, len(allocs))
	for i := range allocs {
		out[i].Value, out[i].ValueSE = sim.MeanSE(len(seeds), func(k int) float64 { return vals[k][i] })
		out[i].Gain, out[i].GainSE = sim.MeanSE(len(seeds), func(k int) float64 { return vals[k][i] - vals[k][0] })
	}
	return out, nil
}

// FreshSeeds returns n seeds for batches of paths independent of the search's seed.
func FreshSeeds(seed uint64, n int) []uint64 {
	return sim.BatchSeeds(seed, n, 0x9e37)
}

// Marginal scores, for each programme of the space, the allocation a with amount 万元 more for
// that programme (shared over its years in proportion to a, equally when it has none), and
// returns the gain of each over a with its paired standard error, by programme in order of first
// appearance in s.Cells.
func Marginal(ctx context.Context, f Objective, seeds []uint64, s *Space, a []float64, amount float64) ([]string, []Estimate, error) {
	var progs []string
	cells := map[string][]int{}
	for c, cell := range s.Cells {
		if _, ok := cells[cell.Program]; !ok {
			progs = append(progs, cell.Program)
		}
		cells[cell.Program] = append(cells[cell.Program], c)
	}
	allocs := [][]float64{a}
	for _, p := range progs {
		more := append([]float64(nil), a...)
		var sum float64
		for _, c := range cells[p] {
			sum += a[c]
		}
		for _, c := range cells[p] {
			share := 1 / float64(len(cells[p]))
			if sum > 0 {
				share = a[c] / sum
			}
			more[c] += amount * share
		}
		allocs = append(allocs, more)
	}
	est, err := Paired(ctx, f, seeds, allocs)
	if err != nil {
		return nil, nil, err
	}
	return progs, est[1:], nil
}
