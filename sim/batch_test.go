package sim

import (
	"math"
	"testing"
)

func TestMeanSE(t *testing.T) {
	for _, tc := range []struct {
		name     string
		xs       []float64
		mean, se float64
	}{
		// 1..4: mean 2.5, sample variance 5/3, SE √(5/3/4).
		{"one to four", []float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0 / 3 / 4)},
		{"constant", []float64{7, 7, 7}, 7, 0},
		{"pair", []float64{0, 2}, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, se := MeanSE(len(tc.xs), func(k int) float64 { return tc.xs[k] })
			if math.Abs(m-tc.mean) > 1e-12 || math.Abs(se-tc.se) > 1e-12 {
				t.Errorf("MeanSE(%v) = %v, %v; want %v, %v", tc.xs, m, se, tc.mean, tc.se)
			}
		})
	}
}

func TestBatchSeeds(t *testing.T) {
	a, b := BatchSeeds(42, 8, 0x9e37), BatchSeeds(42, 8, 0x51ed)
	seen := map[uint64]bool{}
	for k := range a {
		if seen[a[k]] || seen[b[k]] {
			t.Fatalf("batch seed %d repeats: %v %v", k, a, b)
		}
		seen[a[k]], seen[b[k]] = true, true
	}
	if again := BatchSeeds(42, 8, 0x9e37); again[7] != a[7] {
		t.Errorf("BatchSeeds is not deterministic: %d then %d", a[7], again[7])
	}
}
