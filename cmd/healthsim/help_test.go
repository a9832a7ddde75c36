package main

import (
	"io"
	"strings"
	"testing"
)

// TestHelpExamples: every command's --help shows two or three examples, and every flag an
// example uses is a flag of the command it runs.
func TestHelpExamples(t *testing.T) {
	root := newRoot(&env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }})
	for _, cmd := range root.Commands() {
		if cmd.Hidden || cmd.Name() == "help" || cmd.Name() == "completion" {
			continue
		}
		var lines []string
		for _, l := range strings.Split(cmd.Example, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) < 2 || len(lines) > 3 {
			t.Errorf("%s: %d examples, want two or three", cmd.Name(), len(lines))
		}
		for _, l := range lines {
			l, _, _ = strings.Cut(l, "#")
			words := strings.Fields(l)
			if len(words) < 2 || words[0] != "healthsim" {
				t.Errorf("%s: example %q does not run healthsim", cmd.Name(), l)
				continue
			}
			sub, _, err := root.Find(words[1:])
			if err != nil {
				t.Errorf("%s: example %q: %v", cmd.Name(), l, err)
				continue
			}
			for _, w := range words[2:] {
				name, ok := strings.CutPrefix(w, "--")
				if ok && sub.Flags().Lookup(name) == nil {
					t.Errorf("%s: example %q uses --%s, which %s does not have", cmd.Name(), l, name, sub.Name())
				}
			}
		}
	}
}
