package forecast

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"

	"github.com/healthsim/healthsim/scenarios"
)

//go:embed defaults.yaml
var defaultsYAML []byte

// Defaults are the model's default settings; see defaults.yaml and docs/MODEL.md.
type Defaults struct {
	Families          map[string]Family `yaml:"families" json:"families"`
	ProgramEffect     float64           `yaml:"program_effect" json:"program_effect"`
	PaceNoise         float64           `yaml:"pace_noise" json:"pace_noise"`
	ProgramShare      float64           `yaml:"program_share" json:"program_share"`
	Uncertainty       float64           `yaml:"uncertainty" json:"uncertainty"`
	Lag               int               `yaml:"lag" json:"lag"`
	ResponseCurvature float64           `yaml:"response_curvature" json:"response_curvature"`
	Correlation       float64           `yaml:"correlation" json:"correlation"`
	Shocks            scenarios.Shocks  `yaml:"shocks" json:"shocks"`
	BoundTolerance    float64           `yaml:"bound_tolerance" json:"bound_tolerance"`
	HistogramBins     int               `yaml:"histogram_bins" json:"histogram_bins"`
	HistogramRangeSD  float64           `yaml:"histogram_range_sd" json:"histogram_range_sd"`
	History           HistoryFit        `yaml:"history" json:"history"`
	TwoPoint          TwoPointFit       `yaml:"two_point" json:"two_point"`
	ScaleUncertainty  float64           `yaml:"scale_uncertainty" json:"scale_uncertainty"`
}

// LoadDefaults returns the model defaults embedded in the program.
func LoadDefaults() (Defaults, error) {
	var d Defaults
	dec := yaml.NewDecoder(bytes.NewReader(defaultsYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return d, fmt.Errorf("forecast: defaults.yaml: %w", err)
	}
	for _, name := range []string{"share", "rate", "count", "level"} {
		if _, ok := d.Families[name]; !ok {
			return d, fmt.Errorf("forecast: defaults.yaml: families.%s is required (the default of its kind)", name)
		}
	}
	for name, f := range d.Families {
		if !(f.Noise > 0) || f.Spread < 0 || f.NoiseFloor < 0 || f.Evidence == "" {
			return d, fmt.Errorf("forecast: defaults.yaml: families.%s needs noise > 0, spread ≥ 0 and its evidence", name)
		}
	}
	if h := d.History; !(h.NoiseScale > 0) || h.NoiseFloor < 0 || h.SpreadNoise < 0 || h.SpreadPace < 0 {
		return d, fmt.Errorf("forecast: defaults.yaml: history: noise_scale must be positive, the others at least 0")
	}
	if t := d.TwoPoint; !(t.SlopeNoise > 0) || !(t.NoiseScale > 0) || t.PriorSpread < 0 || t.SpreadPace < 0 || t.ScaleUncertainty < 0 || t.ScaleUncertainty > 2 {
		return d, fmt.Errorf("forecast: defaults.yaml: two_point: slope_noise and noise_scale must be positive, prior_spread and spread_pace at least 0, scale_uncertainty 0 to 2")
	}
	if d.ScaleUncertainty < 0 || d.ScaleUncertainty > 2 {
		return d, fmt.Errorf("forecast: defaults.yaml: scale_uncertainty %v: allowed: 0 to 2", d.ScaleUncertainty)
	}
	if d.HistogramBins < 16 || d.HistogramRangeSD <= 0 {
		return d, fmt.Errorf("forecast: defaults.yaml: histogram settings out of range")
	}
	return d, nil
}

// response is the concave investment response h(r): h(0) = 0, h(1) = 1, diminishing returns.
func response(r, k float64) float64 {
	if r <= 0 {
		return 0
	}
	return -math.Expm1(-k*r) / -math.Expm1(-k)
}
