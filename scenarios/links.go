package scenarios

import (
	"fmt"
	"slices"
	"sort"
)

// link resolves every same_as list: it checks that linked entries belong to other documents of
// the same region and measure the quantity in the same unit and kind, groups them, and gives
// each entry the observations of the others (marked with From) for years it has none of its own.
func (c *Catalogue) link() []error {
	docOf := map[string]*Document{}
	for _, d := range c.Documents {
		for i := range d.Indicators {
			docOf[d.Indicators[i].ID] = d
		}
	}
	var errs []error
	parent := map[string]string{}
	var find func(string) string
	find = func(id string) string {
		if p, ok := parent[id]; ok && p != id {
			r := find(p)
			parent[id] = r
			return r
		}
		return id
	}
	for _, ind := range c.order {
		for _, other := range ind.SameAs {
			if err := c.checkLink(ind, other, docOf); err != nil {
				errs = append(errs, fmt.Errorf("%s: indicators.%s: same_as: %w", docOf[ind.ID].path, ind.ID, err))
				continue
			}
			parent[find(ind.ID)] = find(other)
			parent[ind.ID], parent[other] = find(ind.ID), find(other)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	groups := map[string][]*Indicator{}
	var roots []string
	for _, ind := range c.order {
		if _, ok := parent[ind.ID]; ok {
			r := find(ind.ID)
			if groups[r] == nil {
				roots = append(roots, r)
			}
			groups[r] = append(groups[r], ind)
		}
	}
	c.linked = map[string][]*Indicator{}
	for _, r := range roots {
		g := groups[r]
		for _, ind := range g {
			for _, o := range g {
				if o != ind {
					c.linked[ind.ID] = append(c.linked[ind.ID], o)
				}
			}
		}
		errs = append(errs, shareObservations(g, docOf)...)
	}
	return errs
}

// checkLink validates one same_as entry.
func (c *Catalogue) checkLink(ind *Indicator, other string, docOf map[string]*Document) error {
	o, ok := c.byID[other]
	switch {
	case !ok:
		return fmt.Errorf("unknown indicator %q", other)
	case o == ind:
		return fmt.Errorf("%q links to itself", other)
	case o.Region != ind.Region:
		return fmt.Errorf("%q belongs to %s, not %s (allowed: entries of the same region)", other, o.Region, ind.Region)
	case docOf[other] == docOf[ind.ID]:
		return fmt.Errorf("%q is in the same document (allowed: entries of another document)", other)
	case o.Unit != ind.Unit || o.Kind != ind.Kind || o.Direction != ind.Direction:
		return fmt.Errorf("%q is measured as %s %q %s, this entry as %s %q %s (allowed: the same unit, kind and direction)",
			other, o.Kind, o.Unit, o.Direction, ind.Kind, ind.Unit, ind.Direction)
	}
	return nil
}

// shareObservations gives each entry of a link group the observations of the others. Two entries
// observing the same year must agree.
func shareObservations(g []*Indicator, docOf map[string]*Document) []error {
	var errs []error
	own := make([][]Observation, len(g))
	for i, ind := range g {
		own[i] = slices.Clone(ind.Observations)
	}
	for i, ind := range g {
		obs := slices.Clone(own[i])
		for j, other := range g {
			if j == i {
				continue
			}
			for _, o := range own[j] {
				k := slices.IndexFunc(obs, func(x Observation) bool { return x.Year == o.Year })
				switch {
				case k < 0:
					o.From = other.ID
					obs = append(obs, o)
				case obs[k].From == "" && obs[k].Value != o.Value && i < j:
					errs = append(errs, fmt.Errorf("%s: indicators.%s: observations.%d: %v here but %v in the linked %s",
						docOf[ind.ID].path, ind.ID, o.Year, obs[k].Value, o.Value, other.ID))
				}
			}
		}
		sort.SliceStable(obs, func(a, b int) bool { return obs[a].Year < obs[b].Year })
		ind.Observations = obs
	}
	return errs
}

// Linked returns the entries of other documents that measure the same quantity as id.
func (c *Catalogue) Linked(id string) []*Indicator { return c.linked[id] }

// Conflict is a pair of linked entries whose goals for the same year set different values.
type Conflict struct {
	Year int
	A, B *Indicator
	// TA and TB are the disagreeing goals; MilestoneA and MilestoneB say whether each is an
	// annual milestone rather than a target.
	TA, TB                 Target
	MilestoneA, MilestoneB bool
}

// Conflicts lists every pair of goals of linked entries for the same year whose values differ,
// in catalogue order. Goals without a value (increase, hold_low, a factor of the baseline) are
// not compared; neither are two goals of one entry.
func (c *Catalogue) Conflicts() []Conflict {
	type goal struct {
		t         Target
		milestone bool
	}
	goals := func(ind *Indicator) []goal {
		var gs []goal
		for _, t := range ind.Milestones {
			gs = append(gs, goal{t, true})
		}
		for _, t := range ind.Targets {
			gs = append(gs, goal{t, false})
		}
		return gs
	}
	pos := map[string]int{}
	for i, ind := range c.order {
		pos[ind.ID] = i
	}
	var out []Conflict
	seen := map[string]bool{}
	for _, a := range c.order {
		for _, b := range c.linked[a.ID] {
			if pos[b.ID] < pos[a.ID] {
				continue
			}
			for _, ga := range goals(a) {
				for _, gb := range goals(b) {
					ta, tb := ga.t, gb.t
					if ta.Year != tb.Year || ta.Value == nil || tb.Value == nil || *ta.Value == *tb.Value {
						continue
					}
					key := fmt.Sprint(a.ID, b.ID, ta.Year, *ta.Value, *tb.Value)
					if seen[key] {
						continue
					}
					seen[key] = true
					out = append(out, Conflict{Year: ta.Year, A: a, B: b, TA: ta, TB: tb, MilestoneA: ga.milestone, MilestoneB: gb.milestone})
				}
			}
		}
	}
	return out
}
