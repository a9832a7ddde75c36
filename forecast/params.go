package forecast

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// planPace (pace: plan only) returns the plan's own yearly change in z units for each step: piecewise linear
// through the baseline and every goal with a value (hold_low, increase and decrease are not points of it;
// of two in one year the more demanding counts), never against the indicator's better direction
// (a goal already met asks for no change), and the last segment's pace beyond the last goal.
func (ser *Series) planPace() []float64 {
	type knot struct {
		step int
		z    float64
	}
	knots := []knot{{0, ser.z0}}
	for _, g := range ser.targets {
		prev := knots[len(knots)-1]
		if g.Observed || !g.test.NeedsValue() || g.step < prev.step {
			continue
		}
		z := g.zThr
		if g.step == prev.step && len(knots) > 1 {
			// Two value goals in one year: the more demanding one shapes the path, whatever the order.
			if ser.goodSign*(z-prev.z) > 0 && ser.goodSign*(z-knots[len(knots)-2].z) > 0 {
				knots[len(knots)-1].z = z
			}
			continue
		}
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

// derivePace sets the status-quo pace (drift, its per-path spread and the noise) from the evidence,
// or from the user's assumption (a drift override, or pace: plan).
func (ser *Series) derivePace(ev *scenarios.Evidence, d Defaults, p scenarios.Params) error {
	pace, prior, err := ser.evidencePace(ev, d)
	if err != nil {
		return err
	}
	ser.Resolved.Uncertainty = pick(p.Uncertainty, d.Uncertainty)
	slope0 := ser.tr.slope(ser.Start)
	ser.drift = make([]float64, ser.steps+1)
	if ser.plan = p.Pace != nil && *p.Pace == scenarios.PacePlan; ser.plan {
		pace = ser.planAssumed(d, p, prior)
	} else {
		for s := 1; s <= ser.steps; s++ {
			ser.drift[s] = pace.Mean
		}
	}
	if p.Drift != nil {
		// The override replaces the mean pace; its spread stays that of the evidence (or plan).
		pace.Mean, pace.Basis = *p.Drift*slope0, BasisAssumed
		for s := 1; s <= ser.steps; s++ {
			ser.drift[s] = pace.Mean
		}
	}
	if p.Noise != nil {
		pace.Noise = *p.Noise * slope0
	}
	ser.Pace = pace
	// Calibrated on the backtest of paces read from a history; priors keep their stated spread.
	switch {
	case pace.Basis == BasisHistory:
		ser.scale = scaleTable(d.ScaleUncertainty)
	case strings.HasPrefix(pace.Basis, BasisHistory+"+"):
		ser.scale = scaleTable(d.TwoPoint.ScaleUncertainty)
	}
	ser.driftSD, ser.sigma, ser.betaU = pace.Spread, pace.Noise, ser.Resolved.Uncertainty
	ser.Resolved.Noise = pace.Noise / slope0
	ser.Resolved.Drift = pace.Mean / slope0
	ser.Resolved.DriftSD = pace.Spread / slope0
	return nil
}

// evidencePace is the pace the evidence gives (own history, reference series, family prior, in
// that order) and the family prior itself. An indicator observed on its lower bound starts from
// its linked level series.
func (ser *Series) evidencePace(ev *scenarios.Evidence, d Defaults) (pace, prior Pace, err error) {
	ind := ser.Ind
	link := ev.Links[ind.ID]
	famName := link.Family
	if famName == "" {
		famName = defaultFamily(ind)
	}
	fam, ok := d.Families[famName]
	if !ok {
		return Pace{}, Pace{}, fmt.Errorf("family %q is not in the model defaults", famName)
	}
	prior = fam.Prior(famName, ser.goodSign, ser.Base)
	if ind.Kind == scenarios.Share && fam.NoiseFloor > 0 {
		// Near a bound a small move in the unit is a large one in logit units.
		prior.Noise = math.Max(prior.Noise, fam.NoiseFloor*(ser.tr.hi-ser.tr.lo)*ser.tr.slope(ser.Base))
	}
	var ref *Pace
	if link.Reference != "" {
		rp, err := ReferencePace(link.Reference, ser.zPoints(ev.Series[link.Reference].Points), prior)
		if err != nil {
			return Pace{}, Pace{}, err
		}
		ref = &rp
	}
	pace = EstimatePace(ser.ownPoints(), ref, prior, d.History, d.TwoPoint)
	if ser.onLowBound && link.Level != "" {
		lv := ev.Series[link.Level].Latest()
		ser.z0 = ser.tr.z(lv.Value)
		ser.Start = lv.Value
		pace.Basis += " (from level:" + link.Level + ")"
	}
	return pace, prior, nil
}

// planAssumed is the pace a user asks for with pace: plan: the plan's own path, of which
// program_share is credited to the linked programmes (see compileResponse) and the rest is drift.
func (ser *Series) planAssumed(d Defaults, p scenarios.Params, prior Pace) Pace {
	pace := ser.planPace()
	var mean float64
	for _, v := range pace[1:] {
		mean += v
	}
	mean /= float64(ser.steps)
	ser.Resolved.ProgramShare = 0
	if len(ser.Ind.Programs) > 0 {
		ser.Resolved.ProgramShare = pick(p.ProgramShare, d.ProgramShare)
	}
	phi, u := ser.Resolved.ProgramShare, ser.Resolved.Uncertainty
	sigma := math.Max(prior.Noise, d.PaceNoise*math.Abs(mean))
	for s := 1; s <= ser.steps; s++ {
		ser.drift[s] = (1 - phi) * pace[s]
	}
	return Pace{Mean: (1 - phi) * mean, Spread: u*(1-phi)*math.Abs(mean) + sigma/4, Noise: sigma, Basis: BasisAssumed}
}

// defaultFamily is the family of an indicator that links to none: by kind, and by unit for
// scores and counts.
func defaultFamily(ind *scenarios.Indicator) string {
	switch ind.Kind {
	case scenarios.Share:
		if ind.Unit == "分" {
			return "score"
		}
		return "share"
	case scenarios.Level:
		if strings.Contains(ind.Unit, "%") {
			return "growth_rate"
		}
		return "level"
	}
	perPopulation := strings.Contains(ind.NameEN, " per ") || strings.ContainsAny(ind.Unit, "/千万")
	if !perPopulation && slices.Contains(countUnits, ind.Unit) {
		return "count"
	}
	return "rate"
}

// countUnits are the units of whole counts (institutions, people, items).
var countUnits = []string{"个", "名", "家", "人", "项", "所", "辆", "支", "趟", "户", "类", "场", "张"}

// ownPoints are the indicator's observations in z units.
func (ser *Series) ownPoints() []YearZ {
	pts := make([]YearZ, 0, len(ser.Ind.Observations))
	for _, o := range ser.Ind.Observations {
		pts = append(pts, YearZ{o.Year, ser.tr.z(o.Value)})
	}
	return pts
}

// zPoints are a reference series' values in the indicator's z units.
func (ser *Series) zPoints(points []scenarios.ReferencePoint) []YearZ {
	pts := make([]YearZ, 0, len(points))
	for _, p := range points {
		pts = append(pts, YearZ{p.Year, ser.tr.z(p.Value)})
	}
	return pts
}

// compileResponse sets the cumulative investment response of every allocation and the mean
// effectiveness β₀: the extra yearly pace the linked programmes add at planned funding (h = 1). By
// default β₀ is program_effect times the status-quo pace's spread, in the indicator's better
// direction; under pace: plan it is scaled so that the programmes deliver program_share of the
// plan's improvement by the final target; an effectiveness override sets it directly.
func (ser *Series) compileResponse(m *Model, p scenarios.Params) {
	d, s := m.Defaults, m.Scenario
	lag := d.Lag
	if p.Lag != nil {
		lag = *p.Lag
	}
	ser.Resolved.Lag = lag
	ref := ser.responses(s.Reference, s.Reference, lag, d.ResponseCurvature)
	funded := slices.ContainsFunc(ref, func(h float64) bool { return h > 0 })
	ser.beta0 = 0
	switch {
	case !funded:
	case ser.plan:
		ser.beta0 = ser.planBeta(ref)
	default:
		ser.beta0 = ser.goodSign * d.ProgramEffect * ser.Pace.Spread
	}
	slope0 := ser.tr.slope(ser.Start)
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

// planBeta scales the effectiveness so that, under the reference plan, the programmes deliver
// program_share of the plan's improvement by the final target (or the horizon).
func (ser *Series) planBeta(ref []float64) float64 {
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
	if refSum == 0 {
		return 0
	}
	return ser.Resolved.ProgramShare * paceSum / refSum
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
