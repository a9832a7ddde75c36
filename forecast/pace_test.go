package forecast

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
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
			p := EstimatePace(tc.own, tc.ref, fam, HistoryFit{NoiseScale: 1, NoiseFloor: 0.5}, TwoPointFit{SlopeNoise: 1, PriorSpread: 1, NoiseScale: 1})
			if p.Basis != tc.basis {
				t.Errorf("basis %s, want %s", p.Basis, tc.basis)
			}
			if tc.basis == "history+reference:cn_beds_per_1000" {
				// Precision weights: the slope 0.1 has variance 0.03²/5, the reference 0.015².
				vOwn, vRef := 0.03*0.03/5, 0.015*0.015
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

// Two observations, 2 in 2015 and 2.5 in 2020, shrunk toward a prior of 0.02 ± 0.01 with noise
// 0.05: the slope is ln(1.25)/5 = 0.0446287; its variance (2·0.05)²/5 = 0.002 against the prior's
// (1.5·0.01)² = 0.000225 gives it the weight w = 0.000225/0.002225 = 9/89, so μ = 0.02 + 9/89 ·
// 0.0246287 = 0.0224905; the spread is √(9/89 · 0.002 + (0.2 μ)²) = 0.0149158 and the noise 0.8 ·
// 0.05 = 0.04.
func TestTwoPointShrink(t *testing.T) {
	fit := TwoPointFit{SlopeNoise: 2, PriorSpread: 1.5, SpreadPace: 0.2, NoiseScale: 0.8}
	prior := Pace{Mean: 0.02, Spread: 0.01, Noise: 0.05, Basis: "family:rate"}
	got := fit.Shrink(YearZ{2020, math.Log(2.5)}, YearZ{2015, math.Log(2)}, prior)
	want := Pace{Mean: 0.0224905437, Spread: 0.0149157693, Noise: 0.04, Basis: "history+family:rate"}
	if math.Abs(got.Mean-want.Mean) > 1e-10 || math.Abs(got.Spread-want.Spread) > 1e-10 ||
		math.Abs(got.Noise-want.Noise) > 1e-15 || got.Basis != want.Basis {
		t.Errorf("Shrink = %+v, want %+v", got, want)
	}
	// Without a prior spread the prior's pace stands; without slope noise the slope does.
	if p := (TwoPointFit{SlopeNoise: 2, NoiseScale: 1}).Shrink(YearZ{2015, 0}, YearZ{2020, 0.5}, prior); p.Mean != 0.02 || p.Spread != 0 {
		t.Errorf("no prior spread: %+v", p)
	}
	flat := Pace{Mean: 0.02, Noise: 0, Basis: "family:x"}
	if p := (TwoPointFit{SlopeNoise: 1, NoiseScale: 1}).Shrink(YearZ{2015, 0}, YearZ{2020, 0.5}, flat); p.Mean != 0.1 || p.Spread != 0 {
		t.Errorf("no noise and no spread: %+v", p)
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
	p := EstimatePace([]YearZ{{2023, math.Log(4.1)}}, &ref, fam, HistoryFit{NoiseScale: 1}, TwoPointFit{SlopeNoise: 1, PriorSpread: 1, NoiseScale: 1})
	fmt.Printf("%s: %+.1f%% a year (spread %.1f%%, noise %.1f%%)\n", p.Basis, 100*p.Mean, 100*p.Spread, 100*p.Noise)
	// Output:
	// reference:cn_nurses_per_1000: +5.4% a year (spread 1.5%, noise 3.0%)
}

// A random walk with drift fitted by hand: points 0, 0.3, 0.4 (2018–2020) and 1.0 (2022, a gap
// of two years). Drift (1.0 − 0)/4 = 0.25; changes about it −0.05/1, 0.1 − 0.25 = −0.15 over one
// year, and 0.6 − 0.5 = 0.1 over two: Σ e²/g = 0.0025 + 0.0225 + 0.005 = 0.03 on 2 degrees of
// freedom, so the noise is √0.015 and the drift's standard error √0.015/√4.
func TestHistoryFit(t *testing.T) {
	pts := []YearZ{{2020, 0.4}, {2018, 0}, {2019, 0.3}, {2022, 1.0}}
	drift, noise, se := FitWalk(pts)
	if math.Abs(drift-0.25) > 1e-12 || math.Abs(noise-math.Sqrt(0.015)) > 1e-12 || math.Abs(se-math.Sqrt(0.015)/2) > 1e-12 {
		t.Errorf("FitWalk = %v, %v, %v", drift, noise, se)
	}
	prior := Pace{Noise: 0.5}
	h := HistoryFit{NoiseScale: 2, NoiseFloor: 0.1, SpreadNoise: 0.5, SpreadPace: 0.4}
	p := h.Fit(pts, prior)
	wantNoise := 2 * math.Sqrt(0.015) // the floor 0.05 is below √0.015 ≈ 0.122
	wantSpread := math.Sqrt(0.015/4 + 0.25*wantNoise*wantNoise + 0.16*0.25*0.25)
	if p.Mean != drift || math.Abs(p.Noise-wantNoise) > 1e-12 || math.Abs(p.Spread-wantSpread) > 1e-12 || p.Basis != BasisHistory {
		t.Errorf("Fit = %+v, want noise %v, spread %v", p, wantNoise, wantSpread)
	}
	if q := h.Fit(pts, Pace{Noise: 3}); math.Abs(q.Noise-2*0.3) > 1e-12 {
		t.Errorf("floored noise %v, want %v", q.Noise, 0.6)
	}
}

// ExampleReferencePace lists the pace of every embedded reference series as the model reads it:
// relative change a year (log units) for rates and counts, logit change a year for shares, and
// the spread of the yearly changes. docs/MODEL.md quotes this table.
func ExampleReferencePace() {
	ev, err := scenarios.LoadEvidence()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("series                               years      n  single  pace     spread  (units/yr)")
	for _, id := range slices.Sorted(maps.Keys(ev.Series)) {
		s := ev.Series[id]
		unit, z := "log", math.Log
		switch {
		case strings.Contains(id, "growth"):
			unit, z = "points", func(x float64) float64 { return x }
		case s.Unit == "%" && !strings.Contains(id, "ncd"):
			unit, z = "logit", func(x float64) float64 { return math.Log(x / (100 - x)) }
		}
		var pts []YearZ
		single := 0
		for _, p := range s.Points {
			pts = append(pts, YearZ{p.Year, z(p.Value)})
			if p.SecondSource == scenarios.SingleSource {
				single++
			}
		}
		if len(pts) < 2 {
			continue
		}
		p, _ := ReferencePace(id, pts, Pace{Spread: math.NaN()})
		years := fmt.Sprintf("%d–%d", s.Points[0].Year, s.Latest().Year)
		fmt.Printf("%-36s %-9s %2d  %6d  %+.4f  %.4f  (%s)\n", id, years, len(pts), single, p.Mean, p.Spread, unit)
	}
	// Output:
	// series                               years      n  single  pace     spread  (units/yr)
	// cn_beds_per_1000                     2015–2024 10       4  +0.0399  0.0153  (log)
	// cn_gps_per_10000                     2015–2024 10       5  +0.1323  0.0557  (log)
	// cn_health_literacy                   2012–2024  9       9  +0.1487  0.0574  (logit)
	// cn_hospital_alos                     2009–2024  6       4  -0.0225  0.0222  (log)
	// cn_infant_mortality                  2010–2024 12       5  -0.0800  0.0304  (log)
	// cn_inpatient_cost_growth             2010–2024  6       6  -1.1667  1.4422  (points)
	// cn_life_expectancy                   2010–2024 10       4  +0.0038  0.0019  (log)
	// cn_maternal_mortality                2010–2024 12       5  -0.0417  0.0222  (log)
	// cn_nurses_per_1000                   2015–2024 10       5  +0.0630  0.0156  (log)
	// cn_out_of_pocket_share               2010–2024 13      13  -0.0215  0.0428  (logit)
	// cn_outpatient_cost_growth            2010–2024  6       6  -0.7222  3.0152  (points)
	// cn_physicians_per_1000               2015–2024 10       4  +0.0545  0.0127  (log)
	// cn_premature_ncd_mortality           2015–2023  4       4  -0.0262  0.0142  (log)
	// cn_primary_care_visit_share          2014–2024  6       6  -0.0214  0.0376  (logit)
	// cn_under5_mortality                  2014–2024  8       6  -0.0737  0.0261  (log)
	// hangzhou_life_expectancy_registered  2010–2020  6       6  +0.0030  0.0010  (log)
	// hangzhou_premature_ncd_mortality     2018–2020  3       3  -0.0435  0.0075  (log)
	// huzhou_life_expectancy_registered    2009–2019  3       3  +0.0062  0.0040  (log)
	// ningbo_premature_ncd_mortality       2015–2020  2       2  -0.0469  NaN  (log)
	// zhejiang_health_literacy             2020–2021  2       2  +0.1340  NaN  (logit)
}

// ExampleTwoPointFit_Shrink reads the pace of Shaoxing's beds per 1000 (4.71 in 2015, 6.07 in
// 2020) against the national pace, with the calibrated defaults.
func ExampleTwoPointFit_Shrink() {
	d, err := LoadDefaults()
	if err != nil {
		panic(err)
	}
	national := Pace{Mean: 0.0399, Spread: 0.0153, Noise: 0.03, Basis: "reference:cn_beds_per_1000"}
	p := d.TwoPoint.Shrink(YearZ{2015, math.Log(4.71)}, YearZ{2020, math.Log(6.07)}, national)
	fmt.Printf("%s: %.1f%% a year, spread %.1f%%, noise %.2f%%\n", p.Basis, 100*p.Mean, 100*p.Spread, 100*p.Noise)
	// Output: history+reference:cn_beds_per_1000: 4.1% a year, spread 1.3%, noise 1.65%
}
