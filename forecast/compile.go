package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/healthsim/healthsim/scenarios"
)

// Model is a compiled scenario: flat arrays the engine's kernel steps through, and what is needed
// to turn its summary back into results.
type Model struct {
	Scenario    scenarios.Scenario
	Defaults    Defaults
	Evidence    *scenarios.Evidence
	Indicators  []*Series // projected indicators, in scenario order
	Skipped     []Skip    // indicators left out, with the reason
	Allocations []string  // allocation names; the first is the reference for differences

	firstYear int // first projected calendar year over all indicators
	years     int // number of projected calendar years (firstYear … horizon)
	lambda    float64
	shockP    float64
	nTargets  int // simulated targets over all indicators
	lay       layout
}

// Skip records an indicator that is not projected and why.
type Skip struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Series is one compiled indicator.
type Series struct {
	Ind      *scenarios.Indicator
	BaseYear int
	Base     float64
	Start    float64 // the value projections start from: Base, or a reference level for a rate observed on its bound
	Pace     Pace    // the status-quo pace in z units, with its basis
	Resolved ResolvedParams

	onLowBound bool // a positive quantity observed on its lower bound (a rate of 0)
	plan       bool // pace: plan, the user's assumption
	tr         transform
	z0         float64
	steps      int         // projected years: BaseYear+1 … horizon
	yearOff    int         // calendar index of step 1 in the chunk's common arrays
	drift      []float64   // mean status-quo drift of each step, z units
	driftSD    float64     // sd of the per-path drift deviation
	beta0      float64     // mean effectiveness per unit of response, z units, signed
	betaU      float64     // relative sd of effectiveness
	sigma      float64     // year-to-year noise, z units
	kappa      float64     // shock impact, z units, signed
	cumH       [][]float64 // [allocation][step] cumulative response Σ h(r)
	targets    []*Goal
	hist       []histRange // per step (1…steps), shared by every allocation
	goodSign   float64     // +1 when higher is better
	scale      []float64   // the path's uncertainty scales for a pace read from history (nil: 1)
}

// ResolvedParams are an indicator's model settings after defaults, in the indicator's own unit
// per year at its baseline (drift, noise, effectiveness) so a scenario can restate them.
type ResolvedParams struct {
	Drift         float64 `json:"drift"`
	DriftSD       float64 `json:"drift_sd"` // spread of a path's own drift
	Noise         float64 `json:"noise"`
	Lag           int     `json:"lag"`
	Effectiveness float64 `json:"effectiveness"`
	ProgramShare  float64 `json:"program_share"`
	Uncertainty   float64 `json:"uncertainty"`
}

// Goal is one target or milestone of a series.
type Goal struct {
	Target    scenarios.Target
	Milestone bool
	Observed  bool // the goal's year is not after the baseline: judged on observations
	Met       bool // for an observed goal, whether it was met
	// BrokenIn is the observed year in which a maintain goal of a later year fell short of its
	// threshold: the goal is then already missed (0 when not).
	BrokenIn  int
	Reference float64 // the value Increase/Decrease/HoldLow and a factor of the baseline compare with
	Value     float64 // the effective threshold in the indicator's unit
	Tolerance float64 // About: the band's half-width around Value

	step     int // projected step of the goal's year
	test     scenarios.Test
	zThr     float64 // threshold in z units (About: the band's centre)
	zLo, zHi float64 // About: the band's ends in z units
	zOnTrack float64 // SDG: z beyond which R ≥ 0.95
	zAccel   float64 // SDG: z beyond which R ≥ 0.10
	sdgSign  float64 // +1 when progress means a larger z
	index    int     // index into the summary's per-target counters
	final    bool    // the series' last target: its first-reached year is recorded
}

// Compile turns a resolved scenario into a model the engine can run, with the evidence embedded
// in the program.
func Compile(s scenarios.Scenario, d Defaults) (*Model, error) {
	ev, err := scenarios.LoadEvidence()
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	return CompileWith(s, d, ev)
}

// CompileWith is Compile with the given evidence for the status-quo paces.
func CompileWith(s scenarios.Scenario, d Defaults, ev *scenarios.Evidence) (*Model, error) {
	if len(s.Allocations) == 0 {
		return nil, errors.New("forecast: scenario has no funding allocation")
	}
	if !s.ShocksSet {
		s.Shocks = d.Shocks
	}
	m := &Model{Scenario: s, Defaults: d, Evidence: ev, lambda: d.Correlation, shockP: s.Shocks.Probability}
	for _, a := range s.Allocations {
		m.Allocations = append(m.Allocations, a.Name)
	}
	for _, n := range s.NotSimulated {
		m.Skipped = append(m.Skipped, Skip{n.ID, n.Reason})
	}
	first := math.MaxInt
	for i := range s.Indicators {
		ind := &s.Indicators[i]
		base, ok := ind.Latest()
		switch {
		case ev.Links[ind.ID].LeftOut != "":
			m.Skipped = append(m.Skipped, Skip{ind.ID, "left out: " + ev.Links[ind.ID].LeftOut})
			continue
		case !ok:
			m.Skipped = append(m.Skipped, Skip{ind.ID, "no baseline (give one in overrides)"})
			continue
		case base.Year >= s.Horizon:
			m.Skipped = append(m.Skipped, Skip{ind.ID, fmt.Sprintf("baseline year %d is not before the horizon %d", base.Year, s.Horizon)})
			continue
		}
		ser, err := m.compileSeries(ind, base)
		var ce *scenarios.ConfigError
		if errors.As(err, &ce) {
			return nil, err
		}
		if err != nil {
			return nil, fmt.Errorf("forecast: %s: %w", ind.ID, err)
		}
		if !ser.fits(d.HistogramBins) {
			return nil, m.reachError(ind, base)
		}
		m.Indicators = append(m.Indicators, ser)
		first = min(first, base.Year+1)
	}
	if len(m.Indicators) == 0 {
		return nil, errors.New("forecast: no indicator with a baseline to project")
	}
	m.firstYear, m.years = first, s.Horizon-first+1
	for _, ser := range m.Indicators {
		ser.yearOff = ser.BaseYear + 1 - first
		for _, g := range ser.targets {
			if !g.Observed {
				g.index = m.nTargets
				m.nTargets++
			}
		}
	}
	m.lay = m.layout()
	return m, nil
}

func (m *Model) compileSeries(ind *scenarios.Indicator, base scenarios.Observation) (*Series, error) {
	d, s := m.Defaults, m.Scenario
	p := s.Params[ind.ID]
	ser := &Series{
		Ind: ind, BaseYear: base.Year, Base: base.Value, Start: base.Value,
		tr:       newTransform(ind, d.BoundTolerance),
		steps:    s.Horizon - base.Year,
		goodSign: 1,
	}
	if ind.Direction == scenarios.Lower {
		ser.goodSign = -1
	}
	ser.z0 = ser.tr.z(base.Value)
	ser.onLowBound = ind.Kind == scenarios.Positive && base.Value <= ser.tr.lo
	if err := ser.compileGoals(); err != nil {
		return nil, err
	}
	if err := ser.derivePace(m.Evidence, d, p); err != nil {
		return nil, err
	}
	ser.compileResponse(m, p)
	ser.kappa = -ser.goodSign * s.Shocks.Impact * ser.sigma
	ser.compileHistogram(m)
	return ser, nil
}

// compileGoals resolves every target and milestone into a threshold in z units.
func (ser *Series) compileGoals() error {
	ind := ser.Ind
	add := func(t scenarios.Target, milestone bool) error {
		g := &Goal{Target: t, Milestone: milestone, test: t.Test}
		if t.Year > ser.BaseYear+ser.steps {
			return nil // beyond the horizon: not projected
		}
		if t.Year <= ser.BaseYear && !ser.observedIn(t.Year) {
			return pastGoalError(ind, t, milestone, ser.BaseYear)
		}
		if err := ser.resolveGoal(g); err != nil {
			return fmt.Errorf("%s %d: %w", t.Test, t.Year, err)
		}
		ser.targets = append(ser.targets, g)
		return nil
	}
	for _, t := range ind.Milestones {
		if err := add(t, true); err != nil {
			return err
		}
	}
	for _, t := range ind.Targets {
		if err := add(t, false); err != nil {
			return err
		}
	}
	sort.SliceStable(ser.targets, func(i, j int) bool { return ser.targets[i].Target.Year < ser.targets[j].Target.Year })
	for i := len(ser.targets) - 1; i >= 0; i-- {
		if g := ser.targets[i]; !g.Observed && !g.Milestone {
			g.final = true
			break
		}
	}
	return nil
}

// resolveGoal fixes the value a goal compares with and, for an observed goal, whether it was met.
func (ser *Series) resolveGoal(g *Goal) error {
	ind, t := ser.Ind, g.Target
	switch t.Test {
	case scenarios.Increase, scenarios.Decrease:
		g.Reference = ser.Base
		g.Value = ser.Base
	case scenarios.HoldLow:
		low := math.Inf(1)
		for _, o := range ind.Observations {
			low = math.Min(low, o.Value)
		}
		if t.Value != nil {
			low = *t.Value
		}
		g.Reference, g.Value = low, low
	default:
		switch {
		case t.Factor != nil: // 翻一番: a multiple of the baseline
			g.Reference, g.Value = ser.Base, *t.Factor*ser.Base
		case t.Value == nil:
			return errors.New("no value")
		default:
			g.Value = *t.Value
		}
		if t.Test == scenarios.About {
			if t.Tolerance == nil {
				return errors.New("about without a tolerance")
			}
			g.Tolerance = *t.Tolerance
		}
	}
	if t.Year <= ser.BaseYear {
		g.Observed = true
		g.Met = ser.observedMet(g)
		return nil
	}
	if y := ser.brokenIn(g); y != 0 {
		g.Observed, g.Met, g.BrokenIn = true, false, y
		return nil
	}
	g.step = t.Year - ser.BaseYear
	g.zThr = ser.tr.threshold(g.Value)
	g.zLo, g.zHi = ser.tr.z(g.Value-g.Tolerance), ser.tr.z(g.Value+g.Tolerance)
	ser.compileSDG(g)
	return nil
}

// brokenIn returns the first observed year of the plan's period (after its baseline year) in
// which a maintain goal of a later year fell short, or 0. Maintain must hold in every year up to
// the goal's, so an actual below the threshold decides the goal before the projection starts.
func (ser *Series) brokenIn(g *Goal) int {
	if g.test != scenarios.Maintain {
		return 0
	}
	start, ok := ser.Ind.PlanBaseYear()
	if !ok {
		start = g.Target.Year
		for _, t := range slices.Concat(ser.Ind.Milestones, ser.Ind.Targets) {
			start = min(start, t.Year-1)
		}
	}
	for _, o := range ser.Ind.Observations {
		if o.Year > start && o.Year <= ser.BaseYear && !meets(g.test, o.Value, g.Value, ser.goodSign) {
			return o.Year
		}
	}
	return 0
}

// observedIn reports whether the indicator has an observation in the year.
func (ser *Series) observedIn(year int) bool {
	for _, o := range ser.Ind.Observations {
		if o.Year == year {
			return true
		}
	}
	return false
}

// observedMet judges a goal whose year is already observed.
func (ser *Series) observedMet(g *Goal) bool {
	obs := ser.Ind.Observations
	at := func(y int) (float64, bool) {
		for _, o := range obs {
			if o.Year == y {
				return o.Value, true
			}
		}
		return 0, false
	}
	x, ok := at(g.Target.Year)
	if !ok {
		return false
	}
	if g.test == scenarios.About {
		return math.Abs(x-g.Value) <= g.Tolerance
	}
	return meets(g.test, x, g.Value, ser.goodSign)
}

// metAt applies a projected goal's test to a path's z value in one year.
func (g *Goal) metAt(z, goodSign float64) bool {
	if g.test == scenarios.About {
		return z >= g.zLo && z <= g.zHi
	}
	return meets(g.test, z, g.zThr, goodSign)
}

// meets applies a test to a value in the indicator's own unit (or in z units: T is increasing).
func meets(test scenarios.Test, x, v, goodSign float64) bool {
	switch test {
	case scenarios.GE:
		return x >= v
	case scenarios.GT, scenarios.Increase:
		return x > v
	case scenarios.LE, scenarios.HoldLow:
		return x <= v
	case scenarios.LT, scenarios.Decrease:
		return x < v
	case scenarios.Maintain:
		return goodSign*(x-v) >= 0
	}
	return false
}

// compileSDG sets the UN SDG progress thresholds R = (x − x0)/(v − x0) ≥ 0.95 and ≥ 0.10.
// R measures progress only when the target lies ahead of the baseline in the test's direction.
// When the baseline already meets it (or there is no distance to cover), R would rank a path
// that falls back past the target as "on track"; such a goal is on track when met and
// stagnating or regressing otherwise.
//
// An about goal has no single direction of progress (a path can overshoot the band), so it is
// on track when met and regressing otherwise.
func (ser *Series) compileSDG(g *Goal) {
	dx := g.Value - ser.Base
	g.sdgSign = progressSign(g.test, ser.goodSign)
	if dx*g.sdgSign <= 0 || g.test == scenarios.About {
		g.sdgSign = 1
		g.zOnTrack, g.zAccel = math.Inf(1), math.Inf(1)
		return
	}
	g.zOnTrack = ser.tr.z(ser.Base + 0.95*dx)
	g.zAccel = ser.tr.z(ser.Base + 0.10*dx)
}

// progressSign is +1 when a test is met by larger values and −1 when by smaller ones.
func progressSign(test scenarios.Test, goodSign float64) float64 {
	switch test {
	case scenarios.GE, scenarios.GT, scenarios.Increase:
		return 1
	case scenarios.LE, scenarios.LT, scenarios.Decrease, scenarios.HoldLow:
		return -1
	}
	return goodSign // maintain: the indicator's better direction
}
