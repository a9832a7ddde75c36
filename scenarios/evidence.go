package scenarios

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed evidence/*.csv evidence/links.yaml
var evidenceFS embed.FS

// Geographies a reference series may describe: the country, the province and cities of Zhejiang.
var knownGeos = []string{"cn", "zhejiang", "hangzhou", "ningbo", "huzhou", "jiaxing", "shaoxing", "zhoushan"}

// SingleSource marks a reference value that no second, independent source was found for.
const SingleSource = "single-source"

// evidenceHeader is the column order of every evidence file.
var evidenceHeader = []string{"series", "geo", "year", "value", "unit", "publisher", "title", "url", "read_from", "second_source", "note"}

// Citation says where a reference value was published and how it was checked.
type Citation struct {
	Publisher    string `json:"publisher"`
	Title        string `json:"title"`               // the publication and its year
	URL          string `json:"url"`                 // the official publication where known
	ReadFrom     string `json:"read_from,omitempty"` // the page the figure was read from, when not URL
	SecondSource string `json:"second_source"`       // an independent page with the same figure, or SingleSource
	Note         string `json:"note,omitempty"`
}

// ReferencePoint is one published value of a reference series.
type ReferencePoint struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
	Citation
}

// ReferenceSeries is a published yearly series of one quantity in one geography.
type ReferenceSeries struct {
	ID     string           `json:"id"`
	Geo    string           `json:"geo"`
	Unit   string           `json:"unit"`
	File   string           `json:"file"`
	Points []ReferencePoint `json:"points"` // by year
}

// EvidenceLink ties a catalogue indicator to the evidence for its status-quo pace.
type EvidenceLink struct {
	Indicator string `yaml:"indicator" json:"indicator"`
	// Reference is the series whose pace (not level) stands in for the indicator's own history.
	Reference string `yaml:"reference,omitempty" json:"reference,omitempty"`
	// Level is the series whose latest value stands in for a baseline on the indicator's bound
	// (a rate observed at 0 is one small count, not a rate of 0).
	Level string `yaml:"level,omitempty" json:"level,omitempty"`
	// Family names the prior for the noise, and for the pace when there is no reference.
	Family string `yaml:"family,omitempty" json:"family,omitempty"`
	// LeftOut, when set, says why the indicator cannot be projected against its targets.
	LeftOut string `yaml:"left_out,omitempty" json:"left_out,omitempty"`
	Note    string `yaml:"note" json:"note"`
}

// Evidence is the embedded reference data: published series and the links from indicators to them.
type Evidence struct {
	Series map[string]*ReferenceSeries
	Links  map[string]EvidenceLink
}

// LoadEvidence reads and validates the reference series and links embedded in the program.
func LoadEvidence() (*Evidence, error) {
	return LoadEvidenceFS(evidenceFS, "evidence")
}

// LoadEvidenceFS reads every .csv file of dir as reference series and dir/links.yaml as links.
// Errors name the file and line.
func LoadEvidenceFS(fsys fs.FS, dir string) (*Evidence, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.csv"))
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("evidence: no .csv files in %s", dir)
	}
	ev := &Evidence{Series: map[string]*ReferenceSeries{}, Links: map[string]EvidenceLink{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("evidence: %w", err)
		}
		if err := ev.readSeries(name, data); err != nil {
			return nil, err
		}
	}
	links := path.Join(dir, "links.yaml")
	data, err := fs.ReadFile(fsys, links)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	if err := ev.readLinks(links, data); err != nil {
		return nil, err
	}
	return ev, nil
}

func (ev *Evidence) readSeries(name string, data []byte) error {
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil && !errors.Is(err, csv.ErrFieldCount) {
		return fmt.Errorf("%s: %w", name, err)
	}
	r.FieldsPerRecord = len(evidenceHeader)
	if !slices.Equal(header, evidenceHeader) {
		return fmt.Errorf("%s:1: header %q (allowed: %s)", name, strings.Join(header, ","), strings.Join(evidenceHeader, ","))
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		if err := ev.addPoint(name, rec); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	for _, s := range ev.Series {
		slices.SortFunc(s.Points, func(a, b ReferencePoint) int { return a.Year - b.Year })
	}
	return nil
}

func (ev *Evidence) addPoint(file string, rec []string) error {
	col := func(k string) string { return strings.TrimSpace(rec[slices.Index(evidenceHeader, k)]) }
	id, geo, unit := col("series"), col("geo"), col("unit")
	if !idPattern.MatchString(id) {
		return fmt.Errorf("series %q is not a valid id (allowed: lowercase letters, digits and _)", id)
	}
	if !slices.Contains(knownGeos, geo) {
		return fmt.Errorf("geo %q (allowed: %s)", geo, strings.Join(knownGeos, ", "))
	}
	year, err := strconv.Atoi(col("year"))
	if err != nil || year < 1990 || year > 2100 {
		return fmt.Errorf("year %q (allowed: a year from 1990 to 2100)", col("year"))
	}
	value, err := strconv.ParseFloat(col("value"), 64)
	if err != nil || math.IsNaN(value) || math.IsInf(value, 0) {
		return fmt.Errorf("value %q is not a finite number", col("value"))
	}
	c := Citation{Publisher: col("publisher"), Title: col("title"), URL: col("url"), ReadFrom: col("read_from"),
		SecondSource: col("second_source"), Note: col("note")}
	if err := c.check(); err != nil {
		return err
	}
	s := ev.Series[id]
	if s == nil {
		s = &ReferenceSeries{ID: id, Geo: geo, Unit: unit, File: path.Base(file)}
		ev.Series[id] = s
	}
	if s.Geo != geo || s.Unit != unit {
		return fmt.Errorf("series %s: geo %q and unit %q differ from its first row (%q, %q)", id, geo, unit, s.Geo, s.Unit)
	}
	if slices.ContainsFunc(s.Points, func(p ReferencePoint) bool { return p.Year == year }) {
		return fmt.Errorf("series %s: year %d appears twice", id, year)
	}
	s.Points = append(s.Points, ReferencePoint{Year: year, Value: value, Citation: c})
	return nil
}

func (c Citation) check() error {
	switch {
	case c.Publisher == "" || c.Title == "":
		return errors.New("publisher and title are required")
	case !isURL(c.URL):
		return fmt.Errorf("url %q (allowed: an http or https address)", c.URL)
	case c.ReadFrom != "" && !isURL(c.ReadFrom):
		return fmt.Errorf("read_from %q (allowed: empty or an http or https address)", c.ReadFrom)
	case c.SecondSource != SingleSource && !isURL(c.SecondSource):
		return fmt.Errorf("second_source %q (allowed: an http or https address, or %s)", c.SecondSource, SingleSource)
	}
	return nil
}

func isURL(s string) bool { return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") }

func (ev *Evidence) readLinks(name string, data []byte) error {
	var doc struct {
		Links []EvidenceLink `yaml:"links"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for i, l := range doc.Links {
		at := fmt.Sprintf("%s: links[%d] (%s)", name, i, l.Indicator)
		switch {
		case !idPattern.MatchString(l.Indicator):
			return fmt.Errorf("%s: indicator %q is not a valid id", at, l.Indicator)
		case l.Note == "":
			return fmt.Errorf("%s: a note is required (why this evidence fits the indicator)", at)
		case l.Reference == "" && l.Level == "" && l.Family == "" && l.LeftOut == "":
			return fmt.Errorf("%s: nothing linked (allowed: reference, level, family or left_out)", at)
		}
		for _, ref := range []string{l.Reference, l.Level} {
			if ref != "" && ev.Series[ref] == nil {
				return fmt.Errorf("%s: unknown series %q", at, ref)
			}
		}
		if _, dup := ev.Links[l.Indicator]; dup {
			return fmt.Errorf("%s: indicator linked twice", at)
		}
		ev.Links[l.Indicator] = l
	}
	return nil
}

// Check reports links to indicators the catalogue does not hold.
func (ev *Evidence) Check(c *Catalogue) error {
	var errs []error
	for _, id := range slices.Sorted(maps.Keys(ev.Links)) {
		if _, ok := c.Indicator(id); !ok {
			errs = append(errs, fmt.Errorf("evidence: links.yaml: indicator %q is not in the catalogue", id))
		}
	}
	return errors.Join(errs...)
}

// Latest returns the most recent point of the series.
func (s *ReferenceSeries) Latest() ReferencePoint { return s.Points[len(s.Points)-1] }
