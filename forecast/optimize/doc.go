// Package optimize searches for the best allocation of a fixed budget. A Space holds the cells
// (programme-years) that may change, their floors and caps, and the groups of cells whose totals
// are fixed (one group per year when the funding sources fix each year's total, else one group).
// Space.Map turns any vector of free reals into an allocation that keeps every constraint
// (a softmax within each group, then floors and caps by water-filling), so a derivative-free
// method from gonum/optimize (CMA-ES or Nelder–Mead) searches without penalties.
//
// The objective is a batch function scored on one set of random paths named by a seed: every
// evaluation of a search uses the same seed (common random numbers), and Compare re-scores two
// allocations on fresh, independent batches of paths to give the gain with its paired standard
// error.
package optimize
