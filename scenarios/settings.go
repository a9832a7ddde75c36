package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/viper"
)

// RunSetting is a top-level config setting that an environment variable and a command-line flag
// may set over the files. Both give it as text, read by the same rule.
type RunSetting struct {
	Key   string // the config key, e.g. runs
	Env   string // the environment variable, e.g. HEALTHSIM_RUNS; "" for none
	Flag  string // the flag's name, e.g. runs; "" for none
	Type  string // what the value is, for help texts: int, uint, float, string or strings
	Usage string // the flag's help text

	allowed string                            // what the text may be, for messages
	set     func(c *Config, raw string) error // reads raw into c; an error means raw is not allowed
}

// runSettings is the table of run settings: environment variables are applied in this order
// over the files, then flags in this order over the environment.
var runSettings = []RunSetting{
	{Key: "name", Env: "HEALTHSIM_NAME", Flag: "name", Type: "string", Usage: "scenario name (overrides the config)",
		allowed: "a name", set: func(c *Config, raw string) error { c.Name = raw; return nil }},
	{Key: "runs", Env: "HEALTHSIM_RUNS", Flag: "runs", Type: "int", Usage: "number of Monte Carlo paths (overrides the config)",
		allowed: fmt.Sprintf("a whole number from 1 to %d", MaxRuns), set: func(c *Config, raw string) (err error) {
			c.Runs, err = strconv.ParseInt(raw, 10, 64)
			return err
		}},
	{Key: "seed", Env: "HEALTHSIM_SEED", Flag: "seed", Type: "uint", Usage: "random seed (overrides the config)",
		allowed: "a whole number from 0 to 18446744073709551615", set: func(c *Config, raw string) (err error) {
			c.Seed, err = strconv.ParseUint(raw, 10, 64)
			return err
		}},
	{Key: "workers", Env: "HEALTHSIM_WORKERS", Flag: "workers", Type: "int", Usage: "concurrent workers (default: all cores)",
		allowed: "a whole number, 0 for all cores", set: func(c *Config, raw string) (err error) {
			c.Workers, err = strconv.Atoi(raw)
			return err
		}},
	{Key: "horizon", Env: "HEALTHSIM_HORIZON", Flag: "horizon", Type: "int", Usage: "last projected year (overrides the config)",
		allowed: fmt.Sprintf("a year up to %d", MaxHorizon), set: func(c *Config, raw string) (err error) {
			c.Horizon, err = strconv.Atoi(raw)
			return err
		}},
	{Key: "precision", Env: "HEALTHSIM_PRECISION", Flag: "precision", Type: "float",
		Usage:   "add paths until every probability's standard error is at most this",
		allowed: "a number above 0 and below 0.5", set: func(c *Config, raw string) error {
			v, err := strconv.ParseFloat(raw, 64)
			c.Precision = &v
			return err
		}},
	{Key: "regions", Flag: "region", Type: "strings", Usage: "regions to project, comma-separated (overrides the config)",
		allowed: "region names separated by commas", set: func(c *Config, raw string) error {
			c.Regions = nil
			for r := range strings.SplitSeq(raw, ",") {
				if r = strings.TrimSpace(r); r != "" {
					c.Regions = append(c.Regions, r)
				}
			}
			return nil
		}},
	{Key: "actuals", Flag: "actuals", Type: "string",
		Usage:   "CSV of monitored values (id,year,value) added to the observations (overrides the config's actuals)",
		allowed: "a CSV file", set: func(c *Config, raw string) error { c.Actuals = raw; return nil }},
}

// RunSettings returns the table of run settings, for commands that register their flags.
func RunSettings() []RunSetting { return slices.Clone(runSettings) }

// environment returns a viper instance that knows only the run settings' variables, bound to
// their keys. It holds no files, so IsSet is true just when the variable is set; viper reads the
// process environment when asked and takes an empty variable as unset.
func environment() (*viper.Viper, error) {
	v := newViper()
	for _, s := range runSettings {
		if s.Env == "" {
			continue
		}
		if err := v.BindEnv(s.Key, s.Env); err != nil {
			return nil, fmt.Errorf("bind %s to %s: %w", s.Env, s.Key, err)
		}
	}
	return v, nil
}

// applyRunSettings sets the run settings from the environment (through viper), then from flags.
func (c *Config) applyRunSettings(flags map[string]string) []error {
	var errs []error
	apply := func(s RunSetting, raw, src string) {
		if err := s.set(c, raw); err != nil {
			errs = append(errs, &ConfigError{File: src, Key: s.Key, Msg: fmt.Sprintf("%q is not valid (allowed: %s)", raw, s.allowed)})
			return
		}
		c.origin[s.Key] = src
		c.Sources = append(c.Sources, src)
	}
	env, err := environment()
	if err != nil {
		return []error{fmt.Errorf("environment: %w", err)}
	}
	for _, s := range runSettings {
		if s.Env == "" || !env.IsSet(s.Key) {
			continue
		}
		if raw := strings.TrimSpace(env.GetString(s.Key)); raw != "" {
			apply(s, raw, "environment: "+s.Env)
		}
	}
	for _, s := range runSettings {
		if raw, ok := flags[s.Flag]; ok && s.Flag != "" {
			apply(s, raw, "flag --"+s.Flag)
		}
	}
	return errs
}
