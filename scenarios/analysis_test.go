package scenarios

import (
	"strings"
	"testing"
)

func TestAnalysisBlocks(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       string // substring of the error; empty when the config is valid
	}{
		{"valid", "optimize:\n  objective: p_all_binding\n  floor: {share: 0.5}\n  cap: {share: 2}\n  year_totals: {2023: 32637, 2024: 40957}\n  frontier: [0.6, 1.4]\nsensitivity:\n  ranges:\n    lag: {low: 0, high: 2, reason: why}\n  sobol: {n: 64, paths: 1000}\n", ""},
		{"range reversed", "sensitivity:\n  ranges:\n    lag: {low: 2, high: 1}\n", "sensitivity.ranges.lag: low 2 and high 1 are not a range"},
		{"range half", "sensitivity:\n  ranges:\n    lag: {low: 2}\n", "sensitivity.ranges.lag: both low and high are required"},
		{"one batch", "sensitivity:\n  batches: 1\n", "sensitivity.batches: 1 batch"},
		{"unknown key", "optimize:\n  objectiv: weighted\n", `optimize.objectiv: unknown key "objectiv" (did you mean objective?`},
		{"bound both", "optimize:\n  floor: {share: 0.5, amount: 3}\n", "optimize.floor: give either share or amount"},
		{"negative cap", "optimize:\n  caps:\n    huzhou_talent: {amount: -1}\n", "optimize.caps.huzhou_talent.amount: -1 is out of range"},
		{"objective", "optimize:\n  objective: best\n", `optimize.objective: unknown objective "best"`},
		{"weights without weighted", "optimize:\n  weights: {huzhou_cmi_tertiary: 2}\n", "optimize.weights: weights are only used by objective: weighted"},
		{"weighted without weights", "optimize:\n  objective: weighted\n", "optimize.weights: the weighted objective needs weights"},
		{"frontier", "optimize:\n  frontier: [0]\n", "optimize.frontier[0]: 0 is out of range"},
		{"year total", "optimize:\n  year_totals: {2023: -5}\n", "-5 is negative"},
		{"method", "optimize:\n  method: sgd\n", `optimize.method: unknown method "sgd"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := writeConfig(t, t.TempDir(), "c.yaml", tc.yaml)
			_, err := LoadConfig([]string{file}, Overrides{})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			case tc.want != "" && !IsConfigError(err):
				t.Fatalf("%v is not a config error", err)
			}
		})
	}
}
