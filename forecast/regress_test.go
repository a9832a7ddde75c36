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
				med = append(med, pt.Q[3], pt.Mean)
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
		992, 903, 873, 887, 749, 700,
	}},
	{"sdg", []float64{
		1037, 724, 739, 967, 1082, 451,
		975, 1303, 222, 933, 755, 812,
		831, 1133, 536, 789, 1422, 289,
	}},
	{"gain", []float64{
		0, 0, 0, 0, 0, 0,
	}},
	{"loss", []float64{
		0, 0, 0, 105, 154, 173,
	}},
	{"joint", []float64{
		759, 873, 640, 700,
	}},
	{"first", []float64{
		0, 0, 205, 700, 543, 209,
		843, 0, 0, 3, 211, 500,
		201, 1585, 0, 0, 158, 593,
		546, 218, 985, 0, 0, 2,
		131, 386, 211, 1770,
	}},
	{"all_binding", []float64{
		873, 700,
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
		0.95, 0.95, 0.9580258436648688, 0.9549311012096103, 0.9998499908466613, 0.9968377558568651,
		1.065008249025596, 1.061052726697412, 1.1258423680841996, 1.1263292282685915, 1.155542360736749, 1.1548117618041625,
		62, 62, 62.55733522192147, 62.49131048334872, 64.44399121088685, 64.3498009667706,
		66.25742595789198, 66.1676666977333, 68.06252704104398, 67.9192453493235, 68.49556688236162, 68.35586080411237,
		0.95, 0.95, 0.9580258436648688, 0.9549311012096103, 0.9923558117203848, 0.9896226145614981,
		1.0498038448981117, 1.0466571437794463, 1.1045200242422208, 1.1047065947508385, 1.1336132894319302, 1.1331829244679934,
		62, 62, 62.55733522192147, 62.49131048334872, 64.17864357715996, 64.08676296022867,
		65.73864791572291, 65.65604682938333, 67.33912706402633, 67.17542331573333, 67.73710447429447, 67.6181273746987,
	}},
}
