package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestModelOverflowIsBadInput: settings whose projection float64 cannot hold are a config error
// naming the file and key, never a panic.
func TestModelOverflowIsBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct{ override, key string }{
		{"{huzhou_cmi_tertiary: {drift: 1e20}}", "overrides.huzhou_cmi_tertiary.drift"},
		{"{huzhou_cmi_tertiary: {noise: 1e200}}", "overrides.huzhou_cmi_tertiary.noise"},
	} {
		cfg := writeFile(t, dir, "model.yaml", "overrides: "+tc.override+"\n")
		for _, cmd := range [][]string{{"validate", "--config", cfg}, argv([]string{"run", "--config", cfg, "--out", filepath.Join(dir, "out")}, fast)} {
			r := runCLI(t, cmd...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, cfg+": "+tc.key+": ") || !strings.Contains(r.stderr, "allowed: a magnitude up to") {
				t.Errorf("%s %s: exit %d, stderr %q; want 2 naming %s and the allowed range", cmd[0], tc.override, r.code, r.stderr, tc.key)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("%s %s: %s", cmd[0], tc.override, r.stderr)
			}
		}
	}
	assertNoOutput(t, filepath.Join(dir, "out"))
}
