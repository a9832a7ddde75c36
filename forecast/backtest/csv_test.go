package backtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

func TestReadCSV(t *testing.T) {
	in := "\uFEFF# a comment line\nseries,year,value,kind,lo,hi,unit,group\n" +
		"a,2001,2.0,,,,per 1000,g1\n" +
		"a,2000,1.5,,,,,\n" + // out of order: sorted on read
		"a,2002,2.5,,,,,\n" +
		"b,2000,-1,,,,,\n" + // a value ≤ 0 and no kind: level
		"b,2001,0.5,,,,,\n" +
		"c,2000,40,share,,,%,\n" + // share without bounds: [0, 100]
		"c,2001,45,,,,,\n" +
		"d,2000,5,positive,2,,,\n" +
		"d,2001,6,,,,,\n"
	got, err := ReadCSV(strings.NewReader(in), "s.csv", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d series, want 4", len(got))
	}
	a, b, c, d := got[0], got[1], got[2], got[3]
	if a.Kind != scenarios.Positive || *a.Bounds.Lo != 0 || a.Unit != "per 1000" || a.Group != "g1" {
		t.Errorf("a: %+v", a)
	}
	if ys := []int{a.Obs[0].Year, a.Obs[1].Year, a.Obs[2].Year}; ys[0] != 2000 || ys[1] != 2001 || ys[2] != 2002 {
		t.Errorf("a: years %v not sorted", ys)
	}
	if b.Kind != scenarios.Level || b.Bounds.Lo != nil {
		t.Errorf("b: %+v", b)
	}
	if c.Kind != scenarios.Share || *c.Bounds.Lo != 0 || *c.Bounds.Hi != 100 {
		t.Errorf("c: %+v", c)
	}
	if d.Kind != scenarios.Positive || *d.Bounds.Lo != 2 {
		t.Errorf("d: %+v", d)
	}
}

func TestReadCSVBad(t *testing.T) {
	const h = "series,year,value\n"
	cases := []struct {
		name, in string
		minHist  int
		want     string // the whole message after "f.csv"
	}{
		{"empty", "", 1, ": empty file (allowed: a header with series, year, value"},
		{"missing column", "series,year\na,2000\n", 1, `:1: missing column "value" (required: series, year, value)`},
		{"unknown column", "series,year,value,colour\n", 1, `:1: unknown column "colour" (allowed: series, year, value, kind, lo, hi, unit, group)`},
		{"column twice", "series,year,value,year\n", 1, `:1: column "year" twice`},
		{"no rows", h, 1, ": no observations"},
		{"non-number", h + "a,2000,1\na,2001,abc\n", 1, `:3: value "abc" is not a number (allowed: a finite decimal number)`},
		{"nan", h + "a,2000,NaN\n", 1, `:2: value "NaN" is not a number`},
		{"bad year", h + "a,20x0,1\n", 1, `:2: year "20x0" is not a whole year (allowed: 1000–3000)`},
		{"year twice", h + "a,2000,1\nb,2000,1\na,2000,2\n", 1, `:4: series "a" has year 2000 twice, first on line 2 (allowed: one value per series and year)`},
		{"field count", h + "a,2000\n", 1, ":2: 2 fields, the header has 3"},
		{"empty name", h + ",2000,1\n", 1, ":2: empty series name"},
		{"bad kind", "series,year,value,kind\na,2000,1,ratio\n", 1, `:2: kind "ratio" (allowed: share, positive, level, or empty)`},
		{"kind differs", "series,year,value,kind\na,2000,1,share\na,2001,1,level\n", 1, ":3: series \"a\": kind level differs from share on line 2"},
		{"bad bound", "series,year,value,lo\na,2000,1,x\n", 1, `:2: lo "x" is not a number`},
		{"above share bound", "series,year,value,kind\na,2000,50,share\na,2001,101,\n", 1, `:3: series "a": value 101 outside its bounds [0, 100] (allowed: a share lies within lo..hi)`},
		{"below positive bound", "series,year,value,kind,lo\na,2000,5,positive,2\na,2001,1,,\n", 1, `:3: series "a": value 1 outside its bounds [2, ∞)`},
		{"negative positive", "series,year,value,kind\na,2000,-1,positive\n", 1, `:2: series "a": value -1 outside its bounds [0, ∞)`},
		{"level with bounds", "series,year,value,kind,lo\na,2000,1,level,0\n", 1, ":2: series \"a\": a level has no bounds"},
		{"lo not below hi", "series,year,value,kind,lo,hi\na,2000,1,share,5,5\n", 1, ":2: series \"a\": lo 5 is not below hi 5"},
		{"quote", h + "a,2000,\"1\n", 1, ":2: extraneous or missing \" in quoted-field"},
		{"too short", h + "a,2000,1\na,2001,2\nb,2000,1\n", 3, `: no series has 4 observations (allowed: at least 4 in some series, the history a forecast needs and an outcome: --min-history+1, or 3 with --two-point; the longest, "a", has 2)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), "f.csv", tc.minHist)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an InputError", err)
			}
			if !strings.HasPrefix(err.Error(), "f.csv"+tc.want) {
				t.Errorf("error\n  %v\nwant prefix\n  f.csv%s", err, tc.want)
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("series,year,value\na,2000,1\na,2001,2\n", 1)
	f.Add("\uFEFFseries,year,value,kind,lo,hi\na,2000,50,share,0,100\n", 1)
	f.Add("series,year,value,kind\nb,1999,-3,level\n", 0)
	f.Fuzz(func(t *testing.T, in string, minHist int) {
		minHist = min(max(minHist, 0), 50)
		series, err := ReadCSV(strings.NewReader(in), "fuzz.csv", minHist)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an InputError", err)
			}
			return
		}
		for _, s := range series {
			for i, o := range s.Obs {
				if !inBounds(s.Kind, s.Bounds, o.Value) {
					t.Fatalf("series %q: value %v outside its bounds", s.Name, o.Value)
				}
				if i > 0 && o.Year <= s.Obs[i-1].Year {
					t.Fatalf("series %q: years not increasing", s.Name)
				}
			}
		}
	})
}
