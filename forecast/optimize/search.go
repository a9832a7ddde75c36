package optimize

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	gopt "gonum.org/v1/gonum/optimize"
)

// Objective scores allocations (each indexed like Space.Cells, in 万元) on the random paths named
// by seed; higher is better. Every allocation of one call, and of any call with the same seed,
// must see the same paths.
type Objective func(ctx context.Context, seed uint64, allocs [][]float64) ([]float64, error)

// Options configure a search.
type Options struct {
	Method     string  // "cmaes" (default) or "neldermead"
	Seed       uint64  // the search's paths: every evaluation uses this seed
	MaxIter    int     // generations (CMA-ES) or iterations (Nelder–Mead); 0 for a default by size
	Population int     // CMA-ES population; 0 for gonum's default 4 + ⌊3 ln d⌋
	StepSize   float64 // initial step in the free variables; 0 for 0.5
	// Tolerance stops a search whose best value has not improved by this fraction in 40
	// generations (100 Nelder–Mead steps); 0 for 1e-5 (below the paired noise of a model objective).
	Tolerance float64
}

// Solution is the outcome of a search.
type Solution struct {
	Best        []float64 // in whole 万元, inside the space
	Value       float64   // objective of Best on the search's paths
	StartValue  float64   // objective of the start on the search's paths
	Evaluations int
	Status      string
}

// Allocation searches s for the allocation that maximises f, starting from start (an allocation
// in the space, usually the plan). The start is kept when nothing found beats it on the search's
// paths, so the result is never worse than the start there. Nelder–Mead is restarted from its
// best point while that improves (a collapsed simplex stalls short of the optimum).
func Allocation(ctx context.Context, s *Space, start []float64, f Objective, opt Options) (*Solution, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if _, _, _, ok := opt.method(s.Dim()); !ok {
		return nil, fmt.Errorf("optimize: unknown method %q (cmaes or neldermead)", opt.Method)
	}
	a0 := s.Round(start)
	v0, err := f(ctx, opt.Seed, [][]float64{a0})
	if err != nil {
		return nil, fmt.Errorf("optimize: scoring the start: %w", err)
	}
	sol := &Solution{Best: a0, Value: v0[0], StartValue: v0[0], Evaluations: 1}
	from := a0
	for round := range 4 {
		best, bestV, status, n, err := search(ctx, s, from, f, opt)
		sol.Evaluations += n
		if err != nil {
			return nil, err
		}
		sol.Status = status
		if best == nil {
			break
		}
		r := s.Round(best)
		vs, err := f(ctx, opt.Seed, [][]float64{r})
		if err != nil {
			return nil, fmt.Errorf("optimize: scoring the best: %w", err)
		}
		sol.Evaluations++
		improved := bestV > sol.Value+1e-9*math.Abs(sol.Value)
		if vs[0] > sol.Value {
			sol.Best, sol.Value = r, vs[0]
		}
		if opt.Method != "neldermead" || !improved || round == 3 {
			break
		}
		from = best
	}
	return sol, nil
}

// search runs one gonum minimisation from the allocation from and returns the best allocation
// it scored (before rounding), its value, the final status and the number of evaluations.
func search(ctx context.Context, s *Space, from []float64, f Objective, opt Options) ([]float64, float64, string, int, error) {
	method, batch, iters, _ := opt.method(s.Dim())
	stall := 40 // generations without improvement
	if batch == 1 {
		stall = 100 // Nelder–Mead steps: many shrink the simplex without improving the best
	}
	b := newBatcher(ctx, batch, func(allocs [][]float64) ([]float64, error) { return f(ctx, opt.Seed, allocs) })
	defer b.stop()
	prob := gopt.Problem{Func: func(x []float64) float64 {
		a := make([]float64, len(x))
		s.Map(x, a)
		return -b.do(a)
	}}
	set := &gopt.Settings{
		Concurrent:      batch,
		MajorIterations: iters,
		Converger:       &gopt.FunctionConverge{Absolute: 1e-12, Relative: cmp.Or(opt.Tolerance, 1e-5), Iterations: stall},
		Recorder:        stopOn{ctx: ctx, err: b.failed},
	}
	res, err := gopt.Minimize(prob, s.Start(from), set, method)
	if ferr := b.failed(); ferr != nil {
		return nil, 0, "", b.count(), fmt.Errorf("optimize: %w", ferr)
	}
	if err != nil && ctx.Err() != nil {
		return nil, 0, "", b.count(), ctx.Err()
	}
	status := ""
	if res != nil {
		status = res.Status.String()
	}
	best, v := b.best()
	return best, v, status, b.count(), nil
}

// DefaultGenerations is the CMA-ES generation limit for a space of dim cells when Options set
// none: the search's cost grows linearly with the number of cells (generations) times the
// population (4 + 3 ln dim), each generation one batch of evaluations on the same paths.
func DefaultGenerations(dim int) int { return 60 + 5*dim }

// method returns the gonum method, the evaluations it asks for at once, its iteration limit and
// whether the method name is known.
func (o Options) method(dim int) (gopt.Method, int, int, bool) {
	iters := o.MaxIter
	step := o.StepSize
	if step == 0 {
		step = 0.5
	}
	switch o.Method {
	case "", "cmaes":
		pop := o.Population
		if pop == 0 {
			pop = 4 + int(3*math.Log(float64(dim)))
		}
		if iters == 0 {
			iters = DefaultGenerations(dim)
		}
		src := rand.NewPCG(o.Seed, 0xc3a5)
		return &gopt.CmaEsChol{InitStepSize: step, Population: pop, Src: src}, pop, iters, true
	case "neldermead":
		if iters == 0 {
			iters = 200 * dim
		}
		return &gopt.NelderMead{SimplexSize: step}, 1, iters, true
	}
	return nil, 0, 0, false
}

// stopOn ends a search when its context is cancelled or an evaluation failed.
type stopOn struct {
	ctx context.Context
	err func() error
}

func (r stopOn) Init() error { return nil }

func (r stopOn) Record(*gopt.Location, gopt.Operation, *gopt.Stats) error {
	if err := r.err(); err != nil {
		return err
	}
	return r.ctx.Err()
}

// batcher gathers the concurrent evaluations of one CMA-ES generation into one call of the
// objective, so a model that scores many allocations on one set of paths draws the paths once.
// A batch that does not fill (the last of a search) is sent after a short wait.
type batcher struct {
	ctx   context.Context
	size  int
	eval  func([][]float64) ([]float64, error)
	mu    sync.Mutex
	queue []*request
	timer *time.Timer
	err   error
	n     int
	bestA []float64
	bestV float64
}

type request struct {
	a    []float64
	v    float64
	done chan struct{}
}

// flushAfter is how long a partly filled batch waits for more evaluations.
const flushAfter = 50 * time.Millisecond

func newBatcher(ctx context.Context, size int, eval func([][]float64) ([]float64, error)) *batcher {
	return &batcher{ctx: ctx, size: size, eval: eval, bestV: math.Inf(-1)}
}

func (b *batcher) do(a []float64) float64 {
	r := &request{a: a, done: make(chan struct{})}
	b.mu.Lock()
	b.queue = append(b.queue, r)
	if len(b.queue) >= b.size {
		q := b.queue
		b.queue = nil
		b.mu.Unlock()
		b.run(q)
	} else {
		if b.timer == nil {
			b.timer = time.AfterFunc(flushAfter, b.flush)
		} else {
			b.timer.Reset(flushAfter)
		}
		b.mu.Unlock()
	}
	<-r.done
	return r.v
}

func (b *batcher) flush() {
	b.mu.Lock()
	q := b.queue
	b.queue = nil
	b.mu.Unlock()
	if len(q) > 0 {
		b.run(q)
	}
}

func (b *batcher) run(q []*request) {
	allocs := make([][]float64, len(q))
	for i, r := range q {
		allocs[i] = r.a
	}
	var vs []float64
	err := b.ctx.Err()
	if err == nil {
		vs, err = b.eval(allocs)
		if err == nil && len(vs) != len(q) {
			err = errors.New("the objective returned the wrong number of values")
		}
	}
	b.mu.Lock()
	for i, r := range q {
		r.v = math.NaN()
		if err == nil {
			r.v = vs[i]
			b.n++
			if vs[i] > b.bestV {
				b.bestV, b.bestA = vs[i], r.a
			}
		}
		close(r.done)
	}
	if err != nil && b.err == nil {
		b.err = err
	}
	b.mu.Unlock()
}

func (b *batcher) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

func (b *batcher) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func (b *batcher) best() ([]float64, float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bestA, b.bestV
}

func (b *batcher) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		b.timer.Stop()
	}
}
