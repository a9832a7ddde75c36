package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed catalogue/*.yaml
var embedded embed.FS

// knownRegions are the region names the catalogue may use.
var knownRegions = []string{"huzhou", "shaoxing", "jiaxing", "putuo"}

// KnownRegions lists the regions the catalogue may hold, in catalogue order.
func KnownRegions() []string { return slices.Clone(knownRegions) }

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// LoadCatalogue reads and validates the catalogue embedded in the program.
func LoadCatalogue() (*Catalogue, error) {
	return LoadCatalogueFS(embedded, "catalogue")
}

// LoadCatalogueFS reads and validates every .yaml file in dir of fsys as one catalogue.
// Errors name the file and the entry.
func LoadCatalogueFS(fsys fs.FS, dir string) (*Catalogue, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("catalogue: no .yaml files in %s", dir)
	}
	slices.Sort(names)
	var docs []*Document
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("catalogue: %w", err)
		}
		d, err := parseDocument(name, data)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return newCatalogue(docs)
}

func parseDocument(name string, data []byte) (*Document, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	d := &Document{path: name}
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i := range d.Indicators {
		d.Indicators[i].Region = d.Region
		d.Indicators[i].RegionZH, d.Indicators[i].RegionEN = d.RegionZH, d.RegionEN
		if d.Indicators[i].Source.File == "" {
			d.Indicators[i].Source.File = d.File
		}
		if d.Indicators[i].Source.Number == "" {
			d.Indicators[i].Source.Number = d.Number
		}
	}
	for i := range d.Programs {
		d.Programs[i].Region = d.Region
	}
	return d, nil
}

func newCatalogue(docs []*Document) (*Catalogue, error) {
	c := &Catalogue{
		Documents: docs,
		byID:      map[string]*Indicator{},
		programs:  map[string]*Program{},
	}
	var errs []error
	for _, d := range docs {
		errs = append(errs, d.validateHeader()...)
		for i := range d.Programs {
			p := &d.Programs[i]
			if !idPattern.MatchString(p.ID) {
				errs = append(errs, fmt.Errorf("%s: programs.%s: id must be lowercase ASCII letters, digits and _", d.path, p.ID))
			}
			if _, dup := c.programs[p.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: programs.%s: duplicate program id", d.path, p.ID))
			}
			c.programs[p.ID] = p
		}
	}
	for _, d := range docs {
		for i := range d.Indicators {
			ind := &d.Indicators[i]
			if _, dup := c.byID[ind.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: indicators.%s: duplicate indicator id", d.path, ind.ID))
				continue
			}
			c.byID[ind.ID] = ind
			c.order = append(c.order, ind)
			for _, e := range ind.validate() {
				errs = append(errs, fmt.Errorf("%s: indicators.%s: %w", d.path, ind.ID, e))
			}
			for _, p := range ind.Programs {
				prog, ok := c.programs[p]
				switch {
				case !ok:
					errs = append(errs, fmt.Errorf("%s: indicators.%s: programs: unknown program %q", d.path, ind.ID, p))
				case prog.Region != ind.Region:
					errs = append(errs, fmt.Errorf("%s: indicators.%s: programs: program %q belongs to %s", d.path, ind.ID, p, prog.Region))
				}
			}
		}
		if d.Budget != nil {
			for _, e := range d.Budget.validate(c.programs) {
				errs = append(errs, fmt.Errorf("%s: budget: %w", d.path, e))
			}
		}
	}
	errs = append(errs, checkRegionNames(docs)...)
	errs = append(errs, c.link()...)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	return c, nil
}

// checkRegionNames requires every document of a region to name it the same way.
func checkRegionNames(docs []*Document) []error {
	var errs []error
	first := map[string]*Document{}
	for _, d := range docs {
		f, ok := first[d.Region]
		if !ok {
			first[d.Region] = d
			continue
		}
		if f.RegionZH != d.RegionZH || f.RegionEN != d.RegionEN {
			errs = append(errs, fmt.Errorf("%s: region_zh, region_en: %q, %q differ from %s's %q, %q (allowed: one name per region)",
				d.path, d.RegionZH, d.RegionEN, f.path, f.RegionZH, f.RegionEN))
		}
	}
	return errs
}

func (d *Document) validateHeader() []error {
	var errs []error
	if d.File == "" || d.Number == "" || d.TitleZH == "" {
		errs = append(errs, fmt.Errorf("%s: file, number and title_zh are required", d.path))
	}
	if d.RegionZH == "" || d.RegionEN == "" {
		errs = append(errs, fmt.Errorf("%s: region_zh and region_en (the region's names) are required", d.path))
	}
	if !slices.Contains(knownRegions, d.Region) {
		errs = append(errs, fmt.Errorf("%s: region: %q is not one of %s", d.path, d.Region, strings.Join(knownRegions, ", ")))
	}
	return errs
}

// validate checks one entry on its own; errors name the field.
func (ind *Indicator) validate() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !idPattern.MatchString(ind.ID) {
		add("id must be lowercase ASCII letters, digits and _ (no dots), starting with a letter")
	}
	if ind.NameZH == "" || ind.NameEN == "" {
		add("name_zh and name_en are required")
	}
	if ind.Source.Ref == "" {
		add("source.ref is required")
	}
	if ind.Unit != "" && ind.UnitEN == "" {
		add("unit_en: the English unit is required when unit is %q", ind.Unit)
	}
	switch ind.Direction {
	case Higher, Lower:
	default:
		add("direction: %q (allowed: higher, lower)", ind.Direction)
	}
	if !ind.Nature.Known() {
		add("nature: %q (allowed: %s, %s, or empty)", ind.Nature, Binding, Expected)
	}
	errs = append(errs, ind.validateBounds()...)
	for i, o := range ind.Observations {
		if i > 0 && o.Year <= ind.Observations[i-1].Year {
			add("observations: years must ascend (%d after %d)", o.Year, ind.Observations[i-1].Year)
		}
		if err := ind.checkValue(o.Value); err != nil {
			add("observations.%d: %w", o.Year, err)
		}
		if o.Derived && o.Formula == "" {
			add("observations.%d: a derived value needs its formula", o.Year)
		}
	}
	errs = append(errs, ind.validateTargets("targets", ind.Targets)...)
	errs = append(errs, ind.validateTargets("milestones", ind.Milestones)...)
	if len(ind.Targets) == 0 {
		add("targets: at least one target is required")
	}
	return errs
}

func (ind *Indicator) validateBounds() []error {
	lo, hi := ind.Bounds.Lo, ind.Bounds.Hi
	switch ind.Kind {
	case Share:
		if lo == nil || hi == nil || !(*lo < *hi) {
			return []error{fmt.Errorf("bounds: a share needs lo < hi")}
		}
	case Positive:
		if lo == nil || hi != nil {
			return []error{fmt.Errorf("bounds: a positive quantity needs lo and no hi")}
		}
	case Level:
	default:
		return []error{fmt.Errorf("kind: %q (allowed: share, positive, level)", ind.Kind)}
	}
	return nil
}

func (ind *Indicator) checkValue(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("value %v is not a finite number", v)
	}
	if lo := ind.Bounds.Lo; lo != nil && v < *lo {
		return fmt.Errorf("value %v is below the lower bound %v", v, *lo)
	}
	if hi := ind.Bounds.Hi; hi != nil && v > *hi {
		return fmt.Errorf("value %v is above the upper bound %v", v, *hi)
	}
	return nil
}

func (ind *Indicator) validateTargets(field string, ts []Target) []error {
	var errs []error
	for i, t := range ts {
		if i > 0 && t.Year < ts[i-1].Year {
			errs = append(errs, fmt.Errorf("%s: years must ascend (%d after %d)", field, t.Year, ts[i-1].Year))
		}
		if err := ind.checkTarget(t); err != nil {
			errs = append(errs, fmt.Errorf("%s.%d: %w", field, t.Year, err))
		}
	}
	return errs
}

// checkTarget validates one target or milestone.
func (ind *Indicator) checkTarget(t Target) error {
	if !t.Test.Known() {
		names := make([]string, len(tests))
		for i, x := range tests {
			names[i] = string(x)
		}
		return fmt.Errorf("test %q is not known (allowed: %s)", t.Test, strings.Join(names, ", "))
	}
	if !yearOK(t.Year) {
		return fmt.Errorf("year %d is outside %d–%d", t.Year, MinYear, MaxYear)
	}
	if err := checkBand(t); err != nil {
		return err
	}
	if t.Factor != nil {
		return checkFactor(t)
	}
	if t.Test.NeedsValue() && t.Value == nil {
		return fmt.Errorf("test %s needs a value", t.Test)
	}
	if t.Value != nil {
		return ind.checkValue(*t.Value)
	}
	return nil
}

// checkBand requires a positive tolerance on an about target and none on any other.
func checkBand(t Target) error {
	switch {
	case t.Test == About && (t.Tolerance == nil || !(*t.Tolerance > 0)):
		return errors.New("test about needs a tolerance above 0 (allowed: {test: about, value: v, tolerance: t}, t > 0 the band's half-width in the indicator's unit)")
	case t.Test != About && t.Tolerance != nil:
		return fmt.Errorf("tolerance applies only to test about, not %s (allowed: leave tolerance out, or use test about)", t.Test)
	}
	return nil
}

// checkFactor validates a target stated as a multiple of the baseline.
func checkFactor(t Target) error {
	switch {
	case t.Value != nil:
		return errors.New("give either value or factor, not both")
	case t.Test != GE && t.Test != GT && t.Test != LE && t.Test != LT:
		return fmt.Errorf("factor needs test >=, >, <= or <, not %s", t.Test)
	case !(*t.Factor > 0) || math.IsInf(*t.Factor, 0):
		return fmt.Errorf("factor %v is not a positive number", *t.Factor)
	}
	return nil
}

func (b *Budget) validate(programs map[string]*Program) []error {
	var errs []error
	sum := 0.0
	for _, s := range b.Sources {
		sum += s.Amount
	}
	if math.Abs(sum-b.Total) > 1e-6 {
		errs = append(errs, fmt.Errorf("sources add up to %v, not the total %v", sum, b.Total))
	}
	sum = 0
	for _, y := range b.Years() {
		if b.Annual[y] < 0 {
			errs = append(errs, fmt.Errorf("annual.%d: negative amount", y))
		}
		sum += b.Annual[y]
	}
	if math.Abs(sum-b.Total) > 1e-6 {
		errs = append(errs, fmt.Errorf("annual amounts add up to %v, not the total %v", sum, b.Total))
	}
	if b.CountyShare < 0 || b.CountyShare > 1 {
		errs = append(errs, fmt.Errorf("county_share: %v is not within [0, 1]", b.CountyShare))
	}
	for _, g := range b.Groups {
		for _, p := range g.Programs {
			if _, ok := programs[p]; !ok {
				errs = append(errs, fmt.Errorf("groups.%s: unknown program %q", g.ID, p))
			}
		}
	}
	return errs
}
