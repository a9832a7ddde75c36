package scenarios

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedEvidenceLoadsAndLinksTheCatalogue(t *testing.T) {
	ev, err := LoadEvidence()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Check(cat); err != nil {
		t.Fatal(err)
	}
	// Figures as printed in the publications.
	for _, tc := range []struct {
		series string
		year   int
		value  float64
	}{
		{"cn_physicians_per_1000", 2024, 3.61},
		{"cn_nurses_per_1000", 2023, 4},
		{"cn_maternal_mortality", 2024, 14.3},
		{"cn_infant_mortality", 2019, 5.6},
		{"cn_health_literacy", 2024, 31.87},
		{"hangzhou_life_expectancy_registered", 2020, 83.12},
	} {
		s := ev.Series[tc.series]
		if s == nil {
			t.Fatalf("series %s missing", tc.series)
		}
		found := false
		for _, p := range s.Points {
			if p.Year == tc.year {
				found = true
				if p.Value != tc.value {
					t.Errorf("%s %d = %v, want %v", tc.series, tc.year, p.Value, tc.value)
				}
				if p.Publisher == "" || p.URL == "" || p.SecondSource == "" {
					t.Errorf("%s %d: incomplete citation %+v", tc.series, tc.year, p.Citation)
				}
			}
		}
		if !found {
			t.Errorf("%s has no %d value", tc.series, tc.year)
		}
	}
	if l := ev.Links["shaoxing_maternal_mortality"]; l.Level != "zhejiang_maternal_mortality" || l.Family != "rare_event" {
		t.Errorf("maternal mortality link %+v", l)
	}
}

func TestBadEvidenceIsRejectedWithFileAndLine(t *testing.T) {
	const header = "series,geo,year,value,unit,publisher,title,url,read_from,second_source,note\n"
	good := "cn_x,cn,2020,1.5,%,NHC,2020 bulletin,https://a.b/c,,single-source,\n"
	links := "links:\n  - {indicator: a_b, reference: cn_x, note: same quantity}\n"
	for _, tc := range []struct{ name, csv, links, want string }{
		{"header", "series,geo\n", links, "header"},
		{"geo", header + "cn_x,mars,2020,1,%,NHC,t,https://a.b,,single-source,\n", links, "s.csv:2: geo \"mars\""},
		{"year", header + "cn_x,cn,1850,1,%,NHC,t,https://a.b,,single-source,\n", links, "year \"1850\""},
		{"value", header + "cn_x,cn,2020,abc,%,NHC,t,https://a.b,,single-source,\n", links, "not a finite number"},
		{"url", header + "cn_x,cn,2020,1,%,NHC,t,www.a.b,,single-source,\n", links, "url \"www.a.b\""},
		{"check", header + "cn_x,cn,2020,1,%,NHC,t,https://a.b,,maybe,\n", links, "second_source \"maybe\""},
		{"publisher", header + "cn_x,cn,2020,1,%,,t,https://a.b,,single-source,\n", links, "publisher and title"},
		{"duplicate", header + good + good, links, "s.csv:3: series cn_x: year 2020 appears twice"},
		{"unit", header + good + "cn_x,cn,2021,1,‰,NHC,t,https://a.b,,single-source,\n", links, "unit"},
		{"unknown series", header + good, "links:\n  - {indicator: a_b, reference: cn_y, note: n}\n", "unknown series \"cn_y\""},
		{"no note", header + good, "links:\n  - {indicator: a_b, reference: cn_x}\n", "a note is required"},
		{"nothing", header + good, "links:\n  - {indicator: a_b, note: n}\n", "nothing linked"},
		{"twice", header + good, links + "  - {indicator: a_b, family: share, note: n}\n", "linked twice"},
		{"unknown key", header + good, "links:\n  - {indicator: a_b, refrence: cn_x, note: n}\n", "refrence"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"e/s.csv": {Data: []byte(tc.csv)}, "e/links.yaml": {Data: []byte(tc.links)}}
			_, err := LoadEvidenceFS(fsys, "e")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	fsys := fstest.MapFS{"e/s.csv": {Data: []byte(header + good)}, "e/links.yaml": {Data: []byte(links)}}
	if _, err := LoadEvidenceFS(fsys, "e"); err != nil {
		t.Fatalf("good evidence rejected: %v", err)
	}
}
