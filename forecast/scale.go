package forecast

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// scaleLevels is the number of equally likely values of a path's uncertainty scale: one byte of
// a random word picks one, so a path costs one draw and no exp.
const scaleLevels = 256

// scaleTable returns the equally likely values of the lognormal uncertainty scale exp(τ Z), Z
// standard normal (the midpoints of 256 strata of probability), or nil when τ is 0. Every path
// multiplies its noise and its drift deviation by one of them: the evidence gives the size of
// the uncertainty only up to a factor, and this makes the forecast's tails as heavy as a
// backtest finds them.
func scaleTable(tau float64) []float64 {
	if tau <= 0 {
		return nil
	}
	t := make([]float64, scaleLevels)
	for i := range t {
		t[i] = math.Exp(tau * distuv.UnitNormal.Quantile((float64(i)+0.5)/scaleLevels))
	}
	return t
}

// meanSquare is the mean of the table's squares: the factor by which the scale mixture widens
// a variance (1 without a table).
func meanSquare(t []float64) float64 {
	if len(t) == 0 {
		return 1
	}
	var s float64
	for _, v := range t {
		s += v * v
	}
	return s / float64(len(t))
}
