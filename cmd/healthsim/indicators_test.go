package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// indicatorJSON is one entry of `healthsim indicators --format json`.
type indicatorJSON struct {
	ID     string `json:"id"`
	Region string `json:"region"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Unit   string `json:"unit"`
	Kind   string `json:"kind"`
	Bounds struct {
		Lo *float64 `json:"lo"`
		Hi *float64 `json:"hi"`
	} `json:"bounds"`
	Source struct {
		File string `json:"file"`
		Ref  string `json:"ref"`
	} `json:"source"`
	Observations []struct {
		Year    int     `json:"year"`
		Value   float64 `json:"value"`
		Derived bool    `json:"derived"`
	} `json:"observations"`
	Targets []struct {
		Year  int      `json:"year"`
		Test  string   `json:"test"`
		Value *float64 `json:"value"`
	} `json:"targets"`
	Milestones []struct {
		Year  int      `json:"year"`
		Test  string   `json:"test"`
		Value *float64 `json:"value"`
	} `json:"milestones"`
}

func TestIndicatorsTable(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "indicators").mustSucceed(t)
	for _, w := range []string{"ID", "名称", "三级公立医院病例组合指数", "huzhou_cmi_tertiary", "2025 >= 1.1", "0.95 (2022)",
		"shaoxing_", "jiaxing_", "putuo_"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("table does not contain %q", w)
		}
	}
}

func TestIndicatorsRegion(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "indicators", "--region", "putuo").mustSucceed(t)
	indicators, _, _ := strings.Cut(r.stdout, "\n\n") // the programme table follows
	lines := strings.Split(strings.TrimSpace(indicators), "\n")
	if len(lines) < 3 {
		t.Fatalf("--region putuo lists %d lines:\n%s", len(lines), r.stdout)
	}
	for _, l := range lines[2:] { // after the header and the rule
		if id := strings.Fields(l)[0]; !strings.HasPrefix(id, "putuo_") {
			t.Errorf("--region putuo lists %s", id)
		}
	}
	if !strings.Contains(r.stdout, "putuo_life_expectancy") {
		t.Error("--region putuo does not list putuo_life_expectancy")
	}
}

func TestIndicatorsJSON(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "indicators", "--format", "json").mustSucceed(t)
	var inds []indicatorJSON
	if err := json.Unmarshal([]byte(r.stdout), &inds); err != nil {
		t.Fatalf("--format json does not decode: %v", err)
	}
	// Every field is spelled as documented (not only decodable into zero values).
	var raw []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "region", "name_zh", "name_en", "unit", "kind", "bounds", "source", "observations", "targets", "milestones"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("indicator JSON has no field %q: %v", k, raw[0])
		}
	}

	regions, units := map[string]bool{}, map[string]bool{}
	ids := map[string]bool{}
	var cmi *indicatorJSON
	for i := range inds {
		ind := &inds[i]
		regions[ind.Region] = true
		units[ind.Unit] = true
		if ids[ind.ID] {
			t.Errorf("duplicate id %s", ind.ID)
		}
		ids[ind.ID] = true
		if ind.ID == "" || ind.NameZH == "" || ind.NameEN == "" || ind.Kind == "" || ind.Source.File == "" {
			t.Errorf("incomplete entry: %+v", *ind)
		}
		if !strings.HasPrefix(ind.ID, ind.Region+"_") {
			t.Errorf("%s is listed under region %s", ind.ID, ind.Region)
		}
		if ind.ID == "huzhou_cmi_tertiary" {
			cmi = ind
		}
	}
	var got []string
	for reg := range regions {
		got = append(got, reg)
	}
	slices.Sort(got)
	if want := []string{"huzhou", "jiaxing", "putuo", "shaoxing"}; !slices.Equal(got, want) {
		t.Errorf("regions %v, want %v", got, want)
	}
	if !units["%"] {
		t.Error(`no indicator has unit "%"`)
	}

	if cmi == nil {
		t.Fatal("no huzhou_cmi_tertiary")
	}
	if cmi.NameZH != "三级公立医院病例组合指数(CMI值)" || cmi.Source.Ref == "" {
		t.Errorf("CMI entry: %+v", *cmi)
	}
	if len(cmi.Observations) != 1 || cmi.Observations[0].Year != 2022 || cmi.Observations[0].Value != 0.95 || cmi.Observations[0].Derived {
		t.Errorf("CMI observations %+v, want 0.95 in 2022 (not derived)", cmi.Observations)
	}
	if len(cmi.Targets) != 1 || cmi.Targets[0].Year != 2025 || cmi.Targets[0].Test != ">=" || cmi.Targets[0].Value == nil || *cmi.Targets[0].Value != 1.1 {
		t.Errorf("CMI targets %+v, want >= 1.1 in 2025", cmi.Targets)
	}
	if len(cmi.Milestones) != 2 || cmi.Milestones[0].Year != 2023 || cmi.Milestones[1].Year != 2024 {
		t.Errorf("CMI milestones %+v, want 2023 and 2024", cmi.Milestones)
	}

	// The region filter applies to JSON too.
	r = runCLI(t, "indicators", "--format", "json", "--region", "jiaxing").mustSucceed(t)
	var jx []indicatorJSON
	if err := json.Unmarshal([]byte(r.stdout), &jx); err != nil {
		t.Fatal(err)
	}
	if len(jx) == 0 {
		t.Fatal("no jiaxing indicators")
	}
	for _, ind := range jx {
		if ind.Region != "jiaxing" {
			t.Errorf("--region jiaxing lists %s of %s", ind.ID, ind.Region)
		}
	}
}

func TestIndicatorsCSV(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "indicators", "--format", "csv").mustSucceed(t)
	tab := parseCSV(t, "indicators --format csv", []byte(r.stdout))
	tab.requireColumns(t, "indicators csv", "id", "region", "name_zh", "name_en", "unit", "kind", "latest_year", "latest",
		"milestones", "targets", "source_file", "source_ref")
	rows := tab.where("id", "huzhou_cmi_tertiary")
	if len(rows) != 1 {
		t.Fatalf("%d CMI rows", len(rows))
	}
	if rows[0]["name_zh"] != "三级公立医院病例组合指数(CMI值)" || rows[0]["latest"] != "0.95" || rows[0]["latest_year"] != "2022" ||
		rows[0]["targets"] != "2025 >= 1.1" {
		t.Errorf("CMI row: %v", rows[0])
	}

	j := runCLI(t, "indicators", "--format", "json").mustSucceed(t)
	var inds []indicatorJSON
	if err := json.Unmarshal([]byte(j.stdout), &inds); err != nil {
		t.Fatal(err)
	}
	if len(tab.rows) != len(inds) {
		t.Errorf("csv has %d rows, json %d indicators", len(tab.rows), len(inds))
	}
}

func TestIndicatorsBadInput(t *testing.T) {
	t.Parallel()
	checkBadInput(t, []badInput{
		{name: "unknown region", args: []string{"indicators", "--region", "hangzhou"},
			want: []string{`--region "hangzhou"`, "allowed: huzhou, jiaxing, putuo, shaoxing"}},
		{name: "bad format", args: []string{"indicators", "--format", "xml"}, want: []string{"--format", "allowed: table, csv, json"}},
		{name: "positional argument", args: []string{"indicators", "huzhou"}, want: []string{"takes no arguments"}},
	})
}

// The two documents of Huzhou disagree on two known goals: 市级医院国考A (80% in 2025 in 4号, full
// coverage in 2025 in 54号) and the share of tertiary hospitals among county hospitals (25% against 40%).
func TestIndicatorsConflicts(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "indicators", "--conflicts", "--format", "csv").mustSucceed(t)
	var got [][]string
	for _, line := range strings.Split(strings.TrimSpace(strings.TrimPrefix(r.stdout, "\ufeff")), "\n")[1:] {
		got = append(got, strings.Split(line, ","))
	}
	for _, want := range [][]string{
		{"2025", "huzhou", "huzhou_county_tertiary_hospital_share", ">= 40", "湖政办发〔2023〕54号", "huzhou_hm_county_hospitals_tertiary_share", ">= 25", "湖政办发〔2024〕4号 附件 第15行"},
		{"2025", "huzhou", "huzhou_perf_exam_city_a_coverage", ">= 100", "湖政办发〔2023〕54号 正文 三、(一)1", "huzhou_hm_perf_exam_city_a_rate", ">= 80", "湖政办发〔2024〕4号 附件 第21行"},
	} {
		if !slices.ContainsFunc(got, func(row []string) bool {
			if len(row) != len(want) {
				return false
			}
			for i := range want {
				if !strings.HasPrefix(row[i], want[i]) {
					return false
				}
			}
			return true
		}) {
			t.Errorf("--conflicts does not list %v; got:\n%s", want, r.stdout)
		}
	}
	// Linked goals that agree (人员支出占比 48% in 2025 in both) are not listed.
	if strings.Contains(r.stdout, "huzhou_staff_cost_share") {
		t.Errorf("agreeing goals listed as a conflict:\n%s", r.stdout)
	}
	if r := runCLI(t, "indicators", "--conflicts", "--region", "putuo").mustSucceed(t); strings.Contains(r.stdout, "huzhou") {
		t.Errorf("--region putuo lists Huzhou conflicts:\n%s", r.stdout)
	}
	if r := runCLI(t, "indicators", "--conflicts", "--format", "xml"); r.code != exitBadInput || !strings.Contains(r.stderr, "--format") {
		t.Errorf("--format xml: exit %d, stderr %q; want %d naming --format", r.code, r.stderr, exitBadInput)
	}
}
