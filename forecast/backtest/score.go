package backtest

import (
	"cmp"
	"math"
	"slices"

	"github.com/healthsim/healthsim/forecast"
)

// Scores summarise a set of forecasts.
type Scores struct {
	N          int     `json:"n"`           // forecasts
	Coverage50 float64 `json:"coverage_50"` // share of outcomes within p25…p75
	Coverage90 float64 `json:"coverage_90"` // share of outcomes within p05…p95
	// Mean interval scores of the central 50% and 90% intervals, in units of each series'
	// typical yearly step (so that series of any scale weigh alike), for the model and the naive
	// forecast, and the skill 1 − model/naive (above 0: the model is better).
	IntervalScore50      float64 `json:"interval_score_50"`
	IntervalScore50Naive float64 `json:"interval_score_50_naive"`
	IntervalSkill50      float64 `json:"interval_skill_50"`
	IntervalScore90      float64 `json:"interval_score_90"`
	IntervalScore90Naive float64 `json:"interval_score_90_naive"`
	IntervalSkill90      float64 `json:"interval_skill_90"`
	// Pseudo-targets: their number, the Brier score of the model's probabilities and of the
	// naive forecast's, and the skill 1 − model/naive.
	Targets    int     `json:"pseudo_targets"`
	Brier      float64 `json:"brier"`
	BrierNaive float64 `json:"brier_naive"`
	BrierSkill float64 `json:"brier_skill"`
}

// HorizonScores are the scores of the forecasts h years ahead.
type HorizonScores struct {
	H int `json:"h"`
	Scores
}

// GroupScores are the scores of one group of series.
type GroupScores struct {
	Group string `json:"group"`
	Scores
}

// Bin is one row of a reliability table: the pseudo-targets whose predicted probability lies in
// [Lo, Hi) (the last bin includes 1), their mean predicted probability and the share met.
type Bin struct {
	Lo        float64 `json:"bin_lo"`
	Hi        float64 `json:"bin_hi"`
	N         int     `json:"n"`
	Predicted float64 `json:"predicted"`
	Observed  float64 `json:"observed"`
}

// Report is the scored backtest.
type Report struct {
	Scores
	Series      int             `json:"series"` // series with at least one forecast
	ByHorizon   []HorizonScores `json:"by_horizon"`
	ByGroup     []GroupScores   `json:"by_group"`
	Reliability []Bin           `json:"reliability"`
	// PIT counts the forecasts whose probability integral transform (the forecast's probability
	// of a value at or below the outcome) falls in each tenth of [0, 1]; flat when calibrated.
	PIT []int `json:"pit"`
}

// Bins of the reliability table and the PIT histogram.
const Bins = 10

// Score scores forecasts: overall, per horizon, per group, with the reliability table of the
// pseudo-targets' probabilities and the PIT histogram.
func Score(fs []Forecast) Report {
	r := Report{Scores: scores(fs), Reliability: Reliability(fs), PIT: PITHistogram(fs)}
	byH := map[int][]Forecast{}
	byG := map[string][]Forecast{}
	series := map[string]bool{}
	for _, f := range fs {
		byH[f.H] = append(byH[f.H], f)
		byG[f.Group] = append(byG[f.Group], f)
		series[f.Series] = true
	}
	r.Series = len(series)
	for h, hs := range byH {
		r.ByHorizon = append(r.ByHorizon, HorizonScores{H: h, Scores: scores(hs)})
	}
	slices.SortFunc(r.ByHorizon, func(a, b HorizonScores) int { return cmp.Compare(a.H, b.H) })
	for g, gs := range byG {
		r.ByGroup = append(r.ByGroup, GroupScores{Group: g, Scores: scores(gs)})
	}
	slices.SortFunc(r.ByGroup, func(a, b GroupScores) int { return cmp.Compare(a.Group, b.Group) })
	return r
}

// scores computes the Scores of a set of forecasts.
func scores(fs []Forecast) Scores {
	var s Scores
	s.N = len(fs)
	if s.N == 0 {
		return s
	}
	var in50, in90 int
	for _, f := range fs {
		if inInterval(f.Outcome, f.Q[forecast.Q25], f.Q[forecast.Q75]) {
			in50++
		}
		if inInterval(f.Outcome, f.Q[forecast.Q05], f.Q[forecast.Q95]) {
			in90++
		}
		sc := f.scale()
		s.IntervalScore50 += IntervalScore(f.Q[forecast.Q25], f.Q[forecast.Q75], f.Outcome, 0.5) / sc
		s.IntervalScore90 += IntervalScore(f.Q[forecast.Q05], f.Q[forecast.Q95], f.Outcome, 0.1) / sc
		s.IntervalScore50Naive += IntervalScore(f.Naive.Quantile(0.25), f.Naive.Quantile(0.75), f.Outcome, 0.5) / sc
		s.IntervalScore90Naive += IntervalScore(f.Naive.Quantile(0.05), f.Naive.Quantile(0.95), f.Outcome, 0.1) / sc
		for _, t := range f.Targets {
			s.Targets++
			s.Brier += Brier(t.P, t.Hit)
			s.BrierNaive += Brier(t.PNaive, t.Hit)
		}
	}
	n := float64(s.N)
	s.Coverage50, s.Coverage90 = float64(in50)/n, float64(in90)/n
	s.IntervalScore50 /= n
	s.IntervalScore90 /= n
	s.IntervalScore50Naive /= n
	s.IntervalScore90Naive /= n
	s.IntervalSkill50 = skill(s.IntervalScore50, s.IntervalScore50Naive)
	s.IntervalSkill90 = skill(s.IntervalScore90, s.IntervalScore90Naive)
	if s.Targets > 0 {
		s.Brier /= float64(s.Targets)
		s.BrierNaive /= float64(s.Targets)
		s.BrierSkill = skill(s.Brier, s.BrierNaive)
	}
	return s
}

func inInterval(y, lo, hi float64) bool { return y >= lo && y <= hi }

func skill(model, naive float64) float64 {
	if naive == 0 {
		return 0
	}
	return 1 - model/naive
}

// scale is the unit a forecast's interval scores are divided by: the series' typical yearly
// step up to the origin, or the naive forecast's one-year spread for a flat history.
func (f Forecast) scale() float64 {
	if f.Step > 0 {
		return f.Step
	}
	return f.Naive.SD / math.Sqrt(float64(f.H))
}

// IntervalScore is the interval score of a central (1 − alpha) interval [lo, hi] for outcome y
// (Gneiting and Raftery 2007): its width plus 2/alpha times the distance by which y falls
// outside it. Lower is better.
func IntervalScore(lo, hi, y, alpha float64) float64 {
	s := hi - lo
	if y < lo {
		s += 2 / alpha * (lo - y)
	}
	if y > hi {
		s += 2 / alpha * (y - hi)
	}
	return s
}

// Brier is the squared error of probability p for an event that happened or not.
func Brier(p float64, hit bool) float64 {
	o := 0.0
	if hit {
		o = 1
	}
	return (p - o) * (p - o)
}

// binOf is the tenth of [0, 1] that p falls in; 1 falls in the last.
func binOf(p float64) int { return min(Bins-1, max(0, int(p*Bins))) }

// Reliability tabulates the pseudo-targets' predicted probabilities by tenths against the share
// of them met.
func Reliability(fs []Forecast) []Bin {
	bins := make([]Bin, Bins)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/Bins, float64(i+1)/Bins
	}
	for _, f := range fs {
		for _, t := range f.Targets {
			b := &bins[binOf(t.P)]
			b.N++
			b.Predicted += t.P
			if t.Hit {
				b.Observed++
			}
		}
	}
	for i := range bins {
		if n := float64(bins[i].N); n > 0 {
			bins[i].Predicted /= n
			bins[i].Observed /= n
		}
	}
	return bins
}

// PITHistogram counts the forecasts' PIT values by tenths of [0, 1].
func PITHistogram(fs []Forecast) []int {
	h := make([]int, Bins)
	for _, f := range fs {
		h[binOf(f.PIT)]++
	}
	return h
}
