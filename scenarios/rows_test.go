package scenarios

import (
	"os"
	"testing"
)

// testCatalogue loads the embedded catalogue, or the draft files in $HEALTHSIM_CATALOGUE_DIR.
func testCatalogue(t *testing.T) *Catalogue {
	t.Helper()
	var c *Catalogue
	var err error
	if dir := os.Getenv("HEALTHSIM_CATALOGUE_DIR"); dir != "" {
		c, err = LoadCatalogueFS(os.DirFS(dir), ".")
	} else {
		c, err = LoadCatalogue()
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// row is one number of the catalogue as a test expects it from the document.
type row struct {
	id    string
	field string // "obs", "target" or "milestone"
	year  int
	test  Test // ignored for "obs"
	value float64
}

// checkRows asserts that each row is in the catalogue exactly as given.
func checkRows(t *testing.T, rows []row) {
	t.Helper()
	c := testCatalogue(t)
	for _, r := range rows {
		ind, ok := c.Indicator(r.id)
		if !ok {
			t.Errorf("%s: no such indicator", r.id)
			continue
		}
		if !hasRow(ind, r) {
			t.Errorf("%s: no %s %d %s %v (have observations %v, milestones %v, targets %v)",
				r.id, r.field, r.year, r.test, r.value, ind.Observations, fmtTargets(ind.Milestones), fmtTargets(ind.Targets))
		}
	}
}

func hasRow(ind *Indicator, r row) bool {
	if r.field == "obs" {
		for _, o := range ind.Observations {
			if o.Year == r.year && round(o.Value) == round(r.value) {
				return true
			}
		}
		return false
	}
	ts := ind.Targets
	if r.field == "milestone" {
		ts = ind.Milestones
	}
	for _, tg := range ts {
		if tg.Year != r.year || tg.Test != r.test {
			continue
		}
		if tg.Value == nil && !r.test.NeedsValue() || tg.Value != nil && round(*tg.Value) == round(r.value) {
			return true
		}
	}
	return false
}

func fmtTargets(ts []Target) []string {
	var out []string
	for _, tg := range ts {
		s := string(tg.Test)
		if tg.Value != nil {
			s += " " + trimFloat(*tg.Value)
		}
		out = append(out, s+"@"+itoa(tg.Year))
	}
	return out
}
