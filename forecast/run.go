package forecast

import (
	"context"

	"github.com/healthsim/healthsim/sim"
)

// Shard restricts a run to the chunks whose index is K modulo N; the zero value is the whole run.
// The N shards of a run, merged with Model.Merge, equal the whole run exactly.
type Shard = sim.Shard

// Stats describe a finished run: paths, chunks, workers and wall-clock time.
type Stats = sim.Stats

// RunOptions say how a run is carried out. What is run (paths, seed, precision) is the model's
// scenario, so that a run is reproduced from its scenario alone.
type RunOptions struct {
	// Workers is the number of concurrent workers: the scenario's when 0, and every core when
	// both are 0. Any number gives the same result.
	Workers int
	// Shard runs one shard of the chunks only.
	Shard Shard
	// Progress, when set, is called from one goroutine with the paths done so far.
	Progress func(done, total int64)
}

// Outcome is what a run yields: one result per allocation, the exact summary they were read from
// (what a shard hands to a merge), and the run's figures.
type Outcome struct {
	Results []*Result
	Summary *Summary
	Stats   Stats
}

// Run simulates the model's scenario: its runs paths from its seed, or, with a precision p > 0,
// chunks until every reported probability's standard error is at most p (or the runs are reached).
func Run(ctx context.Context, m *Model, opt RunOptions) (Outcome, error) {
	sc := m.Scenario
	workers := opt.Workers
	if workers == 0 {
		workers = sc.Workers
	}
	return m.run(ctx, sim.Options[*Summary]{Paths: sc.Runs, Seed: sc.Seed, Workers: workers, Shard: opt.Shard, Progress: opt.Progress})
}

// run simulates the model with the engine's options, stopping early at the scenario's precision.
func (m *Model) run(ctx context.Context, opt sim.Options[*Summary]) (Outcome, error) {
	if prec := m.Scenario.Precision; prec > 0 && opt.Until == nil {
		opt.Until = func(s *Summary, _ int64) bool { return m.MaxSE(s) <= prec }
	}
	s, st, err := sim.Run(ctx, sim.Kernel[*Summary](m), opt)
	if err != nil {
		return Outcome{Stats: st}, err
	}
	return Outcome{Results: m.Results(s), Summary: s, Stats: st}, nil
}
