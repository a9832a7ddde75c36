package scenarios

import (
	_ "embed"
	"errors"
	"strings"
)

// Defaults of a config's run settings, used where no file, variable or flag sets them.
const (
	DefaultRuns    int64  = 100000
	DefaultSeed    uint64 = 20250101
	DefaultHorizon        = 2027

	// MaxRuns is the largest number of paths a config may ask for.
	MaxRuns int64 = 1_000_000_000
	// MaxHorizon is the last year a config may project to.
	MaxHorizon = 2035
	// MinHorizon is the first year a config may project to.
	MinHorizon = 2001

	// DefaultConfigFile names the embedded default scenario in messages.
	DefaultConfigFile = "default.yaml (embedded)"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultConfigYAML returns the text of the embedded default scenario (a copy).
func DefaultConfigYAML() []byte { return append([]byte(nil), defaultYAML...) }

// ConfigError is an error in a config file, an environment variable or a flag, or in the data a
// config refers to. Error() reads "file: key.path: what is wrong (what is allowed)".
type ConfigError struct {
	File string // the file (or "environment: HEALTHSIM_RUNS", "flag --runs") the setting came from
	Key  string // the key path, e.g. "overrides.huzhou_cmi_tertiary.baseline.value"; empty for the whole file
	Msg  string // what is wrong, with what is allowed in parentheses
}

// Error reads "file: key.path: what is wrong (what is allowed)".
func (e *ConfigError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// IsConfigError reports whether err is, or wraps or joins, a *ConfigError.
func IsConfigError(err error) bool {
	var ce *ConfigError
	return errors.As(err, &ce)
}

// Overrides are what a command line adds to the files and the environment.
type Overrides struct {
	// Flags are the run settings given as flags: flag name (RunSetting.Flag) → its text.
	// They beat environment variables and files.
	Flags map[string]string
	// ThisYear is the current year, the last an actual may have; 0 reads the clock.
	ThisYear int
}

// Year is a calendar year used as a map key in configs. Config files write year keys as
// `2023: 32637`; the decoder turns the key (which arrives as a string) into a Year and rejects
// anything that is not a year.
type Year int

// YearAmounts maps a year to an amount (万元) or a funding index.
type YearAmounts map[Year]float64

// ObservationConfig is a value of an indicator in a year, written in a config.
type ObservationConfig struct {
	Year  int     `json:"year" mapstructure:"year"`
	Value float64 `json:"value" mapstructure:"value"`
	Note  string  `json:"note,omitempty" mapstructure:"note"`
}

// TargetConfig is a target or milestone written in a config.
type TargetConfig struct {
	Year  int      `json:"year" mapstructure:"year"`
	Test  string   `json:"test" mapstructure:"test"`
	Value *float64 `json:"value,omitempty" mapstructure:"value"`
	// Tolerance is the half-width of an about target's band.
	Tolerance *float64 `json:"tolerance,omitempty" mapstructure:"tolerance"`
	Note      string   `json:"note,omitempty" mapstructure:"note"`
}

// IndicatorOverride changes one catalogue indicator: its data, its goals and its model settings.
type IndicatorOverride struct {
	// Baseline is the latest observed value; it is added to the observations (replacing one of
	// the same year) and must not be earlier than any other observation.
	Baseline *ObservationConfig `json:"baseline,omitempty" mapstructure:"baseline"`
	// Observations are merged with the catalogue's (a year given here replaces the catalogue's).
	Observations []ObservationConfig `json:"observations,omitempty" mapstructure:"observations"`
	// Targets and Milestones, when given, replace the catalogue's.
	Targets    []TargetConfig `json:"targets,omitempty" mapstructure:"targets"`
	Milestones []TargetConfig `json:"milestones,omitempty" mapstructure:"milestones"`
	Params     `mapstructure:",squash"`
}

// BudgetConfig changes the funding of a plain run, and of every item of a scenarios list.
type BudgetConfig struct {
	// Programs sets amounts in 万元: program → year → amount. Only for programs of a document
	// with a budget (Huzhou 54号), or programs given a plan in Reference.
	Programs map[string]YearAmounts `json:"programs,omitempty" mapstructure:"programs"`
	// Index multiplies the reference plan: program → year → factor (0.8 = a 20% cut). It only
	// touches years the reference plan has.
	Index map[string]YearAmounts `json:"index,omitempty" mapstructure:"index"`
	// Reference replaces the built-in reference plan of a program (all its years): program →
	// year → amount in 万元.
	Reference map[string]YearAmounts `json:"reference,omitempty" mapstructure:"reference"`
}

// ShocksConfig sets the rare system shocks; both fields are required when shocks is given.
type ShocksConfig struct {
	Probability *float64 `json:"probability,omitempty" mapstructure:"probability"`
	Impact      *float64 `json:"impact,omitempty" mapstructure:"impact"`
}

// Move moves an amount from one program to another: in one year, or (with no year) pro rata
// over the years of the program it is taken from.
type Move struct {
	From   string  `json:"from" mapstructure:"from"`
	To     string  `json:"to" mapstructure:"to"`
	Amount float64 `json:"amount" mapstructure:"amount"`
	Year   *int    `json:"year,omitempty" mapstructure:"year"`
}

// Shift moves money between years: a share of each program's from_year amount, or an amount
// taken from the from_year amounts pro rata. Programs limits it to the listed programs (default:
// every program of the allocation; an amount only moves 万元, so it skips index programs).
type Shift struct {
	FromYear int      `json:"from_year" mapstructure:"from_year"`
	ToYear   int      `json:"to_year" mapstructure:"to_year"`
	Share    *float64 `json:"share,omitempty" mapstructure:"share"`
	Amount   *float64 `json:"amount,omitempty" mapstructure:"amount"`
	Programs []string `json:"programs,omitempty" mapstructure:"programs"`
}

// AllocationConfig is one item of a `scenarios:` list: a funding allocation built from the
// reference plan (with the top-level budget applied) by setting, multiplying, scaling, moving
// and shifting, in that order.
type AllocationConfig struct {
	Name        string                 `json:"name" mapstructure:"name"`
	Description string                 `json:"description,omitempty" mapstructure:"description"`
	Total       *float64               `json:"total,omitempty" mapstructure:"total"`
	Programs    map[string]YearAmounts `json:"programs,omitempty" mapstructure:"programs"`
	Index       map[string]YearAmounts `json:"index,omitempty" mapstructure:"index"`
	Scale       map[string]float64     `json:"scale,omitempty" mapstructure:"scale"`
	Move        []Move                 `json:"move,omitempty" mapstructure:"move"`
	Shift       []Shift                `json:"shift,omitempty" mapstructure:"shift"`
}

// Config is a decoded config file set, before it is resolved against the catalogue. Defaults
// are filled in (runs, seed, horizon); Regions and Indicators stay empty for "all".
type Config struct {
	Name        string   `json:"name,omitempty" mapstructure:"name"`
	Description string   `json:"description,omitempty" mapstructure:"description"`
	Regions     []string `json:"regions,omitempty" mapstructure:"regions"`
	Indicators  []string `json:"indicators,omitempty" mapstructure:"indicators"`
	Horizon     int      `json:"horizon" mapstructure:"horizon"`
	Runs        int64    `json:"runs" mapstructure:"runs"`
	Precision   *float64 `json:"precision,omitempty" mapstructure:"precision"`
	Seed        uint64   `json:"seed" mapstructure:"seed"`
	Workers     int      `json:"workers" mapstructure:"workers"`
	// Pace sets every indicator's status-quo pace (PaceEvidence or PacePlan) unless its override
	// sets one.
	Pace string `json:"pace,omitempty" mapstructure:"pace"`
	// Lang is the language of charts and report.html (zh or en; "" chooses by the fonts found).
	// The --lang flag overrides it.
	Lang      string                       `json:"lang,omitempty" mapstructure:"lang"`
	Overrides map[string]IndicatorOverride `json:"overrides,omitempty" mapstructure:"overrides"`
	Budget    BudgetConfig                 `json:"budget" mapstructure:"budget"`
	Shocks    *ShocksConfig                `json:"shocks,omitempty" mapstructure:"shocks"`
	Scenarios []AllocationConfig           `json:"scenarios,omitempty" mapstructure:"scenarios"`
	// Sensitivity and Optimize configure the sensitivity and optimize commands; other commands
	// ignore them.
	Sensitivity *SensitivityConfig `json:"sensitivity,omitempty" mapstructure:"sensitivity"`
	Optimize    *OptimizeConfig    `json:"optimize,omitempty" mapstructure:"optimize"`
	// Actuals names a CSV file of monitored values (columns id, year, value); a relative path is
	// relative to the config file that names it.
	Actuals string `json:"actuals,omitempty" mapstructure:"actuals"`
	// ActualsFile is the actuals file as read, kept with the config so that a run can be
	// resolved again from result.json or a shard's partial file without the file.
	ActualsFile *ActualsSource `json:"actuals_file,omitempty" mapstructure:"-"`

	// Sources lists where the settings came from, in order: files, then environment variables
	// and flags that were set.
	Sources []string `json:"sources" mapstructure:"-"`

	origin map[string]string // key path → the source that set it last
}
