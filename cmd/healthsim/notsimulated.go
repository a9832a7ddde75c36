package main

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// Indicators the scenario selects but cannot project are listed beside the projected ones in the
// terminal table, summary.csv and report.md, so that no target of a plan silently disappears.

// notSimulatedBasis is the basis written for each goal of an indicator that is not simulated.
func notSimulatedBasis(n scenarios.NotSimulated) string { return "not simulated: " + n.Reason }

// notSimulatedNote says how many indicators were not simulated and how to supply a baseline.
func notSimulatedNote(sc scenarios.Scenario) string {
	var noBase []string
	other := 0
	for _, n := range sc.NotSimulated {
		if n.Reason == scenarios.ReasonNoBaseline {
			noBase = append(noBase, n.ID)
		} else {
			other++
		}
	}
	var b strings.Builder
	if len(noBase) > 0 {
		fmt.Fprintf(&b, "%d indicators not simulated: no baseline. Supply one as a row id,year,value in an actuals file "+
			"(healthsim indicators --format actuals-template > actuals.csv; then --actuals actuals.csv or actuals: in the config), "+
			"or as overrides.<id>.baseline: {year: …, value: …} in a config (e.g. overrides.%s.baseline).", len(noBase), noBase[0])
	}
	if other > 0 {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d indicators not simulated for the reason given in their rows.", other)
	}
	return b.String()
}

func planGoalKind(g scenarios.PlanGoal) string {
	if g.Milestone {
		return "milestone"
	}
	return "target"
}

// notSimulatedTableRows are the terminal table's rows of the indicators not simulated.
func notSimulatedTableRows(p *prepared) [][]string {
	var rows [][]string
	for _, n := range p.sc.NotSimulated {
		ind := n.Indicator
		for _, g := range n.Goals(p.sc.Horizon) {
			rows = append(rows, []string{"-", ind.Region, ind.NameZH, ind.NameEN, planGoalKind(g), strconv.Itoa(g.Year),
				goalText(g.Target, false), truncate(ind.Unit, unitCells), "none", "-", notSimulatedBasis(n)})
		}
	}
	return rows
}

// notSimulatedSummaryRows are summary.csv's rows of the indicators not simulated: the goal, no
// numbers, and the reason with what to do in the basis column.
func notSimulatedSummaryRows(scenario string, sc scenarios.Scenario) [][]string {
	var rows [][]string
	for _, n := range sc.NotSimulated {
		ind := n.Indicator
		for _, g := range n.Goals(sc.Horizon) {
			value := ""
			if g.Value != nil {
				value = sig(*g.Value)
			}
			rows = append(rows, []string{scenario, ind.Region, ind.ID, ind.NameEN, ind.NameZH, ind.Unit, string(ind.Direction), planGoalKind(g), natureText(ind.Nature),
				strconv.Itoa(g.Year), string(g.Test), value, "", "", "", "", "", "", "", "", "", "",
				notSimulatedBasis(n) + "; " + n.Remedy, "", ""})
		}
	}
	return rows
}

// writeNotSimulatedMarkdown adds the region's indicators not simulated to report.md's table.
func writeNotSimulatedMarkdown(b *bytes.Buffer, sc scenarios.Scenario, region string) {
	for _, n := range sc.NotSimulated {
		ind := n.Indicator
		if ind.Region != region {
			continue
		}
		for _, g := range n.Goals(sc.Horizon) {
			kind := ""
			if g.Milestone {
				kind = " (milestone)"
			}
			fmt.Fprintf(b, "| %s %s | %d%s | %s %s | none | - | - | - | %s |\n",
				mdEscape(ind.NameZH), mdEscape(ind.NameEN), g.Year, kind, mdEscape(goalText(g.Target, false)), ind.Unit, notSimulatedBasis(n))
		}
	}
}

// reportRegions are the regions with a projected or a not simulated indicator, in catalogue order.
func reportRegions(cat *scenarios.Catalogue, r *forecast.Result, sc scenarios.Scenario) []string {
	has := map[string]bool{}
	for _, ir := range r.Indicators {
		has[ir.Region] = true
	}
	for _, n := range sc.NotSimulated {
		has[n.Indicator.Region] = true
	}
	return slices.DeleteFunc(slices.Clone(cat.Regions()), func(reg string) bool { return !has[reg] })
}

// noteScenario prints on stderr the scenario's notes (actuals not used) and every funding
// change that reaches no simulated indicator.
func noteScenario(e *env, quiet bool, cat *scenarios.Catalogue, m *forecast.Model) {
	if quiet {
		return
	}
	for _, n := range m.Scenario.Notes {
		fmt.Fprintln(e.stderr, "note: "+strings.TrimSpace(n))
	}
	for _, u := range m.UnreachedFunding(cat) {
		fmt.Fprintln(e.stderr, "note: "+u.String())
	}
}

// writeUnreachedMarkdown adds to report.md the funding changes of the reported allocation that
// reach no simulated indicator.
func writeUnreachedMarkdown(b *bytes.Buffer, cat *scenarios.Catalogue, m *forecast.Model, allocation string) {
	var us []scenarios.UnreachedFunding
	for _, u := range m.UnreachedFunding(cat) {
		if u.Allocation == allocation {
			us = append(us, u)
		}
	}
	if len(us) == 0 {
		return
	}
	b.WriteString("\n## Funding changes that reach no simulated indicator\n\n")
	b.WriteString("These programmes are funded differently from the reference plan, but the change moves no simulated indicator: none of the indicators they are linked to is simulated, or the changed years lie outside the years whose funding the projection uses.\n\n")
	b.WriteString("| Programme | Indicators it would reach | Why it moves none of them |\n|---|---|---|\n")
	for _, u := range us {
		name := u.Program
		if prog, ok := cat.Program(u.Program); ok {
			name = fmt.Sprintf("%s %s (%s)", prog.NameZH, prog.NameEN, u.Program)
		}
		inds := strings.Join(u.Indicators, ", ")
		if inds == "" {
			inds = "none"
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", mdEscape(name), inds, mdEscape(u.Why))
	}
}

// withNotSimulated adds to the workbook's summary sheet a row per goal of the indicators not
// simulated: the goal, empty numbers, and the reason with what to do.
func withNotSimulated(s sheet, scenario string, sc scenarios.Scenario) sheet {
	nan := math.NaN()
	for _, n := range sc.NotSimulated {
		ind := n.Indicator
		for _, g := range n.Goals(sc.Horizon) {
			target := any("")
			if g.Value != nil {
				target = *g.Value
			}
			s.rows = append(s.rows, sheetRow{unit: ind.Unit, cells: []any{scenario, ind.Region, ind.ID, ind.NameZH, ind.NameEN,
				planGoalKind(g), natureText(ind.Nature), g.Year, string(g.Test), target, ind.Unit, nan, nan, nan, nan,
				nan, nan, nan, "", notSimulatedBasis(n) + "; " + n.Remedy}})
		}
	}
	return s
}
