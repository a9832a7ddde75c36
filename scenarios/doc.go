// Package scenarios holds what healthsim knows before it simulates anything: the indicator
// catalogue of the five planning documents and the evidence series (embedded data files, each
// citing its source), and the config files that turn them into a what-if.
//
// The flow is one way. LoadCatalogue reads the catalogue; LoadConfig reads config files in order
// through viper, merging later files over earlier ones, then the run settings of the environment
// (HEALTHSIM_RUNS and the like, which viper reads from the process environment) and of flags
// (RunSettings lists them); Config.Resolve checks the config against the catalogue and
// yields a Scenario: the indicators to project with their data and goals, the run settings, and one
// Allocation per funding plan, the first being the reference of a comparison.
//
// An Allocation is the one place that knows money: which programmes are budgeted in 万元 (the
// others are funded by an index relative to the plan), how to Scale, Move and Shift funding, and
// what it Costs. Every mistake in a config is a *ConfigError that names the file, the key and what
// is allowed. The package draws no random numbers and knows nothing of charts.
package scenarios
