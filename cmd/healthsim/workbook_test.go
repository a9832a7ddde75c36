package main

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openWorkbook opens a healthsim.xlsx written by the binary.
func openWorkbook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// numFmt is the number format code of a cell ("" for the general format).
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return ""
}

// column finds a header in row 1 and returns its column letter.
func column(t *testing.T, f *excelize.File, sheet, header string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: no rows (%v)", sheet, err)
	}
	i := slices.Index(rows[0], header)
	if i < 0 {
		t.Fatalf("%s: no column %q in %v", sheet, header, rows[0])
	}
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

func TestRunWorkbook(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, "run", "--config", example("huzhou-plan.yaml"), "--runs", "500", "--no-charts", "--out", out).mustSucceed(t)
	f := openWorkbook(t, filepath.Join(out, "healthsim.xlsx"))
	if got, want := f.GetSheetList(), []string{"Summary 摘要", "Trajectories 轨迹"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, sh := range f.GetSheetList() {
		panes, err := f.GetPanes(sh)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v (%v)", sh, panes, err)
		}
	}
	const sum = "Summary 摘要"
	rows, _ := f.GetRows(sum)
	if len(rows) < 30 {
		t.Fatalf("summary has %d rows, want one per goal of Huzhou's plan", len(rows))
	}
	unit, base, p := column(t, f, sum, "unit"), column(t, f, sum, "baseline"), column(t, f, sum, "P(hit)")
	name, basis := column(t, f, sum, "名称"), column(t, f, sum, "basis")
	var sawPercent, sawChinese, sawNotSimulated bool
	for r := 2; r <= len(rows); r++ {
		cell := func(c string) string { return c + strconv.Itoa(r) }
		if b, _ := f.GetCellValue(sum, cell(basis)); strings.HasPrefix(b, "not simulated: ") {
			sawNotSimulated = true // listed with empty numbers
			if v, _ := f.GetCellValue(sum, cell(p)); v != "" {
				t.Errorf("%s: a goal not simulated has P(hit) %q", cell(p), v)
			}
			continue
		}
		if got := numFmt(t, f, sum, cell(p)); got != "0.000" {
			t.Fatalf("%s: P(hit) format %q, want 0.000", cell(p), got)
		}
		u, _ := f.GetCellValue(sum, cell(unit))
		if u == "%" {
			sawPercent = true
			if got := numFmt(t, f, sum, cell(base)); got != "0.00%" {
				t.Errorf("%s: a percentage baseline formatted %q, want 0.00%%", cell(base), got)
			}
			raw, _ := f.GetCellValue(sum, cell(base), excelize.Options{RawCellValue: true})
			if v := num64(t, raw); v < 0 || v > 1 {
				t.Errorf("%s: percentage stored as %v, want a fraction", cell(base), v)
			}
		}
		if n, _ := f.GetCellValue(sum, cell(name)); n == "达到国家推荐标准的基层医疗卫生机构占比" {
			sawChinese = true
		}
	}
	if !sawPercent || !sawChinese || !sawNotSimulated {
		t.Errorf("percent rows seen %v, Chinese name intact %v, goals not simulated listed %v", sawPercent, sawChinese, sawNotSimulated)
	}
	if w, _ := f.GetColWidth(sum, name); w < 20 {
		t.Errorf("name column is %v wide: it does not fit the Chinese names", w)
	}
}

func TestCompareWorkbook(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, "compare", "--config", example("huzhou-compare.yaml"), "--runs", "500", "--no-charts", "--out", out).mustSucceed(t)
	f := openWorkbook(t, filepath.Join(out, "healthsim.xlsx"))
	if got, want := f.GetSheetList(), []string{"Scenarios 方案", "Deltas 差异"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows, _ := f.GetRows("Scenarios 方案")
	if len(rows) != 8 { // the header and seven allocations
		t.Fatalf("scenario sheet has %d rows, want 8", len(rows))
	}
	if got := numFmt(t, f, "Deltas 差异", column(t, f, "Deltas 差异", "Δ SE (paired)")+"2"); got != "0.000" {
		t.Errorf("paired SE format %q, want 0.000", got)
	}
}
