package optimize_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/healthsim/healthsim/forecast/optimize"
)

// concave is a synthetic model with a known optimum: value = Σ_c w_c log(1 + a_c/k_c), plus,
// when noise > 0, a perturbation σ Σ_c z_c(seed) a_c / 1000 that is smooth in a and fixed by the
// seed (so one seed is one set of "paths").
type concave struct {
	w, k  []float64
	noise float64
}

func (m concave) objective(_ context.Context, seed uint64, allocs [][]float64) ([]float64, error) {
	rng := rand.New(rand.NewPCG(seed, 7))
	z := make([]float64, len(m.w))
	for c := range z {
		z[c] = rng.NormFloat64()
	}
	out := make([]float64, len(allocs))
	for i, a := range allocs {
		for c, v := range a {
			out[i] += m.w[c]*math.Log1p(v/m.k[c]) + m.noise*z[c]*v/1000
		}
	}
	return out, nil
}

// optimum solves the KKT conditions group by group: a_c = clamp(w_c/μ − k_c, floor, cap) with μ
// set by bisection so that the group sums to its total.
func (m concave) optimum(s *optimize.Space) []float64 {
	a := make([]float64, len(m.w))
	for _, g := range s.Groups {
		at := func(mu float64) float64 {
			var sum float64
			for _, c := range g.Cells {
				a[c] = math.Min(math.Max(m.w[c]/mu-m.k[c], s.Floor[c]), s.Cap[c])
				sum += a[c]
			}
			return sum
		}
		lo, hi := 1e-12, 1e3
		for range 200 {
			mid := math.Sqrt(lo * hi)
			if at(mid) > g.Total {
				lo = mid
			} else {
				hi = mid
			}
		}
		at(hi)
	}
	return a
}

// huzhouLike is 5 programmes × 3 years with Huzhou's yearly totals, a floor of half the plan and
// a cap of twice the plan for every cell, and one programme capped at the plan.
func huzhouLike() (*optimize.Space, []float64, concave) {
	totals := []float64{32637, 40957, 23906}
	s := &optimize.Space{}
	var plan []float64
	m := concave{}
	for y, t := range totals {
		g := optimize.Group{Total: t}
		for p := range 5 {
			c := len(s.Cells)
			s.Cells = append(s.Cells, optimize.Cell{Program: fmt.Sprintf("p%d", p), Year: 2023 + y})
			v := t / 5
			plan = append(plan, v)
			s.Floor = append(s.Floor, v/2)
			s.Cap = append(s.Cap, 2*v)
			if p == 4 {
				s.Cap[c] = v
			}
			g.Cells = append(g.Cells, c)
			m.w = append(m.w, float64(1+p))
			m.k = append(m.k, 2000+1000*float64(p%3))
		}
		s.Groups = append(s.Groups, g)
	}
	return s, plan, m
}

func TestAllocationFindsKnownOptimum(t *testing.T) {
	for _, method := range []string{"cmaes", "neldermead"} {
		t.Run(method, func(t *testing.T) {
			s, plan, m := huzhouLike()
			want := m.optimum(s)
			sol, err := optimize.Allocation(context.Background(), s, plan, m.objective, optimize.Options{Method: method, Seed: 1, MaxIter: 300, Tolerance: 1e-12})
			if err != nil {
				t.Fatal(err)
			}
			checkFeasible(t, s, sol.Best)
			best, _ := m.objective(context.Background(), 1, [][]float64{want})
			// Stated tolerance: every cell within 1% of its year's total of the optimum, and the
			// objective within 1e-3 of the optimum's (rounding to whole 万元 alone costs about 2e-4).
			for c := range want {
				tot := s.Groups[c/5].Total
				if math.Abs(sol.Best[c]-want[c]) > 0.01*tot {
					t.Errorf("%v: %.0f万元, optimum %.0f万元", s.Cells[c], sol.Best[c], want[c])
				}
			}
			if best[0]-sol.Value > 1e-3 || sol.Value < sol.StartValue {
				t.Errorf("value %.6f, optimum %.6f, start %.6f", sol.Value, best[0], sol.StartValue)
			}
		})
	}
}

func checkFeasible(t *testing.T, s *optimize.Space, a []float64) {
	t.Helper()
	for c, v := range a {
		if v != math.Round(v) || v < s.Floor[c]-1e-9 || v > s.Cap[c]+1e-9 {
			t.Fatalf("%v = %v outside [%v, %v] or not whole 万元", s.Cells[c], v, s.Floor[c], s.Cap[c])
		}
	}
	for _, g := range s.Groups {
		var sum float64
		for _, c := range g.Cells {
			sum += a[c]
		}
		if sum != g.Total {
			t.Fatalf("group sums to %v, want %v", sum, g.Total)
		}
	}
}

// TestMapKeepsConstraints feeds random free variables, wide and extreme, through Map and Round.
func TestMapKeepsConstraints(t *testing.T) {
	s, _, _ := huzhouLike()
	s.Floor[3], s.Cap[3] = 1234.4, 1234.4 // a fixed cell with a fractional amount
	s.Floor[7] = 0
	rng := rand.New(rand.NewPCG(1, 2))
	a := make([]float64, s.Dim())
	for trial := range 2000 {
		x := make([]float64, s.Dim())
		scale := []float64{0.1, 3, 50, 800}[trial%4]
		for c := range x {
			x[c] = scale * rng.NormFloat64()
		}
		s.Map(x, a)
		for _, g := range s.Groups {
			var sum float64
			for _, c := range g.Cells {
				sum += a[c]
				if a[c] < s.Floor[c]-1e-6 || a[c] > s.Cap[c]+1e-6 {
					t.Fatalf("trial %d: cell %d = %v outside [%v, %v]", trial, c, a[c], s.Floor[c], s.Cap[c])
				}
			}
			if math.Abs(sum-g.Total) > 1e-6*g.Total {
				t.Fatalf("trial %d: group sums to %v, want %v", trial, sum, g.Total)
			}
		}
		s.Cap[3] = 1235 // Round needs a whole 万元 inside [floor, cap]
		checkFeasible(t, s, s.Round(a))
		s.Cap[3] = 1234.4
	}
}

func TestStartReproducesPlan(t *testing.T) {
	s, plan, _ := huzhouLike()
	a := make([]float64, s.Dim())
	s.Map(s.Start(plan), a)
	for c := range a {
		if math.Abs(a[c]-plan[c]) > 1e-6 {
			t.Fatalf("cell %d: %v, plan %v", c, a[c], plan[c])
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(s *optimize.Space)
	}{
		{"floor above cap", func(s *optimize.Space) { s.Floor[0], s.Cap[0] = 9000, 8000 }},
		{"floors exceed the total", func(s *optimize.Space) {
			for c := range 5 {
				s.Floor[c] = 7000
			}
		}},
		{"caps below the total", func(s *optimize.Space) {
			for c := range 5 {
				s.Cap[c] = 1000
			}
		}},
		{"cell in no group", func(s *optimize.Space) { s.Groups[0].Cells = s.Groups[0].Cells[1:] }},
	} {
		s, plan, m := huzhouLike()
		tc.edit(s)
		if err := s.Validate(); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
		if _, err := optimize.Allocation(context.Background(), s, plan, m.objective, optimize.Options{}); err == nil {
			t.Errorf("%s: search ran", tc.name)
		}
	}
}

// TestGainNeverNegativeBeyondSE searches noisy models (one with a real optimum, one flat, where
// every apparent gain on the search's paths is noise) and re-scores the best against the plan
// on fresh batches: the gain is never below zero by more than three paired standard errors, and
// on the flat model it is within three of zero.
func TestGainNeverNegativeBeyondSE(t *testing.T) {
	for _, flat := range []bool{false, true} {
		for seed := range uint64(6) {
			s, plan, m := huzhouLike()
			m.noise = 0.002
			if flat {
				clear(m.w)
			}
			sol, err := optimize.Allocation(context.Background(), s, plan, m.objective, optimize.Options{Seed: seed, MaxIter: 60})
			if err != nil {
				t.Fatal(err)
			}
			est, err := optimize.Paired(context.Background(), m.objective, optimize.FreshSeeds(seed, 20), [][]float64{s.Round(plan), sol.Best})
			if err != nil {
				t.Fatal(err)
			}
			g := est[1]
			if g.Gain < -3*g.GainSE || (flat && !g.Within(3)) || (!flat && g.Gain <= 3*g.GainSE) {
				t.Errorf("flat=%v seed %d: gain %.5f ± %.5f", flat, seed, g.Gain, g.GainSE)
			}
		}
	}
}

func TestFrontierAndMarginal(t *testing.T) {
	s, plan, m := huzhouLike()
	pts, err := optimize.Frontier(context.Background(), s, plan, m.objective, optimize.Options{Seed: 1, MaxIter: 80}, []float64{0.4, 0.8, 1, 1.2})
	if err != nil {
		t.Fatal(err)
	}
	if pts[0].Feasible { // floors are half the plan: 40% of the total is below them
		t.Errorf("40%% of plan reported feasible")
	}
	for i := 2; i < len(pts); i++ {
		if !(pts[i].Value > pts[i-1].Value) {
			t.Errorf("frontier not increasing at %v: %v after %v", pts[i].Fraction, pts[i].Value, pts[i-1].Value)
		}
	}
	progs, est, err := optimize.Marginal(context.Background(), m.objective, optimize.FreshSeeds(1, 4), s, s.Round(plan), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range est {
		if !(e.Gain > 0) {
			t.Errorf("%s: 1,000万元 more gains %v", progs[i], e.Gain)
		}
	}
}
