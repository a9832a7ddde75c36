package sensitivity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Batch evaluates a model at each point (a row of coordinates in [0, 1)) and returns one row of
// outputs per point, every row of the same length.
type Batch func(ctx context.Context, points [][]float64) ([][]float64, error)

// Sobol configures the estimation of Sobol indices from N base rows: the model is evaluated at
// N·(d+2) points for d inputs.
type Sobol struct {
	N    int    // base sample size (rows of each of the matrices A and B)
	Seed uint64 // seed of the sample
}

// Indices are the Sobol indices of every output with respect to every input.
type Indices struct {
	N        int         // base sample size
	Variance []float64   // [output] variance of the output over the input space
	Mean     []float64   // [output]
	First    [][]float64 // [output][input] first-order index S_i
	FirstSE  [][]float64 // [output][input] its standard error
	Total    [][]float64 // [output][input] total index ST_i
	TotalSE  [][]float64 // [output][input] its standard error
}

// Estimate evaluates f on the sample design for d inputs and returns the indices. An output that
// does not vary over the sample has indices and standard errors of zero.
func (s Sobol) Estimate(ctx context.Context, d int, f Batch) (*Indices, error) {
	if s.N < 2 || d < 1 {
		return nil, fmt.Errorf("sensitivity: Sobol needs N >= 2 and at least one input (N=%d, d=%d)", s.N, d)
	}
	pts := s.Design(d)
	ys, err := f(ctx, pts)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: evaluating the Sobol design: %w", err)
	}
	if len(ys) != len(pts) || len(ys[0]) == 0 {
		return nil, errors.New("sensitivity: the model returned the wrong number of rows")
	}
	return s.indices(d, ys)
}

// Design returns the N·(d+2) points of the sample: the rows of A, then of B, then of each A_B^i
// (A with column i taken from B).
func (s Sobol) Design(d int) [][]float64 {
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eed_50b0_1))
	a := make([][]float64, s.N)
	b := make([][]float64, s.N)
	for j := range s.N {
		a[j] = make([]float64, d)
		b[j] = make([]float64, d)
		for i := range d {
			a[j][i], b[j][i] = rng.Float64(), rng.Float64()
		}
	}
	pts := append(append(make([][]float64, 0, s.N*(d+2)), a...), b...)
	for i := range d {
		for j := range s.N {
			row := append([]float64(nil), a[j]...)
			row[i] = b[j][i]
			pts = append(pts, row)
		}
	}
	return pts
}

func (s Sobol) indices(d int, ys [][]float64) (*Indices, error) {
	n, outs := s.N, len(ys[0])
	for _, y := range ys {
		if len(y) != outs {
			return nil, errors.New("sensitivity: the model returned rows of different lengths")
		}
	}
	ix := &Indices{N: n, Variance: make([]float64, outs), Mean: make([]float64, outs)}
	for _, m := range []*[][]float64{&ix.First, &ix.FirstSE, &ix.Total, &ix.TotalSE} {
		*m = make([][]float64, outs)
	}
	fa, fb, fab := make([]float64, n), make([]float64, n), make([]float64, n)
	g1, gt := make([]float64, n), make([]float64, n)
	for o := range outs {
		for j := range n {
			fa[j], fb[j] = ys[j][o], ys[n+j][o]
		}
		mom := newMoments(fa, fb)
		ix.Variance[o], ix.Mean[o] = mom.v, mom.mr
		ix.First[o], ix.FirstSE[o] = make([]float64, d), make([]float64, d)
		ix.Total[o], ix.TotalSE[o] = make([]float64, d), make([]float64, d)
		if !(mom.v > 1e-14*math.Max(1, mom.mq)) {
			continue
		}
		for i := range d {
			for j := range n {
				fab[j] = ys[(2+i)*n+j][o]
				g1[j] = fb[j] * (fab[j] - fa[j]) // Saltelli et al. (2010)
				gt[j] = (fa[j] - fab[j]) * (fa[j] - fab[j]) / 2
			}
			ix.First[o][i], ix.FirstSE[o][i] = mom.ratio(g1)
			ix.Total[o][i], ix.TotalSE[o][i] = mom.ratio(gt) // Jansen (1999)
		}
	}
	return ix, nil
}

// moments hold the per-row pieces of the output variance: q = (fA² + fB²)/2 and r = (fA + fB)/2,
// so that V = mean(q) − mean(r)².
type moments struct {
	q, r   []float64
	mq, mr float64
	v      float64
}

func newMoments(fa, fb []float64) moments {
	m := moments{q: make([]float64, len(fa)), r: make([]float64, len(fa))}
	for j := range fa {
		m.q[j] = (fa[j]*fa[j] + fb[j]*fb[j]) / 2
		m.r[j] = (fa[j] + fb[j]) / 2
	}
	m.mq, m.mr = mean(m.q), mean(m.r)
	m.v = m.mq - m.mr*m.mr
	return m
}

// ratio returns mean(g)/V and its delta-method standard error over the rows' joint
// distribution of (g, q, r).
func (m moments) ratio(g []float64) (est, se float64) {
	n := float64(len(g))
	mg := mean(g)
	est = mg / m.v
	grad := [3]float64{1 / m.v, -mg / (m.v * m.v), 2 * m.mr * mg / (m.v * m.v)}
	cols := [3][]float64{g, m.q, m.r}
	means := [3]float64{mg, m.mq, m.mr}
	var v float64
	for a := range 3 {
		for b := a; b < 3; b++ {
			c := cov(cols[a], cols[b], means[a], means[b])
			if a != b {
				c *= 2
			}
			v += grad[a] * grad[b] * c
		}
	}
	return est, math.Sqrt(math.Max(v, 0) / n)
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func cov(x, y []float64, mx, my float64) float64 {
	var s float64
	for j := range x {
		s += (x[j] - mx) * (y[j] - my)
	}
	return s / float64(len(x)-1)
}
