package scenarios

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestREADMECounts checks the README's table of entries, baselines and goals per catalogue file.
func TestREADMECounts(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README not available:", err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)\\.yaml` \\| [^|]+ \\| (\\d+) \\| (\\d+)[^|]* \\| (\\d+) \\|$")
	rows := row.FindAllStringSubmatch(string(b), -1)
	c := testCatalogue(t)
	if len(rows) != len(c.Documents) {
		t.Fatalf("README lists %d catalogue files, the catalogue has %d", len(rows), len(c.Documents))
	}
	for _, d := range c.Documents {
		entries, baselines, goals := len(d.Indicators), 0, 0
		for _, ind := range d.Indicators {
			if len(ind.Observations) > 0 {
				baselines++
			}
			goals += len(ind.Targets) + len(ind.Milestones)
		}
		want := []int{entries, baselines, goals}
		found := false
		for _, r := range rows {
			if "catalogue/"+r[1]+".yaml" != d.path {
				continue
			}
			found = true
			for i, w := range want {
				if got, _ := strconv.Atoi(r[i+2]); got != w {
					t.Errorf("README %s column %d: %d, catalogue %d", r[1], i+1, got, w)
				}
			}
		}
		if !found {
			t.Errorf("README does not list %s", d.path)
		}
	}
}
