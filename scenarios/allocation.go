package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// Allocation is a funding plan: program id → year → amount. Amounts are in 万元 for the programs
// in Budgeted, and an index relative to the reference plan (1 = as planned) for the others.
type Allocation struct {
	Name     string                     `json:"name"`
	Programs map[string]map[int]float64 `json:"programs"`
	// Budgeted marks the programs whose amounts are money (万元): those of a document that
	// declares a budget and those given a plan in a config's budget.reference.
	Budgeted map[string]bool `json:"-"`
}

// The kinds of error the changes of an allocation return; test with errors.Is.
var (
	// ErrShortfall: the programs or years to take from hold less than the amount.
	ErrShortfall = errors.New("not enough funding to take from")
	// ErrNoFunding: no program has funding in the year to shift from.
	ErrNoFunding = errors.New("no funding in the year to shift from")
	// ErrUnits: money and an index cannot be exchanged.
	ErrUnits = errors.New("amounts in 万元 and an index do not mix")
	// ErrInvalid: a factor, share or amount is out of range, or a change is incomplete.
	ErrInvalid = errors.New("invalid change")
)

// fundingError is an error of one of the kinds above with a message for the user.
type fundingError struct {
	kind error
	msg  string
}

func (e *fundingError) Error() string { return e.msg }
func (e *fundingError) Unwrap() error { return e.kind }

func fundingErrorf(kind error, format string, args ...any) error {
	return &fundingError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// Cost is the allocation's money: the sum of every amount of its budgeted programs, in 万元.
// Programs funded by an index cost nothing here, since an index is not an amount.
func (a Allocation) Cost() float64 {
	t := 0.0
	for id, years := range a.Programs {
		if !a.Budgeted[id] {
			continue
		}
		for _, v := range years {
			t += v
		}
	}
	return t
}

// Clone returns a deep copy of the allocation under a new name.
func (a Allocation) Clone(name string) Allocation {
	out := Allocation{Name: name, Programs: make(map[string]map[int]float64, len(a.Programs)), Budgeted: maps.Clone(a.Budgeted)}
	for id, years := range a.Programs {
		out.Programs[id] = maps.Clone(years)
	}
	return out
}

// Scale multiplies every amount of the given programs (every program when none is given) by f.
func (a *Allocation) Scale(f float64, programs ...string) error {
	if !(f >= 0) || math.IsInf(f, 0) {
		return fundingErrorf(ErrInvalid, "%v is not a valid factor (allowed: a number ≥ 0, e.g. 0.8)", f)
	}
	if len(programs) == 0 {
		programs = slices.Collect(maps.Keys(a.Programs))
	}
	for _, id := range programs {
		for y := range a.Programs[id] {
			a.Programs[id][y] *= f
		}
	}
	return nil
}

// unit returns "万元" for a budgeted program and "" for an index.
func (a *Allocation) unit(id string) string {
	if a.Budgeted[id] {
		return "万元"
	}
	return ""
}

// amountEps absorbs rounding when an amount equals what a program has.
const amountEps = 1e-9

// Move moves m.Amount from program m.From to m.To: in year m.Year, or with no year pro rata over
// the years of m.From. Both programs must be budgeted, or both funded by an index.
func (a *Allocation) Move(m Move) error {
	if !(m.Amount > 0) || math.IsInf(m.Amount, 0) {
		return fundingErrorf(ErrInvalid, "%v is not a valid amount (allowed: an amount > 0)", m.Amount)
	}
	if a.Budgeted[m.From] != a.Budgeted[m.To] {
		return fundingErrorf(ErrUnits, "cannot move between %q and %q: one takes amounts in 万元 and the other an index (allowed: two programs with budgets, or two without)", m.From, m.To)
	}
	from := a.Programs[m.From]
	if a.Programs[m.To] == nil {
		a.Programs[m.To] = map[int]float64{}
	}
	to := a.Programs[m.To]
	if m.Year != nil {
		y := *m.Year
		if have := from[y]; have+amountEps < m.Amount {
			return fundingErrorf(ErrShortfall, "program %q has only %s%s in %d, less than the %s to move (allowed: an amount up to %s)", m.From, trimFloat(round2(have)), a.unit(m.From), y, trimFloat(m.Amount), trimFloat(round2(have)))
		}
		from[y] = math.Max(0, from[y]-m.Amount)
		to[y] += m.Amount
		return nil
	}
	years := slices.Sorted(maps.Keys(from))
	have := 0.0
	for _, y := range years {
		have += from[y]
	}
	if have+amountEps < m.Amount || have <= 0 {
		return fundingErrorf(ErrShortfall, "program %q has only %s%s in all its years, less than the %s to move (allowed: an amount up to %s)", m.From, trimFloat(round2(have)), a.unit(m.From), trimFloat(m.Amount), trimFloat(round2(have)))
	}
	for _, y := range years {
		v := from[y]
		part := m.Amount * v / have
		from[y] = math.Max(0, v-part)
		to[y] += part
	}
	return nil
}

// Shift moves funding from year sh.FromYear to sh.ToYear over the programs sh.Programs (every
// program when none is listed): a share of each program's amount, or an amount in 万元 taken
// pro rata from the budgeted programs.
func (a *Allocation) Shift(sh Shift) error {
	switch {
	case (sh.Share == nil) == (sh.Amount == nil):
		return fundingErrorf(ErrInvalid, "give either share or amount (allowed: share from 0 to 1, or an amount in 万元 > 0)")
	case sh.Share != nil && !(*sh.Share >= 0 && *sh.Share <= 1):
		return fundingErrorf(ErrInvalid, "share %v is out of range (allowed: from 0 to 1)", *sh.Share)
	case sh.Amount != nil && !(*sh.Amount > 0 && !math.IsInf(*sh.Amount, 0)):
		return fundingErrorf(ErrInvalid, "%v is not a valid amount (allowed: an amount in 万元 > 0)", *sh.Amount)
	}
	scope := sh.Programs
	if len(scope) == 0 {
		scope = slices.Collect(maps.Keys(a.Programs))
	}
	scope = slices.Compact(slices.Sorted(slices.Values(scope)))
	from, to := sh.FromYear, sh.ToYear
	if sh.Share != nil {
		moved := false
		for _, id := range scope {
			years := a.Programs[id]
			if v := years[from]; v > 0 {
				years[from] = v * (1 - *sh.Share)
				years[to] += v * *sh.Share
				moved = true
			}
		}
		if !moved {
			return fundingErrorf(ErrNoFunding, "no program has funding in %d to shift (allowed: a year of the allocation)", from)
		}
		return nil
	}
	scope = slices.DeleteFunc(scope, func(id string) bool { return !a.Budgeted[id] })
	have := 0.0
	for _, id := range scope {
		have += a.Programs[id][from]
	}
	if have <= 0 || have+amountEps < *sh.Amount {
		return fundingErrorf(ErrShortfall, "the programs have only %s万元 in %d, less than the %s to shift (allowed: an amount up to %s; amounts move only programs with budgets)", trimFloat(round2(have)), from, trimFloat(*sh.Amount), trimFloat(round2(have)))
	}
	for _, id := range scope {
		years := a.Programs[id]
		if v := years[from]; v > 0 {
			part := *sh.Amount * v / have
			years[from] = math.Max(0, v-part)
			years[to] += part
		}
	}
	return nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
