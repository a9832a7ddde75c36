package sensitivity_test

import (
	"context"
	"runtime"
	"slices"
	"testing"

	"github.com/healthsim/healthsim/forecast/sensitivity"
)

// Sizes of BenchmarkSobolDefault: the command's defaults.
const (
	benchN     = 128
	benchPaths = 2000
)

// BenchmarkSobolDefault estimates the Sobol indices of every target of the default scenario (the
// whole catalogue, funding as planned) over the 8 model-wide assumptions: N × (8 + 2) runs.
func BenchmarkSobolDefault(b *testing.B) {
	sc, d := resolve(b, "")
	as, err := sensitivity.DefaultAssumptions()
	if err != nil {
		b.Fatal(err)
	}
	as = slices.DeleteFunc(as, func(a sensitivity.Assumption) bool { return a.Kind == sensitivity.Program })
	st, err := sensitivity.NewStudy(context.Background(), sc, d, as, runtime.GOMAXPROCS(0))
	if err != nil {
		b.Fatal(err)
	}
	if len(st.Assumptions) != 8 {
		b.Fatalf("%d assumptions, want 8", len(st.Assumptions))
	}
	for b.Loop() {
		_, err := sensitivity.Sobol{N: benchN, Seed: 1}.Estimate(context.Background(), len(as), func(ctx context.Context, pts [][]float64) ([][]float64, error) {
			vals := make([][]float64, len(pts))
			for i, u := range pts {
				vals[i] = sensitivity.FromUnit(st.Assumptions, u)
			}
			return st.Evaluate(ctx, 1, benchPaths, vals)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(st.Targets)), "targets")
}
