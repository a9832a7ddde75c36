package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// NotSimulated is a selected indicator that a run cannot project: why, and what would let it.
// Its goals are still reported, so that no target of a plan disappears from the outputs.
type NotSimulated struct {
	Indicator Indicator `json:"-"`
	ID        string    `json:"id"`
	Reason    string    `json:"reason"`
	Remedy    string    `json:"remedy"`
}

// ReasonNoBaseline is why an indicator without any observation is not simulated.
const ReasonNoBaseline = "no baseline"

func notSimulated(ind Indicator) NotSimulated {
	return NotSimulated{
		Indicator: ind, ID: ind.ID, Reason: ReasonNoBaseline,
		Remedy: fmt.Sprintf("supply a baseline: a row %s,<year>,<value> in an actuals file given with --actuals FILE (healthsim indicators --format actuals-template writes one), or overrides.%s.baseline: {year: …, value: …} in a config", ind.ID, ind.ID),
	}
}

// leftOut is an indicator whose observations cannot be compared with its targets (see
// evidence/links.yaml): its goals are reported with the reason and judged by hand.
func leftOut(ind Indicator, why string) NotSimulated {
	return NotSimulated{
		Indicator: ind, ID: ind.ID, Reason: why,
		Remedy: "compare the target with the count of the new period by hand; the model projects yearly levels, not period totals",
	}
}

// PlanGoal is a target or milestone of an indicator.
type PlanGoal struct {
	Target
	Milestone bool
}

// Goals returns the indicator's milestones and targets up to the horizon, by year.
func (n NotSimulated) Goals(horizon int) []PlanGoal {
	var out []PlanGoal
	for _, m := range n.Indicator.Milestones {
		if m.Year <= horizon {
			out = append(out, PlanGoal{m, true})
		}
	}
	for _, t := range n.Indicator.Targets {
		if t.Year <= horizon {
			out = append(out, PlanGoal{t, false})
		}
	}
	slices.SortStableFunc(out, func(a, b PlanGoal) int { return a.Year - b.Year })
	return out
}

// readActuals checks the config's actuals file against the catalogue.
func (r *resolver) readActuals() {
	src := r.c.ActualsFile
	if src == nil {
		return
	}
	a, err := ParseActuals(src.Name, []byte(src.Text), r.cat, src.ThisYear)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	r.actuals = a
}

// noteUnusedActuals notes actuals of indicators the scenario does not select: they change
// nothing, which the user should know.
func (r *resolver) noteUnusedActuals() {
	if r.actuals == nil {
		return
	}
	used := map[string]bool{}
	for _, ind := range r.cat.Indicators() {
		if r.regions[ind.Region] && (len(r.c.Indicators) == 0 || slices.Contains(r.c.Indicators, ind.ID)) {
			used[ind.ID] = true
		}
	}
	var unused []string
	for _, a := range r.actuals.Rows {
		if !used[a.ID] && !slices.Contains(unused, a.ID) {
			unused = append(unused, a.ID)
		}
	}
	if len(unused) == 0 {
		return
	}
	more := ""
	if len(unused) > 5 {
		more = fmt.Sprintf(" and %d more", len(unused)-5)
		unused = unused[:5]
	}
	r.notes = append(r.notes, fmt.Sprintf("%s: actuals of indicators the scenario does not select were not used: %s%s", r.actuals.File, strings.Join(unused, ", "), more))
}
