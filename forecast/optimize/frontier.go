package optimize

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// FrontierPoint is the best objective found at one total.
type FrontierPoint struct {
	Fraction float64   `json:"fraction"` // of the space's total
	Total    float64   `json:"total"`    // 万元
	Value    float64   `json:"value"`    // on the search's paths; NaN when infeasible
	Feasible bool      `json:"feasible"` // floors and caps allow this total
	Best     []float64 `json:"-"`
}

// Scaled returns a copy of s with every group total multiplied by k and rounded to the 万元.
func (s *Space) Scaled(k float64) *Space {
	t := &Space{Cells: s.Cells, Floor: s.Floor, Cap: s.Cap, Groups: slices.Clone(s.Groups)}
	for i := range t.Groups {
		t.Groups[i].Total = math.Round(s.Groups[i].Total * k)
	}
	return t
}

// Total is the sum of the group totals.
func (s *Space) Total() float64 {
	var t float64
	for _, g := range s.Groups {
		t += g.Total
	}
	return t
}

// Frontier searches for the best allocation at each fraction of the space's total (every group
// total scaled alike), starting from start scaled to that total. Totals the floors and caps do
// not allow are reported as infeasible.
func Frontier(ctx context.Context, s *Space, start []float64, f Objective, opt Options, fractions []float64) ([]FrontierPoint, error) {
	out := make([]FrontierPoint, 0, len(fractions))
	for _, k := range fractions {
		t := s.Scaled(k)
		pt := FrontierPoint{Fraction: k, Total: t.Total(), Value: math.NaN()}
		if t.Validate() != nil {
			out = append(out, pt)
			continue
		}
		a := make([]float64, len(start))
		for c := range a {
			a[c] = start[c] * k
		}
		// The scaled plan may break a floor or cap: start from its image in the scaled space.
		x := t.Start(clampTo(t, a))
		t.Map(x, a)
		sol, err := Allocation(ctx, t, a, f, opt)
		if err != nil {
			return nil, fmt.Errorf("optimize: frontier at %.0f%%: %w", 100*k, err)
		}
		pt.Feasible, pt.Value, pt.Best = true, sol.Value, sol.Best
		out = append(out, pt)
	}
	return out, nil
}

func clampTo(s *Space, a []float64) []float64 {
	out := make([]float64, len(a))
	for c, v := range a {
		out[c] = math.Min(math.Max(v, s.Floor[c]), s.Cap[c])
	}
	return out
}
