package scenarios

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// Overrides are settings from flags; nil fields are unset. They beat environment and files.
type Overrides struct {
	Name      *string
	Runs      *int64
	Seed      *uint64
	Workers   *int
	Horizon   *int
	Precision *float64
	Regions   []string
	// Actuals is an actuals file (--actuals); it replaces the config's actuals key.
	Actuals *string
	// ThisYear is the current year, the last an actual may have; 0 reads the clock.
	ThisYear int
}

// Year is a calendar year used as a map key in configs. Config files write year keys as
// `2023: 32637`; the decoder turns the key (which arrives as a string) into a Year and rejects
// anything that is not a year.
type Year int

// YearAmounts maps a year to an amount (万元) or a funding index.
type YearAmounts map[Year]float64

// Point is a value of an indicator in a year.
type Point struct {
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
	Baseline *Point `json:"baseline,omitempty" mapstructure:"baseline"`
	// Observations are merged with the catalogue's (a year given here replaces the catalogue's).
	Observations []Point `json:"observations,omitempty" mapstructure:"observations"`
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
	Name        string                       `json:"name,omitempty" mapstructure:"name"`
	Description string                       `json:"description,omitempty" mapstructure:"description"`
	Regions     []string                     `json:"regions,omitempty" mapstructure:"regions"`
	Indicators  []string                     `json:"indicators,omitempty" mapstructure:"indicators"`
	Horizon     int                          `json:"horizon" mapstructure:"horizon"`
	Runs        int64                        `json:"runs" mapstructure:"runs"`
	Precision   *float64                     `json:"precision,omitempty" mapstructure:"precision"`
	Seed        uint64                       `json:"seed" mapstructure:"seed"`
	Workers     int                          `json:"workers" mapstructure:"workers"`
	Overrides   map[string]IndicatorOverride `json:"overrides,omitempty" mapstructure:"overrides"`
	Budget      BudgetConfig                 `json:"budget" mapstructure:"budget"`
	Shocks      *ShocksConfig                `json:"shocks,omitempty" mapstructure:"shocks"`
	Scenarios   []AllocationConfig           `json:"scenarios,omitempty" mapstructure:"scenarios"`
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

// envVars are the environment variables LoadConfig reads, with the key each sets.
var envVars = []struct{ name, key string }{
	{"HEALTHSIM_NAME", "name"},
	{"HEALTHSIM_RUNS", "runs"},
	{"HEALTHSIM_SEED", "seed"},
	{"HEALTHSIM_WORKERS", "workers"},
	{"HEALTHSIM_HORIZON", "horizon"},
	{"HEALTHSIM_PRECISION", "precision"},
}

// LoadConfig reads files in order (later files merge deeply over earlier ones; lists are
// replaced, not merged; no files = the embedded default.yaml), then HEALTHSIM_* environment
// variables (through getenv, so tests can inject them; nil = os.Getenv), then overrides.
// Every problem is a *ConfigError; several are joined with errors.Join.
func LoadConfig(files []string, getenv func(string) string, o Overrides) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	type source struct {
		name string
		data []byte
		typ  string
	}
	var srcs []source
	var errs []error
	if len(files) == 0 {
		srcs = append(srcs, source{DefaultConfigFile, defaultYAML, "yaml"})
	}
	for _, f := range files {
		typ, err := configType(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			msg := err.Error()
			var pe *os.PathError
			if errors.As(err, &pe) {
				msg = pe.Err.Error()
			}
			errs = append(errs, &ConfigError{File: f, Msg: "cannot read the file: " + msg + " (allowed: an existing, readable YAML, TOML or JSON file)"})
			continue
		}
		srcs = append(srcs, source{f, data, typ})
	}

	merged := newViper()
	c := &Config{origin: map[string]string{}}
	for _, s := range srcs {
		settings, fileErrs := readSettings(s.name, s.typ, s.data)
		if len(fileErrs) > 0 {
			errs = append(errs, fileErrs...)
			continue
		}
		recordOrigin(c.origin, "", settings, s.name)
		if err := merged.MergeConfigMap(settings); err != nil {
			errs = append(errs, &ConfigError{File: s.name, Msg: "cannot merge: " + err.Error()})
		}
		c.Sources = append(c.Sources, s.name)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.Runs, c.Seed, c.Horizon = DefaultRuns, DefaultSeed, DefaultHorizon
	if decErrs := decodeStrict(merged.AllSettings(), c); len(decErrs) > 0 {
		// Each file decoded cleanly on its own, so this should not happen; name the files.
		return nil, errors.Join(decErrs...)
	}

	// Environment variables.
	for _, ev := range envVars {
		raw := strings.TrimSpace(getenv(ev.name))
		if raw == "" {
			continue
		}
		src := "environment: " + ev.name
		if err := c.setScalar(ev.key, raw, src); err != nil {
			errs = append(errs, err)
			continue
		}
		c.Sources = append(c.Sources, src)
	}

	// Flags.
	setFlag := func(key string) string {
		src := "flag --" + key
		c.origin[key] = src
		c.Sources = append(c.Sources, src)
		return src
	}
	if o.Name != nil {
		setFlag("name")
		c.Name = *o.Name
	}
	if o.Runs != nil {
		setFlag("runs")
		c.Runs = *o.Runs
	}
	if o.Seed != nil {
		setFlag("seed")
		c.Seed = *o.Seed
	}
	if o.Workers != nil {
		setFlag("workers")
		c.Workers = *o.Workers
	}
	if o.Horizon != nil {
		setFlag("horizon")
		c.Horizon = *o.Horizon
	}
	if o.Precision != nil {
		setFlag("precision")
		p := *o.Precision
		c.Precision = &p
	}
	if len(o.Regions) > 0 {
		setFlag("regions")
		c.Regions = append([]string(nil), o.Regions...)
	}
	if o.Actuals != nil {
		setFlag("actuals")
		c.Actuals = *o.Actuals
	}
	if c.Actuals != "" {
		if err := c.readActuals(o.ThisYear); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := errors.Join(c.check()...); err != nil {
		return nil, err
	}
	return c, nil
}

// configType returns viper's config type for a file name.
func configType(name string) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return "yaml", nil
	case ".toml":
		return "toml", nil
	case ".json":
		return "json", nil
	}
	return "", &ConfigError{File: name, Msg: fmt.Sprintf("unknown file type %q (allowed: .yaml, .yml, .toml, .json)", filepath.Ext(name))}
}

// setScalar sets a top-level run setting from an environment variable's text.
func (c *Config) setScalar(key, raw, src string) error {
	bad := func(allowed string) error {
		return &ConfigError{File: src, Key: key, Msg: fmt.Sprintf("%q is not valid (allowed: %s)", raw, allowed)}
	}
	switch key {
	case "name":
		c.Name = raw
	case "runs":
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return bad(fmt.Sprintf("a whole number from 1 to %d", MaxRuns))
		}
		c.Runs = v
	case "seed":
		v, err := strconv.ParseUint(raw, 10, 64)
		if err != nil {
			return bad("a whole number from 0 to 18446744073709551615")
		}
		c.Seed = v
	case "workers":
		v, err := strconv.Atoi(raw)
		if err != nil {
			return bad("a whole number, 0 for all cores")
		}
		c.Workers = v
	case "horizon":
		v, err := strconv.Atoi(raw)
		if err != nil {
			return bad(fmt.Sprintf("a year up to %d", MaxHorizon))
		}
		c.Horizon = v
	case "precision":
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return bad("a number above 0 and below 0.5")
		}
		c.Precision = &v
	}
	c.origin[key] = src
	return nil
}

// source returns the file, variable or flag that set the key path (or the nearest enclosing
// key that was set).
func (c *Config) source(path string) string {
	for p := path; p != ""; p = parentPath(p) {
		if s, ok := c.origin[p]; ok {
			return s
		}
	}
	if len(c.Sources) > 0 {
		return c.Sources[0]
	}
	return DefaultConfigFile
}

// Source returns where the setting at a key path came from: a file, "environment: HEALTHSIM_…"
// or "flag --…".
func (c *Config) Source(path string) string { return c.source(path) }

func (c *Config) errAt(path, format string, args ...any) *ConfigError {
	return &ConfigError{File: c.source(path), Key: path, Msg: fmt.Sprintf(format, args...)}
}

var scenarioNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// check validates what needs no catalogue: ranges, signs, names.
func (c *Config) check() []error {
	var errs []error
	add := func(path, format string, args ...any) { errs = append(errs, c.errAt(path, format, args...)) }
	if c.Runs <= 0 || c.Runs > MaxRuns {
		add("runs", "%d is out of range (allowed: 1 to %d)", c.Runs, MaxRuns)
	}
	if _, set := c.origin["workers"]; set && c.Workers <= 0 {
		add("workers", "%d is not a number of workers (allowed: 1 or more; leave workers out to use every core)", c.Workers)
	}
	if c.Horizon < MinHorizon || c.Horizon > MaxHorizon {
		add("horizon", "%d is out of range (allowed: a year from %d to %d, after every baseline)", c.Horizon, MinHorizon, MaxHorizon)
	}
	if p := c.Precision; p != nil && !(*p > 0 && *p < 0.5) {
		add("precision", "%v is out of range (allowed: a standard error above 0 and below 0.5, e.g. 0.001)", *p)
	}
	seen := map[string]bool{}
	for i, r := range c.Regions {
		path := fmt.Sprintf("regions[%d]", i)
		switch {
		case !contains(knownRegions, r):
			add(path, "unknown region %q (%s)", r, allowedWithSuggestion(r, knownRegions, "allowed: "+strings.Join(knownRegions, ", ")))
		case seen[r]:
			add(path, "region %q is listed twice (allowed: each region once)", r)
		}
		seen[r] = true
	}
	if s := c.Shocks; s != nil {
		if s.Probability == nil || s.Impact == nil {
			add("shocks", "both probability and impact are required (allowed: {probability: 0.02, impact: 1}; leave shocks out for the model's default)")
		}
		if s.Probability != nil && !(*s.Probability >= 0 && *s.Probability < 1) {
			add("shocks.probability", "%v is out of range (allowed: from 0 up to, not including, 1)", *s.Probability)
		}
		if s.Impact != nil && !(*s.Impact >= 0 && !math.IsInf(*s.Impact, 0)) {
			add("shocks.impact", "%v is out of range (allowed: a number ≥ 0, in units of the indicator's yearly noise)", *s.Impact)
		}
	}
	for _, id := range sortedKeys(c.Overrides) {
		errs = append(errs, c.checkOverride(id, c.Overrides[id])...)
	}
	errs = append(errs, c.checkAmounts("budget.programs", c.Budget.Programs, "an amount in 万元 ≥ 0")...)
	errs = append(errs, c.checkAmounts("budget.index", c.Budget.Index, "a factor ≥ 0 relative to the reference plan, e.g. 0.8")...)
	errs = append(errs, c.checkAmounts("budget.reference", c.Budget.Reference, "an amount in 万元 ≥ 0")...)
	names := map[string]int{}
	for i, s := range c.Scenarios {
		p := fmt.Sprintf("scenarios[%d]", i)
		switch {
		case s.Name == "":
			add(p+".name", "a name is required (allowed: lowercase letters, digits, - and _, e.g. cut-20)")
		case !scenarioNamePattern.MatchString(s.Name):
			add(p+".name", "%q is not a valid name (allowed: lowercase letters, digits, - and _, no dots or spaces, e.g. cut-20)", s.Name)
		default:
			if j, dup := names[s.Name]; dup {
				add(p+".name", "duplicate scenario name %q, also used by scenarios[%d] (allowed: each name once)", s.Name, j)
			}
			names[s.Name] = i
		}
		if s.Total != nil && !(*s.Total >= 0 && !math.IsInf(*s.Total, 0)) {
			add(p+".total", "%v is not a valid total (allowed: an amount in 万元 ≥ 0)", *s.Total)
		}
		errs = append(errs, c.checkAmounts(p+".programs", s.Programs, "an amount in 万元 ≥ 0")...)
		errs = append(errs, c.checkAmounts(p+".index", s.Index, "a factor ≥ 0 relative to the reference plan")...)
		for _, k := range sortedKeys(s.Scale) {
			if v := s.Scale[k]; !(v >= 0 && !math.IsInf(v, 0)) {
				add(joinPath(p+".scale", k), "%v is not a valid factor (allowed: a number ≥ 0, e.g. 0.8)", v)
			}
		}
		for j, m := range s.Move {
			mp := fmt.Sprintf("%s.move[%d]", p, j)
			if m.From == "" || m.To == "" {
				add(mp, "from and to are required (allowed: program ids)")
			} else if m.From == m.To {
				add(mp, "from and to are the same program %q (allowed: two different programs)", m.From)
			}
			if !(m.Amount > 0 && !math.IsInf(m.Amount, 0)) {
				add(mp+".amount", "%v is not a valid amount (allowed: an amount > 0)", m.Amount)
			}
		}
		for j, sh := range s.Shift {
			sp := fmt.Sprintf("%s.shift[%d]", p, j)
			if sh.FromYear == 0 || sh.ToYear == 0 || sh.FromYear == sh.ToYear {
				add(sp, "from_year %d and to_year %d must be two different years (allowed: e.g. {from_year: 2025, to_year: 2023, share: 0.2})", sh.FromYear, sh.ToYear)
			}
			switch {
			case (sh.Share == nil) == (sh.Amount == nil):
				add(sp, "give either share or amount (allowed: share from 0 to 1, or an amount in 万元 > 0)")
			case sh.Share != nil && !(*sh.Share >= 0 && *sh.Share <= 1):
				add(sp+".share", "%v is out of range (allowed: from 0 to 1)", *sh.Share)
			case sh.Amount != nil && !(*sh.Amount > 0 && !math.IsInf(*sh.Amount, 0)):
				add(sp+".amount", "%v is not a valid amount (allowed: an amount in 万元 > 0)", *sh.Amount)
			}
		}
	}
	return errs
}

func (c *Config) checkAmounts(path string, m map[string]YearAmounts, allowed string) []error {
	var errs []error
	for _, id := range sortedKeys(m) {
		for _, y := range sortedYears(m[id]) {
			v := m[id][y]
			p := fmt.Sprintf("%s.%d", joinPath(path, id), y)
			if !(v >= 0) || math.IsInf(v, 0) {
				what := "negative"
				if !(v < 0) {
					what = "not a finite number"
				}
				errs = append(errs, c.errAt(p, "%v is %s (allowed: %s)", v, what, allowed))
			}
			if y < 2000 || y > 2100 {
				errs = append(errs, c.errAt(p, "year %d is out of range (allowed: 2000 to 2100)", y))
			}
		}
	}
	return errs
}

func (c *Config) checkOverride(id string, ov IndicatorOverride) []error {
	var errs []error
	base := joinPath("overrides", id)
	add := func(path, format string, args ...any) { errs = append(errs, c.errAt(path, format, args...)) }
	finite := func(path string, v *float64, lo float64, allowed string) {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v < lo) {
			add(path, "%v is out of range (allowed: %s)", *v, allowed)
		}
	}
	p := ov.Params
	finite(base+".drift", p.Drift, math.Inf(-1), "a finite number, per year in the indicator's unit")
	finite(base+".noise", p.Noise, 0, "a number ≥ 0, per year in the indicator's unit")
	finite(base+".effectiveness", p.Effectiveness, 0, "a number ≥ 0")
	finite(base+".uncertainty", p.Uncertainty, 0, "a number ≥ 0")
	if p.ProgramShare != nil && !(*p.ProgramShare >= 0 && *p.ProgramShare <= 1) {
		add(base+".program_share", "%v is out of range (allowed: from 0 to 1)", *p.ProgramShare)
	}
	if p.Lag != nil && (*p.Lag < 0 || *p.Lag > 10) {
		add(base+".lag", "%d is out of range (allowed: 0 to 10 years)", *p.Lag)
	}
	checkYear := func(path string, y int) {
		if y < 2000 || y > 2100 {
			add(path, "year %d is out of range (allowed: 2000 to 2100)", y)
		}
	}
	if b := ov.Baseline; b != nil {
		checkYear(base+".baseline.year", b.Year)
	}
	seen := map[int]bool{}
	for i, o := range ov.Observations {
		path := fmt.Sprintf("%s.observations[%d]", base, i)
		checkYear(path+".year", o.Year)
		if seen[o.Year] {
			add(path+".year", "year %d is given twice (allowed: each year once)", o.Year)
		}
		seen[o.Year] = true
	}
	for _, g := range []struct {
		field string
		ts    []TargetConfig
	}{{"targets", ov.Targets}, {"milestones", ov.Milestones}} {
		for i, t := range g.ts {
			path := fmt.Sprintf("%s.%s[%d]", base, g.field, i)
			if !Test(t.Test).Known() {
				add(path+".test", "unknown test %q (allowed: %s)", t.Test, testNames())
			}
		}
	}
	return errs
}

func testNames() string {
	names := make([]string, len(tests))
	for i, t := range tests {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}
