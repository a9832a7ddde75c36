package forecast

import (
	"context"
	"testing"

	"github.com/healthsim/healthsim/sim"
)

// The paths of the shards of a run add up to the run, and each is what a sharded run simulates;
// its summary passes CheckCounts, and fails it against any other number of paths.
func TestShardPathsAndCheckCounts(t *testing.T) {
	m := compile(t, resolveConfig(t))
	for _, runs := range []int64{1, sim.DefaultChunkSize, 3*sim.DefaultChunkSize + 17} {
		m.Scenario.Runs = runs
		for _, n := range []int{1, 2, 5} {
			var total uint64
			for k := range n {
				sh := Shard{K: k, N: n}
				want := m.ShardPaths(sh)
				total += want
				out, err := Run(context.Background(), m, RunOptions{Workers: 2, Shard: sh})
				if err != nil {
					t.Fatal(err)
				}
				if out.Summary.N != want {
					t.Errorf("runs %d, shard %d/%d: simulated %d paths, ShardPaths says %d", runs, k, n, out.Summary.N, want)
				}
				if err := m.CheckCounts(out.Summary, want); err != nil {
					t.Errorf("runs %d, shard %d/%d: %v", runs, k, n, err)
				}
				if err := m.CheckCounts(out.Summary, want+1); err == nil {
					t.Errorf("runs %d, shard %d/%d: CheckCounts accepted a wrong number of paths", runs, k, n)
				}
			}
			if total != uint64(runs) {
				t.Errorf("runs %d in %d shards: the shards hold %d paths", runs, n, total)
			}
		}
	}
}
