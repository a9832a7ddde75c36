// Package testenv keeps a developer's shell out of the tests. scenarios.LoadConfig reads the
// HEALTHSIM_* run settings from the process environment, so a HEALTHSIM_RUNS left exported
// would change what the tests of every package that loads a config see; each such package's
// TestMain calls Main, and tests that want a variable set it with t.Setenv.
package testenv

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Clear unsets every HEALTHSIM_* variable except those the tests read on purpose: where the
// source documents and a draft catalogue are.
func Clear() error {
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case !strings.HasPrefix(name, "HEALTHSIM_"), name == "HEALTHSIM_SEEDS", name == "HEALTHSIM_CATALOGUE_DIR":
			continue
		}
		if err := os.Unsetenv(name); err != nil {
			return fmt.Errorf("unset %s: %w", name, err)
		}
	}
	return nil
}

// Main clears the variables and runs the tests; call it from TestMain.
func Main(m *testing.M) {
	if err := Clear(); err != nil {
		fmt.Fprintln(os.Stderr, "testenv:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
