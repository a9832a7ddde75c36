package backtest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// InputError is a problem in a series file, reported as file:line: what is wrong (allowed …).
// Line is 0 for a problem of the whole file.
type InputError struct {
	File string
	Line int
	Msg  string
}

func (e *InputError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Columns of a series file.
var (
	requiredColumns = []string{"series", "year", "value"}
	optionalColumns = []string{"kind", "lo", "hi", "unit", "group"}
)

// Year range a series file may hold.
const (
	minYear = 1000
	maxYear = 3000
)

// MinSeriesPoints is the least number of observations a series needs to be backtested at the
// given minimum history: the history up to an origin, and one outcome after it.
func MinSeriesPoints(minHistory int) int { return minHistory + 1 }

// ReadCSV reads series from a CSV file (UTF-8, with or without a byte-order mark; lines starting
// with # are comments): columns series, year, value, and optionally kind (share, positive,
// level), lo, hi, unit, group. A series without a kind is positive when all its values are above
// 0 and a level otherwise; a share without bounds is within [0, 100]; a positive quantity without
// lo is above 0. name is the file's name in messages. At least one series must have
// MinSeriesPoints(minHistory) observations.
func ReadCSV(r io.Reader, name string, minHistory int) ([]Series, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	p := &parser{file: name, index: map[string]int{}, years: map[string]map[int]int{}}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	if err := p.header(cr); err != nil {
		return nil, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, p.csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if err := p.row(rec, line); err != nil {
			return nil, err
		}
	}
	if len(p.series) == 0 {
		return nil, p.fail(0, "no observations (allowed: one row per series and year after the header)")
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p.enough(minHistory)
}

// parser holds the state of one file being read.
type parser struct {
	file   string
	col    map[string]int
	series []*pending
	index  map[string]int         // series name → index in series
	years  map[string]map[int]int // series name → year → line
}

// pending is a series being read, with the line of each observation for messages.
type pending struct {
	Series
	lines              []int
	kindSet            bool
	loLine, hiLine     int
	kindLine, unitLine int
}

func (p *parser) fail(line int, format string, args ...any) error {
	return &InputError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return p.fail(pe.Line, "%v (allowed: comma-separated fields, quoted with \" where needed)", pe.Err)
	}
	return p.fail(0, "%v", err)
}

func (p *parser) header(cr *csv.Reader) error {
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return p.fail(0, "empty file (allowed: a header with %s, optionally %s, then one row per observation)",
			strings.Join(requiredColumns, ", "), strings.Join(optionalColumns, ", "))
	}
	if err != nil {
		return p.csvError(err)
	}
	line, _ := cr.FieldPos(0)
	p.col = map[string]int{}
	allowed := slices.Concat(requiredColumns, optionalColumns)
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(allowed, h) {
			return p.fail(line, "unknown column %q (allowed: %s)", h, strings.Join(allowed, ", "))
		}
		if _, dup := p.col[h]; dup {
			return p.fail(line, "column %q twice (allowed: each column once)", h)
		}
		p.col[h] = i
	}
	for _, c := range requiredColumns {
		if _, ok := p.col[c]; !ok {
			return p.fail(line, "missing column %q (required: %s)", c, strings.Join(requiredColumns, ", "))
		}
	}
	return nil
}

// field returns the trimmed value of a column in a record ("" when absent).
func (p *parser) field(rec []string, c string) string {
	i, ok := p.col[c]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (p *parser) row(rec []string, line int) error {
	if len(rec) != len(p.col) {
		return p.fail(line, "%d fields, the header has %d (allowed: one field per column)", len(rec), len(p.col))
	}
	name := p.field(rec, "series")
	if name == "" {
		return p.fail(line, "empty series name (allowed: any non-empty text)")
	}
	year, err := strconv.Atoi(p.field(rec, "year"))
	if err != nil || year < minYear || year > maxYear {
		return p.fail(line, "year %q is not a whole year (allowed: %d–%d)", p.field(rec, "year"), minYear, maxYear)
	}
	value, err := number(p.field(rec, "value"))
	if err != nil {
		return p.fail(line, "value %q is not a number (allowed: a finite decimal number)", p.field(rec, "value"))
	}
	s := p.get(name)
	if prev, ok := p.years[name][year]; ok {
		return p.fail(line, "series %q has year %d twice, first on line %d (allowed: one value per series and year)", name, year, prev)
	}
	p.years[name][year] = line
	if err := p.attributes(s, rec, line); err != nil {
		return err
	}
	s.Obs = append(s.Obs, scenarios.Observation{Year: year, Value: value})
	s.lines = append(s.lines, line)
	return nil
}

func (p *parser) get(name string) *pending {
	if i, ok := p.index[name]; ok {
		return p.series[i]
	}
	p.index[name] = len(p.series)
	p.years[name] = map[int]int{}
	s := &pending{Series: Series{Name: name}}
	p.series = append(p.series, s)
	return s
}

func number(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not finite")
	}
	return v, nil
}

// attributes reads a row's kind, bounds, unit and group: each may be given on any row of a
// series, and must be the same wherever it is given.
func (p *parser) attributes(s *pending, rec []string, line int) error {
	if k := p.field(rec, "kind"); k != "" {
		kind := scenarios.Kind(k)
		if kind != scenarios.Share && kind != scenarios.Positive && kind != scenarios.Level {
			return p.fail(line, "kind %q (allowed: share, positive, level, or empty)", k)
		}
		if s.kindSet && kind != s.Kind {
			return p.fail(line, "series %q: kind %s differs from %s on line %d (allowed: one kind per series)", s.Name, kind, s.Kind, s.kindLine)
		}
		s.Kind, s.kindSet, s.kindLine = kind, true, line
	}
	for _, b := range []struct {
		col  string
		dst  **float64
		line *int
	}{{"lo", &s.Bounds.Lo, &s.loLine}, {"hi", &s.Bounds.Hi, &s.hiLine}} {
		txt := p.field(rec, b.col)
		if txt == "" {
			continue
		}
		v, err := number(txt)
		if err != nil {
			return p.fail(line, "%s %q is not a number (allowed: a finite decimal number, or empty)", b.col, txt)
		}
		if *b.dst != nil && **b.dst != v {
			return p.fail(line, "series %q: %s %v differs from %v on line %d (allowed: one value per series)", s.Name, b.col, v, **b.dst, *b.line)
		}
		*b.dst, *b.line = &v, line
	}
	for _, t := range []struct {
		col string
		dst *string
	}{{"unit", &s.Unit}, {"group", &s.Group}} {
		txt := p.field(rec, t.col)
		if txt == "" {
			continue
		}
		if *t.dst != "" && *t.dst != txt {
			return p.fail(line, "series %q: %s %q differs from %q (allowed: one %s per series)", s.Name, t.col, txt, *t.dst, t.col)
		}
		*t.dst = txt
	}
	return nil
}

// finish settles each series' kind and bounds, checks every value against them and sorts the
// observations by year.
func (p *parser) finish() error {
	for _, s := range p.series {
		if err := p.settle(s); err != nil {
			return err
		}
		for i, o := range s.Obs {
			if !inBounds(s.Kind, s.Bounds, o.Value) {
				return p.fail(s.lines[i], "series %q: value %v outside its bounds %s (allowed: %s)", s.Name, o.Value, boundsText(s.Kind, s.Bounds), allowedText(s.Kind))
			}
		}
		slices.SortFunc(s.Obs, func(a, b scenarios.Observation) int { return a.Year - b.Year })
	}
	return nil
}

func (p *parser) settle(s *pending) error {
	line := max(s.loLine, s.hiLine)
	if !s.kindSet {
		s.Kind = scenarios.Positive
		if s.Bounds.Lo == nil && s.Bounds.Hi == nil && slices.ContainsFunc(s.Obs, func(o scenarios.Observation) bool { return o.Value <= 0 }) {
			s.Kind = scenarios.Level
		}
		if s.Bounds.Lo != nil && s.Bounds.Hi != nil {
			s.Kind = scenarios.Share
		}
	}
	switch s.Kind {
	case scenarios.Level:
		if line > 0 {
			return p.fail(line, "series %q: a level has no bounds (allowed: lo and hi for share, lo for positive)", s.Name)
		}
	case scenarios.Positive:
		if s.Bounds.Hi != nil {
			return p.fail(s.hiLine, "series %q: a positive quantity has no upper bound (allowed: lo only; kind share for a range)", s.Name)
		}
		if s.Bounds.Lo == nil {
			s.Bounds.Lo = ptr(0.0)
		}
	case scenarios.Share:
		if (s.Bounds.Lo == nil) != (s.Bounds.Hi == nil) {
			return p.fail(line, "series %q: a share needs both lo and hi, or neither for [0, 100]", s.Name)
		}
		if s.Bounds.Lo == nil {
			s.Bounds.Lo, s.Bounds.Hi = ptr(0.0), ptr(100.0)
		}
		if !(*s.Bounds.Lo < *s.Bounds.Hi) {
			return p.fail(line, "series %q: lo %v is not below hi %v (allowed: lo < hi)", s.Name, *s.Bounds.Lo, *s.Bounds.Hi)
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// inBounds reports whether a value lies in a series' admissible range (bounds included: the
// model moves a value on a bound inside by its tolerance).
func inBounds(k scenarios.Kind, b scenarios.Bounds, v float64) bool {
	switch k {
	case scenarios.Share:
		return v >= *b.Lo && v <= *b.Hi
	case scenarios.Positive:
		return v >= *b.Lo
	}
	return true
}

func boundsText(k scenarios.Kind, b scenarios.Bounds) string {
	if k == scenarios.Share {
		return fmt.Sprintf("[%v, %v]", *b.Lo, *b.Hi)
	}
	return fmt.Sprintf("[%v, ∞)", *b.Lo)
}

func allowedText(k scenarios.Kind) string {
	if k == scenarios.Share {
		return "a share lies within lo..hi"
	}
	return "a positive quantity is at least lo; use kind level for values that may be anything"
}

// enough checks that some series is long enough and returns the series.
func (p *parser) enough(minHistory int) ([]Series, error) {
	need := MinSeriesPoints(minHistory)
	out := make([]Series, len(p.series))
	longest := p.series[0]
	for i, s := range p.series {
		out[i] = s.Series
		if len(s.Obs) > len(longest.Obs) {
			longest = s
		}
	}
	if len(longest.Obs) < need {
		return nil, p.fail(0, "no series has %d observations (allowed: at least %d in some series, the history a forecast needs and an outcome: --min-history+1, or 3 with --two-point; the longest, %q, has %d)",
			need, need, longest.Name, len(longest.Obs))
	}
	return out, nil
}
