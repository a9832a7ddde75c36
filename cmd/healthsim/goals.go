package main

import (
	"sort"
	"strconv"

	"github.com/healthsim/healthsim/forecast"
)

// goalRow is one target or milestone of one indicator, flattened for tables.
type goalRow struct {
	ind  *forecast.IndicatorResult
	goal forecast.GoalResult
}

// goalRows lists every goal of r, most at risk first; observed goals come last.
func goalRows(r *forecast.Result) []goalRow {
	var rows []goalRow
	for i := range r.Indicators {
		ir := &r.Indicators[i]
		for _, g := range ir.Goals {
			rows = append(rows, goalRow{ir, g})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].goal, rows[j].goal
		if a.Observed != b.Observed {
			return !a.Observed
		}
		return a.PHit < b.PHit
	})
	return rows
}

// rowBasis names the evidence of a row: observed, or the basis of the status-quo pace.
func rowBasis(gr goalRow) string {
	if gr.goal.Observed {
		return "observed"
	}
	return gr.ind.Basis
}

func goalKind(g forecast.GoalResult) string {
	if g.Milestone {
		return "milestone"
	}
	return "target"
}

func f4(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

// sig writes v with up to 4 significant decimals, for values in an indicator's own unit.
func sig(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }

func median(g forecast.GoalResult) string {
	if len(g.Quantiles) == 0 {
		return "-"
	}
	return sig(g.Quantiles[forecast.Q50])
}

// goalValue is a goal's value as reports show it: an about goal carries its band ("108±1").
func goalValue(g forecast.GoalResult) string {
	if g.Tolerance > 0 {
		return sig(g.Value) + "±" + sig(g.Tolerance)
	}
	return sig(g.Value)
}
