package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

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
