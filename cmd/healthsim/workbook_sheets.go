package main

import (
	"math"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// natureText says whether a target is binding (约束性), expected (预期性) or neither.
func natureText(n scenarios.Nature) string {
	if n == scenarios.Unstated {
		return "not stated"
	}
	return string(n)
}

// summarySheet has a row per target and milestone of r, most at risk first.
func summarySheet(scenario string, r *forecast.Result) sheet {
	s := sheet{
		name: "Summary 摘要",
		header: []string{"scenario", "region", "indicator", "名称", "name", "kind", "nature", "year", "test", "target", "unit",
			"baseline year", "baseline", "P(hit)", "SE", "p05", "p50", "p95", "SDG status", "basis"},
		kinds: []cellKind{textCell, textCell, textCell, textCell, textCell, textCell, textCell, intCell, textCell, valueCell, textCell,
			intCell, valueCell, probCell, probCell, valueCell, valueCell, valueCell, textCell, textCell},
	}
	for _, gr := range goalRows(r) {
		g, ir := gr.goal, gr.ind
		q := []float64{math.NaN(), math.NaN(), math.NaN()}
		if len(g.Quantiles) > 0 {
			q = []float64{g.Quantiles[forecast.Q05], g.Quantiles[forecast.Q50], g.Quantiles[forecast.Q95]}
		}
		target := any(g.Value)
		if !g.Test.NeedsValue() {
			target = ""
		}
		s.rows = append(s.rows, sheetRow{unit: ir.Unit, cells: []any{scenario, ir.Region, ir.ID, ir.NameZH, ir.NameEN, goalKind(g),
			natureText(ir.Nature), g.Year, string(g.Test), target, ir.Unit, ir.BaselineYear, ir.Baseline, g.PHit, g.SE,
			q[0], q[1], q[2], sdgText(g), rowBasis(gr)}})
	}
	return s
}

// trajectorySheet has a row per indicator and year of r.
func trajectorySheet(scenario string, r *forecast.Result) sheet {
	s := sheet{
		name:   "Trajectories 轨迹",
		header: []string{"scenario", "region", "indicator", "名称", "unit", "year", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "mean"},
		kinds: []cellKind{textCell, textCell, textCell, textCell, textCell, intCell,
			valueCell, valueCell, valueCell, valueCell, valueCell, valueCell, valueCell, valueCell},
	}
	for _, ir := range r.Indicators {
		for _, pt := range ir.Trajectory {
			cells := []any{scenario, ir.Region, ir.ID, ir.NameZH, ir.Unit, pt.Year}
			for _, q := range pt.Q {
				cells = append(cells, q)
			}
			s.rows = append(s.rows, sheetRow{unit: ir.Unit, cells: append(cells, pt.Mean)})
		}
	}
	return s
}

// scenarioSheet ranks the scenarios of a comparison as the terminal table does.
func scenarioSheet(cmp []scenarioSummary) sheet {
	s := sheet{
		name: "Scenarios 方案",
		header: []string{"scenario", "reference", "cost (万元)", "expected targets met", "SE", "of", "Δ vs reference",
			"Δ SE (paired)", "Δ per 1亿元", "expected binding met", "of binding", "P(all binding)"},
		kinds: []cellKind{textCell, textCell, numCell, numCell, probCell, intCell, numCell, probCell, numCell, numCell, intCell, probCell},
	}
	for i, c := range cmp {
		ref := ""
		if i == 0 {
			ref = "reference"
		}
		s.rows = append(s.rows, sheetRow{cells: []any{c.Name, ref, c.Cost, c.ExpectedMet, c.ExpectedMetSE, c.Targets, c.DeltaMet,
			c.DeltaMetSE, orNaN(c.PerYi), c.ExpectedBinding, c.BindingTargets, orNaN(c.PAllBinding)}})
	}
	return s
}

// deltaSheet has every projected goal of every scenario with its difference from the reference.
func deltaSheet(rs []*forecast.Result) sheet {
	s := sheet{
		name: "Deltas 差异",
		header: []string{"scenario", "region", "indicator", "名称", "name", "kind", "year", "test", "target", "unit",
			"P(hit)", "SE", "Δ P(hit)", "Δ SE (paired)", "Δ SE (unpaired)"},
		kinds: []cellKind{textCell, textCell, textCell, textCell, textCell, textCell, intCell, textCell, valueCell, textCell,
			probCell, probCell, probCell, probCell, probCell},
	}
	for _, r := range rs {
		for _, ir := range r.Indicators {
			for _, g := range ir.Goals {
				if g.Observed {
					continue
				}
				s.rows = append(s.rows, sheetRow{unit: ir.Unit, cells: []any{r.Allocation, ir.Region, ir.ID, ir.NameZH, ir.NameEN,
					goalKind(g), g.Year, string(g.Test), g.Value, ir.Unit, g.PHit, g.SE, g.Delta, g.DeltaSE, g.DeltaSEUnpaired}})
			}
		}
	}
	return s
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
