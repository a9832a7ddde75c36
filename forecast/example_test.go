package forecast_test

import (
	"context"
	"fmt"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// Project Huzhou's case-mix index from 0.95 in 2022 towards its 2025 target of 1.10, with the
// linked program funded as planned.
func Example() {
	target := 1.10
	cmi := scenarios.Indicator{
		ID: "huzhou_cmi_tertiary", Region: "huzhou", NameZH: "三级公立医院病例组合指数", NameEN: "Case-mix index",
		Kind: scenarios.Level, Direction: scenarios.Higher,
		Observations: []scenarios.Observation{{Year: 2022, Value: 0.95}},
		Targets:      []scenarios.Target{{Year: 2025, Test: scenarios.GE, Value: &target}},
		Programs:     []string{"huzhou_medical_highland"},
	}
	plan := scenarios.Allocation{Name: "plan", Programs: map[string]map[int]float64{
		"huzhou_medical_highland": {2023: 2175.8, 2024: 2730.5, 2025: 1593.7},
	}}
	s := scenarios.Scenario{Name: "example", Horizon: 2027, Runs: 100_000, Seed: 1, Indicators: []scenarios.Indicator{cmi},
		Reference: plan, Allocations: []scenarios.Allocation{plan}}
	defaults, _ := forecast.LoadDefaults()
	m, err := forecast.Compile(s, defaults)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := forecast.Run(context.Background(), m, forecast.RunOptions{Workers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	g := out.Results[0].Indicators[0].Goals[0]
	fmt.Printf("P(CMI >= %.2f in %d) = %.3f ± %.3f\n", g.Value, g.Year, g.PHit, g.SE)
	fmt.Printf("basis: %s\n", out.Results[0].Indicators[0].Basis)
	// Output:
	// P(CMI >= 1.10 in 2025) = 0.014 ± 0.000
	// basis: family:level
}

// ExampleSpaceOf shows the space a share's paces are stated in: logit, so a point near the middle
// of the range weighs less than one near a bound.
func ExampleSpaceOf() {
	d, err := forecast.LoadDefaults()
	if err != nil {
		panic(err)
	}
	lo, hi := 0.0, 100.0
	ind := scenarios.Indicator{Kind: scenarios.Share, Bounds: scenarios.Bounds{Lo: &lo, Hi: &hi}}
	s := forecast.SpaceOf(&ind, d)
	fmt.Printf("z(50) = %.3f, dz/dx at 50: %.3f, at 95: %.3f\n", s.Z(50), s.Slope(50), s.Slope(95))
	// Output: z(50) = 0.000, dz/dx at 50: 0.040, at 95: 0.211
}
