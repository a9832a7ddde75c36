package backtest

import (
	"context"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

func TestPlanShaoxing13th(t *testing.T) {
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	c, err := FindPlanCase("shaoxing-13th")
	if err != nil {
		t.Fatal(err)
	}
	opt := options(t, 5)
	opt.Runs = 20_000
	got, err := Plan(context.Background(), cat, c, opt)
	if err != nil {
		t.Fatal(err)
	}
	// Seed 002, table 1 and 一、(一): 2015 values derived from the 2020 values and the stated growth.
	want := map[string]struct {
		base, target, outcome float64
		met                   bool
	}{
		"shaoxing_doctors_per_1000": {2.6, 3, 3.38, true},
		"shaoxing_nurses_per_1000":  {2.53, 3.38, 3.26, false},
		"shaoxing_beds_per_1000":    {4.71, 5.83, 6.07, true},
	}
	if len(got) != len(want) {
		t.Fatalf("%d targets, want %d: %+v", len(got), len(want), got)
	}
	for _, pt := range got {
		w, ok := want[pt.ID]
		if !ok {
			t.Errorf("unexpected target %s", pt.ID)
			continue
		}
		if pt.BaseYear != 2015 || pt.Base != w.base || pt.Year != 2020 || pt.Target != w.target || pt.Outcome != w.outcome || pt.Met != w.met {
			t.Errorf("%s: %+v, want base 2015 %v, target 2020 %v, outcome %v, met %v", pt.ID, pt, w.base, w.target, w.outcome, w.met)
		}
		if strings.HasPrefix(pt.Basis, "reference:") {
			t.Errorf("%s: basis %s: no reference series had a pace by 2015", pt.ID, pt.Basis)
		}
		if pt.PHit < 0 || pt.PHit > 1 || !(pt.P05 <= pt.P50 && pt.P50 <= pt.P95) || pt.SE <= 0 {
			t.Errorf("%s: P(hit) %v ± %v, band %v %v %v", pt.ID, pt.PHit, pt.SE, pt.P05, pt.P50, pt.P95)
		}
	}
	if _, err := FindPlanCase("huzhou-14th"); err == nil {
		t.Error("an unknown plan case was found")
	}
}

func TestEvidenceUntil(t *testing.T) {
	ev, err := scenarios.LoadEvidence()
	if err != nil {
		t.Fatal(err)
	}
	cut := evidenceUntil(ev, 2015)
	for id, s := range cut.Series {
		for _, p := range s.Points {
			if p.Year > 2015 {
				t.Errorf("%s: point of %d after the cut", id, p.Year)
			}
		}
		if len(s.Points) == 0 {
			t.Errorf("%s: kept without points", id)
		}
	}
	for id, l := range cut.Links {
		if l.Reference != "" && len(cut.Series[l.Reference].Points) < 2 {
			t.Errorf("%s: reference %s kept with fewer than two points", id, l.Reference)
		}
	}
	if l := cut.Links["shaoxing_nurses_per_1000"]; l.Reference != "" {
		t.Errorf("the national nurse series starts in 2015: no pace was known then, got reference %s", l.Reference)
	}
	if l := ev.Links["shaoxing_nurses_per_1000"]; l.Reference == "" {
		t.Error("the cut changed the original evidence")
	}
}
