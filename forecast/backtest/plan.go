package backtest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// PlanCase is a real plan's record: catalogue indicators projected from the plan's base year with
// only what was observed by then, and the plan's targets for a later year judged against what
// happened.
type PlanCase struct {
	Name        string
	Description string
	Indicators  []string // catalogue ids
	From        int      // the base year: nothing observed after it is used
	To          int      // the target year
}

// PlanCases are the named cases of healthsim backtest --plan.
func PlanCases() []PlanCase {
	return []PlanCase{{
		Name: "shaoxing-13th",
		Description: "Shaoxing's 13th five-year plan (绍政发〔2021〕11号 表1): physicians, nurses and beds per 1000 " +
			"projected from their 2015 values (derived from the text) to the 2020 targets, beside the 2020 outcomes",
		Indicators: []string{"shaoxing_doctors_per_1000", "shaoxing_nurses_per_1000", "shaoxing_beds_per_1000"},
		From:       2015, To: 2020,
	}}
}

// FindPlanCase returns the named case.
func FindPlanCase(name string) (PlanCase, error) {
	cs := PlanCases()
	names := make([]string, len(cs))
	for i, c := range cs {
		if c.Name == name {
			return c, nil
		}
		names[i] = c.Name
	}
	return PlanCase{}, fmt.Errorf("plan %q: allowed: %s", name, strings.Join(names, ", "))
}

// PlanTarget is one target of a plan case: the forecast made from the base year and the outcome.
type PlanTarget struct {
	ID       string         `json:"id"`
	NameZH   string         `json:"name_zh"`
	NameEN   string         `json:"name_en"`
	Unit     string         `json:"unit"`
	BaseYear int            `json:"base_year"`
	Base     float64        `json:"base"`
	Year     int            `json:"year"`
	Test     scenarios.Test `json:"test"`
	Target   float64        `json:"target"`
	PHit     float64        `json:"p_hit"`
	SE       float64        `json:"p_hit_se"`
	P05      float64        `json:"p05"`
	P50      float64        `json:"p50"`
	P95      float64        `json:"p95"`
	Outcome  float64        `json:"outcome"`
	Met      bool           `json:"met"`
	Basis    string         `json:"basis"`
}

// Plan forecasts a plan case with the status-quo model (no programme linked): each indicator
// from its observations up to the case's base year, and the embedded reference series cut at that
// year too, each target of the target year as run would judge it, beside the observed outcome.
func Plan(ctx context.Context, cat *scenarios.Catalogue, c PlanCase, opt Options) ([]PlanTarget, error) {
	sc := scenarios.Scenario{
		Name: c.Name, Horizon: c.To, Runs: opt.Runs, Seed: opt.Seed, Workers: opt.Workers,
		Reference: scenarios.Allocation{Name: "status_quo"}, Allocations: []scenarios.Allocation{{Name: "status_quo"}},
	}
	outcomes := map[string]float64{}
	for _, id := range c.Indicators {
		ind, ok := cat.Indicator(id)
		if !ok {
			return nil, fmt.Errorf("backtest: plan %s: indicator %s is not in the catalogue", c.Name, id)
		}
		known, outcome, err := c.split(ind)
		if err != nil {
			return nil, err
		}
		outcomes[id] = outcome
		sc.Indicators = append(sc.Indicators, known)
	}
	ev, err := scenarios.LoadEvidence()
	if err != nil {
		return nil, err
	}
	m, err := forecast.CompileWith(sc, opt.Defaults, evidenceUntil(ev, c.From))
	if err != nil {
		return nil, fmt.Errorf("backtest: plan %s: %w", c.Name, err)
	}
	o, err := forecast.Run(ctx, m, forecast.RunOptions{Workers: opt.Workers})
	if err != nil {
		return nil, err
	}
	var out []PlanTarget
	for _, ir := range o.Results[0].Indicators {
		for _, g := range ir.Goals {
			pt := PlanTarget{ID: ir.ID, NameZH: ir.NameZH, NameEN: ir.NameEN, Unit: ir.Unit, BaseYear: ir.BaselineYear,
				Base: ir.Baseline, Year: g.Year, Test: g.Test, Target: g.Value, PHit: g.PHit, SE: g.SE,
				Outcome: outcomes[ir.ID], Basis: ir.Basis}
			if len(g.Quantiles) == len(forecast.Quantiles) {
				pt.P05, pt.P50, pt.P95 = g.Quantiles[forecast.Q05], g.Quantiles[forecast.Q50], g.Quantiles[forecast.Q95]
			}
			pt.Met = met(g.Test, pt.Outcome, g.Value)
			out = append(out, pt)
		}
	}
	return out, nil
}

// split returns the indicator as it was known in the base year (observations up to it, the
// targets of the target year, no programmes, no milestones) and its outcome in the target year.
func (c PlanCase) split(ind *scenarios.Indicator) (scenarios.Indicator, float64, error) {
	known := *ind
	known.Programs, known.Milestones = nil, nil
	known.Observations = slices.DeleteFunc(slices.Clone(ind.Observations), func(o scenarios.Observation) bool { return o.Year > c.From })
	known.Targets = slices.DeleteFunc(slices.Clone(ind.Targets), func(t scenarios.Target) bool { return t.Year != c.To || t.Value == nil })
	i := slices.IndexFunc(ind.Observations, func(o scenarios.Observation) bool { return o.Year == c.To })
	switch {
	case len(known.Observations) == 0:
		return known, 0, fmt.Errorf("backtest: plan %s: %s has no observation by %d", c.Name, ind.ID, c.From)
	case len(known.Targets) == 0:
		return known, 0, fmt.Errorf("backtest: plan %s: %s has no target with a value for %d", c.Name, ind.ID, c.To)
	case i < 0:
		return known, 0, fmt.Errorf("backtest: plan %s: %s has no outcome for %d", c.Name, ind.ID, c.To)
	}
	return known, ind.Observations[i].Value, nil
}

// met judges an outcome against a target with a value.
func met(test scenarios.Test, x, v float64) bool {
	switch test {
	case scenarios.GE, scenarios.Maintain:
		return x >= v
	case scenarios.GT:
		return x > v
	case scenarios.LE:
		return x <= v
	case scenarios.LT:
		return x < v
	}
	return false
}

// evidenceUntil is the evidence as it stood at the end of a year: every reference series without
// its later points. A link whose reference series is left with fewer than two points (too few for
// a pace) falls back to its family prior; one whose level series is left empty loses it.
func evidenceUntil(ev *scenarios.Evidence, year int) *scenarios.Evidence {
	out := &scenarios.Evidence{Series: map[string]*scenarios.ReferenceSeries{}, Links: map[string]scenarios.EvidenceLink{}}
	for id, s := range ev.Series {
		cut := *s
		cut.Points = slices.DeleteFunc(slices.Clone(s.Points), func(p scenarios.ReferencePoint) bool { return p.Year > year })
		if len(cut.Points) > 0 {
			out.Series[id] = &cut
		}
	}
	for id, l := range ev.Links {
		if s, ok := out.Series[l.Reference]; l.Reference != "" && (!ok || len(s.Points) < 2) {
			l.Reference = ""
		}
		if _, ok := out.Series[l.Level]; l.Level != "" && !ok {
			l.Level = ""
		}
		out.Links[id] = l
	}
	return out
}
