package backtest

import (
	"math"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

// tiny are four hand-made forecasts with the quantiles 1…7 (p05…p95) and one-unit steps.
func tiny() []Forecast {
	q := [7]float64{1, 2, 3, 4, 5, 6, 7}
	return []Forecast{
		{Series: "a", Group: "g", H: 1, Outcome: 4.5, Q: q, Step: 1, PIT: 0.05,
			Targets: []Pseudo{{P: 0.8, Hit: true, PNaive: 0.5}}},
		{Series: "a", Group: "g", H: 2, Outcome: 8, Q: q, Step: 1, PIT: 0.15,
			Targets: []Pseudo{{P: 0.3, Hit: false, PNaive: 0.5}}},
		{Series: "a", Group: "g", H: 1, Outcome: 2.5, Q: q, Step: 1, PIT: 0.95,
			Targets: []Pseudo{{P: 1, Hit: true, PNaive: 0.5}}},
		{Series: "b", Group: "h", H: 1, Outcome: 3, Q: q, Step: 2, PIT: 1},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestScoreHandComputed(t *testing.T) {
	r := Score(tiny())
	// Inside p25…p75 = [3, 5]: 4.5 and 3 (bounds count); inside p05…p95 = [1, 7]: all but 8.
	if r.N != 4 || !near(r.Coverage50, 0.5) || !near(r.Coverage90, 0.75) {
		t.Errorf("n %d, coverage 50 %v, 90 %v; want 4, 0.5, 0.75", r.N, r.Coverage50, r.Coverage90)
	}
	// 90% interval scores: width 6; 8 lies 1 above p95: 6 + 2/0.1 × 1 = 26; the last forecast's
	// step is 2, so its 6 counts 3. Mean (6 + 26 + 6 + 3)/4.
	if !near(r.IntervalScore90, 41.0/4) {
		t.Errorf("interval score 90 = %v, want %v", r.IntervalScore90, 41.0/4)
	}
	// 50%: width 2; 8 is 3 above p75: 2 + 4×3 = 14; 2.5 is 0.5 below p25: 2 + 4×0.5 = 4; 2/2 = 1.
	if !near(r.IntervalScore50, (2+14+4+1)/4.0) {
		t.Errorf("interval score 50 = %v, want %v", r.IntervalScore50, 21/4.0)
	}
	// Brier: (0.8−1)² = 0.04, (0.3−0)² = 0.09, (1−1)² = 0; naive 0.25 each.
	if r.Targets != 3 || !near(r.Brier, 0.13/3) || !near(r.BrierNaive, 0.25) || !near(r.BrierSkill, 1-0.13/3/0.25) {
		t.Errorf("targets %d, Brier %v, naive %v, skill %v", r.Targets, r.Brier, r.BrierNaive, r.BrierSkill)
	}
	// PIT 0.05 and 0.15 in the first two tenths, 0.95 and 1 in the last.
	if want := []int{1, 1, 0, 0, 0, 0, 0, 0, 0, 2}; !equal(r.PIT, want) {
		t.Errorf("PIT histogram %v, want %v", r.PIT, want)
	}
	rel := r.Reliability
	if rel[8].N != 1 || !near(rel[8].Predicted, 0.8) || rel[8].Observed != 1 ||
		rel[3].N != 1 || rel[3].Observed != 0 || rel[9].N != 1 || !near(rel[9].Lo, 0.9) || rel[9].Hi != 1 {
		t.Errorf("reliability %+v", rel)
	}
	if len(r.ByHorizon) != 2 || r.ByHorizon[0].H != 1 || r.ByHorizon[0].N != 3 || !near(r.ByHorizon[1].Coverage90, 0) {
		t.Errorf("by horizon %+v", r.ByHorizon)
	}
	if len(r.ByGroup) != 2 || r.ByGroup[0].Group != "g" || r.ByGroup[0].N != 3 || r.Series != 2 {
		t.Errorf("by group %+v, series %d", r.ByGroup, r.Series)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestIntervalScoreAndBrier(t *testing.T) {
	cases := []struct{ lo, hi, y, alpha, want float64 }{
		{1, 3, 2, 0.1, 2},
		{1, 3, 0, 0.1, 2 + 20},
		{1, 3, 4, 0.5, 2 + 4},
		{1, 3, 3, 0.5, 2},
	}
	for _, c := range cases {
		if got := IntervalScore(c.lo, c.hi, c.y, c.alpha); !near(got, c.want) {
			t.Errorf("IntervalScore(%v, %v, %v, %v) = %v, want %v", c.lo, c.hi, c.y, c.alpha, got, c.want)
		}
	}
	if !near(Brier(0.7, true), 0.09) || !near(Brier(0.7, false), 0.49) {
		t.Error("Brier")
	}
}

func TestNaiveFitHandComputed(t *testing.T) {
	obs := []scenarios.Observation{{Year: 2000, Value: 10}, {Year: 2001, Value: 12}, {Year: 2002, Value: 13}, {Year: 2003, Value: 17}}
	w := NaiveFit(obs)
	// Drift (17 − 10)/3; residual steps −1/3, −4/3, 5/3: Σ² = 42/9 over 4 − 2 = 2 → variance 7/3.
	if !near(w.Drift, 7.0/3) || !near(w.SD, math.Sqrt(7.0/3)) {
		t.Errorf("drift %v, sd %v; want %v, %v", w.Drift, w.SD, 7.0/3, math.Sqrt(7.0/3))
	}
	n := w.At(2)
	if !near(n.Mean, 17+14.0/3) || !near(n.SD, math.Sqrt(14.0/3)) {
		t.Errorf("At(2) = %+v", n)
	}
	if p := n.Above(n.Mean); !near(p, 0.5) {
		t.Errorf("P(above the mean) = %v", p)
	}
	if q := n.Quantile(0.95); math.Abs(q-(n.Mean+1.6448536269514722*n.SD)) > 1e-9 {
		t.Errorf("p95 = %v", q)
	}
	// A gap of two years counts as two yearly steps: 10, 12 (2 years later), 13.
	gap := NaiveFit([]scenarios.Observation{{Year: 2000, Value: 10}, {Year: 2002, Value: 12}, {Year: 2003, Value: 13}})
	// Drift 1; residuals (2 − 2)²/2 = 0 and (1 − 1)² = 0: the floor applies.
	if !near(gap.Drift, 1) || gap.SD != 1e-6*13 {
		t.Errorf("gap: %+v", gap)
	}
}

func TestSplit(t *testing.T) {
	ps, err := Panel()
	if err != nil {
		t.Fatal(err)
	}
	geos := map[string]bool{}
	train := map[string]bool{}
	for _, s := range ps {
		geos[s.Geo()] = true
		if s.InTrain() {
			train[s.Geo()] = true
		}
	}
	share := float64(len(train)) / float64(len(geos))
	// A hash puts each of about 200 geos in training with probability 2/3: sd about 0.033.
	if share < 0.57 || share > 0.77 {
		t.Errorf("%d of %d geos in training (%.2f), want about 2/3", len(train), len(geos), share)
	}
	tr, te := Select(ps, Train), Select(ps, Test)
	if len(tr)+len(te) != len(ps) || len(Select(ps, All)) != len(ps) {
		t.Errorf("train %d + test %d != %d", len(tr), len(te), len(ps))
	}
	for _, s := range te {
		if train[s.Geo()] {
			t.Fatalf("geo %s on both sides", s.Geo())
		}
	}
}
