package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

func newMergeCmd(e *env) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use: "merge PARTIAL.json...",
		Example: `  healthsim run --config examples/huzhou-plan.yaml --shard 0/2 --out part0   # on machine 1
  healthsim run --config examples/huzhou-plan.yaml --shard 1/2 --out part1   # on machine 2
  healthsim merge part0/partial-0-of-2.json part1/partial-1-of-2.json --out out/plan`,
		Short: "Merge the shards of a run (run --shard k/n) into the run's outputs",
		Long: `Merge reads the partial results of every shard of one run, made with run --shard k/n on any
number of machines, and writes the same outputs as a single run: the merged result equals the
whole run exactly.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			parts, err := readPartials(files)
			if err != nil {
				return err
			}
			p, err := preparePartials(files, parts, &f, e)
			if err != nil {
				return err
			}
			total := p.model.NewSummary()
			var st forecast.Stats
			for _, pt := range parts {
				p.model.Merge(total, pt.Summary)
				st.Workers += pt.Workers
				st.Elapsed = max(st.Elapsed, time.Duration(pt.ElapsedSeconds*float64(time.Second)))
			}
			st.Paths = int64(total.N)
			r := p.model.Results(total)[0]
			b, err := runBundle(cmd.Context(), p, r, st)
			if err != nil {
				return err
			}
			names, err := b.write(cmd.Context(), f.out)
			if err != nil {
				return err
			}
			if err := printRun(e.stdout, &f, terminalWidth(e), p, r, st); err != nil {
				return err
			}
			if !f.quiet {
				fmt.Fprintf(e.stderr, "merged %d shards (%d paths); wrote %d files to %s\n", len(parts), st.Paths, len(names), f.out)
			}
			return nil
		},
	}
	f.registerOutput(cmd.Flags(), "no notes on stderr")
	f.registerFilters(cmd)
	return cmd
}

func readPartials(files []string) ([]partial, error) {
	parts := make([]partial, len(files))
	for i, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, usageError{err}
		}
		if err := json.Unmarshal(data, &parts[i]); err != nil || parts[i].Summary == nil || parts[i].Config == nil {
			return nil, usageError{fmt.Errorf("%s: not a partial result of healthsim run --shard (%v)", name, err)}
		}
	}
	return parts, checkShards(files, parts)
}

// checkShards requires one partial for every shard of one run, all made by this version.
func checkShards(files []string, parts []partial) error {
	first, _ := json.Marshal(parts[0].Config)
	n := parts[0].Shard.N
	seen := map[int]string{}
	for i, pt := range parts {
		cfg, _ := json.Marshal(pt.Config)
		switch {
		case pt.Shard.N < 1 || pt.Shard.K < 0 || pt.Shard.K >= pt.Shard.N:
			return usageError{fmt.Errorf("%s: shard %d/%d is not a shard of a run (want k/n with 0 <= k < n)", files[i], pt.Shard.K, pt.Shard.N)}
		case pt.Version != version():
			return usageError{fmt.Errorf("%s: made by healthsim %s, this is %s: merge with the version that ran the shards", files[i], pt.Version, version())}
		case !bytes.Equal(cfg, first):
			return usageError{fmt.Errorf("%s: its scenario differs from %s's: shards of different runs cannot be merged", files[i], files[0])}
		case pt.Shard.N != n:
			return usageError{fmt.Errorf("%s: shard %d/%d, but %s is one of %d", files[i], pt.Shard.K, pt.Shard.N, files[0], n)}
		case seen[pt.Shard.K] != "":
			return usageError{fmt.Errorf("%s: shard %d/%d again (also in %s)", files[i], pt.Shard.K, n, seen[pt.Shard.K])}
		}
		seen[pt.Shard.K] = files[i]
	}
	for k := range n {
		if seen[k] == "" {
			return usageError{fmt.Errorf("shard %d/%d is missing: give all %d partial files", k, n, n)}
		}
	}
	return nil
}

// preparePartials rebuilds the run's model from the shards' scenario, checked as a config is,
// and checks every shard's counts against it. Every error names the partial file.
func preparePartials(files []string, parts []partial, f *runFlags, e *env) (*prepared, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		return nil, err
	}
	cfg := parts[0].Config // the same in every partial (checkShards)
	if err := cfg.Recheck(files[0]); err != nil {
		return nil, err
	}
	sc, err := cfg.Resolve(cat)
	if err != nil {
		return nil, err
	}
	p, err := f.finish(e, cat, cfg, onlyFirst(io.Discard, sc)) // run --shard said which scenario it runs
	if err != nil {
		return nil, err
	}
	for i, pt := range parts {
		if err := p.model.CheckCounts(pt.Summary, p.model.ShardPaths(pt.Shard)); err != nil {
			return nil, usageError{fmt.Errorf("%s: shard %d/%d: %w (allowed: the partial file as run --shard wrote it)", files[i], pt.Shard.K, pt.Shard.N, err)}
		}
	}
	return p, nil
}
