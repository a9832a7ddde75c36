package scenarios

// Scenario is a fully resolved what-if: the indicators to project with their data and model
// settings, the run settings, and one or more funding allocations run on the same random paths.
type Scenario struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Horizon     int               `json:"horizon"`
	Runs        int64             `json:"runs"`
	Precision   float64           `json:"precision,omitempty"`
	Seed        uint64            `json:"seed"`
	Workers     int               `json:"workers"`
	Indicators  []Indicator       `json:"-"`
	Params      map[string]Params `json:"params,omitempty"`
	Reference   Allocation        `json:"reference"`
	Allocations []Allocation      `json:"allocations"`
	Shocks      Shocks            `json:"shocks"`
	// ShocksSet says the config set Shocks; when false the model's default shocks apply.
	ShocksSet bool `json:"shocks_set"`
	// NotSimulated are the selected indicators that cannot be projected, with the reason.
	NotSimulated []NotSimulated `json:"not_simulated,omitempty"`
	// Notes are things the user should know that are not errors (actuals that were not used).
	Notes []string `json:"notes,omitempty"`
}

// Params are per-indicator model settings; a nil field takes the model's default.
// Rates are per year in the indicator's own unit, at its latest observed value.
type Params struct {
	Drift         *float64 `json:"drift,omitempty" mapstructure:"drift"`
	Noise         *float64 `json:"noise,omitempty" mapstructure:"noise"`
	Lag           *int     `json:"lag,omitempty" mapstructure:"lag"`
	Effectiveness *float64 `json:"effectiveness,omitempty" mapstructure:"effectiveness"`
	ProgramShare  *float64 `json:"program_share,omitempty" mapstructure:"program_share"`
	Uncertainty   *float64 `json:"uncertainty,omitempty" mapstructure:"uncertainty"`
	// Pace chooses the status-quo pace: PaceEvidence (the default) or PacePlan, the plan's own path
	// as an explicit assumption.
	Pace *string `json:"pace,omitempty" mapstructure:"pace"`
}

// The values of Params.Pace.
const (
	PaceEvidence = "evidence"
	PacePlan     = "plan"
)

// Shocks are rare system-wide shocks (an epidemic year): each path-year is hit with the given
// probability, moving every indicator by Impact year-to-year noise units against its better direction.
type Shocks struct {
	Probability float64 `json:"probability" mapstructure:"probability"`
	Impact      float64 `json:"impact" mapstructure:"impact"`
}
