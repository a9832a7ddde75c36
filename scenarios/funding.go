package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
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

// checkProgram reports an unknown program id or one outside the selected regions.
func (r *resolver) checkProgram(path, id string) bool {
	p, ok := r.cat.Program(id)
	if !ok {
		r.errorf(path, "unknown program %q (%s)", id, suggestFor(len(r.errs), id, r.progIDs, "allowed: a program id of the catalogue, lowercase, no dots"))
		return false
	}
	if !r.inScope[id] {
		r.errorf(path, "program %q belongs to region %s, which is not among the selected regions (allowed: programs of %s, or add %s to regions)", id, p.Region, strings.Join(slices.Sorted(maps.Keys(r.regions)), ", "), p.Region)
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
	for _, id := range slices.Sorted(maps.Keys(c.Budget.Reference)) {
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
	for _, id := range slices.Sorted(maps.Keys(index)) {
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
	for _, id := range slices.Sorted(maps.Keys(progs)) {
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
	for _, id := range slices.Sorted(maps.Keys(scale)) {
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
