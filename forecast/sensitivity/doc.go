// Package sensitivity measures which assumptions drive a model's outputs. Sobol estimates
// first-order and total variance-based indices (Saltelli's first-order and Jansen's total
// estimators) with delta-method standard errors; Tornado moves one assumption at a time across a
// stated range and reports each swing with its paired standard error.
//
// The package knows nothing of health indicators: a model is a batch function from points in the
// unit hypercube (or from assumption values) to outputs. Callers make every evaluation use the
// same random numbers, so differences between points are differences of the model, not noise.
package sensitivity
