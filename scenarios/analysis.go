package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
)

// RangeConfig is the range an assumption is moved across in a sensitivity study, with the
// reason for it.
type RangeConfig struct {
	Low    *float64 `json:"low,omitempty" mapstructure:"low"`
	High   *float64 `json:"high,omitempty" mapstructure:"high"`
	Reason string   `json:"reason,omitempty" mapstructure:"reason"`
}

// SobolConfig sizes a variance-based study: N base rows, each evaluation on Paths paths.
type SobolConfig struct {
	N     int   `json:"n,omitempty" mapstructure:"n"`
	Paths int64 `json:"paths,omitempty" mapstructure:"paths"`
}

// SensitivityConfig is a config's sensitivity: block. Zero values take the command's defaults.
type SensitivityConfig struct {
	// Indicators are the indicators whose targets get a tornado chart (default: the targets
	// with the widest swings).
	Indicators []string `json:"indicators,omitempty" mapstructure:"indicators"`
	// Ranges replace the default range of an assumption: assumption → {low, high, reason}.
	Ranges map[string]RangeConfig `json:"ranges,omitempty" mapstructure:"ranges"`
	// Paths per batch and Batches of a one-at-a-time (tornado) study.
	Paths   int64       `json:"paths,omitempty" mapstructure:"paths"`
	Batches int         `json:"batches,omitempty" mapstructure:"batches"`
	Sobol   SobolConfig `json:"sobol,omitempty" mapstructure:"sobol"`
}

// BoundConfig is a floor or cap of a programme-year: a share of the plan's amount or an amount
// in 万元 (one of the two).
type BoundConfig struct {
	Share  *float64 `json:"share,omitempty" mapstructure:"share"`
	Amount *float64 `json:"amount,omitempty" mapstructure:"amount"`
}

// OptimizeConfig is a config's optimize: block: what may change, the totals that hold, floors,
// caps and the objective. Zero values take the command's defaults.
type OptimizeConfig struct {
	Programs   []string               `json:"programs,omitempty" mapstructure:"programs"`
	Years      []int                  `json:"years,omitempty" mapstructure:"years"`
	Total      *float64               `json:"total,omitempty" mapstructure:"total"`
	YearTotals YearAmounts            `json:"year_totals,omitempty" mapstructure:"year_totals"`
	Floor      *BoundConfig           `json:"floor,omitempty" mapstructure:"floor"`
	Cap        *BoundConfig           `json:"cap,omitempty" mapstructure:"cap"`
	Floors     map[string]BoundConfig `json:"floors,omitempty" mapstructure:"floors"`
	Caps       map[string]BoundConfig `json:"caps,omitempty" mapstructure:"caps"`
	Objective  string                 `json:"objective,omitempty" mapstructure:"objective"`
	Weights    map[string]float64     `json:"weights,omitempty" mapstructure:"weights"`
	Method     string                 `json:"method,omitempty" mapstructure:"method"`
	Paths      int64                  `json:"paths,omitempty" mapstructure:"paths"`
	FinalPaths int64                  `json:"final_paths,omitempty" mapstructure:"final_paths"`
	Batches    int                    `json:"batches,omitempty" mapstructure:"batches"`
	Iterations int                    `json:"iterations,omitempty" mapstructure:"iterations"`
	Frontier   []float64              `json:"frontier,omitempty" mapstructure:"frontier"`
}

// checkAnalysis validates the sensitivity: and optimize: blocks as far as no catalogue or model
// is needed; names of assumptions, programmes and indicators are checked where they are known.
func (c *Config) checkAnalysis() []error {
	var errs []error
	add := func(path, format string, args ...any) { errs = append(errs, c.errAt(path, format, args...)) }
	if s := c.Sensitivity; s != nil {
		for _, name := range slices.Sorted(maps.Keys(s.Ranges)) {
			r, p := s.Ranges[name], joinPath("sensitivity.ranges", name)
			switch {
			case r.Low == nil || r.High == nil:
				add(p, "both low and high are required (allowed: e.g. {low: 0.5, high: 1.5, reason: ...})")
			case !finiteF(*r.Low) || !finiteF(*r.High) || !(*r.Low < *r.High):
				add(p, "low %v and high %v are not a range (allowed: finite numbers with low < high)", *r.Low, *r.High)
			}
		}
		positive(add, "sensitivity.paths", s.Paths, MaxRuns)
		positive(add, "sensitivity.batches", int64(s.Batches), 1000)
		positive(add, "sensitivity.sobol.n", int64(s.Sobol.N), 1<<20)
		positive(add, "sensitivity.sobol.paths", s.Sobol.Paths, MaxRuns)
		if s.Batches == 1 {
			add("sensitivity.batches", "1 batch gives no standard error (allowed: 2 or more)")
		}
	}
	if o := c.Optimize; o != nil {
		errs = append(errs, c.checkOptimize(o)...)
	}
	return errs
}

func (c *Config) checkOptimize(o *OptimizeConfig) []error {
	var errs []error
	add := func(path, format string, args ...any) { errs = append(errs, c.errAt(path, format, args...)) }
	if o.Total != nil && !(finiteF(*o.Total) && *o.Total > 0) {
		add("optimize.total", "%v is not a valid total (allowed: an amount in 万元 > 0)", *o.Total)
	}
	errs = append(errs, c.checkAmounts("optimize.year_totals", map[string]YearAmounts{"": o.YearTotals}, "an amount in 万元 ≥ 0")...)
	checkBounds(add, o)
	switch o.Objective {
	case "", "expected_met", "expected_binding", "p_all_binding", "weighted":
	default:
		add("optimize.objective", "unknown objective %q (allowed: expected_met, expected_binding, p_all_binding, weighted)", o.Objective)
	}
	if o.Objective == "weighted" && len(o.Weights) == 0 {
		add("optimize.weights", "the weighted objective needs weights (allowed: indicator id → weight ≥ 0, e.g. {huzhou_cmi_tertiary: 2})")
	}
	if len(o.Weights) > 0 && o.Objective != "weighted" {
		add("optimize.weights", "weights are only used by objective: weighted (allowed: set objective: weighted, or leave weights out)")
	}
	for _, id := range slices.Sorted(maps.Keys(o.Weights)) {
		if w := o.Weights[id]; !(finiteF(w) && w >= 0) {
			add(joinPath("optimize.weights", id), "%v is not a valid weight (allowed: a number ≥ 0)", w)
		}
	}
	switch o.Method {
	case "", "cmaes", "neldermead":
	default:
		add("optimize.method", "unknown method %q (allowed: cmaes, neldermead)", o.Method)
	}
	positive(add, "optimize.paths", o.Paths, MaxRuns)
	positive(add, "optimize.final_paths", o.FinalPaths, MaxRuns)
	positive(add, "optimize.batches", int64(o.Batches), 1000)
	positive(add, "optimize.iterations", int64(o.Iterations), 100000)
	if o.Batches == 1 {
		add("optimize.batches", "1 batch gives no standard error (allowed: 2 or more)")
	}
	for i, f := range o.Frontier {
		if !(finiteF(f) && f > 0 && f <= 5) {
			add(fmt.Sprintf("optimize.frontier[%d]", i), "%v is out of range (allowed: a fraction of the plan's total above 0 and up to 5, e.g. 0.6)", f)
		}
	}
	return errs
}

// checkBounds checks the optimisation's default and per-programme floors and caps.
func checkBounds(add func(string, string, ...any), o *OptimizeConfig) {
	check := func(p string, b *BoundConfig) {
		switch {
		case b == nil:
		case (b.Share == nil) == (b.Amount == nil):
			add(p, "give either share or amount (allowed: {share: 0.5} of the plan, or {amount: 1000} in 万元 per year)")
		case b.Share != nil && !(finiteF(*b.Share) && *b.Share >= 0):
			add(p+".share", "%v is out of range (allowed: a share of the plan ≥ 0, e.g. 0.5 or 2)", *b.Share)
		case b.Amount != nil && !(finiteF(*b.Amount) && *b.Amount >= 0):
			add(p+".amount", "%v is out of range (allowed: an amount in 万元 ≥ 0)", *b.Amount)
		}
	}
	check("optimize.floor", o.Floor)
	check("optimize.cap", o.Cap)
	for _, id := range slices.Sorted(maps.Keys(o.Floors)) {
		b := o.Floors[id]
		check(joinPath("optimize.floors", id), &b)
	}
	for _, id := range slices.Sorted(maps.Keys(o.Caps)) {
		b := o.Caps[id]
		check(joinPath("optimize.caps", id), &b)
	}
}

// positive reports a setting that was given (non-zero) but is not from 1 to most.
func positive(add func(string, string, ...any), path string, v, most int64) {
	if v != 0 && (v < 1 || v > most) {
		add(path, "%d is out of range (allowed: 1 to %d; leave it out for the default)", v, most)
	}
}

func finiteF(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
