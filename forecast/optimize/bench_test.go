package optimize_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/forecast/optimize"
	"github.com/healthsim/healthsim/scenarios"
)

// benchPaths is the number of paths of every evaluation in BenchmarkHuzhou.
const benchPaths = 20_000

// huzhouModel is Huzhou's demonstration project as planned, its first n programmes × 3 years
// free with the yearly totals over them fixed, floors at half and caps at double the plan.
func huzhouModel(b *testing.B, n int) (*optimize.Space, *optimize.Model) {
	b.Helper()
	file := filepath.Join(b.TempDir(), "h.yaml")
	if err := os.WriteFile(file, []byte("regions: [huzhou]\nhorizon: 2027\nseed: 20250101\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := scenarios.LoadConfig([]string{file}, scenarios.Overrides{})
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
		k := 0
		for _, p := range cat.Programs() {
			v, ok := plan.Programs[p.ID][y]
			if !ok || !plan.Budgeted[p.ID] || k == n {
				continue
			}
			k++
			g.Cells = append(g.Cells, len(s.Cells))
			g.Total += v
			s.Cells = append(s.Cells, optimize.Cell{Program: p.ID, Year: y})
			s.Floor, s.Cap = append(s.Floor, v/2), append(s.Cap, 2*v)
		}
		g.Total = float64(int(g.Total + 0.5))
		s.Groups = append(s.Groups, g)
	}
	m.Cells = s.Cells
	if len(s.Cells) != 3*n {
		b.Fatalf("%d programme-years, want %d", len(s.Cells), 3*n)
	}
	return s, m
}

// BenchmarkHuzhou optimises Huzhou's 15 programmes × 3 years with 20,000 paths per evaluation
// (the command's default search; no final comparison or frontier), and 5 of them to show how the
// cost grows with the number of programmes.
func BenchmarkHuzhou(b *testing.B) {
	for _, n := range []int{15, 5} {
		b.Run(fmt.Sprintf("programmes=%d", n), func(b *testing.B) {
			s, m := huzhouModel(b, n)
			for b.Loop() {
				sol, err := optimize.Allocation(context.Background(), s, m.Plan(), m.Score, optimize.Options{Seed: 20250101})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(sol.Evaluations), "evaluations")
				b.ReportMetric(sol.Value-sol.StartValue, "gain")
			}
		})
	}
}
