package main

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// spreadsheetSafe neutralises a CSV cell that a spreadsheet would run as a formula: text that
// begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe, which Excel, WPS
// and LibreOffice read as "text" and do not show. Numbers (-0.5, +3) and a lone sign (the "-"
// of a missing value) are left as they are.
func spreadsheetSafe(cell string) string {
	if len(cell) < 2 || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil {
		return cell
	}
	return "'" + cell
}

// terminalSafe removes what a terminal would act on rather than show: escape sequences (colours,
// cursor moves, window titles, hyperlinks), other control characters but newline and tab, and
// the invisible marks that reorder text (bidirectional overrides).
func terminalSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += escapeLength(s[i:])
			continue
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case !unsafeRune(r):
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e || r == 0x200f:
		return true
	}
	return r == utf8.RuneError
}

// escapeLength is the length of the escape sequence at the start of s (which starts with ESC):
// CSI (ESC [ … final byte), OSC and other strings (ESC ] … BEL or ESC \), or ESC and one byte.
func escapeLength(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']', 'P', '_', '^', 'X':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}
