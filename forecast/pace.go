package forecast

import (
	"fmt"
	"math"
	"slices"
)

// Bases of a status-quo pace, as reported on every result row.
const (
	BasisHistory   = "history"    // fitted to three or more of the indicator's own observations
	BasisReference = "reference:" // + series id: the pace of the same quantity in a published series
	BasisFamily    = "family:"    // + family name: a documented prior for quantities of its kind
	BasisAssumed   = "assumed"    // set by the user: a drift override or pace: plan
)

// YearZ is one value of a series in the model's transformed space.
type YearZ struct {
	Year int
	Z    float64
}

// Pace is the status-quo yearly change of a quantity in transformed space (z units per year): the
// change it makes without the plan's new money.
type Pace struct {
	Mean   float64 `json:"mean"`   // mean yearly change
	Spread float64 `json:"spread"` // sd of a path's own yearly change around Mean, drawn once per path
	Noise  float64 `json:"noise"`  // sd of the year-to-year noise
	Basis  string  `json:"basis"`  // history, reference:<id>, family:<name>, assumed (history+… when shrunk)
}

// Family is a documented prior for the pace of a kind of quantity that has no series of its own.
// Pace is signed in the indicator's better direction; a relative family's values are fractions of
// the baseline's magnitude (for levels such as indices, whose z is the value itself).
type Family struct {
	Pace       float64 `yaml:"pace" json:"pace"`
	Spread     float64 `yaml:"spread" json:"spread"`
	Noise      float64 `yaml:"noise" json:"noise"`
	NoiseFloor float64 `yaml:"noise_floor" json:"noise_floor,omitempty"` // shares: fraction of the range per year
	Relative   bool    `yaml:"relative" json:"relative,omitempty"`
	Evidence   string  `yaml:"evidence" json:"evidence"`
}

// Prior returns the family's pace for one indicator: goodSign is +1 when higher is better and
// scale the baseline's magnitude (used only by relative families).
func (f Family) Prior(name string, goodSign, scale float64) Pace {
	k := 1.0
	if f.Relative {
		k = math.Max(math.Abs(scale), 1e-9)
	}
	return Pace{Mean: goodSign * f.Pace * k, Spread: f.Spread * k, Noise: f.Noise * k, Basis: BasisFamily + name}
}

// ReferencePace is the pace of a published series of the same quantity, in the indicator's
// transformed space: the mean yearly change over its last ten years (from the first to the last
// point of that window) and, as the spread, the standard deviation of its annualised changes
// between consecutive points (how much the pace varies between years; fewer than two changes
// give the family's spread). The noise is the family's: a national series averages over far more
// people than a city and moves more smoothly than a city's figure does.
func ReferencePace(id string, points []YearZ, fam Pace) (Pace, error) {
	if len(points) < 2 {
		return Pace{}, fmt.Errorf("reference series %s has %d point(s), a pace needs two", id, len(points))
	}
	pts := slices.Clone(points)
	slices.SortFunc(pts, func(a, b YearZ) int { return a.Year - b.Year })
	last := pts[len(pts)-1].Year
	start := 0
	for start < len(pts)-2 && pts[start].Year < last-10 {
		start++
	}
	pts = pts[start:]
	first := pts[0]
	p := Pace{
		Mean:   (pts[len(pts)-1].Z - first.Z) / float64(last-first.Year),
		Spread: fam.Spread,
		Noise:  fam.Noise,
		Basis:  BasisReference + id,
	}
	var changes []float64
	for i := 1; i < len(pts); i++ {
		changes = append(changes, (pts[i].Z-pts[i-1].Z)/float64(pts[i].Year-pts[i-1].Year))
	}
	if len(changes) >= 2 {
		p.Spread = sampleSD(changes)
	}
	return p, nil
}

// EstimatePace derives the status-quo pace from the best evidence available, in this order: the
// indicator's own observations (three or more are fitted as fit says; two are shrunk toward the
// prior as short says), else the prior. The prior is the reference pace when ref is non-nil, else
// the family's.
func EstimatePace(own []YearZ, ref *Pace, fam Pace, fit HistoryFit, short TwoPointFit) Pace {
	prior := fam
	if ref != nil {
		prior = *ref
	}
	switch {
	case len(own) >= 3:
		return fit.Fit(own, prior)
	case len(own) == 2:
		return short.Shrink(own[0], own[1], prior)
	}
	return prior
}

// TwoPointFit sets how a pace is read from two of an indicator's own observations (a baseline and
// a latest value). Its values are calibrated on the backtest of public series (docs/MODEL.md,
// "Calibration").
type TwoPointFit struct {
	SlopeNoise       float64 `yaml:"slope_noise" json:"slope_noise"`             // the slope's noise, in units of the prior's
	PriorSpread      float64 `yaml:"prior_spread" json:"prior_spread"`           // multiplies the prior's spread
	SpreadPace       float64 `yaml:"spread_pace" json:"spread_pace"`             // pace spread added, as a fraction of the pace
	NoiseScale       float64 `yaml:"noise_scale" json:"noise_scale"`             // the projection's noise, in units of the prior's
	ScaleUncertainty float64 `yaml:"scale_uncertainty" json:"scale_uncertainty"` // τ of the path's uncertainty scale
}

// Shrink combines the slope b of two points Δt years apart with the prior (mean m, spread s, noise
// σ) as two normal estimates weighted by their precision. Between two points of a random walk the
// slope has variance v = (SlopeNoise·σ)²/Δt; the prior's spread is PriorSpread·s. Then
// μ = m + w (b − m) with w = s²/(s² + v); the spread of the pace is the estimate's standard error
// √(w v) and, because a place's pace changes within a few years, SpreadPace·|μ| added in
// quadrature; the projection's noise is NoiseScale·σ.
func (t TwoPointFit) Shrink(a, b YearZ, prior Pace) Pace {
	if b.Year < a.Year {
		a, b = b, a
	}
	dt := float64(b.Year - a.Year)
	slope := (b.Z - a.Z) / dt
	vOwn := t.SlopeNoise * t.SlopeNoise * prior.Noise * prior.Noise / dt
	sPrior := t.PriorSpread * prior.Spread
	p := Pace{Mean: slope, Noise: t.NoiseScale * prior.Noise, Basis: BasisHistory + "+" + prior.Basis}
	var vPost float64
	if vPrior := sPrior * sPrior; vPrior+vOwn > 0 {
		w := vPrior / (vPrior + vOwn)
		p.Mean = prior.Mean + w*(slope-prior.Mean)
		vPost = w * vOwn
	}
	p.Spread = math.Sqrt(vPost + t.SpreadPace*t.SpreadPace*p.Mean*p.Mean)
	return p
}

// HistoryFit sets how a pace is read from three or more of an indicator's own observations. Its
// values are calibrated on the backtest of public series (docs/MODEL.md, "Calibration").
type HistoryFit struct {
	NoiseScale  float64 `yaml:"noise_scale" json:"noise_scale"`   // multiplies the noise of the yearly changes
	NoiseFloor  float64 `yaml:"noise_floor" json:"noise_floor"`   // the noise is at least this fraction of the prior's
	SpreadNoise float64 `yaml:"spread_noise" json:"spread_noise"` // pace spread added, in units of the noise
	SpreadPace  float64 `yaml:"spread_pace" json:"spread_pace"`   // pace spread added, as a fraction of the pace
}

// Fit reads a pace from three or more points as a random walk with drift, the process the engine
// steps: the drift is the mean yearly change from the first point to the last, and the noise the
// standard deviation of the yearly changes about it (times NoiseScale, at least NoiseFloor times
// the prior's noise). A place's pace itself changes from year to year, so the spread adds to the
// drift's standard error SpreadNoise times the noise and SpreadPace times the drift.
func (h HistoryFit) Fit(own []YearZ, prior Pace) Pace {
	slope, noise, se := FitWalk(own)
	noise = h.NoiseScale * math.Max(noise, h.NoiseFloor*prior.Noise)
	spread := math.Sqrt(se*se + (h.SpreadNoise*noise)*(h.SpreadNoise*noise) + (h.SpreadPace*slope)*(h.SpreadPace*slope))
	return Pace{Mean: slope, Spread: spread, Noise: noise, Basis: BasisHistory}
}

// FitWalk fits a random walk with drift to three or more points (a gap of g years is g steps):
// the drift from the first point to the last, the standard deviation of one year's change about
// it (n − 2 degrees of freedom: one goes to the drift), and the drift's standard error.
func FitWalk(pts []YearZ) (drift, noise, se float64) {
	pts = slices.Clone(pts)
	slices.SortFunc(pts, func(a, b YearZ) int { return a.Year - b.Year })
	first, last := pts[0], pts[len(pts)-1]
	span := float64(last.Year - first.Year)
	drift = (last.Z - first.Z) / span
	var ss float64
	for i := 1; i < len(pts); i++ {
		g := float64(pts[i].Year - pts[i-1].Year)
		e := pts[i].Z - pts[i-1].Z - drift*g
		ss += e * e / g
	}
	noise = math.Sqrt(ss / float64(len(pts)-2))
	return drift, noise, noise / math.Sqrt(span)
}

func sampleSD(xs []float64) float64 {
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}
