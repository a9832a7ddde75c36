package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/healthsim/healthsim/scenarios"
)

// Exit codes.
const (
	exitOK        = 0
	exitFailure   = 1 // the run failed
	exitBadInput  = 2 // a config, data or usage error
	exitCancelled = 130
)

// usageError marks an error in the command line itself.
type usageError struct{ error }

// env is what a command needs from its surroundings; tests pass their own. getenv is for the
// terminal's COLUMNS only: the HEALTHSIM_* run settings are a config layer, which
// scenarios.LoadConfig reads from the process environment.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// execute runs the command line args and returns the process exit code.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: getenv}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "healthsim: interrupted: nothing written")
		return exitCancelled
	}
	fmt.Fprintln(stderr, "healthsim:", terminalSafe(err.Error()))
	switch {
	case errors.As(err, &ue), scenarios.IsConfigError(err):
		return exitBadInput
	}
	return exitFailure
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "healthsim",
		Short:         "Will the health plan's targets be met? Monte Carlo projections of Zhejiang planning indicators",
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newIndicatorsCmd(e), newValidateCmd(e), newRunCmd(e), newCompareCmd(e), newMergeCmd(e), newBacktestCmd(e), newSensitivityCmd(e), newOptimizeCmd(e))
	return root
}

// flagError marks a flag the command line could not parse as a usage error. A value that does not
// parse as the flag's type (pflag's "invalid argument … strconv.ParseInt: …") is restated as the
// other usage errors are: the flag, the value and what is allowed, with the flag's help text.
func flagError(_ *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if !errors.As(err, &bad) {
		return usageError{err}
	}
	f := bad.GetFlag()
	allowed, ok := map[string]string{
		"int": "a whole number", "int64": "a whole number", "uint64": "a whole number, 0 or more",
		"float64": "a number", "bool": "true or false", "duration": "a duration such as 90s or 5m",
	}[f.Value.Type()]
	if !ok {
		return usageError{err}
	}
	return usageError{fmt.Errorf("--%s %q: allowed: %s (--%s: %s)", f.Name, bad.GetValue(), allowed, f.Name, f.Usage)}
}

// version is the module version stamped by the Go toolchain, or the VCS revision.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 && (v == "" || v == "(devel)") {
			v = "devel+" + s.Value[:12]
		}
	}
	if v == "" {
		v = "devel"
	}
	return v
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments (got %q); use flags", cmd.Name(), args)}
	}
	return nil
}
