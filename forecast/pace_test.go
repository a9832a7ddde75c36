package forecast

import (
	"fmt"
	"math"
	"testing"
)

func TestEstimatePaceOrderOfEvidence(t *testing.T) {
	fam := Pace{Mean: 0.03, Spread: 0.04, Noise: 0.03, Basis: "family:rate"}
	ref := Pace{Mean: 0.05, Spread: 0.015, Noise: 0.03, Basis: "reference:cn_beds_per_1000"}
	line := []YearZ{{2018, 1.0}, {2019, 1.1}, {2020, 1.2}, {2021, 1.3}}
	for _, tc := range []struct {
		name      string
		own       []YearZ
		ref       *Pace
		basis     string
		mean, tol float64
	}{
		{"three points are fitted", line, &ref, "history", 0.1, 1e-12},
		{"one point takes the reference", line[3:], &ref, "reference:cn_beds_per_1000", 0.05, 0},
		{"one point without reference takes the family", line[3:], nil, "family:rate", 0.03, 0},
		{"two points are shrunk toward the reference", []YearZ{{2015, 0}, {2020, 0.5}}, &ref, "history+reference:cn_beds_per_1000", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := EstimatePace(tc.own, tc.ref, fam)
			if p.Basis != tc.basis {
				t.Errorf("basis %s, want %s", p.Basis, tc.basis)
			}
			if tc.basis == "history+reference:cn_beds_per_1000" {
				// Precision weights: the slope 0.1 has variance 2·0.03²/25, the reference 0.015².
				vOwn, vRef := 2*0.03*0.03/25, 0.015*0.015
				want := (0.1/vOwn + 0.05/vRef) / (1/vOwn + 1/vRef)
				if math.Abs(p.Mean-want) > 1e-12 || math.Abs(p.Spread-math.Sqrt(1/(1/vOwn+1/vRef))) > 1e-12 {
					t.Errorf("shrunk pace %+v, want mean %v", p, want)
				}
				if !(p.Mean > 0.05 && p.Mean < 0.1) {
					t.Errorf("shrunk mean %v not between the reference and the own slope", p.Mean)
				}
				return
			}
			if math.Abs(p.Mean-tc.mean) > tc.tol+1e-15 {
				t.Errorf("mean %v, want %v", p.Mean, tc.mean)
			}
		})
	}
}

func TestReferencePace(t *testing.T) {
	fam := Pace{Spread: 0.04, Noise: 0.03}
	// Yearly changes 0.1, 0.2, 0.3 (an irregular step from 2010 to 2012 is annualised).
	pts := []YearZ{{2013, 0.6}, {2010, 0}, {2012, 0.3}, {2014, 0.9}}
	p, err := ReferencePace("x", pts, fam)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(p.Mean-0.9/4) > 1e-12 || math.Abs(p.Spread-sampleSD([]float64{0.15, 0.3, 0.3})) > 1e-12 || p.Noise != 0.03 || p.Basis != "reference:x" {
		t.Errorf("pace %+v", p)
	}
	if _, err := ReferencePace("y", pts[:1], fam); err == nil {
		t.Error("a single point gave a pace")
	}
	// Only the last ten years count.
	old := append([]YearZ{{1990, -10}}, pts...)
	if q, _ := ReferencePace("x", old, fam); q.Mean != p.Mean {
		t.Errorf("a point 24 years old moved the pace: %v", q.Mean)
	}
}

// ExampleEstimatePace projects the status-quo pace of a quantity observed once, from the national
// pace of the same quantity: registered nurses per 1000, in log units (relative change a year).
func ExampleEstimatePace() {
	d, _ := LoadDefaults()
	fam := d.Families["rate"].Prior("rate", +1, 0)
	national := []YearZ{{2019, math.Log(3.18)}, {2020, math.Log(3.34)}, {2021, math.Log(3.56)}, {2022, math.Log(3.71)}, {2023, math.Log(4.00)}, {2024, math.Log(4.16)}}
	ref, _ := ReferencePace("cn_nurses_per_1000", national, fam)
	p := EstimatePace([]YearZ{{2023, math.Log(4.1)}}, &ref, fam)
	fmt.Printf("%s: %+.1f%% a year (spread %.1f%%, noise %.1f%%)\n", p.Basis, 100*p.Mean, 100*p.Spread, 100*p.Noise)
	// Output:
	// reference:cn_nurses_per_1000: +5.4% a year (spread 1.5%, noise 3.0%)
}
