package optimize_test

import (
	"context"
	"fmt"
	"math"

	"github.com/healthsim/healthsim/forecast/optimize"
)

// Split 1,000万元 between two programmes with diminishing returns, 2·log(1 + a/100) and
// log(1 + b/100), each at least 100万元: the optimum equates the marginal returns,
// 2/(100 + a) = 1/(100 + b), so a = 700万元 and b = 300万元.
func ExampleAllocation() {
	s := &optimize.Space{
		Cells:  []optimize.Cell{{Program: "first", Year: 2024}, {Program: "second", Year: 2024}},
		Floor:  []float64{100, 100},
		Cap:    []float64{math.Inf(1), math.Inf(1)},
		Groups: []optimize.Group{{Cells: []int{0, 1}, Total: 1000}},
	}
	value := func(_ context.Context, _ uint64, allocs [][]float64) ([]float64, error) {
		out := make([]float64, len(allocs))
		for i, a := range allocs {
			out[i] = 2*math.Log1p(a[0]/100) + math.Log1p(a[1]/100)
		}
		return out, nil
	}
	sol, err := optimize.Allocation(context.Background(), s, []float64{500, 500}, value, optimize.Options{Tolerance: 1e-12})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("first %.0f万元, second %.0f万元; value %.4f (plan %.4f)\n", sol.Best[0], sol.Best[1], sol.Value, sol.StartValue)
	// Output:
	// first 700万元, second 300万元; value 5.5452 (plan 5.3753)
}
