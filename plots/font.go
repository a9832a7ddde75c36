package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
)

// Fonts chooses the labels' language: Chinese when a CJK face covering the text is available.
// It holds its own font cache; a nil *Fonts draws in English.
type Fonts struct {
	handler text.Handler
	font    font.Font  // the font every text style names
	face    *sfnt.Font // the face text is drawn with, for glyph coverage checks
	chinese bool
	file    string // the CJK font file, "" for English
}

// cjkProbe is text a face must cover to be used for Chinese labels: CJK, digits and Latin letters
// (DroidSansFallback, for one, has no digits).
const cjkProbe = "湖州指标达成率预期寿命每千人口0123456789ABCXYZabcxyz%.,-()"

const debianNoto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

const noCJKHint = "charts in English: no CJK font found; install fonts-noto-cjk (Debian/Ubuntu) or pass --font FILE"

// LoadFonts finds a CJK font: the file given (may be ""), else the usual system folders
// (Debian's fonts-noto-cjk, other Noto Sans CJK and Source Han Sans locations, ttc or otf/ttf).
// When none parses it returns Fonts that draw in English with gonum's Liberation font, and a
// one-line hint for stderr saying how to get Chinese; the hint is "" when Chinese is on. An
// explicit file that does not exist, does not parse or has no face covering Chinese and Latin
// text is an error.
func LoadFonts(file string) (*Fonts, string, error) {
	if file != "" {
		f, err := loadCJK(file)
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said once, below
		}
		if err != nil {
			return nil, "", fmt.Errorf("font file %s: %w (want a TTF, OTF or TTC font with Chinese glyphs, such as %s)", file, err, debianNoto)
		}
		return f, "", nil
	}
	for _, path := range fontCandidates() {
		if f, err := loadCJK(path); err == nil {
			return f, "", nil
		}
	}
	return English(), noCJKHint, nil
}

// liberationSans is the English face.
var liberationSans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// English returns Fonts that always label in English, with gonum's Liberation Sans.
func English() *Fonts {
	coll := liberation.Collection()
	f := &Fonts{handler: text.Plain{Fonts: font.NewCache(coll)}, font: liberationSans}
	for _, c := range coll {
		if c.Font == liberationSans {
			f.face = c.Face
		}
	}
	return f
}

// Chinese reports whether labels are drawn in Chinese where the face covers them.
func (f *Fonts) Chinese() bool { return f != nil && f.chinese }

// File is the CJK font file in use, "" when labels are English.
func (f *Fonts) File() string {
	if f == nil {
		return ""
	}
	return f.file
}

// Label picks zh when the Chinese face covers every rune of zh, else en.
func (f *Fonts) Label(zh, en string) string {
	if f.Chinese() && zh != "" && f.covers(zh) {
		return zh
	}
	return en
}

// text returns s when the face in use covers it, else fallback.
func (f *Fonts) text(s, fallback string) string {
	if f.covers(s) {
		return s
	}
	return fallback
}

// covers reports whether the face in use has a glyph for every printable rune of s.
func (f *Fonts) covers(s string) bool {
	return faceCovers(f.orEnglish().face, s)
}

// faceCovers reports whether face has a glyph for every printable rune of s.
func faceCovers(face *sfnt.Font, s string) bool {
	if face == nil {
		return false
	}
	var buf sfnt.Buffer
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		if gi, err := face.GlyphIndex(&buf, r); err != nil || gi == 0 {
			return false
		}
	}
	return true
}

func (f *Fonts) orEnglish() *Fonts {
	if f == nil || f.handler == nil {
		return English()
	}
	return f
}

// loadCJK parses a font file (a collection or a single font) and keeps its best face for
// Simplified Chinese.
func loadCJK(path string) (*Fonts, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, err
	}
	face, name, err := pickFace(coll)
	if err != nil {
		return nil, err
	}
	fnt := font.Font{Typeface: font.Typeface(name)}
	cache := font.NewCache(font.Collection{{Font: fnt, Face: face}})
	return &Fonts{handler: text.Plain{Fonts: cache}, font: fnt, face: face, chinese: true, file: path}, nil
}

// pickFace prefers a proportional Simplified Chinese face ("Noto Sans CJK SC", index 2 of
// Debian's collection) and takes any face covering cjkProbe otherwise.
func pickFace(coll *opentype.Collection) (*opentype.Font, string, error) {
	var buf sfnt.Buffer
	var best *opentype.Font
	bestName, bestScore := "", -1
	for i := range coll.NumFonts() {
		face, err := coll.Font(i)
		if err != nil {
			continue
		}
		name, _ := face.Name(&buf, sfnt.NameIDFamily)
		if !faceCovers(face, cjkProbe) {
			continue
		}
		score := 0
		if strings.HasSuffix(name, " SC") || strings.Contains(name, " SC ") {
			score += 2
		}
		if !strings.Contains(name, "Mono") {
			score++
		}
		if score > bestScore {
			best, bestName, bestScore = face, name, score
		}
	}
	if best == nil {
		return nil, "", errors.New("no face in the file covers Chinese, digits and Latin letters")
	}
	if bestName == "" {
		bestName = "CJK"
	}
	return best, bestName, nil
}

// fontCandidates lists existing CJK font files in the usual places, most likely first.
func fontCandidates() []string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local/share/fonts"), filepath.Join(home, ".fonts"),
			filepath.Join(home, "Library/Fonts"))
	}
	dirs = append(dirs, "/Library/Fonts", `C:\Windows\Fonts`)
	names := []string{
		"NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf",
		"NotoSansSC-Regular.ttf", "NotoSansCJK*-Regular.tt[cf]", "SourceHanSans-Regular.ttc",
		"SourceHanSansSC-Regular.otf", "SourceHanSans*-Regular.[ot]t[cf]", "NotoSerifCJK-Regular.ttc",
		"msyh.ttc", "simhei.ttf",
	}
	var out []string
	seen := map[string]bool{}
	for _, name := range names {
		for _, dir := range dirs {
			for _, pat := range []string{filepath.Join(dir, name), filepath.Join(dir, "*", name), filepath.Join(dir, "*", "*", name)} {
				matches, _ := filepath.Glob(pat)
				for _, m := range matches {
					if !seen[m] {
						seen[m] = true
						out = append(out, m)
					}
				}
			}
		}
	}
	return out
}

// style is a black text style of the given size in the face in use.
func (f *Fonts) style(size vg.Length) text.Style {
	f = f.orEnglish()
	return text.Style{Color: color.Black, Font: font.From(f.font, size), Handler: f.handler}
}

// newPlot is plot.New with every text style drawn from f's cache.
func (f *Fonts) newPlot() *plot.Plot {
	f = f.orEnglish()
	p := plot.New()
	p.TextHandler = f.handler
	restyle := func(s *text.Style, size vg.Length) {
		s.Handler = f.handler
		s.Font = font.From(f.font, size)
	}
	restyle(&p.Title.TextStyle, 13)
	restyle(&p.Legend.TextStyle, 9)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		restyle(&a.Label.TextStyle, 10)
		restyle(&a.Tick.Label, 9)
	}
	p.Title.Padding = vg.Points(6)
	return p
}

// ellipsis is "…" where the face has it.
func (f *Fonts) ellipsis() string { return f.text("…", "...") }

// wrap breaks s into at most maxLines lines no wider than width in style sty, breaking Latin text
// at spaces and CJK text between any two characters; what does not fit ends in an ellipsis.
func (f *Fonts) wrap(s string, sty text.Style, width vg.Length, maxLines int) string {
	fits := func(line string) bool { return sty.Width(line) <= width }
	var lines []string
	line := ""
	for _, tok := range tokens(s) {
		next := line + tok
		if line == "" {
			next = strings.TrimLeft(tok, " ")
		}
		if fits(next) || line == "" {
			line = next
			continue
		}
		lines = append(lines, line)
		line = strings.TrimLeft(tok, " ")
	}
	if line != "" {
		lines = append(lines, line)
	}
	if maxLines < 1 {
		maxLines = 1
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = f.cut(lines[maxLines-1], sty, width)
	}
	for i, l := range lines {
		if !fits(l) {
			lines[i] = f.shorten(l, sty, width)
		}
	}
	return strings.Join(lines, "\n")
}

// shorten cuts s to width in style sty, ending it in an ellipsis when cut.
func (f *Fonts) shorten(s string, sty text.Style, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	return f.cut(s, sty, width)
}

// cut drops characters from the end of s until it fits width with an ellipsis, which it adds.
func (f *Fonts) cut(s string, sty text.Style, width vg.Length) string {
	r := []rune(strings.TrimSuffix(s, f.ellipsis()))
	for len(r) > 1 && sty.Width(strings.TrimRight(string(r), " ")+f.ellipsis()) > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + f.ellipsis()
}

// tokens splits text into words (with their leading space) and single CJK characters.
func tokens(s string) []string {
	var out []string
	cur := strings.Builder{}
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == ' ':
			flush()
			cur.WriteRune(r)
		case r > 0x2E7F: // CJK and full-width forms: a break is allowed either side
			flush()
			out = append(out, string(r))
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// regionLabel names a region in the chosen language, from the catalogue's names; a region
// without names (a result built outside the catalogue) shows its id.
func (f *Fonts) regionLabel(ir forecast.IndicatorResult) string {
	return f.Label(ir.RegionZH, f.text(regionEN(ir), ""))
}

func regionEN(ir forecast.IndicatorResult) string {
	if ir.RegionEN != "" {
		return ir.RegionEN
	}
	return ir.Region
}

// name is an indicator's name in the chosen language.
func (f *Fonts) name(zh, en string) string {
	return f.Label(zh, f.text(en, "(unnamed indicator)"))
}

// title is an indicator's name and region in one language, wrapped to width in at most two
// lines without splitting the region's name.
func (f *Fonts) title(ir forecast.IndicatorResult, sty text.Style, width vg.Length) string {
	zh := ir.NameZH
	name, sep, reg := f.name(zh, ir.NameEN), " — ", f.text(regionEN(ir), "")
	if f.Chinese() && name == zh && ir.RegionZH != "" && f.covers(ir.RegionZH) {
		sep, reg = " · ", ir.RegionZH
	}
	if reg == "" {
		return f.wrap(name, sty, width, 2)
	}
	suffix := sep + reg
	if sty.Width(name+suffix) <= width {
		return name + suffix
	}
	lines := strings.Split(f.wrap(name, sty, width, 2), "\n")
	last := len(lines) - 1
	switch {
	case sty.Width(lines[last]+suffix) <= width:
		lines[last] += suffix
	case len(lines) < 2:
		lines = append(lines, reg)
	default:
		lines[last] = f.cut(lines[last], sty, width-sty.Width(suffix)) + suffix
	}
	return strings.Join(lines, "\n")
}

// unitLabel is an indicator's unit in the chosen language; "" when it cannot be shown.
func (f *Fonts) unitLabel(ir forecast.IndicatorResult) string {
	if f.Chinese() && f.covers(ir.Unit) {
		return ir.Unit
	}
	if ir.UnitEN != "" || ir.Unit == "" {
		return f.text(ir.UnitEN, "")
	}
	return f.text(ir.Unit, "")
}
