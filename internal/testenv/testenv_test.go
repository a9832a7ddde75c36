package testenv

import (
	"os"
	"testing"
)

// TestClear: the run settings' variables go, the folders the tests read on purpose and other
// variables stay.
func TestClear(t *testing.T) {
	set := map[string]string{
		"HEALTHSIM_RUNS": "5", "HEALTHSIM_SEED": "1", "HEALTHSIM_ANYTHING": "x",
		"HEALTHSIM_SEEDS": "/seeds", "HEALTHSIM_CATALOGUE_DIR": "/cat", "HEALTHSIMX": "kept", "OTHER_HEALTHSIM_RUNS": "kept",
	}
	for k, v := range set {
		t.Setenv(k, v)
	}
	if err := Clear(); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		got, ok := os.LookupEnv(k)
		switch k {
		case "HEALTHSIM_RUNS", "HEALTHSIM_SEED", "HEALTHSIM_ANYTHING":
			if ok {
				t.Errorf("%s=%q is still set", k, got)
			}
		default:
			if got != v {
				t.Errorf("%s=%q, want %q", k, got, v)
			}
		}
	}
}
