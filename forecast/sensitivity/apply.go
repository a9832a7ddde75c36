package sensitivity

import (
	"math"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// apply returns the scenario and model defaults with every assumption set to its value in v. An
// assumption at its base value is left as the scenario has it, so the base point is the plain run.
func (st *Study) apply(v []float64) (scenarios.Scenario, forecast.Defaults) {
	sc, d := st.Scenario, st.Defaults
	params := make(map[string]scenarios.Params, len(st.resolved))
	for id, p := range sc.Params {
		params[id] = p
	}
	alloc := sc.Allocations[0].Clone(sc.Allocations[0].Name)
	for i, a := range st.Assumptions {
		x := v[i]
		if x == a.Base {
			continue
		}
		switch a.Kind {
		case Multiplier:
			st.scaleParams(params, a.Name, x)
		case Years:
			lag := int(math.Round(x))
			for id := range st.resolved {
				p := params[id]
				p.Lag = &lag
				params[id] = p
			}
		case Value:
			if a.Name == "correlation" {
				d.Correlation = x
			} else {
				if !sc.ShocksSet {
					sc.Shocks, sc.ShocksSet = d.Shocks, true
				}
				sc.Shocks.Probability = x
			}
		case Funding:
			_ = alloc.Scale(x)
		case Program:
			_ = alloc.Scale(x, a.Program)
		}
	}
	sc.Params = params
	sc.Allocations = []scenarios.Allocation{alloc}
	return sc, d
}

// scaleParams multiplies one resolved setting of every indicator by k, as a per-indicator override.
func (st *Study) scaleParams(params map[string]scenarios.Params, name string, k float64) {
	for id, r := range st.resolved {
		p := params[id]
		var v float64
		switch name {
		case "pace":
			v = k * r.Drift
			p.Drift = &v
		case "pace_uncertainty":
			v = k * r.Uncertainty
			p.Uncertainty = &v
		case "noise":
			v = k * r.Noise
			p.Noise = &v
		case "effectiveness":
			v = k * math.Abs(r.Effectiveness)
			p.Effectiveness = &v
		}
		params[id] = p
	}
}
