package scenarios

import (
	"fmt"
	"slices"
	"strconv"
)

// Kind says how an indicator's values are bounded, which fixes the transform the model uses.
type Kind string

// The indicator kinds.
const (
	Share    Kind = "share"    // a percentage or fraction within [lo, hi]
	Positive Kind = "positive" // a quantity above lo (ratios, rates, counts, years)
	Level    Kind = "level"    // an unbounded index
)

// Direction says whether higher or lower values are better.
type Direction string

// The directions.
const (
	Higher Direction = "higher"
	Lower  Direction = "lower"
)

// Test names a target test.
type Test string

// The target tests. Numeric tests compare the value in the target year with the target value.
// Increase and Decrease compare it with the latest observation; Maintain requires the threshold to
// hold (in the indicator's better direction) in every year up to the target year; HoldLow requires
// the value not to exceed the historic low (the target value, or the lowest observation). About
// (左右, "about v") is met within the target's tolerance either side of the value.
const (
	GE       Test = ">="
	LE       Test = "<="
	GT       Test = ">"
	LT       Test = "<"
	Increase Test = "increase"
	Decrease Test = "decrease"
	Maintain Test = "maintain"
	HoldLow  Test = "hold_low"
	About    Test = "about"
)

// NeedsValue reports whether the test compares against an explicit value.
func (t Test) NeedsValue() bool {
	switch t {
	case GE, LE, GT, LT, Maintain, About:
		return true
	}
	return false
}

// Known reports whether t is one of the defined tests.
func (t Test) Known() bool { return slices.Contains(tests, t) }

// The years a catalogue or config value may be dated; any other is taken for a typo.
const (
	MinYear = 2000
	MaxYear = 2100
)

// yearOK reports whether y is within MinYear and MaxYear.
func yearOK(y int) bool { return y >= MinYear && y <= MaxYear }

// yearsAllowed says which years are allowed, for messages.
var yearsAllowed = fmt.Sprintf("%d to %d", MinYear, MaxYear)

// Nature is how a document commits to an indicator's targets.
type Nature string

// The natures of targets.
const (
	Binding  Nature = "binding"  // 约束性: the plan must meet it
	Expected Nature = "expected" // 预期性: the plan aims at it
	Unstated Nature = ""         // the document does not say
)

// Known reports whether n is one of the defined natures.
func (n Nature) Known() bool { return n == Binding || n == Expected || n == Unstated }

// Tests lists every defined test, for messages.
var tests = []Test{GE, LE, GT, LT, Increase, Decrease, Maintain, HoldLow, About}

// Bounds are the admissible range of an indicator's values; a nil end is open.
type Bounds struct {
	Lo *float64 `yaml:"lo" json:"lo"`
	Hi *float64 `yaml:"hi" json:"hi"`
}

// Source cites where a number comes from.
type Source struct {
	File   string `yaml:"file" json:"file"`
	Ref    string `yaml:"ref" json:"ref"`
	Number string `yaml:"number" json:"number"`
}

// Observation is an observed (or derived) value of an indicator in a year.
type Observation struct {
	Year    int     `yaml:"year" json:"year"`
	Value   float64 `yaml:"value" json:"value"`
	Derived bool    `yaml:"derived,omitempty" json:"derived"`
	Formula string  `yaml:"formula,omitempty" json:"formula,omitempty"`
	Ref     string  `yaml:"ref,omitempty" json:"ref,omitempty"`
	Note    string  `yaml:"note,omitempty" json:"note,omitempty"`
	// From names the linked entry (of another document) the observation was shared from; empty
	// for the entry's own observations.
	From string `yaml:"-" json:"from,omitempty"`
}

// Target is a goal for an indicator in a year: a final target or an annual milestone.
type Target struct {
	Year  int      `yaml:"year" json:"year"`
	Test  Test     `yaml:"test" json:"test"`
	Value *float64 `yaml:"value,omitempty" json:"value"`
	// Tolerance is the half-width of an About target's band, in the indicator's unit.
	Tolerance *float64 `yaml:"tolerance,omitempty" json:"tolerance,omitempty"`
	// Factor states the value as a multiple of the baseline (翻一番: >= 2 × the latest
	// observation) instead of a number; it is resolved when the baseline is known.
	Factor *float64 `yaml:"factor,omitempty" json:"factor,omitempty"`
	// Formula shows how a value the document does not print was derived from numbers it does
	// (a cumulative count from yearly additions: "20 + 10").
	Formula string `yaml:"formula,omitempty" json:"formula,omitempty"`
	Ref     string `yaml:"ref,omitempty" json:"ref,omitempty"`
	Note    string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Indicator is one catalogue entry: an indicator of a planning document with its data and goals.
type Indicator struct {
	ID           string        `yaml:"id" json:"id"`
	Region       string        `yaml:"-" json:"region"`
	RegionZH     string        `yaml:"-" json:"region_zh"`
	RegionEN     string        `yaml:"-" json:"region_en"`
	NameZH       string        `yaml:"name_zh" json:"name_zh"`
	NameEN       string        `yaml:"name_en" json:"name_en"`
	Unit         string        `yaml:"unit" json:"unit"`
	UnitEN       string        `yaml:"unit_en" json:"unit_en"`
	Kind         Kind          `yaml:"kind" json:"kind"`
	Bounds       Bounds        `yaml:"bounds" json:"bounds"`
	Direction    Direction     `yaml:"direction" json:"direction"`
	Nature       Nature        `yaml:"nature,omitempty" json:"nature,omitempty"`
	Source       Source        `yaml:"source" json:"source"`
	Observations []Observation `yaml:"observations,omitempty" json:"observations"`
	Targets      []Target      `yaml:"targets,omitempty" json:"targets"`
	Milestones   []Target      `yaml:"milestones,omitempty" json:"milestones"`
	Programs     []string      `yaml:"programs,omitempty" json:"programs,omitempty"`
	// SameAs lists entries of other documents of the region that measure the same quantity;
	// linked entries share their observations.
	SameAs []string `yaml:"same_as,omitempty" json:"same_as,omitempty"`
	Notes  []string `yaml:"notes,omitempty" json:"notes,omitempty"`
}

// Latest returns the most recent observation, and false when the indicator has none.
func (ind *Indicator) Latest() (Observation, bool) {
	if len(ind.Observations) == 0 {
		return Observation{}, false
	}
	return ind.Observations[len(ind.Observations)-1], true
}

// Program is a budget program (a sub-project or a task group of a plan) that indicators link to.
type Program struct {
	ID     string `yaml:"id" json:"id"`
	Region string `yaml:"-" json:"region"`
	NameZH string `yaml:"name_zh" json:"name_zh"`
	NameEN string `yaml:"name_en" json:"name_en"`
	Group  string `yaml:"group,omitempty" json:"group,omitempty"`
	Ref    string `yaml:"ref,omitempty" json:"ref,omitempty"`
	Note   string `yaml:"note,omitempty" json:"note,omitempty"`
}

// FundingSource is one source of a budget's money.
type FundingSource struct {
	ID     string  `yaml:"id" json:"id"`
	NameZH string  `yaml:"name_zh" json:"name_zh"`
	NameEN string  `yaml:"name_en" json:"name_en"`
	Amount float64 `yaml:"amount" json:"amount"`
}

// ProgramGroup is a named group of programs.
type ProgramGroup struct {
	ID       string   `yaml:"id" json:"id"`
	NameZH   string   `yaml:"name_zh" json:"name_zh"`
	NameEN   string   `yaml:"name_en" json:"name_en"`
	Programs []string `yaml:"programs" json:"programs"`
}

// Budget holds a document's budget facts, amounts in 万元 (10,000 yuan).
type Budget struct {
	Total       float64         `yaml:"total" json:"total"`
	Sources     []FundingSource `yaml:"sources" json:"sources"`
	Annual      map[int]float64 `yaml:"annual" json:"annual"`
	CountyShare float64         `yaml:"county_share" json:"county_share"`
	Groups      []ProgramGroup  `yaml:"groups" json:"groups"`
	Ref         string          `yaml:"ref" json:"ref"`
	Note        string          `yaml:"note,omitempty" json:"note,omitempty"`
}

// Years returns the budget's years in ascending order.
func (b *Budget) Years() []int {
	ys := make([]int, 0, len(b.Annual))
	for y := range b.Annual {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Document describes one source planning document and holds what the catalogue takes from it.
type Document struct {
	File       string      `yaml:"file" json:"file"`
	Region     string      `yaml:"region" json:"region"`
	RegionZH   string      `yaml:"region_zh" json:"region_zh"`
	RegionEN   string      `yaml:"region_en" json:"region_en"`
	Number     string      `yaml:"number" json:"number"`
	TitleZH    string      `yaml:"title_zh" json:"title_zh"`
	TitleEN    string      `yaml:"title_en" json:"title_en"`
	Programs   []Program   `yaml:"programs,omitempty" json:"programs,omitempty"`
	Budget     *Budget     `yaml:"budget,omitempty" json:"budget,omitempty"`
	Indicators []Indicator `yaml:"indicators" json:"indicators"`
	Notes      []string    `yaml:"notes,omitempty" json:"notes,omitempty"`

	path string // the embedded file it was read from
}

// Catalogue is the validated set of documents, indicators and programs.
type Catalogue struct {
	Documents []*Document

	byID     map[string]*Indicator
	programs map[string]*Program
	order    []*Indicator
	linked   map[string][]*Indicator // id → the other entries of its link group
}

// Indicators returns every indicator in catalogue order (by document, then as listed).
func (c *Catalogue) Indicators() []*Indicator { return c.order }

// Indicator returns the indicator with the given id.
func (c *Catalogue) Indicator(id string) (*Indicator, bool) {
	ind, ok := c.byID[id]
	return ind, ok
}

// Program returns the program with the given id.
func (c *Catalogue) Program(id string) (*Program, bool) {
	p, ok := c.programs[id]
	return p, ok
}

// Programs returns every program in catalogue order.
func (c *Catalogue) Programs() []*Program {
	var ps []*Program
	for _, d := range c.Documents {
		for i := range d.Programs {
			ps = append(ps, &d.Programs[i])
		}
	}
	return ps
}

// Regions returns the region names in catalogue order, without repeats.
func (c *Catalogue) Regions() []string {
	var rs []string
	seen := map[string]bool{}
	for _, d := range c.Documents {
		if !seen[d.Region] {
			seen[d.Region] = true
			rs = append(rs, d.Region)
		}
	}
	return rs
}

// Budget returns the budget of a region, if a document of that region declares one.
func (c *Catalogue) Budget(region string) (*Budget, bool) {
	for _, d := range c.Documents {
		if d.Region == region && d.Budget != nil {
			return d.Budget, true
		}
	}
	return nil, false
}

// String describes the catalogue in one line.
func (c *Catalogue) String() string {
	return fmt.Sprintf("catalogue of %d documents, %d indicators", len(c.Documents), len(c.order))
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func itoa(i int) string { return strconv.Itoa(i) }
