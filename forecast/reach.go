package forecast

import (
	"fmt"
	"math"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// Bounds on the transformed space a compiled series may reach. Beyond them float64 numbers stop
// holding the model: exp overflows for a positive quantity, a histogram bin becomes narrower than
// the spacing of the numbers around it, and sums of values overflow.
const (
	maxAbsZ      = 1e15    // any kind: |z| at either end of a histogram range
	maxPositiveZ = 600     // positive quantities: x − lo = e^z stays far below the float64 limit (e^709)
	minRelWidth  = 0x1p-40 // a bin spans at least 4096 float64 steps at its z
)

// fits reports whether every histogram range of the series lies within what float64 can hold.
func (ser *Series) fits(bins int) bool {
	for st := 1; st <= ser.steps; st++ {
		h := ser.hist[st]
		hi := h.lo + float64(bins)*h.width
		reach := math.Max(math.Abs(h.lo), math.Abs(hi))
		switch {
		case !(h.width > 0) || math.IsInf(h.width, 0) || math.IsInf(h.inv, 0) || math.IsNaN(reach),
			reach > maxAbsZ, h.width < minRelWidth*reach,
			ser.tr.kind == scenarios.Positive && hi > maxPositiveZ:
			return false
		}
	}
	return true
}

// reachError explains a series that does not fit: for each model setting the config gave, the
// largest value that fits with the others as they are.
func (m *Model) reachError(ind *scenarios.Indicator, base scenarios.Observation) error {
	p := m.Scenario.Params[ind.ID]
	key := "overrides." + ind.ID
	fields := []struct {
		name string
		v    **float64
		unit string
	}{
		{"drift", &p.Drift, " per year in the indicator's unit"},
		{"noise", &p.Noise, " per year in the indicator's unit"},
		{"effectiveness", &p.Effectiveness, " per year in the indicator's unit"},
		{"uncertainty", &p.Uncertainty, ""},
	}
	for _, f := range fields {
		if *f.v == nil {
			continue
		}
		v := **f.v
		limit, ok := m.largestFitting(ind, base, &p, f.v, v)
		*f.v = &v
		if !ok {
			continue // this setting alone is not the cause
		}
		return &scenarios.ConfigError{Key: key + "." + f.name, Msg: fmt.Sprintf(
			"%v takes the projection of %s beyond what the model's numbers can hold (allowed: a magnitude up to %.3g%s with the indicator's other settings)",
			v, ind.ID, limit, f.unit)}
	}
	return &scenarios.ConfigError{Key: key, Msg: fmt.Sprintf(
		"the model settings of %s take its projection beyond what the model's numbers can hold (allowed: smaller drift, noise, effectiveness or uncertainty, or a smaller shocks.impact)", ind.ID)}
}

// largestFitting finds by bisection the largest magnitude of the setting *field, a field of p,
// (keeping v's sign) with which the series fits; ok is false when even 0 does not fit.
func (m *Model) largestFitting(ind *scenarios.Indicator, base scenarios.Observation, p *scenarios.Params, field **float64, v float64) (float64, bool) {
	sign := math.Copysign(1, v)
	try := func(mag float64) bool {
		x := sign * mag
		*field = &x
		params := map[string]scenarios.Params{}
		for k, q := range m.Scenario.Params {
			params[k] = q
		}
		params[ind.ID] = *p
		trial := *m
		trial.Scenario.Params = params
		ser, err := trial.compileSeries(ind, base)
		return err == nil && ser.fits(m.Defaults.HistogramBins)
	}
	if !try(0) {
		return 0, false
	}
	// Bisect on a log scale: the limit may lie anywhere from 1e-12 to 1e300.
	lo, hi := 1e-12, math.Min(math.Abs(v), math.MaxFloat64)
	if !try(lo) {
		return 0, true
	}
	for hi/lo > 1.001 {
		mid := math.Sqrt(lo) * math.Sqrt(hi)
		if try(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, true
}

// pastGoalError reports a goal in a year up to the baseline that has no observation: it can be
// neither projected nor judged, and leaving it out silently would hide it from the planner.
func pastGoalError(ind *scenarios.Indicator, t scenarios.Target, milestone bool, baseYear int) error {
	field := "targets"
	if milestone {
		field = "milestones"
	}
	key := "overrides." + ind.ID
	if base, ok := ind.Latest(); ok {
		if at, ok := strings.CutPrefix(base.Ref, "actuals: "); ok && base.Year == baseYear { // the actual made the baseline
			return &scenarios.ConfigError{File: at, Msg: fmt.Sprintf(
				"%s %d makes %d the baseline, but the %d %s %q has no observation, so it can be neither projected nor judged (allowed: add a row %s,%d,<value> to the actuals file; or set %s.%s without it)",
				ind.ID, baseYear, baseYear, t.Year, strings.TrimSuffix(field, "s"), t.Test, ind.ID, t.Year, key, field)}
		}
	}
	return &scenarios.ConfigError{Key: key, Msg: fmt.Sprintf(
		"the %d %s %q of %s is not after the baseline year %d and %d has no observation, so it can be neither projected nor judged (allowed: give the %d value in %s.observations or an actuals file, or set %s.%s without it)",
		t.Year, strings.TrimSuffix(field, "s"), t.Test, ind.ID, baseYear, t.Year, t.Year, key, key, field)}
}
