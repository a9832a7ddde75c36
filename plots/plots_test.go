package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/internal/plotsamples"
	"github.com/healthsim/healthsim/scenarios"
)

const debianCJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// fontsUnderTest are English always, and Chinese when Debian's CJK font is installed.
func fontsUnderTest(t testing.TB) map[string]*Fonts {
	out := map[string]*Fonts{"en": English()}
	if _, err := os.Stat(debianCJK); err == nil {
		f, _, err := LoadFonts(debianCJK)
		if err != nil {
			t.Fatalf("LoadFonts(%s): %v", debianCJK, err)
		}
		out["zh"] = f
	}
	return out
}

// checkPNG decodes a PNG and checks its size (when wantW > 0) and that at least the share
// minInk of its pixels is not white (a chart of no data still has its title and axes).
func checkPNG(t *testing.T, data []byte, wantW, wantH int, minInk float64) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	b := img.Bounds()
	if wantW > 0 && (b.Dx() != wantW || b.Dy() != wantH) {
		t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), wantW, wantH)
	}
	if n := nonWhite(img); float64(n) < minInk*float64(b.Dx()*b.Dy()) {
		t.Errorf("only %d non-white pixels of %d: blank?", n, b.Dx()*b.Dy())
	}
	return img
}

func nonWhite(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bb < 0xf000 {
				n++
			}
		}
	}
	return n
}

// Least shares of ink: a chart with data, and one without.
const (
	inkData  = 0.05  // bands
	inkLine  = 0.01  // a line or a point, no bands
	inkEmpty = 0.001 // title and axes
)

// inkFor is the least share of ink expected of a sample.
func inkFor(name string) float64 {
	switch name {
	case "empty", "nan", "bigyear":
		return inkEmpty
	case "single", "flat", "zero":
		return inkLine
	}
	return inkData
}

// px is a length in pixels at the package's DPI.
func px(l vg.Length) int { return int(math.Round(l.Dots(DPI))) }

func TestFan(t *testing.T) {
	for lang, f := range fontsUnderTest(t) {
		for name, ir := range plotsamples.ByName() {
			t.Run(lang+"/"+name, func(t *testing.T) {
				p, err := Fan(f, ir)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := SavePNG(p, &buf, 16*vg.Centimeter, 10*vg.Centimeter); err != nil {
					t.Fatal(err)
				}
				checkPNG(t, buf.Bytes(), px(16*vg.Centimeter), px(10*vg.Centimeter), inkFor(name))
			})
		}
	}
}

func TestFanOverlay(t *testing.T) {
	life := plotsamples.ByName()["life"]
	cut := life
	cut.Trajectory = plotsamples.Synth{Base: 81.6, Drift: 0.18, Spread: 0.25, BaseYear: 2022, Horizon: 2027}.Result().Trajectory
	cut.Goals = []forecast.GoalResult{plotsamples.Goal(2025, scenarios.GE, 82.5, 0.31, false), plotsamples.Goal(2027, scenarios.GE, 82.7, 0.6, false)}
	tests := []struct {
		name    string
		names   []string
		irs     []forecast.IndicatorResult
		wantErr bool
		ink     float64
	}{
		{"two", []string{"plan", "cut-20"}, []forecast.IndicatorResult{life, cut}, false, inkData},
		{"one", []string{"plan"}, []forecast.IndicatorResult{life}, false, inkData},
		{"empty fans", []string{"a", "b"}, []forecast.IndicatorResult{plotsamples.ByName()["empty"], plotsamples.ByName()["nan"]}, false, inkEmpty},
		{"none", nil, nil, true, 0},
		{"mismatch", []string{"a"}, []forecast.IndicatorResult{life, cut}, true, 0},
	}
	for lang, f := range fontsUnderTest(t) {
		for _, tt := range tests {
			t.Run(lang+"/"+tt.name, func(t *testing.T) {
				p, err := FanOverlay(f, tt.names, tt.irs)
				if (err != nil) != tt.wantErr {
					t.Fatalf("err = %v, want error %v", err, tt.wantErr)
				}
				if err != nil {
					return
				}
				var buf bytes.Buffer
				if err := SavePNG(p, &buf, 16*vg.Centimeter, 10*vg.Centimeter); err != nil {
					t.Fatal(err)
				}
				checkPNG(t, buf.Bytes(), px(16*vg.Centimeter), px(10*vg.Centimeter), tt.ink)
			})
		}
	}
}

// pngOf writes c as a PNG without a footer.
func pngOf(t *testing.T, f *Fonts, c Chart) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (Page{Format: PNG}).Write(f, c, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOverview(t *testing.T) {
	all := plotsamples.List()
	many := make([]forecast.IndicatorResult, 0, 40)
	for len(many) < 40 {
		many = append(many, all...)
	}
	many = many[:40]
	tests := []struct {
		name  string
		irs   []forecast.IndicatorResult
		pages int
		rows  []int // rows of tiles on each page
	}{
		{"none", nil, 1, []int{1}},
		{"one", all[:1], 1, []int{1}},
		{"five", all[:5], 1, []int{2}},
		{"forty", many, 4, []int{4, 4, 4, 2}},
	}
	for lang, f := range fontsUnderTest(t) {
		for _, tt := range tests {
			t.Run(lang+"/"+tt.name, func(t *testing.T) {
				pages := Overview(f, "huzhou", tt.irs)
				if len(pages) != tt.pages {
					t.Fatalf("%d pages, want %d", len(pages), tt.pages)
				}
				for i, c := range pages {
					if want := map[bool]string{true: "", false: strconv.Itoa(i + 1)}[i == 0]; c.Part != want {
						t.Errorf("page %d: part %q, want %q", i+1, c.Part, want)
					}
					w := overviewCols*tileW + 2*marginOut
					h := headerH + vg.Length(tt.rows[i])*tileH + marginOut
					ink := inkData
					if len(tt.irs) == 0 {
						ink = inkEmpty
					}
					checkPNG(t, pngOf(t, f, c), px(w), px(h), ink)
				}
			})
		}
	}
}

// TestOverviewPrintsAtA4 checks that an overview page printed at A4 width (17 cm of text
// width) keeps its smallest text at 9 pt or more.
func TestOverviewPrintsAtA4(t *testing.T) {
	page := Overview(English(), "huzhou", plotsamples.List())[0]
	scale := float64(17*vg.Centimeter) / float64(page.Width)
	if printed := tileFont * math.Min(1, scale); printed < 9 {
		t.Errorf("tile text prints at %.1f pt at A4 width, want ≥ 9", printed)
	}
	if overviewCols > 4 {
		t.Errorf("%d columns, want at most 4", overviewCols)
	}
}

func TestRisk(t *testing.T) {
	all := plotsamples.List()
	var many []forecast.IndicatorResult
	for i := range 130 {
		ir := all[i%4]
		ir.ID = fmt.Sprintf("%s_%d", ir.ID, i)
		many = append(many, ir)
	}
	for lang, f := range fontsUnderTest(t) {
		t.Run(lang+"/none", func(t *testing.T) {
			cs := Risk(f, "huzhou", nil)
			if len(cs) != 1 {
				t.Fatalf("%d charts, want 1", len(cs))
			}
			checkPNG(t, pngOf(t, f, cs[0]), px(barChartW), px(barChartMin), inkEmpty)
		})
		t.Run(lang+"/few", func(t *testing.T) {
			cs := Risk(f, "huzhou", all)
			rows := targetRows(f, all, f.style(8.5), probOf)
			if len(cs) != 1 || cs[0].Part != "" {
				t.Fatalf("%d charts (part %q), want one whole chart", len(cs), cs[0].Part)
			}
			checkPNG(t, pngOf(t, f, cs[0]), px(barChartW), px(max(barChartMin, vg.Length(len(rows))*riskRowH+barFrame)), inkData)
		})
		t.Run(lang+"/many", func(t *testing.T) {
			rows := targetRows(f, many, f.style(8.5), probOf)
			cs := Risk(f, "huzhou", many)
			total := 0
			for _, c := range cs {
				n := int(math.Round(float64((c.Height - barFrame) / riskRowH)))
				if c.Height > barChartMin && n > RiskRows {
					t.Errorf("chart %q holds %d rows, want at most %d", c.Part, n, RiskRows)
				}
				if !strings.HasPrefix(c.Part, "20") {
					t.Errorf("chart part %q does not name a year", c.Part)
				}
				total += max(n, 0)
			}
			if total != len(rows) {
				t.Errorf("the charts hold %d rows, want every one of the %d targets", total, len(rows))
			}
		})
	}
}

func TestRiskLabelsAndColours(t *testing.T) {
	f := English()
	life := plotsamples.ByName()["life"]
	rows := targetRows(f, []forecast.IndicatorResult{life}, f.style(8.5), probOf)
	if len(rows) == 0 || !strings.HasSuffix(rows[0].label, f.text("≥", ">=")+"82.5 (2025)") {
		t.Fatalf("label %q, want the test, target and year at its end", rows[0].label)
	}
	life.Basis = "history"
	if rows := targetRows(f, []forecast.IndicatorResult{life}, f.style(8.5), probOf); !rows[0].evidenced {
		t.Error("a row based on history is not marked as evidenced")
	}
	life.Basis = "assumed"
	if rows := targetRows(f, []forecast.IndicatorResult{life}, f.style(8.5), probOf); rows[0].evidenced {
		t.Error("a row based on an assumption is marked as evidenced")
	}
}

func TestTargetRowsSkipMilestonesAndObserved(t *testing.T) {
	rows := targetRows(English(), []forecast.IndicatorResult{plotsamples.ByName()["life"], plotsamples.ByName()["budget"]}, English().style(8), probOf)
	if len(rows) != 4 { // life: 2025, 2027; budget: 2025, 2027 (the 2022 one is observed)
		t.Fatalf("got %d rows, want 4: %+v", len(rows), rows)
	}
}

func TestCompare(t *testing.T) {
	all := plotsamples.List()
	shifted := plotsamples.Shifted(all)
	for lang, f := range fontsUnderTest(t) {
		t.Run(lang+"/delta", func(t *testing.T) {
			c, err := CompareDelta(f, []string{"plan", "cut-20", "talent-first"}, [][]forecast.IndicatorResult{all, shifted, all[:3]}, 5)
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, pngOf(t, f, c), px(barChartW), px(max(barChartMin, 5*2*0.3*vg.Centimeter+barFrame)), inkData)
		})
		t.Run(lang+"/delta mismatch", func(t *testing.T) {
			if _, err := CompareDelta(f, []string{"a"}, nil, 5); err == nil {
				t.Error("no error for names without results")
			}
		})
		t.Run(lang+"/delta empty", func(t *testing.T) {
			c, err := CompareDelta(f, []string{"a", "b"}, [][]forecast.IndicatorResult{nil, nil}, 0)
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, pngOf(t, f, c), px(barChartW), px(barChartMin), inkEmpty)
		})
		for _, tt := range []struct {
			name               string
			names              []string
			costs, expects, se []float64
		}{
			{"cost", []string{"plan", "cut-20", "plus-20"}, []float64{97500, 78000, 117000}, []float64{31.2, 27.9, 33.4}, []float64{0.05, 0.06, 0.05}},
			{"cost one", []string{"plan"}, []float64{97500}, []float64{31.2}, []float64{0}},
			{"cost nan", []string{"a", "b"}, []float64{math.NaN(), 1}, []float64{1, math.Inf(1)}, []float64{math.NaN(), 1}},
		} {
			t.Run(lang+"/"+tt.name, func(t *testing.T) {
				c, err := CostEffect(f, tt.names, tt.costs, tt.expects, tt.se, 31)
				if err != nil {
					t.Fatal(err)
				}
				checkPNG(t, pngOf(t, f, c), px(16*vg.Centimeter), px(11*vg.Centimeter), inkEmpty)
			})
		}
	}
	if _, err := CostEffect(nil, []string{"a"}, nil, nil, nil, 1); err == nil {
		t.Error("CostEffect: no error for lengths that differ")
	}
}

// TestSignalRanksByDeltaOverSE: a small difference measured precisely outranks a large noisy one.
func TestSignalRanksByDeltaOverSE(t *testing.T) {
	precise := goalRow{ps: []float64{0, 0.02}, se: []float64{0, 0.002}}
	noisy := goalRow{ps: []float64{0, 0.10}, se: []float64{0, 0.05}}
	if !(signal(precise) > signal(noisy)) {
		t.Errorf("signal(precise) = %v, signal(noisy) = %v", signal(precise), signal(noisy))
	}
}

func TestSavePNGErrors(t *testing.T) {
	if err := SavePNG(nil, &bytes.Buffer{}, 10, 10); err == nil {
		t.Error("no error for a nil plot")
	}
	p, _ := Fan(nil, plotsamples.ByName()["life"])
	if err := SavePNG(p, &bytes.Buffer{}, 0, 10); err == nil {
		t.Error("no error for a zero width")
	}
}

func TestLoadFonts(t *testing.T) {
	if _, _, err := LoadFonts("/nonexistent"); err == nil {
		t.Error(`LoadFonts("/nonexistent"): no error`)
	}
	notFont := filepath.Join(t.TempDir(), "not-a-font.ttf")
	if err := os.WriteFile(notFont, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadFonts(notFont); err == nil {
		t.Error("LoadFonts of a file that is no font: no error")
	}
	f, hint, err := LoadFonts("")
	if err != nil {
		t.Fatal(err)
	}
	if f.Chinese() == (hint != "") {
		t.Errorf("Chinese() = %v with hint %q: want a hint exactly when English", f.Chinese(), hint)
	}
	if !f.Chinese() {
		if got := f.Label("人均预期寿命", "Life expectancy"); got != "Life expectancy" {
			t.Errorf("English fonts: Label = %q", got)
		}
	}
}

func TestLabel(t *testing.T) {
	var nilFonts *Fonts
	if got := nilFonts.Label("中文", "English"); got != "English" {
		t.Errorf("nil Fonts: Label = %q", got)
	}
	if got := English().Label("中文", "English"); got != "English" {
		t.Errorf("English: Label = %q", got)
	}
	zh, ok := fontsUnderTest(t)["zh"]
	if !ok {
		t.Skip("no CJK font at " + debianCJK)
	}
	tests := []struct{ zh, en, want string }{
		{"人均预期寿命", "Life expectancy", "人均预期寿命"},
		{"每千人口执业（助理）医师数 ≥3.5‰", "Physicians", "每千人口执业（助理）医师数 ≥3.5‰"},
		{"指标😀", "Indicator", "Indicator"}, // Noto Sans CJK has no emoji
		{"", "Empty", "Empty"},
	}
	for _, tt := range tests {
		if got := zh.Label(tt.zh, tt.en); got != tt.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tt.zh, tt.en, got, tt.want)
		}
	}
	if !zh.Chinese() || zh.File() != debianCJK {
		t.Errorf("Chinese() = %v, File() = %q", zh.Chinese(), zh.File())
	}
}

func TestWrap(t *testing.T) {
	for lang, f := range fontsUnderTest(t) {
		sty := f.style(10)
		long := f.Label("长期护理保险制度覆盖的参保人数占全市常住人口的比例以及相关的其他说明文字", "Share of the resident population covered by long-term care insurance and some further explanation")
		got := f.wrap(long, sty, 4*vg.Centimeter, 2)
		lines := 1
		for _, r := range got {
			if r == '\n' {
				lines++
			}
		}
		if lines != 2 || sty.Width(got) > 4*vg.Centimeter || !strings.HasSuffix(got, f.ellipsis()) {
			t.Errorf("%s: wrap gave %d lines, width %.1f cm, want 2 lines ending in an ellipsis: %q", lang, lines, sty.Width(got)/vg.Centimeter, got)
		}
		if got := f.wrap("short", sty, 4*vg.Centimeter, 2); got != "short" {
			t.Errorf("%s: wrap(short) = %q", lang, got)
		}
		ir := forecast.IndicatorResult{NameZH: "市县两级由一位政府负责同志统一分管医疗、医保、医药工作的比例", NameEN: "Share of cities and counties where one government leader oversees medical care, insurance and medicines",
			Region: "huzhou", RegionZH: "湖州", RegionEN: "Huzhou"}
		title := f.title(ir, sty, 8*vg.Centimeter)
		if region := f.regionLabel(ir); !strings.HasSuffix(title, region) {
			t.Errorf("%s: title %q does not end in the whole region name %q", lang, title, region)
		}
	}
}

func TestHelpers(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{{82.5, "82.5"}, {32637, "32637"}, {0.8, "0.8"}, {1.13, "1.13"}, {5, "5"}, {math.NaN(), "?"}, {0.045, "0.045"}} {
		if got := fmtValue(tt.v); got != tt.want {
			t.Errorf("fmtValue(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	for _, tt := range [][2]string{{"97500", "97,500"}, {"1000", "1000"}, {"-123456.5", "-123,456.5"}} {
		if got := thousands(tt[0]); got != tt[1] {
			t.Errorf("thousands(%s) = %s, want %s", tt[0], got, tt[1])
		}
	}
	if lo, hi := padRange(5, 5); !(lo < 5 && hi > 5) {
		t.Errorf("padRange(5, 5) = %v, %v", lo, hi)
	}
	if ticks := (yearTicks{}).Ticks(0, 1e9); ticks != nil {
		t.Errorf("yearTicks over a huge range: %d ticks", len(ticks))
	}
}

func BenchmarkFan(b *testing.B) {
	f := fontsUnderTest(b)["en"]
	if zh, ok := fontsUnderTest(b)["zh"]; ok {
		f = zh
	}
	ir := plotsamples.ByName()["life"]
	b.ReportAllocs()
	for b.Loop() {
		p, err := Fan(f, ir)
		if err != nil {
			b.Fatal(err)
		}
		if err := SavePNG(p, &bytes.Buffer{}, 16*vg.Centimeter, 10*vg.Centimeter); err != nil {
			b.Fatal(err)
		}
	}
}
