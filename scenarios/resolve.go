package scenarios

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// resolver holds the state of one Resolve call.
type resolver struct {
	c       *Config
	cat     *Catalogue
	errs    []error
	regions map[string]bool
	money   map[string]bool // programs whose amounts are in 万元
	inScope map[string]bool // programs of the selected regions
	progIDs []string        // every catalogue program id, for suggestions
	indIDs  []string        // every catalogue indicator id, for suggestions
	actuals *Actuals        // the actuals file, checked against the catalogue
	notSim  []NotSimulated
	notes   []string
	ev      *Evidence // links that leave indicators out
}

func (r *resolver) errorf(path, format string, args ...any) {
	r.errs = append(r.errs, r.c.errAt(path, format, args...))
}

// Resolve checks a Config against the catalogue and yields the Scenario to run. Allocations[0]
// is the config's own funding; with a `scenarios:` list there is one Allocation per item and the
// first is the reference for comparisons. The catalogue is not changed. Every problem is a
// *ConfigError naming the file and key; several are joined.
func (c *Config) Resolve(cat *Catalogue) (Scenario, error) {
	r := &resolver{c: c, cat: cat, regions: map[string]bool{}, inScope: map[string]bool{}}
	ev, err := LoadEvidence()
	if err != nil {
		return Scenario{}, err
	}
	r.ev = ev
	regions := c.Regions
	if len(regions) == 0 {
		regions = cat.Regions()
	}
	for _, reg := range regions {
		if !slices.Contains(knownRegions, reg) {
			r.errorf("regions", "unknown region %q (%s)", reg, suggestFor(len(r.errs), reg, knownRegions, "allowed: "+strings.Join(knownRegions, ", ")))
		}
		r.regions[reg] = true
	}
	for _, p := range cat.Programs() {
		r.progIDs = append(r.progIDs, p.ID)
		if r.regions[p.Region] {
			r.inScope[p.ID] = true
		}
	}
	for _, ind := range cat.Indicators() {
		r.indIDs = append(r.indIDs, ind.ID)
	}
	r.money = budgeted(cat)
	for id := range c.Budget.Reference {
		r.money[id] = true
	}

	s := Scenario{
		Name:        c.Name,
		Description: c.Description,
		Horizon:     c.Horizon,
		Runs:        c.Runs,
		Seed:        c.Seed,
		Workers:     c.Workers,
	}
	if s.Name == "" {
		s.Name = "scenario"
	}
	if c.Precision != nil {
		s.Precision = *c.Precision
	}
	if c.Shocks != nil && c.Shocks.Probability != nil && c.Shocks.Impact != nil {
		s.Shocks = Shocks{Probability: *c.Shocks.Probability, Impact: *c.Shocks.Impact}
		s.ShocksSet = true
	}
	r.readActuals()
	s.Indicators, s.Params = r.indicators()
	s.NotSimulated, s.Notes = r.notSim, r.notes
	s.Reference, s.Allocations = r.allocations(s.Name)
	if err := joinErrors(r.errs); err != nil {
		return Scenario{}, err
	}
	return s, nil
}

// checkIndicatorID reports an unknown indicator id or one outside the selected regions.
func (r *resolver) checkIndicatorID(path, id string) (*Indicator, bool) {
	ind, ok := r.cat.Indicator(id)
	if !ok {
		r.errorf(path, "unknown indicator %q (%s)", id, suggestFor(len(r.errs), id, r.indIDs, "allowed: an indicator id of the catalogue, lowercase, no dots"))
		return nil, false
	}
	if !r.regions[ind.Region] {
		r.errorf(path, "indicator %q belongs to region %s, which is not among the selected regions (allowed: indicators of %s, or add %s to regions)", id, ind.Region, strings.Join(slices.Sorted(maps.Keys(r.regions)), ", "), ind.Region)
		return nil, false
	}
	return ind, true
}

// indicators selects the indicators, copies them and applies the overrides.
func (r *resolver) indicators() ([]Indicator, map[string]Params) {
	c := r.c
	explicit, overrides := r.selection()
	var out []Indicator
	params := map[string]Params{}
	latestID, latestYear := "", 0
	for _, ind := range r.cat.Indicators() {
		if !r.regions[ind.Region] {
			continue
		}
		idx, listed := explicit[ind.ID]
		if len(c.Indicators) > 0 && !listed {
			continue
		}
		cp := copyIndicator(ind)
		applyActuals(&cp, r.actuals, r.cat)
		ov, hasOv := c.Overrides[ind.ID]
		if hasOv && overrides[ind.ID] {
			r.applyOverride(&cp, ov)
			if ov.Params != (Params{}) {
				params[ind.ID] = ov.Params
			}
		}
		if p := params[ind.ID]; c.Pace != "" && p.Pace == nil {
			p.Pace = &c.Pace
			params[ind.ID] = p
		}
		if why := r.ev.Links[ind.ID].LeftOut; why != "" {
			r.notSim = append(r.notSim, leftOut(cp, why))
			continue
		}
		base, ok := cp.Latest()
		if !ok {
			if listed {
				r.errorf(fmt.Sprintf("indicators[%d]", idx), "indicator %q has no baseline: its document gives none (allowed: give overrides.%s.baseline: {year: 2023, value: …} or a row in an actuals file, or leave it out of indicators)", ind.ID, ind.ID)
			}
			r.notSim = append(r.notSim, notSimulated(cp))
			continue
		}
		if base.Year >= c.Horizon && r.lateCatalogueBaseline(ind.ID, base, ov, hasOv) && base.Year > latestYear {
			latestID, latestYear = ind.ID, base.Year
		}
		out = append(out, cp)
	}
	if latestID != "" {
		r.errorf("horizon", "%d is not after the baseline year %d of %s (allowed: a year from %d to %d)", c.Horizon, latestYear, latestID, latestYear+1, MaxHorizon)
	}
	if len(out) == 0 && len(r.errs) == 0 {
		r.errorf("indicators", "no indicator with a baseline is selected (allowed: indicators of the selected regions that have a baseline, or give overrides.<id>.baseline or an actuals file)")
	}
	r.noteUnusedActuals()
	if len(params) == 0 {
		params = nil
	}
	return out, params
}

// selection checks the ids listed in indicators and overrides, and returns each listed id with
// its index in indicators, and the overrides to apply.
func (r *resolver) selection() (explicit map[string]int, overrides map[string]bool) {
	c := r.c
	explicit = map[string]int{}
	for i, id := range c.Indicators {
		if _, ok := r.checkIndicatorID(fmt.Sprintf("indicators[%d]", i), id); ok {
			if _, dup := explicit[id]; !dup {
				explicit[id] = i
			}
		}
	}
	overrides = map[string]bool{}
	for _, id := range slices.Sorted(maps.Keys(c.Overrides)) {
		if _, ok := r.checkIndicatorID(joinPath("overrides", id), id); !ok {
			continue
		}
		if len(c.Indicators) > 0 {
			if _, listed := explicit[id]; !listed {
				r.errorf(joinPath("overrides", id), "indicator %q is not selected by indicators (allowed: overrides of selected indicators; add it to indicators)", id)
				continue
			}
		}
		overrides[id] = true
	}

	return explicit, overrides
}

// lateCatalogueBaseline reports a baseline that is not before the horizon at the key or file
// that set it, and returns true when it is the catalogue's own (the caller reports the latest
// of those once, against horizon).
func (r *resolver) lateCatalogueBaseline(id string, base Observation, ov IndicatorOverride, hasOv bool) bool {
	c := r.c
	switch at, fromActuals := strings.CutPrefix(base.Ref, "actuals: "); {
	case hasOv && ov.Baseline != nil && ov.Baseline.Year == base.Year:
		r.errorf(joinPath("overrides", id)+".baseline.year", "baseline year %d is not before the horizon %d (allowed: a year before the horizon; or set horizon later, up to %d)", base.Year, c.Horizon, MaxHorizon)
	case hasOv && len(ov.Observations) > 0 && ov.Observations[len(ov.Observations)-1].Year == base.Year:
		r.errorf(joinPath("overrides", id)+".observations", "the latest observation, %d, is not before the horizon %d (allowed: observations before the horizon; or set horizon later, up to %d)", base.Year, c.Horizon, MaxHorizon)
	case fromActuals:
		r.errs = append(r.errs, &ConfigError{File: at, Msg: fmt.Sprintf("%s %d: the actual is not before the horizon %d (allowed: actuals of years before the horizon; or set horizon later, up to %d)", id, base.Year, c.Horizon, MaxHorizon)})
	default:
		return true
	}
	return false
}

// copyIndicator returns a deep copy of a catalogue entry.
func copyIndicator(ind *Indicator) Indicator {
	cp := *ind
	cp.Bounds = Bounds{Lo: copyPtr(ind.Bounds.Lo), Hi: copyPtr(ind.Bounds.Hi)}
	cp.Observations = append([]Observation(nil), ind.Observations...)
	cp.Targets = copyTargets(ind.Targets)
	cp.Milestones = copyTargets(ind.Milestones)
	cp.Programs = append([]string(nil), ind.Programs...)
	cp.Notes = append([]string(nil), ind.Notes...)
	return cp
}

func copyTargets(ts []Target) []Target {
	if ts == nil {
		return nil
	}
	out := make([]Target, len(ts))
	for i, t := range ts {
		out[i] = t
		out[i].Value = copyPtr(t.Value)
	}
	return out
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func boundsText(ind *Indicator) string {
	lo, hi := ind.Bounds.Lo, ind.Bounds.Hi
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("a value from %v to %v", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("a value ≥ %v", *lo)
	case hi != nil:
		return fmt.Sprintf("a value ≤ %v", *hi)
	}
	return "a finite number"
}

// applyOverride applies one indicator's override to its copy.
func (r *resolver) applyOverride(ind *Indicator, ov IndicatorOverride) {
	base := joinPath("overrides", ind.ID)
	obs := map[int]Observation{}
	for _, o := range ind.Observations {
		obs[o.Year] = o
	}
	for i, p := range ov.Observations {
		path := fmt.Sprintf("%s.observations[%d]", base, i)
		if err := ind.checkValue(p.Value); err != nil {
			r.errorf(path+".value", "%v (allowed: %s)", err, boundsText(ind))
			continue
		}
		obs[p.Year] = Observation{Year: p.Year, Value: p.Value, Note: p.Note, Ref: "config: " + r.c.source(path)}
	}
	if b := ov.Baseline; b != nil {
		path := base + ".baseline"
		if err := ind.checkValue(b.Value); err != nil {
			r.errorf(path+".value", "baseline %v (allowed: %s)", err, boundsText(ind))
		}
		for y := range obs {
			if y > b.Year {
				r.errorf(path+".year", "baseline year %d is before the observation of %d (allowed: the latest year observed, %d or later; give earlier values under observations)", b.Year, y, slices.Max(slices.Collect(maps.Keys(obs))))
				break
			}
		}
		obs[b.Year] = Observation{Year: b.Year, Value: b.Value, Note: b.Note, Ref: "config: " + r.c.source(path)}
	}
	ind.Observations = ind.Observations[:0:0]
	for _, o := range obs {
		ind.Observations = append(ind.Observations, o)
	}
	slices.SortFunc(ind.Observations, func(a, b Observation) int { return cmp.Compare(a.Year, b.Year) })
	if len(ind.Observations) == 0 {
		ind.Observations = nil
	}
	if len(ov.Targets) > 0 {
		ind.Targets = r.targets(ind, base+".targets", ov.Targets)
	}
	if len(ov.Milestones) > 0 {
		ind.Milestones = r.targets(ind, base+".milestones", ov.Milestones)
	}
}

func (r *resolver) targets(ind *Indicator, path string, ts []TargetConfig) []Target {
	out := make([]Target, 0, len(ts))
	for i, t := range ts {
		tg := Target{Year: t.Year, Test: Test(t.Test), Value: copyPtr(t.Value), Tolerance: copyPtr(t.Tolerance), Note: t.Note, Ref: "config: " + r.c.source(path)}
		if err := ind.checkTarget(tg); err != nil {
			allowed := ""
			if !strings.Contains(err.Error(), "allowed") {
				allowed = " (allowed: " + boundsText(ind) + ")"
				if !tg.Test.Known() || !yearOK(tg.Year) || (tg.Test.NeedsValue() && tg.Value == nil) {
					allowed = " (allowed: {year: 2027, test: \">=\", value: …}; tests " + testNames() + ")"
				}
			}
			r.errorf(fmt.Sprintf("%s[%d]", path, i), "%v%s", err, allowed)
			continue
		}
		out = append(out, tg)
	}
	slices.SortStableFunc(out, func(a, b Target) int { return cmp.Compare(a.Year, b.Year) })
	return out
}
