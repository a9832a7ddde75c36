package backtest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/healthsim/healthsim/scenarios"
)

// Naive is the benchmark forecast: a random walk with the series' own past drift, in the
// series' unit, with normal steps.
type Naive struct {
	Mean, SD float64
}

// Walk is a fitted random walk: the origin's value, the drift per year and the standard
// deviation of one year's step.
type Walk struct {
	Base, Drift, SD float64
}

// NaiveFit fits the random walk to the observations up to the origin: the drift is the mean
// yearly change from the first to the last observation, and a step over g years has variance g
// times the mean of (change − drift·g)²/g over consecutive observations (one degree of freedom
// is spent on the drift). A flat history gets a spread of a millionth of its level, so every
// probability stays defined.
func NaiveFit(obs []scenarios.Observation) Walk {
	first, last := obs[0], obs[len(obs)-1]
	w := Walk{Base: last.Value}
	if span := float64(last.Year - first.Year); span > 0 {
		w.Drift = (last.Value - first.Value) / span
	}
	var ss float64
	for i := 1; i < len(obs); i++ {
		g := float64(obs[i].Year - obs[i-1].Year)
		e := obs[i].Value - obs[i-1].Value - w.Drift*g
		ss += e * e / g
	}
	if n := len(obs) - 2; n > 0 {
		w.SD = math.Sqrt(ss / float64(n))
	}
	w.SD = math.Max(w.SD, 1e-6*math.Max(math.Abs(last.Value), 1e-9))
	return w
}

// At is the naive forecast h years ahead.
func (w Walk) At(h int) Naive {
	return Naive{Mean: w.Base + w.Drift*float64(h), SD: w.SD * math.Sqrt(float64(h))}
}

// Quantile is the naive forecast's p-quantile.
func (n Naive) Quantile(p float64) float64 {
	return distuv.Normal{Mu: n.Mean, Sigma: n.SD}.Quantile(p)
}

// Above is the naive probability of a value at or above x.
func (n Naive) Above(x float64) float64 {
	return distuv.Normal{Mu: n.Mean, Sigma: n.SD}.Survival(x)
}
