package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/scenarios"
)

func newIndicatorsCmd(e *env) *cobra.Command {
	var region, format string
	cmd := &cobra.Command{
		Use:   "indicators",
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
			var inds []*scenarios.Indicator
			for _, ind := range cat.Indicators() {
				if region == "" || ind.Region == region {
					inds = append(inds, ind)
				}
			}
			switch format {
			case "table":
				return table(e.stdout, []string{"ID", "REGION", "名称", "NAME", "UNIT", "LATEST", "MILESTONES", "TARGETS"},
					indicatorRows(inds, true), []int{0, 0, 36, 48, 0, 0, 0, 0})
			case "csv":
				return writeCSV(e.stdout, []string{"id", "region", "name_zh", "name_en", "unit", "kind", "direction", "nature",
					"latest_year", "latest", "milestones", "targets", "source_file", "source_ref"}, indicatorRows(inds, false))
			case "json":
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(inds)
			}
			return usageError{fmt.Errorf("--format %q: allowed: table, csv, json", format)}
		},
	}
	cmd.Flags().StringVar(&region, "region", "", "show one region: huzhou, shaoxing, jiaxing or putuo")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, csv or json")
	return cmd
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
			rows = append(rows, []string{ind.ID, ind.Region, ind.NameZH, ind.NameEN, ind.Unit, latest, goals(ind.Milestones), goals(ind.Targets)})
			continue
		}
		rows = append(rows, []string{ind.ID, ind.Region, ind.NameZH, ind.NameEN, ind.Unit, string(ind.Kind), string(ind.Direction),
			ind.Nature, latestYear, latest, goals(ind.Milestones), goals(ind.Targets), ind.Source.File, ind.Source.Ref})
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
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
