package backtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"

	"github.com/sourcegraph/conc/pool"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
	"github.com/healthsim/healthsim/sim"
)

// Options configure a backtest.
type Options struct {
	Horizons   []int // years ahead of the origin to forecast, each at least 1
	MinHistory int   // observations up to and including the origin a forecast needs (at least 3)
	Window     int   // the most recent observations up to the origin a forecast sees; 0 for all
	// TwoPoint, when above 0, makes every forecast see two observations only, as a catalogue
	// indicator with a baseline and a latest value: its origin's and the one TwoPoint years
	// before it (MinHistory and Window do not apply). Its prior pace is read from Priors (see
	// PriorYears).
	TwoPoint int
	Priors   []Series // the series two-point priors are read from: the training part
	Runs     int64    // Monte Carlo paths per forecast
	Seed     uint64   // random seed
	Workers  int      // concurrent forecasts; every core when 0
	Defaults forecast.Defaults
	// Progress, when set, is called after each batch with the origins done and their total.
	Progress func(done, total int)
}

// ErrNoOrigin is returned when no series has an origin to forecast from.
var ErrNoOrigin = errors.New("backtest: no series to forecast")

// MaxTwoPointGap is the longest gap, in years, between the two observations of a two-point
// forecast.
const MaxTwoPointGap = 20

// MinHistoryFloor is the least history a forecast may have: the naive forecast's spread needs
// two yearly steps.
const MinHistoryFloor = 3

// Forecast is one forecast of a series h years after its origin, beside what happened.
type Forecast struct {
	Series  string
	Group   string
	Origin  int     // the origin year t0: the last observation the forecast sees
	H       int     // years ahead
	Base    float64 // the value in the origin year
	Outcome float64 // the value observed in year Origin+H
	Step    float64 // the series' typical yearly step up to the origin (mean absolute change)
	// Q are the forecast's quantiles at forecast.Quantiles (p05, p10, p25, p50, p75, p90, p95).
	Q       [forecast.NQuantiles]float64
	PIT     float64 // the forecast's probability of a value at or below the outcome
	Naive   Naive
	Targets []Pseudo
}

// Pseudo is a pseudo-target of a forecast: "at least Threshold in year Origin+H", with
// Threshold = Base + K × (the series' typical yearly step) × H, its probability under the model
// and under the naive forecast, and whether it was met.
type Pseudo struct {
	K         float64
	Threshold float64
	P         float64
	PNaive    float64
	Hit       bool
}

// pseudoGrid are the multiples K of the typical yearly step (times the horizon) that place the
// pseudo-targets, in both directions from the origin's value.
var pseudoGrid = [...]float64{-2, -1, -0.5, 0, 0.5, 1, 2}

// PseudoSteps returns the multiples K of the typical yearly step (times the horizon) that place
// each forecast's pseudo-targets.
func PseudoSteps() []float64 { return slices.Clone(pseudoGrid[:]) }

// batchSize is the most origins compiled into one model: large enough that compiling and
// merging are cheap beside the simulation, small enough that summaries stay a few MB.
const batchSize = 512

// origin is one series at one origin year, with the observations the forecast may see.
type origin struct {
	s      *Series
	idx    int // index of the series in the input
	at     int // index of the origin's observation in s.Obs
	seen   []scenarios.Observation
	future map[int]float64  // horizon → outcome
	prior  *forecast.Family // the prior pace of a two-point forecast (nil otherwise)
}

// Forecasts forecasts every series from every origin year that has at least MinHistory
// observations up to it (with TwoPoint: an observation TwoPoint years before it and a prior from
// Priors) and an observed outcome at one of the horizons. Each forecast sees only the
// observations up to its origin. Forecasts sharing an origin year run as one scenario of
// single-indicator series through forecast.Compile (forecast.CompileWith, the prior linked as a
// family, for two-point forecasts) and forecast.Run: the status-quo model that run uses, with no
// programme linked. The result is ordered by series, origin and horizon, and does not depend on
// Workers. When no series has such an origin the error wraps ErrNoOrigin.
func Forecasts(ctx context.Context, series []Series, opt Options) ([]Forecast, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	todo := origins(series, opt)
	if opt.TwoPoint > 0 {
		todo = withPriors(todo, opt)
	}
	batches := batch(todo)
	if len(batches) == 0 {
		if opt.TwoPoint > 0 {
			return nil, fmt.Errorf("%w: none has two observations %d years apart, a prior (%d or more series of the same quantity, geo/quantity or group, in the training part) and an outcome at the horizons", ErrNoOrigin, opt.TwoPoint, MinPool)
		}
		return nil, fmt.Errorf("%w: none has an origin with enough history and an outcome at the horizons", ErrNoOrigin)
	}
	out := make([][]Forecast, len(batches))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// One batch per worker at a time: each holds its model's histograms (a few MB).
	p := pool.New().WithContext(ctx).WithCancelOnError().WithFirstError().WithMaxGoroutines(workers)
	done := make(chan int, len(batches))
	for b, jobs := range batches {
		p.Go(func(ctx context.Context) error {
			fs, err := runBatch(ctx, jobs, opt, batchSeed(opt.Seed, b))
			out[b] = fs
			done <- len(jobs)
			return err
		})
	}
	total, finished := countOrigins(batches), make(chan struct{})
	go report(done, total, opt.Progress, finished)
	err := p.Wait()
	close(done)
	<-finished
	if err != nil {
		return nil, err
	}
	fs := slices.Concat(out...)
	slices.SortStableFunc(fs, func(a, b Forecast) int {
		return cmp.Or(cmp.Compare(a.Series, b.Series), cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.H, b.H))
	})
	return fs, nil
}

func (opt *Options) check() error {
	switch {
	case len(opt.Horizons) == 0:
		return errors.New("backtest: no horizon")
	case slices.Min(opt.Horizons) < 1:
		return fmt.Errorf("backtest: horizon %d: allowed: 1 or more years", slices.Min(opt.Horizons))
	case opt.TwoPoint < 0 || opt.TwoPoint > MaxTwoPointGap:
		return fmt.Errorf("backtest: two-point gap %d: allowed: 1 to %d years (0: off)", opt.TwoPoint, MaxTwoPointGap)
	case opt.TwoPoint > 0:
	case opt.MinHistory < MinHistoryFloor:
		return fmt.Errorf("backtest: minimum history %d: allowed: %d or more", opt.MinHistory, MinHistoryFloor)
	case opt.Window != 0 && opt.Window < opt.MinHistory:
		return fmt.Errorf("backtest: window %d is shorter than the minimum history %d", opt.Window, opt.MinHistory)
	case opt.Runs < 1 || opt.Runs > sim.MaxPaths:
		return fmt.Errorf("backtest: runs %d: allowed: 1 to %d", opt.Runs, sim.MaxPaths)
	}
	return nil
}

func report(done <-chan int, total int, progress func(int, int), finished chan<- struct{}) {
	n := 0
	for d := range done {
		n += d
		if progress != nil {
			progress(n, total)
		}
	}
	close(finished)
}

func countOrigins(batches [][]origin) int {
	n := 0
	for _, b := range batches {
		n += len(b)
	}
	return n
}

// batchSeed gives each batch its own seed; the engine mixes it with each chunk's number.
func batchSeed(seed uint64, b int) uint64 { return seed + uint64(b+1)*0x9E3779B97F4A7C15 }

// origins lists every origin of every series that has enough history and an outcome.
func origins(series []Series, opt Options) []origin {
	var out []origin
	for si := range series {
		s := &series[si]
		years := map[int]float64{}
		for _, o := range s.Obs {
			years[o.Year] = o.Value
		}
		for at := firstOrigin(opt); at < len(s.Obs); at++ {
			future := map[int]float64{}
			for _, h := range opt.Horizons {
				if v, ok := years[s.Obs[at].Year+h]; ok {
					future[h] = v
				}
			}
			if len(future) == 0 {
				continue
			}
			seen, ok := window(s.Obs, at, opt)
			if ok {
				out = append(out, origin{s: s, idx: si, at: at, seen: seen, future: future})
			}
		}
	}
	return out
}

func firstOrigin(opt Options) int {
	if opt.TwoPoint > 0 {
		return 1
	}
	return opt.MinHistory - 1
}

// window is what a forecast from s.Obs[at] sees: the last Window observations up to it (all when
// Window is 0), or, for a two-point forecast, the observation TwoPoint years before it and itself.
func window(obs []scenarios.Observation, at int, opt Options) ([]scenarios.Observation, bool) {
	if opt.TwoPoint > 0 {
		for j := at - 1; j >= 0; j-- {
			if obs[j].Year == obs[at].Year-opt.TwoPoint {
				return []scenarios.Observation{obs[j], obs[at]}, true
			}
		}
		return nil, false
	}
	first := 0
	if opt.Window > 0 {
		first = max(0, at+1-opt.Window)
	}
	return obs[first : at+1], true
}

// withPriors gives every two-point origin its prior and leaves out those without one.
func withPriors(os []origin, opt Options) []origin {
	pool := newPriorPool(opt.Priors, opt.Defaults)
	out := os[:0]
	for _, o := range os {
		if fam, ok := pool.prior(o.s, o.s.Obs[o.at].Year); ok {
			o.prior = &fam
			out = append(out, o)
		}
	}
	return out
}

// batch groups origins by origin year (one scenario has one horizon) into batches of at most
// batchSize, in a fixed order.
func batch(os []origin) [][]origin {
	slices.SortStableFunc(os, func(a, b origin) int {
		return cmp.Or(cmp.Compare(a.s.Obs[a.at].Year, b.s.Obs[b.at].Year), cmp.Compare(a.idx, b.idx))
	})
	var out [][]origin
	for i := 0; i < len(os); {
		j := i + 1
		year := os[i].s.Obs[os[i].at].Year
		for j < len(os) && j-i < batchSize && os[j].s.Obs[os[j].at].Year == year {
			j++
		}
		out = append(out, os[i:j])
		i = j
	}
	return out
}

// runBatch forecasts a batch of origins sharing one origin year in one engine run.
func runBatch(ctx context.Context, jobs []origin, opt Options, seed uint64) ([]Forecast, error) {
	t0 := jobs[0].s.Obs[jobs[0].at].Year
	sc := scenarios.Scenario{
		Name: "backtest", Horizon: t0 + slices.Max(opt.Horizons), Runs: opt.Runs, Seed: seed, Workers: 1,
		Reference:   scenarios.Allocation{Name: "status_quo"},
		Allocations: []scenarios.Allocation{{Name: "status_quo"}},
	}
	for k, j := range jobs {
		sc.Indicators = append(sc.Indicators, scenarios.Indicator{
			ID: fmt.Sprintf("b%d", k), Region: "backtest", NameEN: j.s.Name, Unit: j.s.Unit,
			Kind: j.s.Kind, Bounds: j.s.Bounds, Direction: scenarios.Higher, Observations: j.seen,
		})
	}
	m, err := compile(sc, jobs, opt.Defaults)
	if err != nil {
		return nil, fmt.Errorf("backtest: origin %d: %w", t0, err)
	}
	o, err := forecast.Run(ctx, m, forecast.RunOptions{Workers: 1})
	if err != nil {
		return nil, err
	}
	var out []Forecast
	for si, ser := range m.Indicators {
		var k int
		if _, err := fmt.Sscanf(ser.Ind.ID, "b%d", &k); err != nil || k >= len(jobs) {
			return nil, fmt.Errorf("backtest: unexpected indicator %q in the model", ser.Ind.ID)
		}
		out = append(out, forecastsOf(jobs[k], o.Results[0].Indicators[si], opt.Defaults, func(year int, x float64) float64 {
			return m.CDF(o.Summary, si, 0, year, x)
		})...)
	}
	return out, nil
}

// compile compiles a batch's scenario. Two-point forecasts link each indicator to a family
// holding its prior, as links.yaml links a catalogue indicator; the others have no evidence
// beyond their own observations.
func compile(sc scenarios.Scenario, jobs []origin, d forecast.Defaults) (*forecast.Model, error) {
	if jobs[0].prior == nil {
		return forecast.Compile(sc, d)
	}
	d.Families = maps.Clone(d.Families)
	ev := &scenarios.Evidence{Links: map[string]scenarios.EvidenceLink{}}
	for k, j := range jobs {
		id, fam := sc.Indicators[k].ID, "prior:"+j.s.Name
		d.Families[fam] = *j.prior
		ev.Links[id] = scenarios.EvidenceLink{Indicator: id, Family: fam}
	}
	return forecast.CompileWith(sc, d, ev)
}

// forecastsOf turns one indicator's projection into a forecast per horizon with an outcome.
func forecastsOf(j origin, ir forecast.IndicatorResult, d forecast.Defaults, cdf func(year int, x float64) float64) []Forecast {
	base := j.seen[len(j.seen)-1]
	naive := NaiveFit(j.seen)
	if j.prior != nil {
		// Two points give the naive walk its drift but no spread: it takes the prior's noise.
		ind := scenarios.Indicator{Kind: j.s.Kind, Bounds: j.s.Bounds, Observations: j.seen}
		naive.SD = j.prior.Noise / forecast.SpaceOf(&ind, d).Slope(base.Value)
	}
	step := typicalStep(j.seen)
	var out []Forecast
	for _, h := range slices.Sorted(maps.Keys(j.future)) {
		if h >= len(ir.Trajectory) {
			continue
		}
		y := j.future[h]
		f := Forecast{Series: j.s.Name, Group: j.s.Group, Origin: base.Year, H: h, Base: base.Value, Outcome: y,
			Step: step, PIT: cdf(base.Year+h, y), Naive: naive.At(h)}
		copy(f.Q[:], ir.Trajectory[h].Q)
		if step > 0 {
			for _, k := range pseudoGrid {
				thr := base.Value + k*step*float64(h)
				if !inside(j.s, thr) {
					continue
				}
				f.Targets = append(f.Targets, Pseudo{K: k, Threshold: thr, P: 1 - cdf(base.Year+h, thr),
					PNaive: f.Naive.Above(thr), Hit: y >= thr})
			}
		}
		out = append(out, f)
	}
	return out
}

// inside reports whether a threshold lies strictly inside a series' admissible range, where a
// "≥" target can be met or missed.
func inside(s *Series, x float64) bool {
	switch s.Kind {
	case scenarios.Share:
		return x > *s.Bounds.Lo && x < *s.Bounds.Hi
	case scenarios.Positive:
		return x > *s.Bounds.Lo
	}
	return !math.IsNaN(x)
}

// typicalStep is the mean absolute yearly change over consecutive observations.
func typicalStep(obs []scenarios.Observation) float64 {
	var sum float64
	for i := 1; i < len(obs); i++ {
		sum += math.Abs(obs[i].Value-obs[i-1].Value) / float64(obs[i].Year-obs[i-1].Year)
	}
	return sum / float64(len(obs)-1)
}
