package main

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// cellKind says how a workbook column is stored and formatted.
type cellKind int

const (
	textCell  cellKind = iota
	intCell            // years, counts
	probCell           // a probability or a difference of probabilities: 3 decimals
	valueCell          // a value in the row's unit: percentages stored as fractions and shown as %
	numCell            // any other number
)

// sheet is one worksheet of healthsim.xlsx: a header row and typed rows.
type sheet struct {
	name   string
	header []string
	kinds  []cellKind
	rows   []sheetRow
}

// sheetRow is one row; unit is the unit of its valueCell cells.
type sheetRow struct {
	unit  string
	cells []any // string, int, or float64 (NaN: an empty cell)
}

// workbookStyles are the excelize style ids a workbook uses.
type workbookStyles struct {
	header, prob, percent, number, integer int
}

// workbook builds an .xlsx file from sheets: frozen, filterable header rows, percentages
// formatted as %, probabilities with 3 decimals, and column widths that fit their text.
func workbook(sheets []sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newWorkbookStyles(f)
	if err != nil {
		return nil, fmt.Errorf("healthsim.xlsx: %w", err)
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err == nil {
			err = writeSheet(f, st, s)
		}
		if err != nil {
			return nil, fmt.Errorf("healthsim.xlsx: sheet %s: %w", s.name, err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("healthsim.xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func newWorkbookStyles(f *excelize.File) (workbookStyles, error) {
	var st workbookStyles
	specs := []struct {
		id    *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		}},
		{&st.prob, excelize.Style{CustomNumFmt: ptr("0.000")}},
		{&st.percent, excelize.Style{CustomNumFmt: ptr("0.00%")}},
		{&st.number, excelize.Style{CustomNumFmt: ptr("#,##0.####")}},
		{&st.integer, excelize.Style{NumFmt: 1}},
	}
	for _, s := range specs {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

func ptr[T any](v T) *T { return &v }

func writeSheet(f *excelize.File, st workbookStyles, s sheet) error {
	widths := make([]int, len(s.header))
	for c, h := range s.header {
		if err := setCell(f, s.name, c, 1, h, st.header); err != nil {
			return err
		}
		widths[c] = displayWidth(h)
	}
	for r, row := range s.rows {
		for c, v := range row.cells {
			v, style := cellValue(st, s.kinds[c], row.unit, v)
			if err := setCell(f, s.name, c, r+2, v, style); err != nil {
				return err
			}
			widths[c] = max(widths[c], displayWidth(fmt.Sprint(v)))
		}
	}
	for c, w := range widths {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(s.name, col, col, float64(min(w, 60)+2)); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(s.header), len(s.rows)+1)
	if err := f.AutoFilter(s.name, "A1:"+last, nil); err != nil {
		return err
	}
	return f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// cellValue converts v for its column: a NaN becomes an empty cell, a percentage a fraction.
func cellValue(st workbookStyles, kind cellKind, unit string, v any) (any, int) {
	x, isNum := v.(float64)
	if isNum && (math.IsNaN(x) || math.IsInf(x, 0)) {
		return "", 0
	}
	switch kind {
	case probCell:
		return v, st.prob
	case intCell:
		return v, st.integer
	case numCell:
		return v, st.number
	case valueCell:
		if isNum && unit == "%" {
			return x / 100, st.percent
		}
		return v, st.number
	}
	return v, 0
}

func setCell(f *excelize.File, sheetName string, col, row int, v any, style int) error {
	cell, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		return err
	}
	if err := f.SetCellValue(sheetName, cell, v); err != nil {
		return err
	}
	if style == 0 {
		return nil
	}
	return f.SetCellStyle(sheetName, cell, cell, style)
}
