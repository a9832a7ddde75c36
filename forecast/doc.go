// Package forecast holds healthsim's indicator models. It compiles a scenarios.Scenario into flat
// arrays that the sim engine runs (Compile), and turns the engine's summary into results: per-year
// quantiles, the probability of meeting every target and milestone with its Monte Carlo standard
// error, the UN SDG progress categories, and paired differences between funding allocations.
//
// Each indicator is simulated in a transformed space z = T(x) in which any real value maps back
// into the indicator's admissible range: logit for shares, log for positive quantities, identity
// for levels. docs/MODEL.md states the model and its defaults.
package forecast
