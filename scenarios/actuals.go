package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxActualsSize is the largest actuals file read, in bytes (a filled-in template of the whole
// catalogue is about 150 KB).
const MaxActualsSize = 4 << 20

// maxActualsErrors is how many problems of one actuals file are listed before "and N more".
const maxActualsErrors = 20

// The columns an actuals file must have; any others (names, units) are ignored on read.
var actualsColumns = []string{"id", "year", "value"}

// Actual is a monitored value of a catalogue indicator in a year, read from an actuals file.
type Actual struct {
	ID    string  `json:"id"`
	Year  int     `json:"year"`
	Value float64 `json:"value"`
	Line  int     `json:"line"` // line of the file, for messages and references
}

// Actuals are the values of one actuals file, in file order.
type Actuals struct {
	File string   `json:"file"`
	Rows []Actual `json:"rows"`
}

// For returns the actuals of one indicator, in file order.
func (a *Actuals) For(id string) []Actual {
	if a == nil {
		return nil
	}
	var out []Actual
	for _, r := range a.Rows {
		if r.ID == id {
			out = append(out, r)
		}
	}
	return out
}

var documentYear = regexp.MustCompile(`〔(\d{4})〕`)

// PlanBaseYear is the baseline year of a planning document: the year before it was issued
// (the issue year is the one in its number, 〔2023〕), the latest full year it can report.
func (d *Document) PlanBaseYear() (int, bool) { return planBaseYear(d.Number) }

// PlanBaseYear is the baseline year of the indicator's planning document (see
// Document.PlanBaseYear); the period its goals cover starts the year after.
func (ind *Indicator) PlanBaseYear() (int, bool) { return planBaseYear(ind.Source.Number) }

func planBaseYear(number string) (int, bool) {
	m := documentYear.FindStringSubmatch(number)
	if m == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(m[1])
	return y - 1, true
}

// ActualYears returns the years an actual of the indicator may have: from the start of its
// record (its first observation or its plan's baseline year, whichever is earlier) to thisYear.
func (c *Catalogue) ActualYears(ind *Indicator, thisYear int) (first, last int) {
	first = thisYear
	if d := c.documentOf(ind.ID); d != nil {
		if y, ok := d.PlanBaseYear(); ok {
			first = min(first, y)
		}
	}
	if len(ind.Observations) > 0 {
		first = min(first, ind.Observations[0].Year)
	}
	return first, thisYear
}

// documentOf returns the document an indicator comes from.
func (c *Catalogue) documentOf(id string) *Document {
	for _, d := range c.Documents {
		for i := range d.Indicators {
			if d.Indicators[i].ID == id {
				return d
			}
		}
	}
	return nil
}

// ActualsTemplate lays out the actuals file a planner fills in: one row per indicator and year
// from its baseline (its latest observation, or its plan's baseline year) to thisYear, with the
// value empty. The names, the unit and the catalogue's own value of that year are extra columns,
// ignored on read.
func (c *Catalogue) ActualsTemplate(inds []*Indicator, thisYear int) (header []string, rows [][]string) {
	header = append(slices.Clone(actualsColumns), "region", "name_zh", "name_en", "unit", "allowed", "catalogue_value")
	for _, ind := range inds {
		from, _ := c.ActualYears(ind, thisYear)
		if o, ok := ind.Latest(); ok {
			from = o.Year
		}
		for y := from; y <= thisYear; y++ {
			known := ""
			for _, o := range ind.Observations {
				if o.Year == y {
					known = trimFloat(o.Value)
				}
			}
			rows = append(rows, []string{ind.ID, itoa(y), "", ind.Region, ind.NameZH, ind.NameEN, ind.Unit, boundsText(ind), known})
		}
	}
	return header, rows
}

// actualsParser holds the state of one ParseActuals call.
type actualsParser struct {
	name     string
	cat      *Catalogue
	thisYear int
	col      map[string]int // column name → index
	seen     map[[2]string]int
	values   map[[2]string]Actual // accepted actuals by id and year
	errs     []error
	more     int
	ids      []string
}

func (p *actualsParser) errorf(line int, format string, args ...any) {
	if len(p.errs) >= maxActualsErrors {
		p.more++
		return
	}
	file := p.name
	if line > 0 {
		file += ":" + itoa(line)
	}
	p.errs = append(p.errs, &ConfigError{File: file, Msg: fmt.Sprintf(format, args...)})
}

// ParseActuals reads an actuals file: CSV in UTF-8 (a byte-order mark is allowed) with a header
// row naming the columns id, year and value in any order; other columns are ignored, and a row
// whose value is empty is skipped (an unfilled row of the template). Each actual must name a
// catalogue indicator, a year within ActualYears and a value within the indicator's bounds, and
// each indicator and year may appear once. thisYear is the current year. Every problem is a
// *ConfigError reading "file:line: what is wrong (allowed …)"; several are joined.
func ParseActuals(name string, data []byte, cat *Catalogue, thisYear int) (*Actuals, error) {
	p := &actualsParser{name: name, cat: cat, thisYear: thisYear, seen: map[[2]string]int{}, values: map[[2]string]Actual{}}
	for _, ind := range cat.Indicators() {
		p.ids = append(p.ids, ind.ID)
	}
	if len(data) > MaxActualsSize {
		p.errorf(0, "the file has %d bytes (allowed: up to %d bytes)", len(data), MaxActualsSize)
		return nil, p.err()
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		p.errorf(0, "the file is UTF-16 (allowed: UTF-8, with or without a byte-order mark; in Excel save as \"CSV UTF-8\")")
		return nil, p.err()
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	out := &Actuals{File: name}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p.csvError(err)
			break
		}
		line, _ := r.FieldPos(0)
		if p.col == nil {
			if !p.header(line, rec) {
				break
			}
			continue
		}
		if a, ok := p.row(line, rec); ok {
			out.Rows = append(out.Rows, a)
		}
	}
	switch {
	case p.col == nil && len(p.errs) == 0:
		p.errorf(0, "the file is empty (allowed: a header row id,year,value and one row per actual)")
	case len(out.Rows) == 0 && len(p.errs) == 0:
		p.errorf(0, "no row has a value (allowed: fill in the value column; rows left empty are skipped)")
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

func (p *actualsParser) err() error {
	if p.more > 0 {
		p.errs = append(p.errs, &ConfigError{File: p.name, Msg: fmt.Sprintf("and %d more problems", p.more)})
	}
	return errors.Join(p.errs...)
}

// csvError reports a malformed CSV record at its line.
func (p *actualsParser) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "the row has a different number of fields from the header"
		}
		p.errorf(pe.Line, "%s (allowed: comma-separated values, one row per line, as many fields as the header)", msg)
		return
	}
	p.errorf(0, "cannot read the file: %v (allowed: a UTF-8 CSV file)", err)
}

// header records the column positions; it reports a missing or repeated column.
func (p *actualsParser) header(line int, rec []string) bool {
	p.col = map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := p.col[h]; dup && slices.Contains(actualsColumns, h) {
			p.errorf(line, "column %q appears twice (allowed: each of id, year, value once)", h)
			return false
		}
		p.col[h] = i
	}
	ok := true
	for _, c := range actualsColumns {
		if _, has := p.col[c]; !has {
			p.errorf(line, "missing column %q in the header %q (allowed: a header row with the columns id, year and value, in any order; other columns are ignored)", c, strings.Join(rec, ","))
			ok = false
		}
	}
	return ok
}

// row checks one data row; ok is false for a skipped or bad row.
func (p *actualsParser) row(line int, rec []string) (Actual, bool) {
	id := strings.TrimSpace(rec[p.col["id"]])
	yearText := strings.TrimSpace(rec[p.col["year"]])
	valueText := strings.TrimSpace(rec[p.col["value"]])
	if valueText == "" {
		return Actual{}, false // an unfilled row of the template
	}
	ind, ok := p.cat.Indicator(id)
	if !ok {
		if id == "" {
			p.errorf(line, "the id is empty (allowed: an indicator id of the catalogue; see healthsim indicators)")
		} else {
			p.errorf(line, "unknown indicator %q (%s)", id, allowedWithSuggestion(id, p.ids, "allowed: an indicator id of the catalogue; see healthsim indicators"))
		}
		return Actual{}, false
	}
	first, last := p.cat.ActualYears(ind, p.thisYear)
	year, err := strconv.Atoi(yearText)
	switch {
	case err != nil:
		p.errorf(line, "year %q is not a year (allowed: a year of %s written with digits, %d to %d)", yearText, id, first, last)
		return Actual{}, false
	case year < first || year > last:
		p.errorf(line, "year %d is outside the range of %s (allowed: %d to %d, from the start of its record to the current year)", year, id, first, last)
		return Actual{}, false
	}
	value, err := strconv.ParseFloat(valueText, 64)
	if err != nil || math.IsNaN(value) || math.IsInf(value, 0) {
		p.errorf(line, "value %q of %s %d is not a number (allowed: %s in %s, written with digits and a decimal point, e.g. 38.5; leave it empty for no actual)", valueText, id, year, boundsText(ind), unitText(ind))
		return Actual{}, false
	}
	if err := ind.checkValue(value); err != nil {
		p.errorf(line, "%s %d: %v (allowed: %s in %s)", id, year, err, boundsText(ind), unitText(ind))
		return Actual{}, false
	}
	key := [2]string{id, itoa(year)}
	if prev, dup := p.seen[key]; dup {
		p.errorf(line, "%s %d is given twice, also on line %d (allowed: one row per indicator and year)", id, year, prev)
		return Actual{}, false
	}
	p.seen[key] = line
	for _, other := range p.cat.Linked(id) {
		if prev, ok := p.values[[2]string{other.ID, itoa(year)}]; ok && prev.Value != value {
			p.errorf(line, "%s %d is %s, but line %d gives %s for %s, the same quantity in another document (allowed: one value per quantity and year: give it once, or the same value)",
				id, year, trimFloat(value), prev.Line, trimFloat(prev.Value), other.ID)
			return Actual{}, false
		}
	}
	a := Actual{ID: id, Year: year, Value: value, Line: line}
	p.values[key] = a
	return a, true
}

func unitText(ind *Indicator) string {
	if ind.Unit == "" {
		return "its unit"
	}
	return ind.Unit
}

// ActualsSource is an actuals file as read: its name for messages, its text, and the current
// year its actuals are checked against.
type ActualsSource struct {
	Name     string `json:"name"`
	Text     string `json:"text"`
	ThisYear int    `json:"this_year"`
}

// readActuals reads the file named by the actuals key or flag; the catalogue checks come in
// Resolve. A relative path in a config file is relative to that file's folder.
func (c *Config) readActuals(thisYear int) error {
	src := c.source("actuals")
	path := c.Actuals
	if !filepath.IsAbs(path) && !strings.HasPrefix(src, "flag ") && !strings.HasPrefix(src, "environment") && src != DefaultConfigFile {
		path = filepath.Join(filepath.Dir(src), path)
	}
	if thisYear == 0 {
		thisYear = time.Now().Year()
	}
	bad := func(err error) error {
		msg := err.Error()
		var pe *os.PathError
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		return &ConfigError{File: src, Key: "actuals", Msg: fmt.Sprintf("cannot read the actuals file %s: %s (allowed: an existing CSV file with columns id, year, value; a relative path in a config file is relative to its folder)", path, msg)}
	}
	f, err := os.Open(path)
	if err != nil {
		return bad(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxActualsSize+1)) // ParseActuals reports a larger file
	if err != nil {
		return bad(err)
	}
	c.ActualsFile = &ActualsSource{Name: path, Text: string(data), ThisYear: thisYear}
	return nil
}

// applyActuals adds an indicator's actuals to its observations; an actual replaces a catalogue
// observation of the same year. An actual of a linked entry (same_as: the same quantity in another
// document) counts for the indicator too, marked with From, in years it has no actual of its own.
func applyActuals(ind *Indicator, a *Actuals, cat *Catalogue) {
	if a == nil {
		return
	}
	own := map[int]bool{}
	for _, r := range a.For(ind.ID) {
		own[r.Year] = true
		setObservation(ind, Observation{Year: r.Year, Value: r.Value, Ref: fmt.Sprintf("actuals: %s:%d", a.File, r.Line)})
	}
	for _, other := range cat.Linked(ind.ID) {
		for _, r := range a.For(other.ID) {
			if !own[r.Year] {
				setObservation(ind, Observation{Year: r.Year, Value: r.Value, From: other.ID, Ref: fmt.Sprintf("actuals: %s:%d", a.File, r.Line)})
			}
		}
	}
}

// setObservation puts o into the indicator's observations (sorted by year), replacing the year's.
func setObservation(ind *Indicator, o Observation) {
	i, found := slices.BinarySearchFunc(ind.Observations, o.Year, func(o Observation, y int) int { return o.Year - y })
	if found {
		ind.Observations[i] = o
	} else {
		ind.Observations = slices.Insert(ind.Observations, i, o)
	}
}
