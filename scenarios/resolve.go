package scenarios

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// FirstIndexYear is the first year of the reference plan of a program without a budget.
const FirstIndexYear = 2015

// totalTolerance is how far (万元) an allocation may be from its declared total.
const totalTolerance = 0.5

// ReferencePlan returns the catalogue's reference funding up to the horizon.
//
// For the programs of a document that declares a budget (Huzhou 54号, 15 sub-projects), each
// year's annual amount (32,637 / 40,957 / 23,906万元 for 2023 / 2024 / 2025) is split equally
// over the document's programs. The document gives no amounts per sub-project or group (五、(三)
// allocates money by 先干先得, 干好先得 and 以奖代补), so the equal split is this program's
// assumption, not the document's; a config can replace it with budget.reference.
//
// Every other program has no budget: its plan is an index of 1 for every year from 2015 through
// the horizon, and allocations express funding relative to it (0.8 = a 20% cut).
func ReferencePlan(cat *Catalogue, horizon int) Allocation {
	ref := Allocation{Name: "reference", Programs: map[string]map[int]float64{}, Budgeted: budgeted(cat)}
	for _, d := range cat.Documents {
		for _, p := range d.Programs {
			years := map[int]float64{}
			if d.Budget != nil && len(d.Programs) > 0 {
				for y, amount := range d.Budget.Annual {
					years[y] = amount / float64(len(d.Programs))
				}
			} else {
				for y := FirstIndexYear; y <= horizon; y++ {
					years[y] = 1
				}
			}
			ref.Programs[p.ID] = years
		}
	}
	return ref
}

// budgeted returns the ids of the programs of documents that declare a budget.
func budgeted(cat *Catalogue) map[string]bool {
	out := map[string]bool{}
	for _, d := range cat.Documents {
		if d.Budget == nil {
			continue
		}
		for _, p := range d.Programs {
			out[p.ID] = true
		}
	}
	return out
}

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
	regions := c.Regions
	if len(regions) == 0 {
		regions = cat.Regions()
	}
	for _, reg := range regions {
		if !contains(knownRegions, reg) {
			r.errorf("regions", "unknown region %q (%s)", reg, allowedWithSuggestion(reg, knownRegions, "allowed: "+strings.Join(knownRegions, ", ")))
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
	if err := errors.Join(r.errs...); err != nil {
		return Scenario{}, err
	}
	return s, nil
}

// checkIndicatorID reports an unknown indicator id or one outside the selected regions.
func (r *resolver) checkIndicatorID(path, id string) (*Indicator, bool) {
	ind, ok := r.cat.Indicator(id)
	if !ok {
		r.errorf(path, "unknown indicator %q (%s)", id, allowedWithSuggestion(id, r.indIDs, "allowed: an indicator id of the catalogue, lowercase, no dots"))
		return nil, false
	}
	if !r.regions[ind.Region] {
		r.errorf(path, "indicator %q belongs to region %s, which is not among the selected regions (allowed: indicators of %s, or add %s to regions)", id, ind.Region, strings.Join(sortedSet(r.regions), ", "), ind.Region)
		return nil, false
	}
	return ind, true
}

// indicators selects the indicators, copies them and applies the overrides.
func (r *resolver) indicators() ([]Indicator, map[string]Params) {
	c := r.c
	explicit := map[string]int{} // id → index in c.Indicators
	for i, id := range c.Indicators {
		if _, ok := r.checkIndicatorID(fmt.Sprintf("indicators[%d]", i), id); ok {
			if _, dup := explicit[id]; !dup {
				explicit[id] = i
			}
		}
	}
	overrides := map[string]bool{}
	for _, id := range sortedKeys(c.Overrides) {
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
		applyActuals(&cp, r.actuals)
		ov, hasOv := c.Overrides[ind.ID]
		if hasOv && overrides[ind.ID] {
			r.applyOverride(&cp, ov)
			if ov.Params != (Params{}) {
				params[ind.ID] = ov.Params
			}
		}
		base, ok := cp.Latest()
		if !ok {
			if listed {
				r.errorf(fmt.Sprintf("indicators[%d]", idx), "indicator %q has no baseline: its document gives none (allowed: give overrides.%s.baseline: {year: 2023, value: …} or a row in an actuals file, or leave it out of indicators)", ind.ID, ind.ID)
			}
			r.notSim = append(r.notSim, notSimulated(cp))
			continue
		}
		if base.Year >= c.Horizon {
			if hasOv && ov.Baseline != nil && ov.Baseline.Year == base.Year {
				r.errorf(joinPath("overrides", ind.ID)+".baseline.year", "baseline year %d is not before the horizon %d (allowed: a year before the horizon; or set horizon later, up to %d)", base.Year, c.Horizon, MaxHorizon)
			} else if hasOv && len(ov.Observations) > 0 && ov.Observations[len(ov.Observations)-1].Year == base.Year {
				r.errorf(joinPath("overrides", ind.ID)+".observations", "the latest observation, %d, is not before the horizon %d (allowed: observations before the horizon; or set horizon later, up to %d)", base.Year, c.Horizon, MaxHorizon)
			} else if base.Year > latestYear {
				latestID, latestYear = ind.ID, base.Year
			}
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
				r.errorf(path+".year", "baseline year %d is before the observation of %d (allowed: the latest year observed, %d or later; give earlier values under observations)", b.Year, y, maxKey(obs))
				break
			}
		}
		obs[b.Year] = Observation{Year: b.Year, Value: b.Value, Note: b.Note, Ref: "config: " + r.c.source(path)}
	}
	ind.Observations = ind.Observations[:0:0]
	for _, o := range obs {
		ind.Observations = append(ind.Observations, o)
	}
	sort.Slice(ind.Observations, func(i, j int) bool { return ind.Observations[i].Year < ind.Observations[j].Year })
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

func maxKey[V any](m map[int]V) int {
	best := math.MinInt
	for k := range m {
		best = max(best, k)
	}
	return best
}

func (r *resolver) targets(ind *Indicator, path string, ts []TargetConfig) []Target {
	out := make([]Target, 0, len(ts))
	for i, t := range ts {
		tg := Target{Year: t.Year, Test: Test(t.Test), Value: copyPtr(t.Value), Tolerance: copyPtr(t.Tolerance), Note: t.Note, Ref: "config: " + r.c.source(path)}
		if err := ind.checkTarget(tg); err != nil {
			allowed := ""
			if !strings.Contains(err.Error(), "allowed") {
				allowed = " (allowed: " + boundsText(ind) + ")"
				if !tg.Test.Known() || tg.Year < 2000 || tg.Year > 2100 || (tg.Test.NeedsValue() && tg.Value == nil) {
					allowed = " (allowed: {year: 2027, test: \">=\", value: …}; tests " + testNames() + ")"
				}
			}
			r.errorf(fmt.Sprintf("%s[%d]", path, i), "%v%s", err, allowed)
			continue
		}
		out = append(out, tg)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// checkProgram reports an unknown program id or one outside the selected regions.
func (r *resolver) checkProgram(path, id string) bool {
	p, ok := r.cat.Program(id)
	if !ok {
		r.errorf(path, "unknown program %q (%s)", id, allowedWithSuggestion(id, r.progIDs, "allowed: a program id of the catalogue, lowercase, no dots"))
		return false
	}
	if !r.inScope[id] {
		r.errorf(path, "program %q belongs to region %s, which is not among the selected regions (allowed: programs of %s, or add %s to regions)", id, p.Region, strings.Join(sortedSet(r.regions), ", "), p.Region)
		return false
	}
	return true
}

// checkMoney reports a program whose amounts are not in 万元 where amounts are set.
func (r *resolver) checkMoney(path, id string) bool {
	if r.money[id] {
		return true
	}
	p, _ := r.cat.Program(id)
	r.errorf(path, "program %q (%s) has no budget in its document, so it takes no amounts in 万元 (allowed: set its funding relative to the plan under index, e.g. {2025: 0.8}, or give its plan in budget.reference)", id, p.Region)
	return false
}

// allocations builds the reference plan and the allocations to run.
func (r *resolver) allocations(name string) (Allocation, []Allocation) {
	c := r.c
	full := ReferencePlan(r.cat, c.Horizon)
	ref := Allocation{Name: "reference", Programs: map[string]map[int]float64{}, Budgeted: r.money}
	for id, years := range full.Programs {
		if r.inScope[id] {
			ref.Programs[id] = years
		}
	}
	for _, id := range sortedKeys(c.Budget.Reference) {
		if !r.checkProgram(joinPath("budget.reference", id), id) {
			continue
		}
		years := map[int]float64{}
		for y, v := range c.Budget.Reference[id] {
			years[int(y)] = v
		}
		ref.Programs[id] = years
	}

	base := ref.Clone(name)
	r.applyIndex("budget.index", base, c.Budget.Index)
	r.applyPrograms("budget.programs", base, c.Budget.Programs)

	if len(c.Scenarios) == 0 {
		return ref, []Allocation{base}
	}
	var out []Allocation
	for i, sc := range c.Scenarios {
		path := fmt.Sprintf("scenarios[%d]", i)
		a := base.Clone(sc.Name)
		r.applyPrograms(path+".programs", a, sc.Programs)
		r.applyIndex(path+".index", a, sc.Index)
		r.applyScale(path+".scale", &a, sc.Scale)
		for j, m := range sc.Move {
			r.applyMove(fmt.Sprintf("%s.move[%d]", path, j), &a, m)
		}
		for j, sh := range sc.Shift {
			r.applyShift(fmt.Sprintf("%s.shift[%d]", path, j), &a, sh)
		}
		if sc.Total != nil {
			got := a.Cost()
			if math.Abs(got-*sc.Total) > totalTolerance {
				r.errorf(path+".total", "the allocation adds up to %s万元, not the declared total %s万元 (allowed: the declared total within %v万元)", trimFloat(round2(got)), trimFloat(*sc.Total), totalTolerance)
			}
		}
		out = append(out, a)
	}
	return ref, out
}

func (r *resolver) applyIndex(path string, a Allocation, index map[string]YearAmounts) {
	for _, id := range sortedKeys(index) {
		if !r.checkProgram(joinPath(path, id), id) {
			continue
		}
		for y, f := range index[id] {
			if v, ok := a.Programs[id][int(y)]; ok {
				a.Programs[id][int(y)] = v * f
			}
		}
	}
}

func (r *resolver) applyPrograms(path string, a Allocation, progs map[string]YearAmounts) {
	for _, id := range sortedKeys(progs) {
		if !r.checkProgram(joinPath(path, id), id) || !r.checkMoney(joinPath(path, id), id) {
			continue
		}
		if a.Programs[id] == nil {
			a.Programs[id] = map[int]float64{}
		}
		for y, v := range progs[id] {
			a.Programs[id][int(y)] = v
		}
	}
}

// applyScale scales every program by scale["all"], then each program listed by its own factor.
func (r *resolver) applyScale(path string, a *Allocation, scale map[string]float64) {
	if f, ok := scale["all"]; ok {
		r.funding(path+".all", a.Scale(f))
	}
	for _, id := range sortedKeys(scale) {
		if id != "all" && r.checkProgram(joinPath(path, id), id) {
			r.funding(joinPath(path, id), a.Scale(scale[id], id))
		}
	}
}

func (r *resolver) applyMove(path string, a *Allocation, m Move) {
	okFrom := r.checkProgram(path+".from", m.From)
	okTo := r.checkProgram(path+".to", m.To)
	if okFrom && okTo {
		r.funding(path, a.Move(m))
	}
}

func (r *resolver) applyShift(path string, a *Allocation, sh Shift) {
	ok := true
	for i, id := range sh.Programs {
		ok = r.checkProgram(fmt.Sprintf("%s.programs[%d]", path, i), id) && ok
	}
	if ok {
		r.funding(path, a.Shift(sh))
	}
}

// funding reports an error of an allocation change at the key it concerns.
func (r *resolver) funding(path string, err error) {
	switch {
	case err == nil:
		return
	case errors.Is(err, ErrShortfall):
		path += ".amount"
	case errors.Is(err, ErrNoFunding):
		path += ".from_year"
	}
	r.errorf(path, "%v", err)
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func sortedInts(m map[int]float64) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
