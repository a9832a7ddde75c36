package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// ProgramIndicators returns the indicators linked to a programme, in catalogue order.
func (c *Catalogue) ProgramIndicators(id string) []*Indicator {
	var out []*Indicator
	for _, ind := range c.order {
		if slices.Contains(ind.Programs, id) {
			out = append(out, ind)
		}
	}
	return out
}

// UnreachedFunding is a programme whose funding an allocation changes, although none of the
// indicators it is linked to is simulated: the change cannot move any result.
type UnreachedFunding struct {
	Allocation string   `json:"allocation"`
	Program    string   `json:"program"`
	Indicators []string `json:"indicators"` // the indicators the programme would reach
	Why        string   `json:"why"`        // why none of them is simulated
}

// String reads "allocation: programme x: funding changed, but …".
func (u UnreachedFunding) String() string {
	if len(u.Indicators) == 0 {
		return fmt.Sprintf("%s: funding of %s changes, but it reaches no simulated indicator: %s", u.Allocation, u.Program, u.Why)
	}
	return fmt.Sprintf("%s: funding of %s changes, but it reaches no simulated indicator: it would reach %s, and %s",
		u.Allocation, u.Program, strings.Join(u.Indicators, ", "), u.Why)
}

// UnreachedFunding lists, for each allocation, the programmes whose funding differs from the
// reference plan in some year while none of their linked indicators is simulated.
func (s Scenario) UnreachedFunding(cat *Catalogue) []UnreachedFunding {
	simulated := map[string]bool{}
	for _, ind := range s.Indicators {
		simulated[ind.ID] = true
	}
	notSim := map[string]string{}
	for _, n := range s.NotSimulated {
		notSim[n.ID] = n.Reason
	}
	var out []UnreachedFunding
	for _, a := range s.Allocations {
		for _, id := range ChangedPrograms(s.Reference, a) {
			linked := cat.ProgramIndicators(id)
			if slices.ContainsFunc(linked, func(ind *Indicator) bool { return simulated[ind.ID] }) {
				continue
			}
			u := UnreachedFunding{Allocation: a.Name, Program: id, Why: "no indicator of the catalogue is linked to it"}
			reasons := map[string][]string{}
			for _, ind := range linked {
				u.Indicators = append(u.Indicators, ind.ID)
				why, ok := notSim[ind.ID]
				if !ok {
					why = "not selected by the config"
				}
				reasons[why] = append(reasons[why], ind.ID)
			}
			if len(linked) > 0 {
				u.Why = whyText(reasons, len(linked))
			}
			out = append(out, u)
		}
	}
	return out
}

// whyText says why the linked indicators are not simulated: "none has a baseline (supply one
// …)" or the reasons by indicator.
func whyText(reasons map[string][]string, n int) string {
	remedy := " (supply one with --actuals or overrides.<id>.baseline)"
	if ids := reasons[ReasonNoBaseline]; len(ids) == n {
		return "none of them has a baseline" + remedy
	}
	var parts []string
	for _, why := range slices.Sorted(maps.Keys(reasons)) {
		parts = append(parts, fmt.Sprintf("%s: %s", strings.Join(reasons[why], ", "), why))
	}
	return "none of them is simulated (" + strings.Join(parts, "; ") + ")"
}

// ChangedPrograms returns the programmes whose amounts in a differ from the reference in any
// year, sorted.
func ChangedPrograms(ref, a Allocation) []string {
	var out []string
	for id := range a.Programs {
		if !sameYears(ref.Programs[id], a.Programs[id]) {
			out = append(out, id)
		}
	}
	for id := range ref.Programs {
		if _, ok := a.Programs[id]; !ok && !sameYears(ref.Programs[id], nil) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func sameYears(x, y map[int]float64) bool {
	for yr, v := range x {
		if math.Abs(v-y[yr]) > 1e-9*math.Max(1, math.Abs(v)) {
			return false
		}
	}
	for yr, v := range y {
		if _, ok := x[yr]; !ok && v != 0 {
			return false
		}
	}
	return true
}
