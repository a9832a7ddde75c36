package forecast

// A regression test in the manner of math/rand/v2's regress_test.go: a seeded run of a small
// model whose counters and extremes are compared with values recorded below. The kernel's draws
// happen in a fixed order (common factors, shocks, then per indicator and path: drift deviation,
// effectiveness, yearly noise); reordering them, drawing one more or one fewer, or changing what a
// draw means changes these values, so the test fails. Such a change is a model change: record it
// with
//
//	go test ./forecast -run TestRegress -update
//
// and name it in the commit message.

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
)

var update = flag.Bool("update", false, "rewrite the recorded values of TestRegress in regress_test.go")

// regressScenario exercises every draw of the kernel: two indicators linked to a program under two
// allocations, a binding share with a milestone, and shocks switched on.
func regressScenario() scenarios.Scenario {
	cmi := level("cmi", 0.95, 1.10)
	cmi.Programs = []string{"highland"}
	cmi.Milestones = []scenarios.Target{{Year: 2024, Test: scenarios.GE, Value: fp(1.02)}}
	cover := share("cover", 62, scenarios.Target{Year: 2027, Test: scenarios.GE, Value: fp(70)})
	cover.Nature = "binding"
	cover.Programs = []string{"highland"}
	s := scenario([]scenarios.Indicator{cmi, cover},
		flat("plan", 1000, "highland"), flat("cut", 600, "highland"))
	s.Shocks = scenarios.Shocks{Probability: 0.2, Impact: 2}
	return s
}

// regressValues runs the model on a few chunks of paths and lists the summary's counters, its
// extreme values and each trajectory's median and mean.
func regressValues(t *testing.T) []regressRow {
	t.Helper()
	m := compile(t, regressScenario())
	m.Scenario.Runs, m.Scenario.Seed = 2500, 7
	out, err := Run(context.Background(), m, RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rs, s := out.Results, out.Summary
	var rows []regressRow
	ints := func(name string, v []uint64) {
		f := make([]float64, len(v))
		for i, x := range v {
			f[i] = float64(x)
		}
		rows = append(rows, regressRow{name, f})
	}
	ints("hits", s.Hits)
	ints("sdg", s.SDG)
	ints("gain", s.Gain)
	ints("loss", s.Loss)
	ints("joint", s.Joint)
	ints("first", s.First)
	ints("all_binding", s.AllBinding)
	rows = append(rows, regressRow{"min_z", s.MinZ}, regressRow{"max_z", s.MaxZ})
	var med []float64
	for _, r := range rs {
		for _, ir := range r.Indicators {
			for _, pt := range ir.Trajectory {
				med = append(med, pt.Q[Q50], pt.Mean)
			}
		}
	}
	return append(rows, regressRow{"median_mean", med})
}

type regressRow struct {
	name   string
	values []float64
}

func TestRegress(t *testing.T) {
	got := regressValues(t)
	if *update {
		writeRegressGolden(t, got)
		return
	}
	if len(got) != len(regressGolden) {
		t.Fatalf("%d rows, recorded %d", len(got), len(regressGolden))
	}
	for i, row := range got {
		want := regressGolden[i]
		if row.name != want.name || len(row.values) != len(want.values) {
			t.Errorf("row %d: %s with %d values, recorded %s with %d", i, row.name, len(row.values), want.name, len(want.values))
			continue
		}
		for j, v := range row.values {
			if v != want.values[j] {
				t.Errorf("%s[%d] = %v, recorded %v", row.name, j, v, want.values[j])
			}
		}
	}
}

// writeRegressGolden replaces the recorded table at the end of this file.
func writeRegressGolden(t *testing.T, rows []regressRow) {
	const file = "regress_test.go"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const marker = "var regressGolden = "
	i := bytes.LastIndex(src, []byte("\n"+marker)) + 1
	if i == 0 {
		t.Fatalf("%s: no %q", file, marker)
	}
	var b strings.Builder
	b.Write(src[:i])
	b.WriteString(marker + "[]regressRow{\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "{%q, []float64{", r.name)
		for j, v := range r.values {
			if j%6 == 0 {
				b.WriteString("\n")
			}
			b.WriteString(goFloat(v) + ",")
		}
		b.WriteString("\n}},\n")
	}
	b.WriteString("}\n")
	out, err := format.Source([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// goFloat writes v as a Go expression that reads back exactly.
func goFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "math.Inf(1)"
	case math.IsInf(v, -1):
		return "math.Inf(-1)"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var regressGolden = []regressRow{
	{"hits", []float64{
		145, 29, 1228, 125, 25, 1185,
	}},
	{"sdg", []float64{
		172, 966, 1362, 39, 1087, 1374,
		1250, 419, 831, 161, 929, 1410,
		35, 1039, 1426, 1200, 418, 882,
	}},
	{"gain", []float64{
		0, 0, 0, 0, 0, 0,
	}},
	{"loss", []float64{
		0, 0, 0, 20, 4, 43,
	}},
	{"joint", []float64{
		29, 1228, 25, 1185,
	}},
	{"first", []float64{
		0, 0, 0, 29, 97, 93,
		2281, 0, 46, 537, 360, 245,
		62, 1250, 0, 0, 0, 25,
		78, 96, 2301, 0, 46, 502,
		333, 240, 73, 1306,
	}},
	{"all_binding", []float64{
		1228, 1185,
	}},
	{"min_z", []float64{
		math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1),
		math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1),
		math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1),
		math.Inf(1), math.Inf(1),
	}},
	{"max_z", []float64{
		math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1),
		math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1),
		math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1),
		math.Inf(-1), math.Inf(-1),
	}},
	{"median_mean", []float64{
		0.95, 0.95, 0.9470004881555505, 0.9463572488395318, 0.9520869679164362, 0.9520610500261506,
		0.9566038668376644, 0.9576944683180163, 0.9620561299030386, 0.9636442862451253, 0.9602480718455059, 0.9603259680214342,
		62, 62, 62.605429756047286, 62.55286970725951, 64.89871320089475, 64.66071397468568,
		67.18668596043247, 66.52846948968097, 69.24147710801164, 68.12966175586365, 69.6411102053589, 68.06683335806069,
		0.95, 0.95, 0.9470004881555505, 0.9463572488395318, 0.9503914311925062, 0.950220521090734,
		0.9536696221365649, 0.9540437533155828, 0.9570705108042882, 0.9581696504882555, 0.9550414990932437, 0.9548558279858731,
		62, 62, 62.605429756047286, 62.55286970725951, 64.51036844216236, 64.33874070504517,
		66.52993867453438, 65.91260689656511, 68.26182818867107, 67.25990417890219, 68.78377427941436, 67.22273203016793,
	}},
}
