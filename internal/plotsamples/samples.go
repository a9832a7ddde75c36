// Package plotsamples holds made-up forecast results for drawing charts without running a model:
// indicators like the catalogue's and odd ones (an emoji, a single year, NaN everywhere), used by
// the plots tests and by the samplecharts command.
package plotsamples

import (
	"math"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// normalZ are the standard normal quantiles at forecast.Quantiles.
var normalZ = []float64{-1.645, -1.2816, -0.6745, 0, 0.6745, 1.2816, 1.645}

// Synth is a made-up indicator: a baseline, a linear median and a spread growing with √t.
type Synth struct {
	ID, ZH, EN, Unit, Region string
	Base, Drift, Spread      float64
	BaseYear, Horizon        int
	Obs                      []float64 // observed values before the baseline year, oldest first
	Goals                    []forecast.GoalResult
	Dir                      scenarios.Direction
}

// Result is the synthetic indicator's projection: normal quantiles around a linear median.
func (s Synth) Result() forecast.IndicatorResult {
	ir := forecast.IndicatorResult{ID: s.ID, Region: s.Region, NameZH: s.ZH, NameEN: s.EN, Unit: s.Unit,
		BaselineYear: s.BaseYear, Baseline: s.Base, Goals: s.Goals, Direction: s.Dir}
	if ir.Region == "" {
		ir.Region, ir.RegionZH, ir.RegionEN = "huzhou", "湖州", "Huzhou"
	}
	// The English units the catalogue gives these units.
	ir.UnitEN = map[string]string{"岁": "years", "/10万": "per 100,000", "%": "%", "人/千人": "per 1,000 population", "个": "count"}[s.Unit]
	for i, v := range s.Obs {
		ir.Observations = append(ir.Observations, scenarios.Observation{Year: s.BaseYear - len(s.Obs) + i, Value: v})
	}
	ir.Observations = append(ir.Observations, scenarios.Observation{Year: s.BaseYear, Value: s.Base})
	for y := s.BaseYear; y <= s.Horizon; y++ {
		t := float64(y - s.BaseYear)
		pt := forecast.Point{Year: y, Mean: s.Base + s.Drift*t}
		for _, zz := range normalZ {
			pt.Q = append(pt.Q, s.Base+s.Drift*t+zz*s.Spread*math.Sqrt(t))
		}
		ir.Trajectory = append(ir.Trajectory, pt)
	}
	return ir
}

// Goal is a goal result with P(hit) p and the standard error of 2,000 paths.
func Goal(year int, test scenarios.Test, v, p float64, milestone bool) forecast.GoalResult {
	return forecast.GoalResult{Year: year, Test: test, Value: v, PHit: p, SE: math.Sqrt(p * (1 - p) / 2000), Milestone: milestone}
}

// ByName holds indicators like the catalogue's, plus odd ones.
func ByName() map[string]forecast.IndicatorResult {
	nan := math.NaN()
	return map[string]forecast.IndicatorResult{
		"life": Synth{ID: "huzhou_life", ZH: "人均预期寿命", EN: "Life expectancy at birth", Unit: "岁",
			Base: 81.6, Drift: 0.28, Spread: 0.25, BaseYear: 2022, Horizon: 2027, Obs: []float64{80.9, 81.2, 81.4},
			Goals: []forecast.GoalResult{Goal(2023, scenarios.GE, 81.8, 0.81, true), Goal(2024, scenarios.GE, 82.1, 0.7, true),
				Goal(2025, scenarios.GE, 82.5, 0.62, false), Goal(2027, scenarios.GE, 82.7, 0.93, false)}}.Result(),
		"maternal": Synth{ID: "huzhou_mmr", ZH: "孕产妇死亡率", EN: "Maternal mortality ratio", Unit: "/10万", Dir: scenarios.Lower,
			Base: 6.1, Drift: -0.3, Spread: 1.2, BaseYear: 2022, Horizon: 2027, Obs: []float64{7.2, 5.9},
			Goals: []forecast.GoalResult{Goal(2025, scenarios.LT, 5, 0.41, false), Goal(2027, scenarios.HoldLow, 5.9, 0.35, false)}}.Result(),
		"share": Synth{ID: "huzhou_share", ZH: "县域就诊率", EN: "Share of patients treated within the county", Unit: "%",
			Base: 88, Drift: 1.1, Spread: 1.5, BaseYear: 2022, Horizon: 2027,
			Goals: []forecast.GoalResult{Goal(2025, scenarios.GE, 90, 0.97, false), Goal(2027, scenarios.Maintain, 90, 0.999, false)}}.Result(),
		"budget": Synth{ID: "huzhou_count", ZH: "每千人口执业（助理）医师数", EN: "Licensed (assistant) physicians per 1,000 population", Unit: "人/千人",
			Base: 3.6, Drift: 0.12, Spread: 0.1, BaseYear: 2021, Horizon: 2027, Obs: []float64{3.3},
			Goals: []forecast.GoalResult{Goal(2025, scenarios.GE, 4.2, 0.0, false), Goal(2027, scenarios.Increase, 3.6, 1, false),
				{Year: 2022, Test: scenarios.GE, Value: 3.5, Observed: true, PHit: 1}}}.Result(),
		"emoji": Synth{ID: "odd", ZH: "指标😀", EN: "Indicator with an emoji in its Chinese name", Unit: "个",
			Base: 12, Drift: 1, Spread: 1, BaseYear: 2023, Horizon: 2027,
			Goals: []forecast.GoalResult{Goal(2027, scenarios.GE, 20, 0.02, false)}}.Result(),
		"single":  Synth{ID: "single", ZH: "单年", EN: "Single year", Unit: "%", Base: 50, BaseYear: 2025, Horizon: 2025}.Result(),
		"flat":    Synth{ID: "flat", ZH: "恒定", EN: "All equal", Unit: "", Base: 100, BaseYear: 2022, Horizon: 2027, Goals: []forecast.GoalResult{Goal(2027, scenarios.GE, 100, 1, false)}}.Result(),
		"zero":    Synth{ID: "zero", ZH: "零值", EN: "All zero", Unit: "", Base: 0, BaseYear: 2022, Horizon: 2027}.Result(),
		"empty":   {ID: "empty", NameZH: "空", NameEN: "Empty"},
		"nan":     {ID: "nan", NameEN: "NaN everywhere", Trajectory: []forecast.Point{{Year: 2025, Q: []float64{nan, nan, nan, nan, nan, nan, nan}}, {Year: 2026, Q: []float64{1}}}, Goals: []forecast.GoalResult{{Year: 2025, Value: nan, PHit: nan}, {Year: 0, Value: 3, PHit: 0.5}}},
		"bigyear": {ID: "bigyear", NameEN: "Years out of range", Observations: []scenarios.Observation{{Year: 0, Value: 1}, {Year: 2024, Value: math.Inf(1)}}},
	}
}

// List is ByName in a fixed order.
func List() []forecast.IndicatorResult {
	s := ByName()
	var out []forecast.IndicatorResult
	for _, k := range []string{"life", "maternal", "share", "budget", "emoji", "single", "flat", "zero", "empty", "nan", "bigyear"} {
		out = append(out, s[k])
	}
	return out
}

// Shifted is all with every P(hit) lowered and Δ and its SE set against all.
func Shifted(all []forecast.IndicatorResult) []forecast.IndicatorResult {
	shifted := make([]forecast.IndicatorResult, len(all))
	for i, ir := range all {
		ir.Goals = append([]forecast.GoalResult(nil), ir.Goals...)
		for j := range ir.Goals {
			g := &ir.Goals[j]
			p := math.Max(0, g.PHit-0.05*float64(i))
			g.Delta, g.DeltaSE, g.PHit = p-g.PHit, 0.004, p
		}
		shifted[i] = ir
	}
	return shifted
}
