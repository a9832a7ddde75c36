package forecast

import (
	"math"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// transform maps an indicator's values into the unbounded space the model steps in.
type transform struct {
	kind   scenarios.Kind
	lo, hi float64
	tol    float64 // how close to a bound a value may come; values on a bound are moved in by it
}

func newTransform(ind *scenarios.Indicator, boundTol float64) transform {
	t := transform{kind: ind.Kind}
	if ind.Bounds.Lo != nil {
		t.lo = *ind.Bounds.Lo
	}
	if ind.Bounds.Hi != nil {
		t.hi = *ind.Bounds.Hi
	}
	switch ind.Kind {
	case scenarios.Share:
		// A reported value stands for the values that round to it: half a unit of the baseline's
		// last written digit (0.5 for 100, 0.05 for 1.7), at most boundTol of the range.
		t.tol = boundTol * (t.hi - t.lo)
		if o, ok := ind.Latest(); ok {
			t.tol = math.Min(t.tol, halfLastDigit(o.Value))
		}
	case scenarios.Positive:
		scale := 1.0
		if o, ok := ind.Latest(); ok && math.Abs(o.Value-t.lo) > 0 {
			scale = math.Abs(o.Value - t.lo)
		}
		t.tol = boundTol * scale
	}
	return t
}

// halfLastDigit is half a unit of the last digit of x as written in shortest form.
func halfLastDigit(x float64) float64 {
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	decimals := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		decimals = len(s) - i - 1
	}
	return 0.5 * math.Pow(10, -float64(decimals))
}

// inside moves a value on (or beyond) a bound to within tol of it.
func (t transform) inside(x float64, margin float64) float64 {
	switch t.kind {
	case scenarios.Share:
		return math.Min(math.Max(x, t.lo+margin), t.hi-margin)
	case scenarios.Positive:
		return math.Max(x, t.lo+margin)
	}
	return x
}

// z is the forward transform; values on a bound are first moved inside by half of tol.
func (t transform) z(x float64) float64 {
	x = t.inside(x, t.tol/2)
	switch t.kind {
	case scenarios.Share:
		p := (x - t.lo) / (t.hi - t.lo)
		return math.Log(p / (1 - p))
	case scenarios.Positive:
		return math.Log(x - t.lo)
	}
	return x
}

// x is the inverse transform.
func (t transform) x(z float64) float64 {
	switch t.kind {
	case scenarios.Share:
		return t.lo + (t.hi-t.lo)/(1+math.Exp(-z))
	case scenarios.Positive:
		return t.lo + math.Exp(z)
	}
	return z
}

// slope is dz/dx at x, used to turn per-year rates in the indicator's unit into z units.
func (t transform) slope(x float64) float64 {
	x = t.inside(x, t.tol/2)
	switch t.kind {
	case scenarios.Share:
		w := t.hi - t.lo
		p := (x - t.lo) / w
		return 1 / (w * p * (1 - p))
	case scenarios.Positive:
		return 1 / (x - t.lo)
	}
	return 1
}

// threshold is the z value a target test compares with. A target on a bound cannot be reached
// in z space, so "at least hi" becomes "at least hi − tol" (and "at most lo" "at most lo + tol").
func (t transform) threshold(v float64) float64 {
	return t.z(t.inside(v, t.tol))
}

// snap reports a value within tol of a bound as the bound itself: the model reads a target on a
// bound as "within tol of it", so a projection there is at the bound for every practical purpose.
func (t transform) snap(x float64) float64 {
	switch t.kind {
	case scenarios.Share:
		if x > t.hi-t.tol {
			return t.hi
		}
		if x < t.lo+t.tol {
			return t.lo
		}
	case scenarios.Positive:
		if x < t.lo+t.tol {
			return t.lo
		}
	}
	return x
}

// Space is an indicator's transformed space, the one its paces are stated in and the engine
// steps in (logit for shares, log for positive quantities, the unit itself for levels).
type Space struct{ tr transform }

// SpaceOf returns the transformed space of an indicator as Compile builds it under d: its kind,
// bounds and, for the margin kept from a bound, its latest observation.
func SpaceOf(ind *scenarios.Indicator, d Defaults) Space {
	return Space{newTransform(ind, d.BoundTolerance)}
}

// Z maps a value into the space.
func (s Space) Z(x float64) float64 { return s.tr.z(x) }

// Slope is dz/dx at x: a change of dx in the unit is Slope(x)·dx in the space.
func (s Space) Slope(x float64) float64 { return s.tr.slope(x) }
