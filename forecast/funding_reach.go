package forecast

import (
	"fmt"
	"slices"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// UnreachedFunding lists the funding changes of the model's allocations that move no simulated
// indicator: those the scenario lists (no linked indicator is simulated), and those whose
// changed years fall outside the years the projection draws funding from once the lag is
// counted: money in a year whose effect is already observed, or whose effect would come after the
// horizon.
func (m *Model) UnreachedFunding(cat *scenarios.Catalogue) []scenarios.UnreachedFunding {
	s := m.Scenario
	out := s.UnreachedFunding(cat)
	listed := map[[2]string]bool{}
	for _, u := range out {
		listed[[2]string{u.Allocation, u.Program}] = true
	}
	k := m.Defaults.ResponseCurvature
	for _, a := range s.Allocations {
		for _, id := range scenarios.ChangedPrograms(s.Reference, a) {
			if listed[[2]string{a.Name, id}] {
				continue
			}
			only := s.Reference.Clone(a.Name)
			only.Programs[id] = a.Programs[id]
			var linked, windows []string
			moved := false
			for _, ser := range m.Indicators {
				if !slices.Contains(ser.Ind.Programs, id) {
					continue
				}
				lag := ser.Resolved.Lag
				linked = append(linked, ser.Ind.ID)
				windows = append(windows, fmt.Sprintf("%d–%d", ser.BaseYear+1-lag, s.Horizon-lag))
				if !slices.Equal(ser.responses(only, s.Reference, lag, k), ser.responses(s.Reference, s.Reference, lag, k)) {
					moved = true
					break
				}
			}
			if moved || len(linked) == 0 {
				continue
			}
			slices.Sort(windows)
			out = append(out, scenarios.UnreachedFunding{Allocation: a.Name, Program: id, Indicators: linked,
				Why: fmt.Sprintf("its changed years (%s) fall outside the years whose funding the projection uses (%s: after each baseline year, less the lag, up to the horizon less the lag)",
					joinInts(changedYears(s.Reference.Programs[id], a.Programs[id])), strings.Join(slices.Compact(windows), ", "))})
		}
	}
	return out
}

// changedYears returns the years in which two programmes' amounts differ, sorted.
func changedYears(ref, got map[int]float64) []int {
	var ys []int
	for y, v := range got {
		if v != ref[y] {
			ys = append(ys, y)
		}
	}
	for y, v := range ref {
		if _, ok := got[y]; !ok && v != 0 {
			ys = append(ys, y)
		}
	}
	slices.Sort(ys)
	return slices.Compact(ys)
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}
