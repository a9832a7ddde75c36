package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// thisYear is the current year the tests pass to the parser, so they do not depend on the clock.
const thisYear = 2026

func mustCatalogue(t testing.TB) *Catalogue {
	t.Helper()
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestPlanBaseYear(t *testing.T) {
	cat := mustCatalogue(t)
	want := map[string]int{"湖政办发〔2023〕54号": 2022, "湖政办发〔2024〕4号": 2023, "嘉政办发〔2024〕5号": 2023, "舟普政办〔2023〕60号": 2022, "绍政发〔2021〕11号": 2020}
	for _, d := range cat.Documents {
		got, ok := d.PlanBaseYear()
		if !ok || got != want[d.Number] {
			t.Errorf("%s: PlanBaseYear() = %d, %v; want %d", d.Number, got, ok, want[d.Number])
		}
	}
}

func TestActualYears(t *testing.T) {
	cat := mustCatalogue(t)
	for _, tc := range []struct {
		id          string
		first, last int
	}{
		{"huzhou_cmi_tertiary", 2022, thisYear},          // observed from 2022, plan of 2023
		{"jiaxing_grade4_surgery_share", 2023, thisYear}, // no observation: the plan's baseline year
	} {
		ind, ok := cat.Indicator(tc.id)
		if !ok {
			t.Fatalf("no indicator %s", tc.id)
		}
		if f, l := cat.ActualYears(ind, thisYear); f != tc.first || l != tc.last {
			t.Errorf("%s: ActualYears = %d–%d, want %d–%d", tc.id, f, l, tc.first, tc.last)
		}
	}
}

func TestParseActuals(t *testing.T) {
	cat := mustCatalogue(t)
	data := "\ufeffvalue,name_zh,year,id\n" +
		"1.02,三级医院CMI,2023,huzhou_cmi_tertiary\n" +
		",,2024,huzhou_cmi_tertiary\n" + // unfilled: skipped
		" 26.5 ,,2024, jiaxing_grade4_surgery_share\n"
	a, err := ParseActuals("a.csv", []byte(data), cat, thisYear)
	if err != nil {
		t.Fatal(err)
	}
	want := []Actual{{"huzhou_cmi_tertiary", 2023, 1.02, 2}, {"jiaxing_grade4_surgery_share", 2024, 26.5, 4}}
	if fmt.Sprint(a.Rows) != fmt.Sprint(want) {
		t.Errorf("rows = %v, want %v", a.Rows, want)
	}
	if got := a.For("huzhou_cmi_tertiary"); len(got) != 1 || got[0].Value != 1.02 {
		t.Errorf("For(huzhou_cmi_tertiary) = %v", got)
	}
}

func TestParseActualsErrors(t *testing.T) {
	cat := mustCatalogue(t)
	const head = "id,year,value\n"
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"unknown id", head + "huzhou_cmi_tertairy,2023,1\n", []string{"a.csv:2: unknown indicator \"huzhou_cmi_tertairy\"", "did you mean huzhou_cmi_tertiary"}},
		{"empty id", head + ",2023,1\n", []string{"a.csv:2: the id is empty"}},
		{"year after now", head + "huzhou_cmi_tertiary,2027,1\n", []string{"a.csv:2: year 2027 is outside the range of huzhou_cmi_tertiary (allowed: 2022 to 2026"}},
		{"year before record", head + "huzhou_cmi_tertiary,2019,1\n", []string{"a.csv:2: year 2019 is outside the range", "allowed: 2022 to 2026"}},
		{"year not a number", head + "huzhou_cmi_tertiary,20x3,1\n", []string{"a.csv:2: year \"20x3\" is not a year"}},
		{"below bound", head + "huzhou_cmi_tertiary,2023,-1\n", []string{"a.csv:2: huzhou_cmi_tertiary 2023: value -1 is below the lower bound 0", "(allowed: a value ≥ 0"}},
		{"above bound", head + "jiaxing_grade4_surgery_share,2024,101\n", []string{"a.csv:2:", "above the upper bound 100", "allowed: a value from 0 to 100 in %"}},
		{"not a number", head + "huzhou_cmi_tertiary,2023,1.0.2\n", []string{"a.csv:2: value \"1.0.2\" of huzhou_cmi_tertiary 2023 is not a number (allowed:"}},
		{"percent sign", head + "jiaxing_grade4_surgery_share,2024,26%\n", []string{"a.csv:2: value \"26%\"", "is not a number"}},
		{"nan", head + "huzhou_cmi_tertiary,2023,NaN\n", []string{"a.csv:2: value \"NaN\"", "is not a number"}},
		{"duplicate", head + "huzhou_cmi_tertiary,2023,1\nhuzhou_cmi_tertiary,2024,1\nhuzhou_cmi_tertiary,2023,1.1\n", []string{"a.csv:4: huzhou_cmi_tertiary 2023 is given twice, also on line 2"}},
		{"missing column", "id,year\nhuzhou_cmi_tertiary,2023\n", []string{"a.csv:1: missing column \"value\"", "allowed: a header row with the columns id, year and value"}},
		{"repeated column", "id,year,value,value\nhuzhou_cmi_tertiary,2023,1,2\n", []string{"a.csv:1: column \"value\" appears twice"}},
		{"field count", head + "huzhou_cmi_tertiary,2023\n", []string{"a.csv:2: the row has a different number of fields"}},
		{"bad quote", head + "huzhou_cmi_tertiary,\"2023,1\n", []string{"a.csv:2:"}},
		{"empty file", "", []string{"a.csv: the file is empty"}},
		{"only a header", head, []string{"a.csv: no row has a value"}},
		{"utf-16", "\xff\xfei\x00d\x00", []string{"a.csv: the file is UTF-16"}},
		{"too large", head + strings.Repeat("x", MaxActualsSize), []string{"a.csv: the file has", "allowed: up to"}},
		{"many errors", head + strings.Repeat("nope,2023,1\n", 30), []string{"a.csv:21: unknown", "a.csv: and 10 more problems"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseActuals("a.csv", []byte(tc.data), cat, thisYear)
			if err == nil {
				t.Fatalf("no error; got %v", a)
			}
			if !IsConfigError(err) {
				t.Errorf("error is not a ConfigError: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestActualsTemplateReadsBack(t *testing.T) {
	cat := mustCatalogue(t)
	ind, _ := cat.Indicator("huzhou_cmi_tertiary")
	jx, _ := cat.Indicator("jiaxing_grade4_surgery_share")
	header, rows := cat.ActualsTemplate([]*Indicator{ind, jx}, thisYear)
	// 2022 (the latest observation) … 2026, and 2023 (the plan's baseline year) … 2026.
	if len(rows) != 5+4 {
		t.Fatalf("%d rows, want 9: %v", len(rows), rows)
	}
	if rows[0][1] != "2022" || rows[0][len(header)-1] != "0.95" {
		t.Errorf("first row %v: want 2022 with the catalogue value 0.95", rows[0])
	}
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for i, r := range rows {
		if i == 1 {
			r[2] = "1.01" // the planner fills in one value
		}
		for j := range r {
			r[j] = `"` + r[j] + `"`
		}
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	a, err := ParseActuals("t.csv", []byte(b.String()), cat, thisYear)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Rows) != 1 || a.Rows[0] != (Actual{"huzhou_cmi_tertiary", 2023, 1.01, 3}) {
		t.Errorf("read back %v", a.Rows)
	}
}

// FuzzParseActuals feeds arbitrary bytes to the parser: it never panics, a failure is always a
// ConfigError naming the file, and whatever it accepts is a valid, unique actual.
func FuzzParseActuals(f *testing.F) {
	for _, s := range []string{
		"id,year,value\nhuzhou_cmi_tertiary,2023,1.02\n",
		"\ufeffvalue,year,id,name_zh\n38.5,2024,huzhou_outpatient_primary_share,基层\n,2025,huzhou_cmi_tertiary,\n",
		"id,year,value\nhuzhou_cmi_tertiary,2023,1\nhuzhou_cmi_tertiary,2023,1\n",
		"id,year\n",
		"id,year,value\n\"a\nb\",2023,1\n",
		"id,year,value\nhuzhou_cmi_tertiary,1e3,-0\n",
		"",
	} {
		f.Add([]byte(s))
	}
	cat := mustCatalogue(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseActuals("f.csv", data, cat, thisYear)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error is not a ConfigError naming the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range a.Rows {
			ind, ok := cat.Indicator(r.ID)
			if !ok {
				t.Fatalf("accepted unknown id %q", r.ID)
			}
			if first, last := cat.ActualYears(ind, thisYear); r.Year < first || r.Year > last {
				t.Fatalf("accepted year %d outside %d–%d", r.Year, first, last)
			}
			if err := ind.checkValue(r.Value); err != nil {
				t.Fatalf("accepted %v: %v", r.Value, err)
			}
			key := fmt.Sprint(r.ID, r.Year)
			if seen[key] {
				t.Fatalf("accepted %s twice", key)
			}
			seen[key] = true
		}
	})
}
