package optimize

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// The objectives an allocation can be scored by.
const (
	ExpectedMet     = "expected_met"     // expected number of targets met
	ExpectedBinding = "expected_binding" // expected number of binding targets met
	PAllBinding     = "p_all_binding"    // probability that every binding target is met
	Weighted        = "weighted"         // Σ weight × P(hit) over the targets of weighted indicators
)

// Model scores allocations of a scenario's budget with the forecast model: every allocation of
// one call runs on the same paths (one compiled scenario with one allocation each), and a call
// with the same seed sees the same paths again.
type Model struct {
	Scenario  scenarios.Scenario // Allocations[0] is the plan the cells are taken from
	Defaults  forecast.Defaults
	Cells     []Cell
	Objective string
	Weights   map[string]float64 // indicator id → weight, for Weighted
	Paths     int64              // paths per call
	Workers   int                // workers of each run (0: every core)
}

// Plan returns the plan's amount in each cell (0 where it has none).
func (m *Model) Plan() []float64 {
	a := make([]float64, len(m.Cells))
	for c, cell := range m.Cells {
		a[c] = m.Scenario.Allocations[0].Programs[cell.Program][cell.Year]
	}
	return a
}

// Allocation is the plan with every cell set to its amount in a, under the given name.
func (m *Model) Allocation(a []float64, name string) scenarios.Allocation {
	out := m.Scenario.Allocations[0].Clone(name)
	for c, cell := range m.Cells {
		if out.Programs[cell.Program] == nil {
			out.Programs[cell.Program] = map[int]float64{}
		}
		out.Programs[cell.Program][cell.Year] = a[c]
	}
	return out
}

// Targets counts the targets the objective scores; an objective with none cannot be optimised.
func (m *Model) Targets() (int, error) {
	r, err := m.results(context.Background(), 1, [][]float64{m.Plan()}, 16)
	if err != nil {
		return 0, err
	}
	switch m.Objective {
	case ExpectedMet:
		return r[0].Targets, nil
	case ExpectedBinding, PAllBinding:
		return r[0].BindingTargets, nil
	case Weighted:
		n := 0
		for _, ir := range r[0].Indicators {
			for _, g := range ir.Goals {
				if !g.Milestone && !g.Observed && m.Weights[ir.ID] > 0 {
					n++
				}
			}
		}
		return n, nil
	}
	return 0, fmt.Errorf("optimize: unknown objective %q", m.Objective)
}

// Score is an Objective: it runs every allocation on the paths of seed and scores each.
func (m *Model) Score(ctx context.Context, seed uint64, allocs [][]float64) ([]float64, error) {
	rs, err := m.results(ctx, seed, allocs, m.Paths)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = m.value(r)
	}
	return out, nil
}

func (m *Model) results(ctx context.Context, seed uint64, allocs [][]float64, paths int64) ([]*forecast.Result, error) {
	if len(allocs) == 0 {
		return nil, errors.New("optimize: nothing to score")
	}
	sc := m.Scenario
	sc.Params = maps.Clone(sc.Params)
	sc.Allocations = make([]scenarios.Allocation, len(allocs))
	for i, a := range allocs {
		sc.Allocations[i] = m.Allocation(a, fmt.Sprintf("a%d", i))
	}
	sc.Runs, sc.Seed, sc.Precision, sc.Workers = paths, seed, 0, m.Workers
	model, err := forecast.Compile(sc, m.Defaults)
	if err != nil {
		return nil, fmt.Errorf("optimize: %w", err)
	}
	out, err := forecast.Run(ctx, model, forecast.RunOptions{})
	if err != nil {
		return nil, err
	}
	return out.Results, nil
}

// value is the objective of one allocation's result.
func (m *Model) value(r *forecast.Result) float64 {
	switch m.Objective {
	case ExpectedBinding:
		return r.ExpectedBinding
	case PAllBinding:
		return r.PAllBinding
	case Weighted:
		var v float64
		for _, ir := range r.Indicators {
			w := m.Weights[ir.ID]
			for _, g := range ir.Goals {
				if !g.Milestone && !g.Observed {
					v += w * g.PHit
				}
			}
		}
		return v
	}
	return r.ExpectedMet
}
