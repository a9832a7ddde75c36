package forecast

import (
	"fmt"
	"math"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// Indices of the levels in Quantiles, and so in Point.Q and GoalResult.Quantiles.
const (
	Q05        = iota // 5th percentile
	Q10               // 10th percentile
	Q25               // lower quartile
	Q50               // median
	Q75               // upper quartile
	Q90               // 90th percentile
	Q95               // 95th percentile
	NQuantiles        // how many levels are reported
)

// Quantiles are the levels reported for every indicator-year.
var Quantiles = [NQuantiles]float64{Q05: 0.05, Q10: 0.10, Q25: 0.25, Q50: 0.50, Q75: 0.75, Q90: 0.90, Q95: 0.95}

// Point is the projected distribution of an indicator in one year.
type Point struct {
	Year int       `json:"year"`
	Q    []float64 `json:"quantiles"` // at Quantiles, indexed by Q05 … Q95
	Mean float64   `json:"mean"`
}

// GoalResult is the probability of meeting one target or milestone.
type GoalResult struct {
	Year      int            `json:"year"`
	Test      scenarios.Test `json:"test"`
	Value     float64        `json:"value"`               // the threshold compared with (for increase: the baseline)
	Tolerance float64        `json:"tolerance,omitempty"` // about: the band's half-width around Value
	Milestone bool           `json:"milestone"`
	Observed  bool           `json:"observed"` // judged on an observation, not projected
	// BrokenIn is the observed year, before the goal's, in which a maintain goal fell short.
	BrokenIn int     `json:"broken_in,omitempty"`
	PHit     float64 `json:"p_hit"`
	SE       float64 `json:"p_hit_se"`
	// SDG progress categories: shares of paths on track, needing acceleration, stagnating.
	OnTrack      float64 `json:"sdg_on_track"`
	Acceleration float64 `json:"sdg_acceleration_needed"`
	Stagnation   float64 `json:"sdg_stagnation"`
	// Against the reference allocation (zero for the reference itself).
	Delta           float64   `json:"delta"`
	DeltaSE         float64   `json:"delta_se"`            // from the paired paths
	DeltaSEUnpaired float64   `json:"delta_se_unpaired"`   // as if the runs were independent
	Quantiles       []float64 `json:"quantiles,omitempty"` // the projection in the goal's year
}

// IndicatorResult is the projection of one indicator under one allocation.
type IndicatorResult struct {
	ID           string                  `json:"id"`
	Region       string                  `json:"region"`
	RegionZH     string                  `json:"region_zh"`
	RegionEN     string                  `json:"region_en"`
	NameZH       string                  `json:"name_zh"`
	NameEN       string                  `json:"name_en"`
	Unit         string                  `json:"unit"`
	UnitEN       string                  `json:"unit_en"`
	Nature       scenarios.Nature        `json:"nature,omitempty"`
	Direction    scenarios.Direction     `json:"direction"`
	BaselineYear int                     `json:"baseline_year"`
	Baseline     float64                 `json:"baseline"`
	Basis        string                  `json:"basis"` // of the status-quo pace: history, reference:<id>, family:<name>, assumed
	Kind         scenarios.Kind          `json:"kind"`
	Bounds       scenarios.Bounds        `json:"bounds"`
	Programs     []string                `json:"programs,omitempty"`
	Model        ModelParams             `json:"model"`
	Params       ResolvedParams          `json:"params"`
	Observations []scenarios.Observation `json:"observations"`
	Trajectory   []Point                 `json:"trajectory"`
	Goals        []GoalResult            `json:"goals"`
	PAllGoals    float64                 `json:"p_all_goals"` // every milestone and target met
	// FirstReached[k] is the share of paths that first meet the final target in year
	// BaselineYear+1+k; the last entry is the share that do not meet it by the horizon.
	FirstReached []float64 `json:"first_reached,omitempty"`
}

// Evidenced reports whether a basis rests on data (an indicator's history, a reference series or
// a documented family) rather than on an assumption or the plan's own path.
func Evidenced(basis string) bool {
	return basis != "" && basis != "assumed" && basis != "prior" && !strings.HasPrefix(basis, "plan")
}

// Result is the outcome of one allocation of a run.
type Result struct {
	Allocation      string            `json:"allocation"`
	Paths           int64             `json:"paths"`
	Indicators      []IndicatorResult `json:"indicators"`
	ExpectedMet     float64           `json:"expected_targets_met"`
	ExpectedMetSE   float64           `json:"expected_targets_met_se"` // Monte Carlo standard error
	DeltaMetSE      float64           `json:"delta_met_se"`            // of ExpectedMet − the reference's, from the paired paths
	ExpectedBinding float64           `json:"expected_binding_met"`
	Targets         int               `json:"targets"`
	BindingTargets  int               `json:"binding_targets"`
	PAllBinding     float64           `json:"p_all_binding"`
}

// MaxSE is the largest standard error of any simulated probability in s.
func (m *Model) MaxSE(s *Summary) float64 {
	if s.N == 0 {
		return math.Inf(1)
	}
	worst := 0.0
	n := float64(s.N)
	for _, h := range s.Hits {
		p := float64(h) / n
		worst = math.Max(worst, math.Sqrt(p*(1-p)/n))
	}
	return worst
}

// Results turns a summary into one result per allocation.
func (m *Model) Results(s *Summary) []*Result {
	out := make([]*Result, len(m.Allocations))
	for a, name := range m.Allocations {
		r := &Result{Allocation: name, Paths: int64(s.N)}
		for si, ser := range m.Indicators {
			ir := m.indicatorResult(s, ser, si, a)
			for _, g := range ir.Goals {
				if g.Milestone || g.Observed { // only goals still ahead count
					continue
				}
				r.Targets++
				r.ExpectedMet += g.PHit
				if ser.Ind.Nature == scenarios.Binding {
					r.BindingTargets++
					r.ExpectedBinding += g.PHit
				}
			}
			r.Indicators = append(r.Indicators, ir)
		}
		if s.N > 0 {
			r.PAllBinding = float64(s.AllBinding[a]) / float64(s.N)
			r.ExpectedMetSE, r.DeltaMetSE = m.metErrors(s, a, r.ExpectedMet, out[0])
		}
		out[a] = r
	}
	return out
}

// metErrors are the Monte Carlo standard errors of allocation a's expected number of targets
// met, and of its difference from the reference's on the same paths (0 for the reference).
func (m *Model) metErrors(s *Summary, a int, expected float64, ref *Result) (se, deltaSE float64) {
	n := float64(s.N)
	variance := float64(s.MetSq[a])/n - expected*expected
	se = math.Sqrt(math.Max(0, variance) / n)
	if a == 0 || ref == nil {
		return se, 0
	}
	d := expected - ref.ExpectedMet
	variance = float64(s.DiffSq[a])/n - d*d
	return se, math.Sqrt(math.Max(0, variance) / n)
}

func (m *Model) indicatorResult(s *Summary, ser *Series, si, a int) IndicatorResult {
	ind := ser.Ind
	ir := IndicatorResult{
		ID: ind.ID, Region: ind.Region, RegionZH: ind.RegionZH, RegionEN: ind.RegionEN,
		NameZH: ind.NameZH, NameEN: ind.NameEN, Unit: ind.Unit, UnitEN: ind.UnitEN,
		Nature: ind.Nature, Direction: ind.Direction, BaselineYear: ser.BaseYear, Baseline: ser.Base,
		Basis: ser.Pace.Basis, Params: ser.Resolved, Observations: ind.Observations,
		Kind: ind.Kind, Bounds: ind.Bounds, Programs: ind.Programs, Model: ser.modelParams(m, a),
	}
	n := float64(s.N)
	base := make([]float64, len(Quantiles))
	for i := range base {
		base[i] = ser.Base
	}
	ir.Trajectory = append(ir.Trajectory, Point{Year: ser.BaseYear, Q: base, Mean: ser.Base})
	for st := 1; st <= ser.steps; st++ {
		ir.Trajectory = append(ir.Trajectory, m.point(s, ser, si, a, st))
	}
	for _, g := range ser.targets {
		ir.Goals = append(ir.Goals, m.goalResult(s, ser, g, a, ir.Trajectory))
	}
	if s.N > 0 {
		ir.PAllGoals = float64(s.Joint[a*len(m.Indicators)+si]) / n
		for _, g := range ser.targets {
			if !g.Observed {
				continue
			}
			if !g.Met {
				ir.PAllGoals = 0
			}
		}
		if hasFinal(ser) {
			off := a*m.lay.firstLen + m.lay.firstOff[si]
			for st := 1; st <= ser.steps+1; st++ {
				ir.FirstReached = append(ir.FirstReached, float64(s.First[off+st])/n)
			}
		}
	}
	return ir
}

func hasFinal(ser *Series) bool {
	for _, g := range ser.targets {
		if g.final {
			return true
		}
	}
	return false
}

// point reads the quantiles and mean of one indicator-year from its histogram.
func (m *Model) point(s *Summary, ser *Series, si, a, st int) Point {
	l := m.lay
	ci := a*l.cells + l.cellOff[si] + st - 1
	counts := s.Hist[ci*(l.bins+2) : (ci+1)*(l.bins+2)]
	h := ser.hist[st]
	p := Point{Year: ser.BaseYear + st, Q: make([]float64, len(Quantiles))}
	for i, q := range Quantiles {
		p.Q[i] = ser.tr.snap(ser.tr.x(h.quantile(counts, s.N, q, s.MinZ[ci], s.MaxZ[ci])))
	}
	// The mean is read from the bins' midpoints: exact to within a bin's width.
	var sum float64
	for i, c := range counts {
		if c == 0 {
			continue
		}
		var z float64
		switch i {
		case 0:
			z = (s.MinZ[ci] + h.lo) / 2
		case l.bins + 1:
			z = (h.lo + float64(l.bins)*h.width + s.MaxZ[ci]) / 2
		default:
			z = h.lo + (float64(i)-0.5)*h.width
		}
		sum += float64(c) * ser.tr.snap(ser.tr.x(z))
	}
	if s.N > 0 {
		p.Mean = sum / float64(s.N)
	}
	return p
}

func (m *Model) goalResult(s *Summary, ser *Series, g *Goal, a int, traj []Point) GoalResult {
	gr := GoalResult{Year: g.Target.Year, Test: g.test, Value: g.Value, Tolerance: g.Tolerance, Milestone: g.Milestone, Observed: g.Observed, BrokenIn: g.BrokenIn}
	if g.Observed {
		if g.Met {
			gr.PHit, gr.OnTrack = 1, 1
		} else {
			gr.Stagnation = 1
		}
		return gr
	}
	gr.Quantiles = traj[g.step].Q
	n := float64(s.N)
	if n == 0 {
		return gr
	}
	idx := a*m.nTargets + g.index
	p := float64(s.Hits[idx]) / n
	gr.PHit, gr.SE = p, math.Sqrt(p*(1-p)/n)
	gr.OnTrack = float64(s.SDG[idx*3]) / n
	gr.Acceleration = float64(s.SDG[idx*3+1]) / n
	gr.Stagnation = float64(s.SDG[idx*3+2]) / n
	if a > 0 {
		p0 := float64(s.Hits[g.index]) / n
		gain, loss := float64(s.Gain[idx])/n, float64(s.Loss[idx])/n
		gr.Delta = gain - loss
		gr.DeltaSE = math.Sqrt(math.Max(0, gain+loss-gr.Delta*gr.Delta) / n)
		gr.DeltaSEUnpaired = math.Sqrt(p*(1-p)/n + p0*(1-p0)/n)
	}
	return gr
}

// String describes the model in one line.
func (m *Model) String() string {
	return fmt.Sprintf("%d indicators (%d skipped), %d simulated targets, %d allocations, years %d–%d",
		len(m.Indicators), len(m.Skipped), m.nTargets, len(m.Allocations), m.firstYear, m.Scenario.Horizon)
}

// ModelParams are an indicator's model in its transformed space z, enough to recompute its paths
// without the catalogue (docs/MODEL.md, One step per year): z starts at Z0 and each step adds
// Drift[step] + a path's drift deviation ~ N(0, DriftSD²) + β·Response[step] (β = Effect ·
// max(0, 1 + EffectRelSD·N(0,1)), drawn once per path) + Noise times a mix of the common and own
// factors + ShockImpact in shock years. Response[0] is unused; the values are per step from the
// year after the baseline.
type ModelParams struct {
	Transform   string    `json:"transform"` // logit, log or identity
	Lo          float64   `json:"lo"`
	Hi          float64   `json:"hi"`
	Tolerance   float64   `json:"bound_tolerance"`
	Z0          float64   `json:"z0"`
	Drift       []float64 `json:"drift"`
	DriftSD     float64   `json:"drift_sd"`
	Noise       float64   `json:"noise"`
	Effect      float64   `json:"effect"`        // β₀: extra yearly pace at planned funding
	EffectRelSD float64   `json:"effect_rel_sd"` // relative sd of a path's effectiveness
	Lag         int       `json:"lag"`
	Curvature   float64   `json:"response_curvature"`
	Response    []float64 `json:"response"` // h(r) of each step under this allocation
	ShockImpact float64   `json:"shock_impact"`
	Correlation float64   `json:"correlation"`
	ShockProb   float64   `json:"shock_probability"`
}

func (ser *Series) modelParams(m *Model, a int) ModelParams {
	name := map[scenarios.Kind]string{scenarios.Share: "logit", scenarios.Positive: "log", scenarios.Level: "identity"}[ser.tr.kind]
	resp := make([]float64, ser.steps+1)
	for st := 1; st <= ser.steps; st++ {
		resp[st] = ser.cumH[a][st] - ser.cumH[a][st-1]
	}
	return ModelParams{
		Transform: name, Lo: ser.tr.lo, Hi: ser.tr.hi, Tolerance: ser.tr.tol, Z0: ser.z0,
		Drift: ser.drift, DriftSD: ser.driftSD, Noise: ser.sigma, Effect: ser.beta0, EffectRelSD: ser.betaU,
		Lag: ser.Resolved.Lag, Curvature: m.Defaults.ResponseCurvature, Response: resp,
		ShockImpact: ser.kappa, Correlation: m.lambda, ShockProb: m.shockP,
	}
}
