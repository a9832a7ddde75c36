package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/term"
	"golang.org/x/text/width"
)

// bundle collects a run's output files in memory, so that nothing is written unless every file
// could be made, and then writes them as one set.
type bundle struct {
	files map[string][]byte
}

func newBundle() *bundle { return &bundle{files: map[string][]byte{}} }

func (b *bundle) add(name string, data []byte) { b.files[name] = data }

// charts are the bundle's charts in one image format a browser shows (PNG, else SVG), by name.
func (b *bundle) charts() map[string][]byte {
	for _, ext := range []string{".png", ".svg"} {
		m := map[string][]byte{}
		for name, data := range b.files {
			if strings.HasPrefix(name, "charts/") && strings.HasSuffix(name, ext) {
				m[name] = data
			}
		}
		if len(m) > 0 {
			return m
		}
	}
	return nil
}

func (b *bundle) addJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	b.add(name, append(data, '\n'))
	return nil
}

// addCSV adds rows as a CSV file (see writeCSV).
func (b *bundle) addCSV(name string, header []string, rows [][]string) error {
	var buf bytes.Buffer
	if err := writeCSV(&buf, header, rows); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	b.add(name, buf.Bytes())
	return nil
}

// writeCSV writes rows as UTF-8 CSV with a byte-order mark, which Excel and WPS need to show
// Chinese text (pandas and R skip it). Cells a spreadsheet would run as formulas are neutralised.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, r := range append([][]string{header}, rows...) {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = spreadsheetSafe(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// write makes dir hold exactly the bundle's files, or leaves it as it was (see writeSet).
// publish writes the bundle to --out, then prints the result on stdout: doc as JSON with
// --format json, else text. It returns the names of the files written.
func (f *runFlags) publish(ctx context.Context, e *env, b *bundle, doc func() any, text func(io.Writer) error) ([]string, error) {
	names, err := b.write(ctx, f.out)
	if err != nil {
		return nil, err
	}
	if f.format == "json" {
		err = writeJSON(e.stdout, doc())
	} else {
		err = text(e.stdout)
	}
	return names, err
}

func (b *bundle) write(ctx context.Context, dir string) ([]string, error) {
	if err := writeSet(ctx, dir, b.files); err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(b.files)), nil
}

// writeAtomic replaces one file: it is written to a temporary name in its final folder, synced
// and renamed into place, so a crash never leaves a truncated file.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	removeStale(filepath.Dir(path), filepath.Base(path)) // a killed earlier write's temporary
	f, err := os.CreateTemp(filepath.Dir(path), tempPrefix(filepath.Base(path), "tmp"))
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("output: %s: %w", path, err)
	}
	return nil
}

// displayWidth is the number of terminal cells s takes: East Asian wide characters take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// truncate shortens s to at most w cells, marking the cut with "…".
func truncate(s string, w int) string {
	if displayWidth(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := displayWidth(string(r))
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}

// table prints rows in aligned columns, measuring Chinese text by its display width.
// maxWidth caps each column (0 = no cap).
func table(w io.Writer, header []string, rows [][]string, maxWidth []int) error {
	all := append([][]string{header}, rows...)
	widths := make([]int, len(header))
	for _, r := range all {
		for i, c := range r {
			c = terminalSafe(c)
			if i < len(maxWidth) && maxWidth[i] > 0 {
				c = truncate(c, maxWidth[i])
			}
			r[i] = c
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for ri, r := range all {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteByte('\n')
		if ri == 0 {
			for i := range header {
				b.WriteString(strings.Repeat("-", widths[i]))
				if i < len(header)-1 {
					b.WriteString("  ")
				}
			}
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fitTable makes a table fit width terminal cells (no limit when width ≤ 0): it drops the
// columns in drop, in order, while the table is too wide, and then cuts column squeeze to the
// room left (never below 8 cells). It returns the columns kept and their width limits for table.
func fitTable(header []string, rows [][]string, width int, drop []int, squeeze int) ([]string, [][]string, []int) {
	keep := make([]bool, len(header))
	for i := range keep {
		keep[i] = true
	}
	natural := func() (int, []int) {
		ws := make([]int, len(header))
		for _, r := range append([][]string{header}, rows...) {
			for i, c := range r {
				ws[i] = max(ws[i], displayWidth(terminalSafe(c)))
			}
		}
		total := 0
		for i, w := range ws {
			if keep[i] {
				total += w + 2
			}
		}
		return total - 2, ws
	}
	total, ws := natural()
	for _, d := range drop {
		if width <= 0 || total <= width {
			break
		}
		keep[d] = false
		total, _ = natural()
	}
	limits := make([]int, len(header))
	if width > 0 && total > width {
		limits[squeeze] = max(8, ws[squeeze]-(total-width))
	}
	pick := func(r []string) []string {
		var out []string
		for i, c := range r {
			if keep[i] {
				out = append(out, c)
			}
		}
		return out
	}
	var lim []int
	for i, l := range limits {
		if keep[i] {
			lim = append(lim, l)
		}
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = pick(r)
	}
	return pick(header), out, lim
}

// terminalWidth is the width of the terminal on stdout, or $COLUMNS, or 0 (no limit) when the
// output goes to a file or a pipe.
func terminalWidth(e *env) int {
	if f, ok := e.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(e.getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 0
}
