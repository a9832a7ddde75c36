package scenarios

import (
	"strings"
	"testing"
	"testing/fstest"
)

// doc writes a minimal catalogue document of the region with the given indicator entries.
func doc(file, region, zh, en, indicators string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("file: " + file + "\nregion: " + region + "\nregion_zh: " + zh + "\nregion_en: " + en +
		"\nnumber: N\ntitle_zh: T\nindicators:\n" + indicators)}
}

// entry is one share indicator entry; extra lines are appended at the entry's indentation.
func entry(id string, extra ...string) string {
	s := "  - id: " + id + "\n    name_zh: 名\n    name_en: Name\n    unit: \"%\"\n    unit_en: \"%\"\n    kind: share\n" +
		"    bounds: {lo: 0, hi: 100}\n    direction: higher\n    source: {ref: r}\n"
	for _, e := range extra {
		s += "    " + e + "\n"
	}
	return s
}

const target25 = "targets: [{year: 2025, test: \">=\", value: 50}]"

func TestLinkedEntriesShareObservations(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": doc("a.txt", "huzhou", "湖州", "Huzhou", entry("a_x", "observations: [{year: 2022, value: 44.16}]", target25)),
		"b.yaml": doc("b.txt", "huzhou", "湖州", "Huzhou", entry("b_x", "same_as: [a_x]", "targets: [{year: 2025, test: \">=\", value: 48}]")),
	}
	c, err := LoadCatalogueFS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Indicator("b_x")
	if o, ok := b.Latest(); !ok || o.Year != 2022 || o.Value != 44.16 || o.From != "a_x" {
		t.Errorf("b_x latest %+v, want 2022 44.16 from a_x", o)
	}
	if a, _ := c.Indicator("a_x"); len(a.Observations) != 1 || a.Observations[0].From != "" {
		t.Errorf("a_x observations %+v, want its own one", a.Observations)
	}
	if l := c.Linked("a_x"); len(l) != 1 || l[0].ID != "b_x" {
		t.Errorf("Linked(a_x) = %v", l)
	}
	cs := c.Conflicts()
	if len(cs) != 1 || cs[0].Year != 2025 || *cs[0].TA.Value != 50 || *cs[0].TB.Value != 48 {
		t.Errorf("conflicts %+v, want one: 2025 50 against 48", cs)
	}
	if b.RegionZH != "湖州" || b.RegionEN != "Huzhou" || b.UnitEN != "%" {
		t.Errorf("names %q %q %q", b.RegionZH, b.RegionEN, b.UnitEN)
	}
}

func TestBadCatalogueEntries(t *testing.T) {
	other := doc("o.txt", "huzhou", "湖州", "Huzhou", entry("o_x", target25))
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"about without tolerance", fstest.MapFS{"a.yaml": doc("a.txt", "shaoxing", "绍兴", "Shaoxing",
			entry("a_x", "targets: [{year: 2025, test: about, value: 50}]"))}, "indicators.a_x: targets.2025: test about needs a tolerance"},
		{"tolerance on >=", fstest.MapFS{"a.yaml": doc("a.txt", "shaoxing", "绍兴", "Shaoxing",
			entry("a_x", "targets: [{year: 2025, test: \">=\", value: 50, tolerance: 1}]"))}, "tolerance applies only to test about"},
		{"factor and value", fstest.MapFS{"a.yaml": doc("a.txt", "shaoxing", "绍兴", "Shaoxing",
			entry("a_x", "targets: [{year: 2025, test: \">=\", value: 50, factor: 2}]"))}, "either value or factor"},
		{"factor on increase", fstest.MapFS{"a.yaml": doc("a.txt", "shaoxing", "绍兴", "Shaoxing",
			entry("a_x", "targets: [{year: 2025, test: increase, factor: 2}]"))}, "factor needs test"},
		{"no unit_en", fstest.MapFS{"a.yaml": doc("a.txt", "shaoxing", "绍兴", "Shaoxing",
			strings.Replace(entry("a_x", target25), "    unit_en: \"%\"\n", "", 1))}, "indicators.a_x: unit_en"},
		{"no region names", fstest.MapFS{"a.yaml": doc("a.txt", "shaoxing", "", "", entry("a_x", target25))}, "region_zh and region_en"},
		{"two names", fstest.MapFS{"a.yaml": doc("a.txt", "huzhou", "湖州市", "Huzhou", entry("a_x", target25)), "o.yaml": other},
			"one name per region"},
		{"unknown link", fstest.MapFS{"a.yaml": doc("a.txt", "huzhou", "湖州", "Huzhou", entry("a_x", "same_as: [nope]", target25))},
			"indicators.a_x: same_as: unknown indicator \"nope\""},
		{"same document", fstest.MapFS{"a.yaml": doc("a.txt", "huzhou", "湖州", "Huzhou",
			entry("a_x", "same_as: [a_y]", target25)+entry("a_y", target25))}, "same document"},
		{"other region", fstest.MapFS{"a.yaml": doc("a.txt", "shaoxing", "绍兴", "Shaoxing", entry("a_x", "same_as: [o_x]", target25)), "o.yaml": other},
			"belongs to huzhou"},
		{"other unit", fstest.MapFS{"a.yaml": doc("a.txt", "huzhou", "湖州", "Huzhou",
			strings.Replace(entry("a_x", "same_as: [o_x]", target25), "unit: \"%\"", "unit: \"‰\"", 1)), "o.yaml": other}, "the same unit, kind and direction"},
		{"observations disagree", fstest.MapFS{"a.yaml": doc("a.txt", "huzhou", "湖州", "Huzhou",
			entry("a_x", "same_as: [o_x]", "observations: [{year: 2022, value: 1}]", target25)),
			"o.yaml": doc("o.txt", "huzhou", "湖州", "Huzhou", entry("o_x", "observations: [{year: 2022, value: 2}]", target25))},
			"observations.2022: 1 here but 2 in the linked o_x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadCatalogueFS(tc.fsys, ".")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
