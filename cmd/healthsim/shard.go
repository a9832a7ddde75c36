package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// partial is one shard's output: its exact summary and what is needed to check and merge it.
type partial struct {
	Version        string            `json:"version"`
	Config         *scenarios.Config `json:"scenario"`
	Shard          forecast.Shard    `json:"shard"`
	ElapsedSeconds float64           `json:"elapsed_seconds"`
	Workers        int               `json:"workers"`
	Summary        *forecast.Summary `json:"summary"`
}

// parseShard reads "k/n" with 0 <= k < n.
func parseShard(s string) (forecast.Shard, error) {
	ks, ns, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || k < 0 || k >= n {
		return forecast.Shard{}, usageError{fmt.Errorf("--shard %q: want k/n with 0 <= k < n, e.g. 0/4", s)}
	}
	return forecast.Shard{K: k, N: n}, nil
}

func partialName(sh forecast.Shard) string { return fmt.Sprintf("partial-%d-of-%d.json", sh.K, sh.N) }

// runShard runs the chunks of one shard and writes partial-k-of-n.json into --out.
func (f *runFlags) runShard(cmd *cobra.Command, e *env, sh forecast.Shard) error {
	if cmd.Flags().Changed("precision") {
		return usageError{fmt.Errorf("--precision needs the whole run; it cannot be combined with --shard")}
	}
	f.noCharts = true
	p, err := f.prepare(cmd, e)
	if err != nil {
		return err
	}
	if p.sc.Precision > 0 {
		return usageError{fmt.Errorf("%s: precision: a precision target needs the whole run; it cannot be combined with --shard (allowed: leave precision out of a sharded run)", p.cfg.Source("precision"))}
	}
	out, err := forecast.Run(cmd.Context(), p.model, forecast.RunOptions{Shard: sh})
	if err != nil {
		return err
	}
	st := out.Stats
	data, err := json.Marshal(partial{Version: version(), Config: p.cfg, Shard: sh, ElapsedSeconds: st.Elapsed.Seconds(), Workers: st.Workers, Summary: out.Summary})
	if err != nil {
		return err
	}
	// Shards of one run may share --out, so a partial is one file replaced on its own.
	if err := cmd.Context().Err(); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(f.out, partialName(sh)), data); err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(e.stderr, "shard %d/%d: %d paths in %.1fs; wrote %s; merge the %d shards with healthsim merge\n",
			sh.K, sh.N, st.Paths, st.Elapsed.Seconds(), partialName(sh), sh.N)
	}
	return nil
}
