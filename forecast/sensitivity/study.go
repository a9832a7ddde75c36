package sensitivity

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/sourcegraph/conc/pool"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// Target is one simulated target of a study's scenario.
type Target struct {
	Indicator string         `json:"indicator"`
	Region    string         `json:"region"`
	NameZH    string         `json:"name_zh"`
	NameEN    string         `json:"name_en"`
	Year      int            `json:"year"`
	Test      scenarios.Test `json:"test"`
	Value     float64        `json:"value"`
	Binding   bool           `json:"binding"`

	ind, goal int // position in a result
}

// Study runs a scenario's model with its assumptions set to chosen values. Its outputs, for every
// target in order, are P(hit) and then, after all of them, the mean projected value in each
// target's year.
type Study struct {
	Scenario    scenarios.Scenario // its first allocation is the one studied
	Defaults    forecast.Defaults
	Assumptions []Assumption
	Targets     []Target
	Workers     int // concurrent model runs; each run uses one worker

	resolved map[string]forecast.ResolvedParams
}

// NewStudy prepares a study of the scenario's first allocation. An assumption of kind Program is
// expanded into one per programme that the allocation funds and a projected indicator links to.
func NewStudy(ctx context.Context, sc scenarios.Scenario, d forecast.Defaults, as []Assumption, workers int) (*Study, error) {
	if len(sc.Allocations) == 0 {
		return nil, errors.New("sensitivity: the scenario has no allocation")
	}
	sc.Allocations = sc.Allocations[:1]
	st := &Study{Scenario: sc, Defaults: d, Workers: max(workers, 1), resolved: map[string]forecast.ResolvedParams{}}
	m, err := forecast.Compile(sc, d)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	for _, ser := range m.Indicators {
		st.resolved[ser.Ind.ID] = ser.Resolved
	}
	st.Assumptions = st.expand(as, m)
	r, err := st.run(ctx, st.base(), sc.Seed, 64)
	if err != nil {
		return nil, err
	}
	for i, ir := range r.Indicators {
		for j, g := range ir.Goals {
			if g.Milestone || g.Observed {
				continue
			}
			st.Targets = append(st.Targets, Target{Indicator: ir.ID, Region: ir.Region, NameZH: ir.NameZH, NameEN: ir.NameEN,
				Year: g.Year, Test: g.Test, Value: g.Value, Binding: ir.Nature == scenarios.Binding, ind: i, goal: j})
		}
	}
	if len(st.Targets) == 0 {
		return nil, errors.New("sensitivity: the scenario has no target ahead to study")
	}
	return st, nil
}

// expand sets each assumption's base value and turns the Program template into one assumption
// per funded, linked programme.
func (st *Study) expand(as []Assumption, m *forecast.Model) []Assumption {
	d, sc := st.Defaults, st.Scenario
	var out []Assumption
	for _, a := range as {
		switch a.Kind {
		case Years:
			a.Base = float64(d.Lag)
		case Value:
			a.Base = d.Correlation
			if a.Name == "shock_probability" {
				a.Base = d.Shocks.Probability
				if sc.ShocksSet {
					a.Base = sc.Shocks.Probability
				}
			}
		default:
			a.Base = 1
		}
		if a.Kind != Program {
			out = append(out, a)
			continue
		}
		linked := map[string]bool{}
		for _, ser := range m.Indicators {
			for _, p := range ser.Ind.Programs {
				linked[p] = true
			}
		}
		for _, p := range slices.Sorted(maps.Keys(sc.Allocations[0].Programs)) {
			if linked[p] {
				b := a
				b.Name, b.Program = "funding:"+p, p
				out = append(out, b)
			}
		}
	}
	return out
}

// base returns every assumption's base value.
func (st *Study) base() []float64 {
	v := make([]float64, len(st.Assumptions))
	for i, a := range st.Assumptions {
		v[i] = a.Base
	}
	return v
}

// Ranges returns the base, low and high value of every assumption.
func (st *Study) Ranges() (base, low, high []float64) {
	for _, a := range st.Assumptions {
		base, low, high = append(base, a.Base), append(low, a.Low), append(high, a.High)
	}
	return base, low, high
}

// Outputs is the number of outputs of each evaluation: P(hit), then the mean value, of each target.
func (st *Study) Outputs() int { return 2 * len(st.Targets) }

// Evaluate runs the model at each point (one value per assumption) with paths paths from seed,
// Workers runs at a time, and returns the outputs of each.
func (st *Study) Evaluate(ctx context.Context, seed uint64, paths int64, points [][]float64) ([][]float64, error) {
	out := make([][]float64, len(points))
	p := pool.New().WithContext(ctx).WithCancelOnError().WithFirstError().WithMaxGoroutines(st.Workers)
	for i, v := range points {
		p.Go(func(ctx context.Context) error {
			r, err := st.run(ctx, v, seed, paths)
			if err != nil {
				return err
			}
			out[i] = st.outputs(r)
			return nil
		})
	}
	if err := p.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

func (st *Study) outputs(r *forecast.Result) []float64 {
	y := make([]float64, 2*len(st.Targets))
	for k, t := range st.Targets {
		ir := r.Indicators[t.ind]
		y[k] = ir.Goals[t.goal].PHit
		y[len(st.Targets)+k] = math.NaN()
		for _, pt := range ir.Trajectory {
			if pt.Year == t.Year {
				y[len(st.Targets)+k] = pt.Mean
			}
		}
	}
	return y
}

// run compiles the scenario with the assumption values v and simulates it on one worker.
func (st *Study) run(ctx context.Context, v []float64, seed uint64, paths int64) (*forecast.Result, error) {
	sc, d := st.apply(v)
	sc.Runs, sc.Seed, sc.Precision, sc.Workers = paths, seed, 0, 1
	m, err := forecast.Compile(sc, d)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %w", err)
	}
	out, err := forecast.Run(ctx, m, forecast.RunOptions{Workers: 1})
	if err != nil {
		return nil, err
	}
	return out.Results[0], nil
}
