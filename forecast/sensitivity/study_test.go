package sensitivity_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/forecast/sensitivity"
	"github.com/healthsim/healthsim/scenarios"
)

// huzhou resolves Huzhou's indicators with the demonstration project funded as planned.
func huzhou(t testing.TB) (scenarios.Scenario, forecast.Defaults) {
	t.Helper()
	return resolve(t, "regions: [huzhou]\nhorizon: 2027\nseed: 7\n")
}

// resolve resolves a config given as YAML text ("": the default scenario) against the embedded
// catalogue, with the model's defaults.
func resolve(t testing.TB, config string) (scenarios.Scenario, forecast.Defaults) {
	t.Helper()
	var files []string
	if config != "" {
		files = []string{filepath.Join(t.TempDir(), "config.yaml")}
		if err := os.WriteFile(files[0], []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := scenarios.LoadConfig(files, scenarios.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cfg.Resolve(cat)
	if err != nil {
		t.Fatal(err)
	}
	d, err := forecast.LoadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	return sc, d
}

func newStudy(t testing.TB) *sensitivity.Study {
	t.Helper()
	sc, d := huzhou(t)
	as, err := sensitivity.DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sensitivity.NewStudy(context.Background(), sc, d, as, 2)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestTornadoFundingSign: more funding, for every programme or for one, and more effective
// programmes never lower P(hit) of any target (beyond two paired standard errors), and funding
// moves at least one target.
func TestTornadoFundingSign(t *testing.T) {
	st := newStudy(t)
	base, low, high := st.Ranges()
	f := func(ctx context.Context, seed uint64, pts [][]float64) ([][]float64, error) {
		return st.Evaluate(ctx, seed, 4000, pts)
	}
	sw, err := sensitivity.Tornado(context.Background(), f, base, low, high, []uint64{1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	moved := false
	for i, a := range st.Assumptions {
		if a.Kind != sensitivity.Funding && a.Kind != sensitivity.Program && a.Name != "effectiveness" {
			continue
		}
		for k, tg := range st.Targets {
			s, se := sw.Swing[k][i], sw.SwingSE[k][i]
			if s < -2*se-1e-12 {
				t.Errorf("%s lowers P(%s %d): swing %.4f ± %.4f", a.Name, tg.Indicator, tg.Year, s, se)
			}
			if a.Kind == sensitivity.Funding && s > 2*se && s > 0 {
				moved = true
			}
		}
	}
	if !moved {
		t.Error("funding ±20% moves no target's P(hit)")
	}
}

func TestStudyBasePointIsThePlainRun(t *testing.T) {
	st := newStudy(t)
	base, _, _ := st.Ranges()
	ys, err := st.Evaluate(context.Background(), 11, 3000, [][]float64{base})
	if err != nil {
		t.Fatal(err)
	}
	sc := st.Scenario
	sc.Runs, sc.Seed, sc.Workers, sc.Precision = 3000, 11, 1, 0
	m, err := forecast.Compile(sc, st.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	out, err := forecast.Run(context.Background(), m, forecast.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for _, ir := range out.Results[0].Indicators {
		for _, g := range ir.Goals {
			if g.Milestone || g.Observed {
				continue
			}
			if ys[0][k] != g.PHit {
				t.Fatalf("%s %d: study %v, plain run %v", ir.ID, g.Year, ys[0][k], g.PHit)
			}
			k++
		}
	}
	if k != len(st.Targets) {
		t.Fatalf("%d targets in the run, %d in the study", k, len(st.Targets))
	}
}

func TestSetRange(t *testing.T) {
	as, err := sensitivity.DefaultAssumptions()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		low, high float64
		ok        bool
	}{
		{"lag", 0, 3, true}, {"lag", 0.5, 2, false}, {"pace", 0.8, 1.2, true}, {"pace", -1, 1, false},
		{"correlation", 0, 1.5, false}, {"effectivness", 0, 1, false}, {"noise", 2, 1, false},
	} {
		if err := sensitivity.SetRange(as, tc.name, tc.low, tc.high, ""); (err == nil) != tc.ok {
			t.Errorf("%s %v–%v: error %v, want ok=%v", tc.name, tc.low, tc.high, err, tc.ok)
		}
	}
}
