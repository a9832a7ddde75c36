package optimize_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/forecast/optimize"
	"github.com/healthsim/healthsim/scenarios"
)

// benchPaths is the number of paths of every evaluation in BenchmarkHuzhou.
const benchPaths = 20_000

// huzhouModel is Huzhou's demonstration project as planned: 15 programmes × 3 years with the
// yearly totals fixed, floors at half and caps at double the plan.
func huzhouModel(b *testing.B) (*optimize.Space, *optimize.Model) {
	b.Helper()
	file := filepath.Join(b.TempDir(), "h.yaml")
	if err := os.WriteFile(file, []byte("regions: [huzhou]\nhorizon: 2027\nseed: 20250101\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := scenarios.LoadConfig([]string{file}, func(string) string { return "" }, scenarios.Overrides{})
	if err != nil {
		b.Fatal(err)
	}
	sc, err := cfg.Resolve(cat)
	if err != nil {
		b.Fatal(err)
	}
	d, err := forecast.LoadDefaults()
	if err != nil {
		b.Fatal(err)
	}
	plan := sc.Allocations[0]
	s := &optimize.Space{}
	m := &optimize.Model{Scenario: sc, Defaults: d, Objective: optimize.ExpectedMet, Paths: benchPaths}
	for _, y := range []int{2023, 2024, 2025} {
		g := optimize.Group{}
		for _, p := range cat.Programs() {
			v, ok := plan.Programs[p.ID][y]
			if !ok || !plan.Budgeted[p.ID] {
				continue
			}
			g.Cells = append(g.Cells, len(s.Cells))
			g.Total += v
			s.Cells = append(s.Cells, optimize.Cell{Program: p.ID, Year: y})
			s.Floor, s.Cap = append(s.Floor, v/2), append(s.Cap, 2*v)
		}
		g.Total = float64(int(g.Total + 0.5))
		s.Groups = append(s.Groups, g)
	}
	m.Cells = s.Cells
	if len(s.Cells) != 45 {
		b.Fatalf("%d programme-years, want 45", len(s.Cells))
	}
	return s, m
}

// BenchmarkHuzhou optimises Huzhou's 15 programmes × 3 years with 20,000 paths per evaluation
// (the command's default search; no final comparison or frontier).
func BenchmarkHuzhou(b *testing.B) {
	s, m := huzhouModel(b)
	for b.Loop() {
		sol, err := optimize.Allocation(context.Background(), s, m.Plan(), m.Score, optimize.Options{Seed: 20250101})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sol.Evaluations), "evaluations")
		b.ReportMetric(sol.Value-sol.StartValue, "gain")
	}
}
