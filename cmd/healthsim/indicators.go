package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/scenarios"
)

func newIndicatorsCmd(e *env) *cobra.Command {
	var region, format string
	var conflicts bool
	cmd := &cobra.Command{
		Use: "indicators",
		Example: `  healthsim indicators --region huzhou
  healthsim indicators --conflicts
  healthsim indicators --format actuals-template > actuals.csv`,
		Short: "Show the indicator catalogue: baselines, milestones and targets of every planning document",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := scenarios.LoadCatalogue()
			if err != nil {
				return err
			}
			if region != "" && !slices.Contains(cat.Regions(), region) {
				return usageError{fmt.Errorf("--region %q: allowed: %s", region, strings.Join(cat.Regions(), ", "))}
			}
			if conflicts {
				return writeConflicts(e, cat, region, format)
			}
			var inds []*scenarios.Indicator
			for _, ind := range cat.Indicators() {
				if region == "" || ind.Region == region {
					inds = append(inds, ind)
				}
			}
			switch format {
			case "table":
				err := table(e.stdout, []string{"ID", "REGION", "名称", "NAME", "UNIT", "LATEST", "MILESTONES", "TARGETS", "PROGRAMMES"},
					indicatorRows(inds, true), []int{0, 0, 36, 48, 0, 0, 0, 0, 0})
				if err != nil {
					return err
				}
				fmt.Fprintln(e.stdout)
				return table(e.stdout, []string{"PROGRAMME", "REGION", "名称", "NAME", "INDICATORS", "WITH BASELINE", "INDICATOR IDS"},
					programRows(cat, region), []int{0, 0, 30, 48, 0, 0, 0})
			case "csv":
				return writeCSV(e.stdout, []string{"id", "region", "name_zh", "name_en", "unit", "kind", "direction", "nature",
					"latest_year", "latest", "milestones", "targets", "source_file", "source_ref", "programs"}, indicatorRows(inds, false))
			case "actuals-template":
				header, rows := cat.ActualsTemplate(inds, time.Now().Year())
				return writeCSV(e.stdout, header, rows)
			case "json":
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(inds)
			}
			return usageError{fmt.Errorf("--format %q: allowed: table, csv, json, actuals-template", format)}
		},
	}
	cmd.Flags().StringVar(&region, "region", "", "show one region: "+strings.Join(scenarios.KnownRegions(), ", "))
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, csv, json, or actuals-template (the CSV of monitored values to fill in for --actuals)")
	cmd.Flags().BoolVar(&conflicts, "conflicts", false, "list the goals of linked indicators (one quantity in two documents) that set different values for the same year")
	return cmd
}

// writeConflicts lists each pair of disagreeing goals of linked indicators with both sources.
func writeConflicts(e *env, cat *scenarios.Catalogue, region, format string) error {
	var rows [][]string
	for _, c := range cat.Conflicts() {
		if region != "" && c.A.Region != region {
			continue
		}
		rows = append(rows, []string{strconv.Itoa(c.Year), c.A.Region,
			c.A.ID, goalText(c.TA, c.MilestoneA), source(c.A, c.TA),
			c.B.ID, goalText(c.TB, c.MilestoneB), source(c.B, c.TB)})
	}
	header := []string{"year", "region", "a", "a_goal", "a_source", "b", "b_goal", "b_source"}
	switch format {
	case "table":
		return table(e.stdout, []string{"YEAR", "REGION", "A", "A GOAL", "A SOURCE", "B", "B GOAL", "B SOURCE"}, rows, []int{0, 0, 0, 0, 56, 0, 0, 56})
	case "csv":
		return writeCSV(e.stdout, header, rows)
	case "json":
		out := make([]map[string]string, len(rows))
		for i, r := range rows {
			out[i] = map[string]string{}
			for j, h := range header {
				out[i][h] = r[j]
			}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return usageError{fmt.Errorf("--format %q: allowed: table, csv, json", format)}
}

// goalText is one goal, e.g. ">= 80" or "milestone >= 45".
func goalText(t scenarios.Target, milestone bool) string {
	s := goals([]scenarios.Target{t})
	s = s[strings.IndexByte(s, ' ')+1:]
	if milestone {
		return "milestone " + s
	}
	return s
}

// source cites a goal: the document's number and the goal's (or the entry's) reference.
func source(ind *scenarios.Indicator, t scenarios.Target) string {
	ref := t.Ref
	if ref == "" {
		ref = ind.Source.Ref
	}
	return ind.Source.Number + " " + ref
}

// indicatorRows lays out the catalogue; the short form is for the terminal table.
func indicatorRows(inds []*scenarios.Indicator, short bool) [][]string {
	var rows [][]string
	for _, ind := range inds {
		latestYear, latest := "", "unknown"
		if o, ok := ind.Latest(); ok {
			latestYear, latest = strconv.Itoa(o.Year), num(o.Value)
		}
		if short {
			if latestYear != "" {
				latest += " (" + latestYear + ")"
			}
			rows = append(rows, []string{ind.ID, ind.Region, ind.NameZH, ind.NameEN, ind.Unit, latest, goals(ind.Milestones), goals(ind.Targets),
				strings.Join(ind.Programs, ", ")})
			continue
		}
		rows = append(rows, []string{ind.ID, ind.Region, ind.NameZH, ind.NameEN, ind.Unit, string(ind.Kind), string(ind.Direction),
			string(ind.Nature), latestYear, latest, goals(ind.Milestones), goals(ind.Targets), ind.Source.File, ind.Source.Ref,
			strings.Join(ind.Programs, " ")})
	}
	return rows
}

// programRows lists each programme with the indicators linked to it and how many of them have
// a baseline (only those respond to its funding in a run).
func programRows(cat *scenarios.Catalogue, region string) [][]string {
	var rows [][]string
	for _, p := range cat.Programs() {
		if region != "" && p.Region != region {
			continue
		}
		var ids []string
		based := 0
		for _, ind := range cat.ProgramIndicators(p.ID) {
			ids = append(ids, ind.ID)
			if _, ok := ind.Latest(); ok {
				based++
			}
		}
		list := strings.Join(ids, ", ")
		if list == "" {
			list = "none"
		}
		rows = append(rows, []string{p.ID, p.Region, p.NameZH, p.NameEN, strconv.Itoa(len(ids)), strconv.Itoa(based), list})
	}
	return rows
}

// goals writes targets compactly: "2025 >=1.1; 2027 increase".
func goals(ts []scenarios.Target) string {
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		s := strconv.Itoa(t.Year) + " " + string(t.Test)
		if t.Value != nil {
			s += " " + num(*t.Value)
		}
		if t.Tolerance != nil {
			s += "±" + num(*t.Tolerance)
		}
		if t.Factor != nil {
			s += " " + num(*t.Factor) + "× baseline"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
