package scenarios

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
)

var scenarioNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// checker collects the errors of a config's check.
type checker struct {
	c    *Config
	errs []error
}

func (k *checker) add(path, format string, args ...any) {
	k.errs = append(k.errs, k.c.errAt(path, format, args...))
}

// check validates what needs no catalogue: ranges, signs, names.
func (c *Config) check() []error {
	k := &checker{c: c}
	k.run()
	k.shocks()
	for _, id := range slices.Sorted(maps.Keys(c.Overrides)) {
		k.errs = append(k.errs, c.checkOverride(id, c.Overrides[id])...)
	}
	k.errs = append(k.errs, c.checkAnalysis()...)
	k.errs = append(k.errs, c.checkAmounts("budget.programs", c.Budget.Programs, "an amount in 万元 ≥ 0")...)
	k.errs = append(k.errs, c.checkAmounts("budget.index", c.Budget.Index, "a factor ≥ 0 relative to the reference plan, e.g. 0.8")...)
	k.errs = append(k.errs, c.checkAmounts("budget.reference", c.Budget.Reference, "an amount in 万元 ≥ 0")...)
	names := map[string]int{}
	for i, s := range c.Scenarios {
		k.scenario(i, s, names)
	}
	return k.errs
}

// run checks the run settings and the regions.
func (k *checker) run() {
	c := k.c
	if what := checkName(c.Name); what != "" {
		k.add("name", "%q %s (allowed: printable text of at most %d characters, no control characters or line breaks)", c.Name, what, MaxNameLength)
	}
	if c.Runs <= 0 || c.Runs > MaxRuns {
		k.add("runs", "%d is out of range (allowed: 1 to %d)", c.Runs, MaxRuns)
	}
	if _, set := c.origin["workers"]; set && c.Workers <= 0 {
		k.add("workers", "%d is not a number of workers (allowed: 1 or more; leave workers out to use every core)", c.Workers)
	}
	if c.Horizon < MinHorizon || c.Horizon > MaxHorizon {
		k.add("horizon", "%d is out of range (allowed: a year from %d to %d, after every baseline)", c.Horizon, MinHorizon, MaxHorizon)
	}
	if p := c.Precision; p != nil && !(*p > 0 && *p < 0.5) {
		k.add("precision", "%v is out of range (allowed: a standard error above 0 and below 0.5, e.g. 0.001)", *p)
	}
	if c.Lang != "" && c.Lang != "zh" && c.Lang != "en" {
		k.add("lang", "%q is not a language (allowed: zh, en)", c.Lang)
	}
	if c.Pace != "" && c.Pace != PaceEvidence && c.Pace != PacePlan {
		k.add("pace", "%q is not a pace (allowed: %s, %s)", c.Pace, PaceEvidence, PacePlan)
	}
	seen := map[string]bool{}
	for i, r := range c.Regions {
		path := fmt.Sprintf("regions[%d]", i)
		switch {
		case !slices.Contains(knownRegions, r):
			k.add(path, "unknown region %q (%s)", r, suggestFor(len(k.errs), r, knownRegions, "allowed: "+strings.Join(knownRegions, ", ")))
		case seen[r]:
			k.add(path, "region %q is listed twice (allowed: each region once)", r)
		}
		seen[r] = true
	}
}

// shocks checks the system shocks, when given.
func (k *checker) shocks() {
	c := k.c
	if s := c.Shocks; s != nil {
		if s.Probability == nil || s.Impact == nil {
			k.add("shocks", "both probability and impact are required (allowed: {probability: 0.02, impact: 1}; leave shocks out for the model's default)")
		}
		if s.Probability != nil && !(*s.Probability >= 0 && *s.Probability < 1) {
			k.add("shocks.probability", "%v is out of range (allowed: from 0 up to, not including, 1)", *s.Probability)
		}
		if s.Impact != nil && !(*s.Impact >= 0 && *s.Impact <= MaxShockImpact) {
			k.add("shocks.impact", "%v is out of range (allowed: from 0 to %d, in units of the indicator's yearly noise)", *s.Impact, MaxShockImpact)
		}
	}
}

// scenario checks item i of a scenarios list; names maps the names seen so far to their items.
func (k *checker) scenario(i int, s AllocationConfig, names map[string]int) {
	c := k.c
	p := fmt.Sprintf("scenarios[%d]", i)
	switch {
	case s.Name == "":
		k.add(p+".name", "a name is required (allowed: lowercase letters, digits, - and _, e.g. cut-20)")
	case len(s.Name) > MaxNameLength:
		k.add(p+".name", "a name of %d characters is too long (allowed: at most %d lowercase letters, digits, - and _)", len(s.Name), MaxNameLength)
	case !scenarioNamePattern.MatchString(s.Name):
		k.add(p+".name", "%q is not a valid name (allowed: lowercase letters, digits, - and _, no dots or spaces, e.g. cut-20)", s.Name)
	default:
		if j, dup := names[s.Name]; dup {
			k.add(p+".name", "duplicate scenario name %q, also used by scenarios[%d] (allowed: each name once)", s.Name, j)
		}
		names[s.Name] = i
	}
	if s.Total != nil && !(*s.Total >= 0 && !math.IsInf(*s.Total, 0)) {
		k.add(p+".total", "%v is not a valid total (allowed: an amount in 万元 ≥ 0)", *s.Total)
	}
	k.errs = append(k.errs, c.checkAmounts(p+".programs", s.Programs, "an amount in 万元 ≥ 0")...)
	k.errs = append(k.errs, c.checkAmounts(p+".index", s.Index, "a factor ≥ 0 relative to the reference plan")...)
	for _, id := range slices.Sorted(maps.Keys(s.Scale)) {
		if v := s.Scale[id]; !(v >= 0 && !math.IsInf(v, 0)) {
			k.add(joinPath(p+".scale", id), "%v is not a valid factor (allowed: a number ≥ 0, e.g. 0.8)", v)
		}
	}
	k.moves(p, s.Move)
	k.shifts(p, s.Shift)
}

func (c *Config) checkAmounts(path string, m map[string]YearAmounts, allowed string) []error {
	var errs []error
	for _, id := range slices.Sorted(maps.Keys(m)) {
		for _, y := range slices.Sorted(maps.Keys(m[id])) {
			v := m[id][y]
			p := fmt.Sprintf("%s.%d", joinPath(path, id), y)
			if !(v >= 0) || math.IsInf(v, 0) {
				what := "negative"
				if !(v < 0) {
					what = "not a finite number"
				}
				errs = append(errs, c.errAt(p, "%v is %s (allowed: %s)", v, what, allowed))
			}
			if !yearOK(int(y)) {
				errs = append(errs, c.errAt(p, "year %d is out of range (allowed: %s)", y, yearsAllowed))
			}
		}
	}
	return errs
}

func (c *Config) checkOverride(id string, ov IndicatorOverride) []error {
	var errs []error
	base := joinPath("overrides", id)
	add := func(path, format string, args ...any) { errs = append(errs, c.errAt(path, format, args...)) }
	finite := func(path string, v *float64, lo float64, allowed string) {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v < lo) {
			add(path, "%v is out of range (allowed: %s)", *v, allowed)
		}
	}
	p := ov.Params
	finite(base+".drift", p.Drift, math.Inf(-1), "a finite number, per year in the indicator's unit")
	finite(base+".noise", p.Noise, 0, "a number ≥ 0, per year in the indicator's unit")
	finite(base+".effectiveness", p.Effectiveness, 0, "a number ≥ 0")
	if u := p.Uncertainty; u != nil && !(*u >= 0 && *u <= MaxUncertainty) {
		add(base+".uncertainty", "%v is out of range (allowed: from 0 to %d, a relative standard deviation)", *u, MaxUncertainty)
	}
	if p.ProgramShare != nil && !(*p.ProgramShare >= 0 && *p.ProgramShare <= 1) {
		add(base+".program_share", "%v is out of range (allowed: from 0 to 1)", *p.ProgramShare)
	}
	if p.Pace != nil && *p.Pace != PaceEvidence && *p.Pace != PacePlan {
		add(base+".pace", "%q is not a pace (allowed: %s, %s)", *p.Pace, PaceEvidence, PacePlan)
	}
	if p.Lag != nil && (*p.Lag < 0 || *p.Lag > 10) {
		add(base+".lag", "%d is out of range (allowed: 0 to 10 years)", *p.Lag)
	}
	checkYear := func(path string, y int) {
		if !yearOK(y) {
			add(path, "year %d is out of range (allowed: %s)", y, yearsAllowed)
		}
	}
	if b := ov.Baseline; b != nil {
		checkYear(base+".baseline.year", b.Year)
	}
	seen := map[int]bool{}
	for i, o := range ov.Observations {
		path := fmt.Sprintf("%s.observations[%d]", base, i)
		checkYear(path+".year", o.Year)
		if seen[o.Year] {
			add(path+".year", "year %d is given twice (allowed: each year once)", o.Year)
		}
		seen[o.Year] = true
	}
	for _, g := range []struct {
		field string
		ts    []TargetConfig
	}{{"targets", ov.Targets}, {"milestones", ov.Milestones}} {
		for i, t := range g.ts {
			path := fmt.Sprintf("%s.%s[%d]", base, g.field, i)
			if !Test(t.Test).Known() {
				add(path+".test", "unknown test %q (allowed: %s)", t.Test, testNames())
			}
		}
	}
	return errs
}

func testNames() string {
	names := make([]string, len(tests))
	for i, t := range tests {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// moves checks the moves of the scenario at key path p.
func (k *checker) moves(p string, moves []Move) {
	for j, m := range moves {
		mp := fmt.Sprintf("%s.move[%d]", p, j)
		if m.From == "" || m.To == "" {
			k.add(mp, "from and to are required (allowed: program ids)")
		} else if m.From == m.To {
			k.add(mp, "from and to are the same program %q (allowed: two different programs)", m.From)
		}
		if !(m.Amount > 0 && !math.IsInf(m.Amount, 0)) {
			k.add(mp+".amount", "%v is not a valid amount (allowed: an amount > 0)", m.Amount)
		}
	}
}

// shifts checks the shifts of the scenario at key path p.
func (k *checker) shifts(p string, shifts []Shift) {
	for j, sh := range shifts {
		sp := fmt.Sprintf("%s.shift[%d]", p, j)
		if sh.FromYear == 0 || sh.ToYear == 0 || sh.FromYear == sh.ToYear {
			k.add(sp, "from_year %d and to_year %d must be two different years (allowed: e.g. {from_year: 2025, to_year: 2023, share: 0.2})", sh.FromYear, sh.ToYear)
		}
		switch {
		case (sh.Share == nil) == (sh.Amount == nil):
			k.add(sp, "give either share or amount (allowed: share from 0 to 1, or an amount in 万元 > 0)")
		case sh.Share != nil && !(*sh.Share >= 0 && *sh.Share <= 1):
			k.add(sp+".share", "%v is out of range (allowed: from 0 to 1)", *sh.Share)
		case sh.Amount != nil && !(*sh.Amount > 0 && !math.IsInf(*sh.Amount, 0)):
			k.add(sp+".amount", "%v is not a valid amount (allowed: an amount in 万元 > 0)", *sh.Amount)
		}
	}
}
