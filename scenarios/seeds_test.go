package scenarios

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// seedsDir finds the folder of source documents: $HEALTHSIM_SEEDS (which must then exist), or
// shared/seeds beside an ancestor of the package folder. It returns "" when neither is there.
func seedsDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("HEALTHSIM_SEEDS"); d != "" {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			t.Fatalf("HEALTHSIM_SEEDS=%s is not a folder of source documents", d)
		}
		return d
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		return ""
	}
	for {
		cand := filepath.Join(dir, "shared", "seeds")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

var numberPattern = regexp.MustCompile(`\d+(?:\.\d+)?`)

// documentNumbers returns every number written in a document, digit groups joined ("97,500").
func documentNumbers(text string) map[float64]bool {
	text = regexp.MustCompile(`(\d),(\d{3})`).ReplaceAllString(text, "$1$2")
	// Some tables print a space after the decimal point ("94. 7").
	text = regexp.MustCompile(`(\d)\. (\d)`).ReplaceAllString(text, "$1.$2")
	nums := map[float64]bool{}
	for _, s := range numberPattern.FindAllString(text, -1) {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil {
			nums[round(v)] = true
		}
	}
	return nums
}

func round(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// TestNumbersAppearInDocuments checks that every catalogue number that is not marked derived is
// written in the document its entry cites.
func TestNumbersAppearInDocuments(t *testing.T) {
	dir := seedsDir(t)
	if dir == "" {
		t.Skip("SKIPPED: the source documents were not found (HEALTHSIM_SEEDS is unset and no shared/seeds folder " +
			"is above this package), so catalogue numbers were not checked against them; set HEALTHSIM_SEEDS to their folder")
	}
	c := testCatalogue(t)
	texts := map[string]map[float64]bool{}
	numbers := func(file string) map[float64]bool {
		if _, ok := texts[file]; !ok {
			b, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatalf("cited document: %v", err)
			}
			texts[file] = documentNumbers(string(b))
		}
		return texts[file]
	}
	for _, ind := range c.Indicators() {
		nums := numbers(ind.Source.File)
		check := func(what string, v float64) {
			if !nums[round(v)] {
				t.Errorf("%s: %s: %v does not appear in %s", ind.ID, what, v, ind.Source.File)
			}
		}
		for _, o := range ind.Observations {
			if !o.Derived && o.From == "" { // a shared observation is checked on its own entry
				check("observation "+strconv.Itoa(o.Year), o.Value)
			}
		}
		for _, tg := range append(append([]Target{}, ind.Targets...), ind.Milestones...) {
			if tg.Value != nil && tg.Formula == "" {
				check("target "+strconv.Itoa(tg.Year), *tg.Value)
			}
		}
	}
	for _, d := range c.Documents {
		if d.Budget == nil {
			continue
		}
		nums := numbers(d.File)
		for _, y := range d.Budget.Years() {
			if !nums[round(d.Budget.Annual[y])] {
				t.Errorf("budget annual %d: %v does not appear in %s", y, d.Budget.Annual[y], d.File)
			}
		}
		for _, s := range d.Budget.Sources {
			// The text states sources in 亿元 (5亿元) as well as 万元.
			if !nums[round(s.Amount)] && !nums[round(s.Amount/1e4)] {
				t.Errorf("budget source %s: %v does not appear in %s", s.ID, s.Amount, d.File)
			}
		}
	}
}

func TestDocumentNumbers(t *testing.T) {
	got := documentNumbers("总预算97,500万元,CMI 0.95 → 1.10;44.16%")
	for _, v := range []float64{97500, 0.95, 1.1, 44.16} {
		if !got[round(v)] {
			t.Errorf("%v not found in %v", v, got)
		}
	}
	if got[round(975)] {
		t.Errorf("digit groups were not joined")
	}
}
