package main

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/healthsim/healthsim/forecast/optimize"
	"github.com/healthsim/healthsim/scenarios"
)

// optimizeSpace turns a config's optimize: block into the cells that may change, their floors
// and caps and the totals that hold. Every mistake is a ConfigError naming the key.
func optimizeSpace(cfg *scenarios.Config, sc scenarios.Scenario, o *scenarios.OptimizeConfig) (*optimize.Space, error) {
	plan := sc.Allocations[0]
	errAt := func(key, format string, args ...any) error {
		return &scenarios.ConfigError{File: cfg.Source(key), Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	budgeted := slices.Sorted(maps.Keys(plan.Budgeted))
	budgeted = slices.DeleteFunc(budgeted, func(id string) bool { return !plan.Budgeted[id] || plan.Programs[id] == nil })
	progs := o.Programs
	if len(progs) == 0 {
		progs = budgeted
	}
	if len(progs) == 0 {
		return nil, errAt("optimize.programs", "the scenario has no programme funded in 万元 to reallocate (allowed: programmes of a document with a budget, or given a plan in budget.reference)")
	}
	for i, p := range progs {
		if !slices.Contains(budgeted, p) {
			return nil, errAt(fmt.Sprintf("optimize.programs[%d]", i), "unknown programme %q or one without a budget in 万元 (allowed: %v)", p, budgeted)
		}
	}
	years := o.Years
	if len(years) == 0 {
		set := map[int]bool{}
		for _, p := range progs {
			for y := range plan.Programs[p] {
				set[y] = true
			}
		}
		years = slices.Sorted(maps.Keys(set))
	}
	s := &optimize.Space{}
	var planAmt []float64
	for _, y := range years {
		for _, p := range progs {
			s.Cells = append(s.Cells, optimize.Cell{Program: p, Year: y})
			planAmt = append(planAmt, plan.Programs[p][y])
		}
	}
	if err := setBounds(s, planAmt, o, errAt); err != nil {
		return nil, err
	}
	if err := setGroups(s, planAmt, years, o, errAt); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, errAt("optimize", "%v (allowed: floors that fit within each total, each floor at most its cap)", err)
	}
	return s, nil
}

// setBounds sets every cell's floor and cap: a programme's own (floors/caps), else the block's
// floor/cap, else 0 and none.
func setBounds(s *optimize.Space, plan []float64, o *scenarios.OptimizeConfig, errAt func(string, string, ...any) error) error {
	for _, set := range []struct {
		key string
		m   map[string]scenarios.BoundConfig
	}{{"optimize.floors", o.Floors}, {"optimize.caps", o.Caps}} {
		for _, id := range slices.Sorted(maps.Keys(set.m)) {
			if !slices.ContainsFunc(s.Cells, func(c optimize.Cell) bool { return c.Program == id }) {
				return errAt(set.key+"."+id, "programme %q is not among those that may change (allowed: a programme listed in optimize.programs)", id)
			}
		}
	}
	for c, cell := range s.Cells {
		floor, cp := 0.0, math.Inf(1)
		if b, ok := o.Floors[cell.Program]; ok {
			floor = boundAmount(b, plan[c])
		} else if o.Floor != nil {
			floor = boundAmount(*o.Floor, plan[c])
		}
		if b, ok := o.Caps[cell.Program]; ok {
			cp = boundAmount(b, plan[c])
		} else if o.Cap != nil {
			cp = boundAmount(*o.Cap, plan[c])
		}
		if floor > cp {
			key := "optimize.floor"
			if _, ok := o.Floors[cell.Program]; ok {
				key = "optimize.floors." + cell.Program
			}
			return errAt(key, "the floor of %s in %d (%.0f万元) is above its cap (%.0f万元) (allowed: a floor at most the cap)", cell.Program, cell.Year, floor, cp)
		}
		s.Floor, s.Cap = append(s.Floor, floor), append(s.Cap, cp)
	}
	return nil
}

func boundAmount(b scenarios.BoundConfig, plan float64) float64 {
	if b.Share != nil {
		return *b.Share * plan
	}
	return *b.Amount
}

// setGroups fixes the totals: one per year with year_totals, else one overall total (the
// config's total, else the plan's).
func setGroups(s *optimize.Space, plan []float64, years []int, o *scenarios.OptimizeConfig, errAt func(string, string, ...any) error) error {
	if len(o.YearTotals) == 0 {
		g := optimize.Group{}
		for c := range s.Cells {
			g.Cells = append(g.Cells, c)
			g.Total += plan[c]
		}
		g.Total = math.Round(g.Total)
		if o.Total != nil {
			g.Total = *o.Total
		}
		if g.Total != math.Round(g.Total) {
			return errAt("optimize.total", "%v is not a whole number of 万元 (allowed: a whole amount in 万元)", g.Total)
		}
		s.Groups = []optimize.Group{g}
		return nil
	}
	var sum float64
	for _, y := range years {
		t, ok := o.YearTotals[scenarios.Year(y)]
		if !ok {
			return errAt("optimize.year_totals", "no total for %d (allowed: a total for every year that may change: %v)", y, years)
		}
		if t != math.Round(t) {
			return errAt(fmt.Sprintf("optimize.year_totals.%d", y), "%v is not a whole number of 万元 (allowed: a whole amount in 万元)", t)
		}
		g := optimize.Group{Total: t}
		for c, cell := range s.Cells {
			if cell.Year == y {
				g.Cells = append(g.Cells, c)
			}
		}
		s.Groups = append(s.Groups, g)
		sum += t
	}
	for y := range o.YearTotals {
		if !slices.Contains(years, int(y)) {
			return errAt(fmt.Sprintf("optimize.year_totals.%d", y), "%d is not a year that may change (allowed: %v)", y, years)
		}
	}
	if o.Total != nil && math.Abs(*o.Total-sum) > 0.5 {
		return errAt("optimize.total", "%.0f万元 is not the sum of year_totals (%.0f万元) (allowed: the same total, or leave total out)", *o.Total, sum)
	}
	return nil
}
