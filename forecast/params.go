package forecast

import (
	"math"

	"github.com/healthsim/healthsim/scenarios"
)

// planPace returns the plan's own yearly change in z units for each step: piecewise linear
// through the baseline and every numeric goal, never against the indicator's better direction
// (a goal already met asks for no change), and the last segment's pace beyond the last goal.
func (ser *Series) planPace() []float64 {
	type knot struct {
		step int
		z    float64
	}
	knots := []knot{{0, ser.z0}}
	for _, g := range ser.targets {
		prev := knots[len(knots)-1]
		if g.Observed || !g.test.NeedsValue() || g.step <= prev.step {
			continue
		}
		z := g.zThr
		if ser.goodSign*(z-prev.z) < 0 {
			z = prev.z // already met on the plan path: hold, and measure later goals from here
		}
		knots = append(knots, knot{g.step, z})
	}
	pace := make([]float64, ser.steps+1) // index by step 1…steps
	last := 0.0
	for k := 1; k < len(knots); k++ {
		a, b := knots[k-1], knots[k]
		last = (b.z - a.z) / float64(b.step-a.step)
		for s := a.step + 1; s <= b.step; s++ {
			pace[s] = last
		}
	}
	for s := knots[len(knots)-1].step + 1; s <= ser.steps; s++ {
		pace[s] = last
	}
	return pace
}

// fitDrift sets the status-quo drift, its per-path uncertainty and the noise: from the
// observations where there are two or more (least squares in z), otherwise from the plan's pace.
func (ser *Series) fitDrift(d Defaults, p scenarios.Params) {
	pace := ser.planPace()
	meanPace := 0.0
	for _, v := range pace[1:] {
		meanPace += v
	}
	meanPace /= float64(ser.steps)

	ser.Resolved.Uncertainty = pick(p.Uncertainty, d.Uncertainty)
	ser.Resolved.ProgramShare = 0
	if len(ser.Ind.Programs) > 0 {
		ser.Resolved.ProgramShare = pick(p.ProgramShare, d.ProgramShare)
	}
	phi, u := ser.Resolved.ProgramShare, ser.Resolved.Uncertainty

	sigma := d.Noise[ser.Ind.Kind]
	if ser.Ind.Kind == scenarios.Level {
		sigma *= math.Max(math.Abs(ser.Base), 1e-9)
	}
	sigma = math.Max(sigma, d.PaceNoise*math.Abs(meanPace))
	slope0 := ser.tr.slope(ser.Base)
	if p.Noise != nil {
		sigma = *p.Noise * slope0
	}
	ser.drift = make([]float64, ser.steps+1)
	ser.Provenance = FromPrior
	if slope, resid, se, ok := ser.fitHistory(); ok {
		ser.Provenance = FromHistory
		for s := range ser.drift[1:] {
			ser.drift[s+1] = slope
		}
		if !math.IsNaN(resid) && p.Noise == nil {
			sigma = math.Max(resid, sigma/2)
		}
		ser.driftSD = se
		if math.IsNaN(se) {
			ser.driftSD = u*math.Abs(slope) + sigma/4
		}
	} else {
		for s := 1; s <= ser.steps; s++ {
			ser.drift[s] = (1 - phi) * pace[s]
		}
		ser.driftSD = u*(1-phi)*math.Abs(meanPace) + sigma/4
	}
	if p.Drift != nil {
		for s := 1; s <= ser.steps; s++ {
			ser.drift[s] = *p.Drift * slope0
		}
	}
	ser.sigma = sigma
	ser.betaU = u
	ser.Resolved.Noise = sigma / slope0
	ser.Resolved.Drift = ser.drift[1] / slope0
}

// fitHistory regresses z on the year over the observations. It reports the slope, the residual
// standard deviation and the slope's standard error (NaN when there are too few points).
func (ser *Series) fitHistory() (slope, resid, se float64, ok bool) {
	obs := ser.Ind.Observations
	if len(obs) < 2 {
		return 0, 0, 0, false
	}
	n := float64(len(obs))
	var mx, mz float64
	for _, o := range obs {
		mx += float64(o.Year)
		mz += ser.tr.z(o.Value)
	}
	mx, mz = mx/n, mz/n
	var sxx, sxz float64
	for _, o := range obs {
		dx := float64(o.Year) - mx
		sxx += dx * dx
		sxz += dx * (ser.tr.z(o.Value) - mz)
	}
	slope = sxz / sxx
	resid, se = math.NaN(), math.NaN()
	if len(obs) >= 3 {
		var ss float64
		for _, o := range obs {
			e := ser.tr.z(o.Value) - mz - slope*(float64(o.Year)-mx)
			ss += e * e
		}
		resid = math.Sqrt(ss / (n - 2))
		se = resid / math.Sqrt(sxx)
	}
	return slope, resid, se, true
}

// compileResponse sets the cumulative investment response of every allocation. The effectiveness
// is scaled so that, under the reference plan, the programs deliver program_share of the plan's
// improvement by the final target (or the horizon).
func (ser *Series) compileResponse(m *Model, p scenarios.Params) {
	d, s := m.Defaults, m.Scenario
	lag := d.Lag
	if p.Lag != nil {
		lag = *p.Lag
	}
	ser.Resolved.Lag = lag
	ref := ser.responses(s.Reference, s.Reference, lag, d.ResponseCurvature)
	pace := ser.planPace()
	calib := ser.steps
	for _, g := range ser.targets {
		if g.final {
			calib = g.step
		}
	}
	var refSum, paceSum float64
	for st := 1; st <= calib; st++ {
		refSum += ref[st]
		paceSum += pace[st]
	}
	slope0 := ser.tr.slope(ser.Base)
	if refSum > 0 {
		ser.beta0 = ser.Resolved.ProgramShare * paceSum / refSum
	} else {
		ser.beta0 = 0
	}
	if p.Effectiveness != nil {
		ser.beta0 = ser.goodSign * math.Abs(*p.Effectiveness) * slope0
	}
	ser.Resolved.Effectiveness = ser.beta0 / slope0
	ser.cumH = make([][]float64, len(s.Allocations))
	for a, alloc := range s.Allocations {
		h := ser.responses(alloc, s.Reference, lag, d.ResponseCurvature)
		cum := make([]float64, ser.steps+1)
		for st := 1; st <= ser.steps; st++ {
			cum[st] = cum[st-1] + h[st]
		}
		ser.cumH[a] = cum
	}
}

// responses returns h(r) for each step, r being the funding of the series' programs in the
// year lag years before the step, relative to the reference plan.
func (ser *Series) responses(alloc, ref scenarios.Allocation, lag int, k float64) []float64 {
	h := make([]float64, ser.steps+1)
	if len(ser.Ind.Programs) == 0 {
		return h
	}
	refMean := 0.0
	nRef := 0
	for _, prog := range ser.Ind.Programs {
		for _, v := range ref.Programs[prog] {
			if v > 0 {
				refMean += v
				nRef++
			}
		}
	}
	if nRef == 0 {
		return h
	}
	refMean /= float64(nRef)
	for st := 1; st <= ser.steps; st++ {
		y := ser.BaseYear + st - lag
		var got, want float64
		for _, prog := range ser.Ind.Programs {
			got += alloc.Programs[prog][y]
			want += ref.Programs[prog][y]
		}
		switch {
		case want > 0:
			h[st] = response(got/want, k)
		case got > 0: // funding in a year the plan has none: relative to the plan's mean year
			h[st] = response(got/(refMean*float64(len(ser.Ind.Programs))), k)
		}
	}
	return h
}

func pick[T any](p *T, def T) T {
	if p != nil {
		return *p
	}
	return def
}
