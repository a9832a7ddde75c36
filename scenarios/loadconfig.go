package scenarios

import (
	"fmt"
	"path/filepath"
	"strings"
)

// source is one config file's text and type.
type source struct {
	name string
	data []byte
	typ  string
}

// readSources reads the config files, or the embedded default when there are none.
func readSources(files []string) ([]source, []error) {
	if len(files) == 0 {
		return []source{{DefaultConfigFile, defaultYAML, "yaml"}}, nil
	}
	var srcs []source
	var errs []error
	for _, f := range files {
		typ, err := configType(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		data, err := readConfigFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		srcs = append(srcs, source{f, data, typ})
	}
	return srcs, errs
}

// LoadConfig reads files in order (later files merge deeply over earlier ones; lists are
// replaced, not merged; no files = the embedded default.yaml), then the HEALTHSIM_* environment
// variables of the run settings (read by viper from the process environment), then overrides.
// Every problem in the input is a *ConfigError; several are joined with errors.Join.
func LoadConfig(files []string, o Overrides) (*Config, error) {
	srcs, errs := readSources(files)
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
		return nil, joinErrors(errs)
	}
	c.Runs, c.Seed, c.Horizon = DefaultRuns, DefaultSeed, DefaultHorizon
	if decErrs := decodeStrict(merged.AllSettings(), c); len(decErrs) > 0 {
		// Each file decoded cleanly on its own, so this should not happen; name the files.
		return nil, joinErrors(decErrs)
	}

	errs = append(errs, c.applyRunSettings(o.Flags)...)
	if c.Actuals != "" {
		if err := c.readActuals(o.ThisYear); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	if err := joinErrors(c.check()); err != nil {
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
