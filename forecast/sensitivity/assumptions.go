package sensitivity

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"slices"

	"go.yaml.in/yaml/v3"
)

//go:embed ranges.yaml
var rangesYAML []byte

// Kinds of assumption: how a value is applied to a scenario.
const (
	Multiplier = "multiplier" // times every indicator's resolved setting
	Years      = "years"      // a lag in whole years for every indicator
	Value      = "value"      // a model-wide value
	Funding    = "funding"    // times every programme's funding
	Program    = "program"    // times one programme's funding
)

// Assumption is one uncertain setting of the model and the range a study moves it across.
type Assumption struct {
	Name    string  `yaml:"name" json:"name"`
	Kind    string  `yaml:"kind" json:"kind"`
	Low     float64 `yaml:"low" json:"low"`
	High    float64 `yaml:"high" json:"high"`
	Base    float64 `yaml:"-" json:"base"` // the value of the scenario as given
	Reason  string  `yaml:"reason" json:"reason"`
	Program string  `yaml:"-" json:"program,omitempty"` // for Kind Program
}

// DefaultAssumptions returns the assumptions with their default ranges and reasons. The entry
// of kind Program is a template that Expand turns into one assumption per programme.
func DefaultAssumptions() ([]Assumption, error) {
	var as []Assumption
	dec := yaml.NewDecoder(bytes.NewReader(rangesYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&as); err != nil {
		return nil, fmt.Errorf("sensitivity: ranges.yaml: %w", err)
	}
	return as, nil
}

// Names returns the names of the assumptions.
func Names(as []Assumption) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

// SetRange replaces the range of the named assumption. It reports an unknown name or a range
// that is not one (lag must be whole years from 0 to 10; multipliers and funding ≥ 0;
// correlation in [0, 1); shock probability in [0, 1)).
func SetRange(as []Assumption, name string, low, high float64, reason string) error {
	i := slices.IndexFunc(as, func(a Assumption) bool { return a.Name == name })
	if i < 0 {
		return fmt.Errorf("unknown assumption %q (allowed: %v)", name, Names(as))
	}
	a := &as[i]
	lo, hi := 0.0, math.Inf(1)
	switch {
	case a.Kind == Years:
		hi = 10
		if low != math.Trunc(low) || high != math.Trunc(high) {
			return fmt.Errorf("%s: %v to %v is not whole years (allowed: whole years from 0 to 10)", name, low, high)
		}
	case a.Name == "correlation" || a.Name == "shock_probability":
		hi = 0.999
	}
	if !(low >= lo && high <= hi && low < high) {
		return fmt.Errorf("%s: %v to %v is out of range (allowed: %v ≤ low < high ≤ %v)", name, low, high, lo, hi)
	}
	a.Low, a.High = low, high
	if reason != "" {
		a.Reason = reason
	}
	return nil
}

// FromUnit maps a point of the unit cube to assumption values: uniform over each range, and
// uniform over the whole years of a lag range.
func FromUnit(as []Assumption, u []float64) []float64 {
	v := make([]float64, len(as))
	for i, a := range as {
		if a.Kind == Years {
			n := a.High - a.Low + 1
			v[i] = a.Low + math.Min(math.Floor(u[i]*n), n-1)
			continue
		}
		v[i] = a.Low + u[i]*(a.High-a.Low)
	}
	return v
}
