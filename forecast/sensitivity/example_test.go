package sensitivity_test

import (
	"context"
	"fmt"

	"github.com/healthsim/healthsim/forecast/sensitivity"
)

// The model y = x1 + 2·x2 on the unit square: x2 carries 4/5 of the variance. The
// first-order estimate lands within its standard error of 0.80.
func ExampleSobol_Estimate() {
	linear := func(_ context.Context, pts [][]float64) ([][]float64, error) {
		out := make([][]float64, len(pts))
		for j, u := range pts {
			out[j] = []float64{u[0] + 2*u[1]}
		}
		return out, nil
	}
	ix, err := sensitivity.Sobol{N: 20000, Seed: 1}.Estimate(context.Background(), 2, linear)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, name := range []string{"x1", "x2"} {
		fmt.Printf("%s: first %.2f ± %.2f, total %.2f ± %.2f\n", name, ix.First[0][i], ix.FirstSE[0][i], ix.Total[0][i], ix.TotalSE[0][i])
	}
	// Output:
	// x1: first 0.20 ± 0.01, total 0.20 ± 0.00
	// x2: first 0.78 ± 0.02, total 0.80 ± 0.01
}
