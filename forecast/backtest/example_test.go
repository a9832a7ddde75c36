package backtest_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/forecast/backtest"
)

// Read a series file, forecast every origin one and two years ahead with the status-quo model,
// and score the forecasts.
func Example() {
	const file = `series,year,value,kind,unit
beds,2015,5.11,positive,per 1000
beds,2016,5.37,,
beds,2017,5.72,,
beds,2018,6.03,,
beds,2019,6.30,,
beds,2020,6.46,,
beds,2021,6.70,,
`
	series, err := backtest.ReadCSV(strings.NewReader(file), "beds.csv", 3)
	if err != nil {
		log.Fatal(err)
	}
	defaults, err := forecast.LoadDefaults()
	if err != nil {
		log.Fatal(err)
	}
	fs, err := backtest.Forecasts(context.Background(), series, backtest.Options{
		Horizons: []int{1, 2}, MinHistory: 3, Runs: 2000, Seed: 1, Defaults: defaults,
	})
	if err != nil {
		log.Fatal(err)
	}
	r := backtest.Score(fs)
	for _, h := range r.ByHorizon {
		fmt.Printf("%d year(s) ahead: %d forecasts\n", h.H, h.N)
	}
	// Output:
	// 1 year(s) ahead: 4 forecasts
	// 2 year(s) ahead: 3 forecasts
}

// Score hand-made forecasts: the outcome 4.5 lies in both central intervals, 8 in neither.
func ExampleScore() {
	q := [7]float64{1, 2, 3, 4, 5, 6, 7} // p05, p10, p25, p50, p75, p90, p95
	r := backtest.Score([]backtest.Forecast{
		{Series: "a", H: 1, Outcome: 4.5, Q: q, Step: 1, PIT: 0.6, Targets: []backtest.Pseudo{{P: 0.8, Hit: true, PNaive: 0.6}}},
		{Series: "a", H: 1, Outcome: 8, Q: q, Step: 1, PIT: 0.99, Targets: []backtest.Pseudo{{P: 0.3, Hit: true, PNaive: 0.6}}},
	})
	fmt.Printf("coverage 50%%: %.2f, 90%%: %.2f\n", r.Coverage50, r.Coverage90)
	fmt.Printf("Brier %.3f (naive %.3f)\n", r.Brier, r.BrierNaive)
	// Output:
	// coverage 50%: 0.50, 90%: 0.50
	// Brier 0.265 (naive 0.160)
}
