package plots

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/internal/plotsamples"
)

func TestParseFormats(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    []Format
		wantErr bool
	}{
		{"png", []Format{PNG}, false},
		{"png, SVG,pdf", []Format{PNG, SVG, PDF}, false},
		{"svg,svg", []Format{SVG}, false},
		{"jpeg", nil, true},
		{"", nil, true},
		{"png,", nil, true},
	} {
		got, err := ParseFormats(tt.in)
		if (err != nil) != tt.wantErr || !slicesEqual(got, tt.want) {
			t.Errorf("ParseFormats(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func slicesEqual(a, b []Format) bool {
	return strings.Join(fmtAll(a), ",") == strings.Join(fmtAll(b), ",")
}

func fmtAll(fs []Format) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// svgText is one text element of an SVG chart, in the chart's own coordinates (y up).
type svgText struct {
	x, y, size float64
	text       string
	rotated    bool
}

var (
	svgSize    = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)
	svgTextEl  = regexp.MustCompile(`(?s)(<g transform="rotate\(90\)">\s*)?<text x="([-0-9.e]+)" y="([-0-9.e]+)"[^>]*?style="([^"]*)"\s*>([^<]*)</text>`)
	svgFontPts = regexp.MustCompile(`font-size:([0-9.]+)px`)
)

// parseSVG returns the chart's size in points and its texts.
func parseSVG(t *testing.T, data []byte) (w, h float64, texts []svgText) {
	t.Helper()
	m := svgSize.FindSubmatch(data)
	if m == nil {
		t.Fatalf("no <svg> size in %.200s", data)
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	for _, el := range svgTextEl.FindAllSubmatch(data, -1) {
		x, _ := strconv.ParseFloat(string(el[2]), 64)
		y, _ := strconv.ParseFloat(string(el[3]), 64)
		size := 10.0
		if fm := svgFontPts.FindSubmatch(el[4]); fm != nil {
			size, _ = strconv.ParseFloat(string(fm[1]), 64)
		}
		tx := svgText{x: x, y: -y, size: size, text: html.UnescapeString(string(el[5]))}
		if len(el[1]) > 0 { // an axis label turned by 90°: its x runs up the canvas, its y left
			tx.rotated = true
		}
		texts = append(texts, tx)
	}
	return w, h, texts
}

// TestSVGTextsInsideCanvas writes every kind of chart as SVG with a footer, in each language,
// and checks that the footer is there and that no text (titles, legends, labels) runs off the
// canvas.
func TestSVGTextsInsideCanvas(t *testing.T) {
	const footer = "scenario plan-x · 2000 paths · seed 7 · 2026-12-01 · healthsim test"
	all := plotsamples.List()
	wide := make([]forecast.IndicatorResult, 0, 12)
	for len(wide) < 12 {
		wide = append(wide, all...)
	}
	for lang, f := range fontsUnderTest(t) {
		fan, err := Fan(f, plotsamples.ByName()["life"])
		if err != nil {
			t.Fatal(err)
		}
		delta, err := CompareDelta(f, []string{"plan", "a-long-scenario-name-for-the-legend"}, [][]forecast.IndicatorResult{all, plotsamples.Shifted(all)}, 8)
		if err != nil {
			t.Fatal(err)
		}
		cost, err := CostEffect(f, []string{"plan", "cut-20"}, []float64{97500, 78000}, []float64{22.5, 22.2}, []float64{0.02, 0.02}, 31)
		if err != nil {
			t.Fatal(err)
		}
		charts := map[string]Chart{
			"fan": PlotChart(fan, 16*vg.Centimeter, 10*vg.Centimeter), "overview": Overview(f, "jiaxing", wide[:12])[0],
			"risk": Risk(f, "huzhou", all)[0], "delta": delta, "cost": cost,
		}
		for name, c := range charts {
			t.Run(lang+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := (Page{Format: SVG, Footer: footer}).Write(f, c, &buf); err != nil {
					t.Fatal(err)
				}
				w, h, texts := parseSVG(t, buf.Bytes())
				if !bytes.Contains(buf.Bytes(), []byte(html.EscapeString(footer))) {
					t.Error("the footer is not in the chart")
				}
				for _, tx := range texts {
					width := float64(f.style(vg.Length(tx.size)).Width(tx.text).Points())
					cw, ch := w, h
					if tx.rotated {
						cw, ch = h, w
						tx.y = -tx.y
					}
					if tx.x < -0.5 || tx.x+width > cw+0.5 || tx.y < -0.5 || tx.y > ch+0.5 {
						t.Errorf("text %q at (%.1f, %.1f), %.1f pt wide, runs off the %.0f×%.0f pt canvas", tx.text, tx.x, tx.y, width, w, h)
					}
					if strings.HasSuffix(tx.text, "…") && (name == "overview" || name == "fan") && tx.size >= 9 && tx.y > h-40 {
						t.Errorf("title %q is cut with an ellipsis", tx.text)
					}
				}
			})
		}
	}
}

func TestWritePDF(t *testing.T) {
	var buf bytes.Buffer
	if err := (Page{Format: PDF, Footer: "scenario plan · 100 paths"}).Write(English(), Risk(English(), "huzhou", plotsamples.List())[0], &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Errorf("not a PDF: %.20q", buf.Bytes())
	}
}
