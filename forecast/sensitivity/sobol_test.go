package sensitivity_test

import (
	"context"
	"math"
	"testing"

	"github.com/healthsim/healthsim/forecast/sensitivity"
)

// ishigami is f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³ with a = 7, b = 0.1, evaluated
// from points in the unit cube.
func ishigami(_ context.Context, pts [][]float64) ([][]float64, error) {
	const a, b = 7, 0.1
	out := make([][]float64, len(pts))
	for j, u := range pts {
		x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
		s2 := math.Sin(x2)
		out[j] = []float64{math.Sin(x1) + a*s2*s2 + b*math.Pow(x3, 4)*math.Sin(x1)}
	}
	return out, nil
}

// ishigamiIndices are the closed-form first-order and total indices (Sobol' & Levitan 1999).
func ishigamiIndices() (first, total [3]float64) {
	const a, b = 7.0, 0.1
	p4, p8 := math.Pow(math.Pi, 4), math.Pow(math.Pi, 8)
	v1 := 0.5 * (1 + b*p4/5) * (1 + b*p4/5)
	v2 := a * a / 8
	v13 := b * b * p8 * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func TestSobolIshigami(t *testing.T) {
	first, total := ishigamiIndices()
	for _, seed := range []uint64{1, 2, 3} {
		ix, err := sensitivity.Sobol{N: 8192, Seed: seed}.Estimate(context.Background(), 3, ishigami)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			// 3.5 standard errors: 18 comparisons per seed fail by chance with probability < 1%.
			if d := ix.First[0][i] - first[i]; math.Abs(d) > 3.5*ix.FirstSE[0][i] || ix.FirstSE[0][i] > 0.05 {
				t.Errorf("seed %d: S%d = %.4f ± %.4f, want %.4f", seed, i+1, ix.First[0][i], ix.FirstSE[0][i], first[i])
			}
			if d := ix.Total[0][i] - total[i]; math.Abs(d) > 3.5*ix.TotalSE[0][i] || ix.TotalSE[0][i] > 0.05 {
				t.Errorf("seed %d: ST%d = %.4f ± %.4f, want %.4f", seed, i+1, ix.Total[0][i], ix.TotalSE[0][i], total[i])
			}
		}
	}
}

// TestSobolSECalibrated checks that the reported standard errors match the spread of the
// estimates over independent samples (within a factor of 1.5).
func TestSobolSECalibrated(t *testing.T) {
	const reps = 40
	var est, se [reps][6]float64
	for r := range reps {
		ix, err := sensitivity.Sobol{N: 1024, Seed: uint64(100 + r)}.Estimate(context.Background(), 3, ishigami)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			est[r][i], se[r][i] = ix.First[0][i], ix.FirstSE[0][i]
			est[r][3+i], se[r][3+i] = ix.Total[0][i], ix.TotalSE[0][i]
		}
	}
	for k := range 6 {
		var m, s2, mse float64
		for r := range reps {
			m += est[r][k] / reps
			mse += se[r][k] / reps
		}
		for r := range reps {
			s2 += (est[r][k] - m) * (est[r][k] - m) / (reps - 1)
		}
		if sd := math.Sqrt(s2); sd > 1.5*mse || sd < mse/1.5 {
			t.Errorf("index %d: spread of estimates %.4f, mean reported SE %.4f", k, sd, mse)
		}
	}
}

func TestSobolConstantOutput(t *testing.T) {
	flat := func(_ context.Context, pts [][]float64) ([][]float64, error) {
		out := make([][]float64, len(pts))
		for j, u := range pts {
			out[j] = []float64{1, u[1]} // the first output never varies; the second is x2 alone
		}
		return out, nil
	}
	ix, err := sensitivity.Sobol{N: 512, Seed: 1}.Estimate(context.Background(), 2, flat)
	if err != nil {
		t.Fatal(err)
	}
	if ix.First[0][0] != 0 || ix.Total[0][1] != 0 || ix.Variance[0] != 0 {
		t.Errorf("constant output: indices %v %v", ix.First[0], ix.Total[0])
	}
	if math.Abs(ix.First[1][1]-1) > 4*ix.FirstSE[1][1]+1e-9 || ix.Total[1][0] != 0 {
		t.Errorf("x2 alone: S = %v ± %v, ST = %v", ix.First[1], ix.FirstSE[1], ix.Total[1])
	}
}

func TestSobolBadInput(t *testing.T) {
	if _, err := (sensitivity.Sobol{N: 1}).Estimate(context.Background(), 3, ishigami); err == nil {
		t.Error("N = 1 accepted")
	}
	short := func(context.Context, [][]float64) ([][]float64, error) { return [][]float64{{1}}, nil }
	if _, err := (sensitivity.Sobol{N: 8}).Estimate(context.Background(), 3, short); err == nil {
		t.Error("a model returning too few rows accepted")
	}
}
