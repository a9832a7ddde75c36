package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnreachedFunding(t *testing.T) {
	cat := mustCatalogue(t)
	for _, tc := range []struct {
		name, yaml string
		want       []string // substrings of the joined report; empty: nothing reported
	}{
		{"as planned", "regions: [huzhou, jiaxing]\n", nil},
		{"no baseline", "regions: [huzhou]\nbudget: {index: {huzhou_talent: {2024: 1.3}}}\n",
			[]string{"scenario: funding of huzhou_talent changes", "it would reach huzhou_new_medical_doctorates, huzhou_new_medical_masters, huzhou_physicians_per_1000", "none of them has a baseline"}},
		{"reaches a simulated indicator", "regions: [huzhou]\nbudget: {index: {huzhou_medical_highland: {2024: 1.3}}}\n", nil},
		{"no linked indicator", "regions: [huzhou, shaoxing]\nbudget: {index: {shaoxing_health_industry: {2025: 0}}}\n",
			[]string{"funding of shaoxing_health_industry changes", "no indicator of the catalogue is linked to it"}},
		{"not selected", "regions: [huzhou]\nindicators: [huzhou_cmi_tertiary]\nscenarios:\n  - {name: plan}\n  - {name: more, index: {huzhou_tcm: {2024: 2}}}\n",
			[]string{"more: funding of huzhou_tcm changes", "not selected by the config"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(file, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := LoadConfig([]string{file}, Overrides{})
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.Resolve(cat)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range s.UnreachedFunding(cat) {
				got = append(got, u.String())
			}
			text := strings.Join(got, "\n")
			if len(tc.want) == 0 && text != "" {
				t.Errorf("reported:\n%s", text)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("report does not contain %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestResolveAppliesActuals(t *testing.T) {
	cat := mustCatalogue(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("id,year,value\nhuzhou_cmi_tertiary,2023,1.01\njiaxing_grade4_surgery_share,2024,22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("regions: [huzhou, jiaxing]\nactuals: a.csv\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig([]string{file}, Overrides{ThisYear: 2026})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Resolve(cat)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]Observation{}
	for _, ind := range s.Indicators {
		if o, ok := ind.Latest(); ok && strings.HasPrefix(o.Ref, "actuals: ") {
			found[ind.ID] = o
		}
	}
	if o := found["huzhou_cmi_tertiary"]; o.Year != 2023 || o.Value != 1.01 || o.Ref != "actuals: "+filepath.Join(dir, "a.csv")+":2" {
		t.Errorf("huzhou_cmi_tertiary latest %+v", o)
	}
	if o := found["jiaxing_grade4_surgery_share"]; o.Year != 2024 {
		t.Errorf("jiaxing_grade4_surgery_share: the actual did not give it a baseline: %+v", o)
	}
	for _, n := range s.NotSimulated {
		if n.ID == "jiaxing_grade4_surgery_share" {
			t.Error("jiaxing_grade4_surgery_share is still not simulated")
		}
	}
	if _, ok := cat.Indicator("huzhou_cmi_tertiary"); ok {
		ind, _ := cat.Indicator("huzhou_cmi_tertiary")
		if o, _ := ind.Latest(); o.Year != 2022 {
			t.Error("Resolve changed the catalogue")
		}
	}
}

func TestActualsOfLinkedEntries(t *testing.T) {
	cat := mustCatalogue(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("a.csv", "id,year,value\nhuzhou_service_revenue_share,2023,39.1\nhuzhou_hm_service_revenue_share,2024,39.6\n")
	c, err := LoadConfig([]string{write("c.yaml", "regions: [huzhou]\nactuals: a.csv\n")}, Overrides{ThisYear: 2026})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Resolve(cat)
	if err != nil {
		t.Fatal(err)
	}
	obs := map[string][]Observation{}
	for _, ind := range s.Indicators {
		obs[ind.ID] = ind.Observations
	}
	// Each entry of the pair gets its own actual and the other's, marked with From.
	for id, want := range map[string]string{
		"huzhou_service_revenue_share":    "2023 39.1 |2024 39.6 huzhou_hm_service_revenue_share",
		"huzhou_hm_service_revenue_share": "2023 39.1 huzhou_service_revenue_share|2024 39.6 ",
	} {
		var got []string
		for _, o := range obs[id] {
			if o.Year >= 2023 {
				got = append(got, fmt.Sprintf("%d %v %s", o.Year, o.Value, o.From))
			}
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%s: observations from 2023 %q, want %q", id, got, want)
		}
	}
	// Two different values for the same quantity and year are refused.
	_, err = ParseActuals("b.csv", []byte("id,year,value\nhuzhou_service_revenue_share,2023,39.1\nhuzhou_hm_service_revenue_share,2023,39.3\n"), cat, 2026)
	if err == nil || !strings.Contains(err.Error(), "b.csv:3: huzhou_hm_service_revenue_share 2023 is 39.3, but line 2 gives 39.1 for huzhou_service_revenue_share, the same quantity") {
		t.Errorf("conflicting linked actuals: %v", err)
	}
	if _, err := ParseActuals("b.csv", []byte("id,year,value\nhuzhou_service_revenue_share,2023,39.1\nhuzhou_hm_service_revenue_share,2023,39.1\n"), cat, 2026); err != nil {
		t.Errorf("the same value for both linked entries: %v", err)
	}
}
