// Package backtest measures what healthsim's probabilities are worth. For each series and each
// origin year it forecasts the next years from the data up to the origin only, with exactly the
// status-quo machinery of package forecast (no programme effect), and scores the forecasts
// against what happened: coverage of the central 50% and 90% intervals, the interval score
// against a naive random walk with the series' own past drift, the Brier score of pseudo-targets
// against the naive forecast's, a reliability table and the PIT histogram.
//
// Series come from a CSV file (ReadCSV) or from the embedded public panel (Panel): Gapminder's
// Systema Globalis indicators for every country with enough history, and China's national
// health statistics.
//
// With Options.TwoPoint a forecast sees two observations only, its origin's and the one TwoPoint
// years before, as a catalogue indicator with a baseline and a latest value does, and their slope
// is shrunk toward a prior pace read from Options.Priors (the training part): the series of the
// same quantity of other geos up to the origin (prior.go). Plan scores a real plan's record from
// what was known when it was written.
package backtest
