package forecast

import (
	"math"
	"testing"

	"github.com/healthsim/healthsim/scenarios"
	"github.com/healthsim/healthsim/sim"
)

// referenceSimulate is the kernel written the plain way: path by path, one indicator at a time,
// with a branch for every test. Simulate must give exactly its summary from the same stream.
// Products are converted to float64 where an add follows, so that Go does not fuse them (it may
// with GOAMD64=v3 or on arm64): the kernel rounds every product.
func referenceSimulate(m *Model, P int, rng *sim.Stream, s *Summary) {
	A, Y := len(m.Allocations), m.years
	common, shock := make([]float64, P*Y), make([]bool, P*Y)
	for i := range common {
		common[i] = rng.NormFloat64()
	}
	if m.shockP > 0 {
		for i := range shock {
			shock[i] = rng.Float64() < m.shockP
		}
	}
	binding := make([]bool, A*P)
	for i := range binding {
		binding[i] = true
	}
	count := make([]int64, A*P) // targets met by each path

	lam := m.lambda
	own := math.Sqrt(1 - lam*lam)
	zb, za := make([]float64, m.lay.maxSteps+1), make([]float64, m.lay.maxSteps+1)
	for si, ser := range m.Indicators {
		eps, betas, sigma, noise := referenceDraws(ser, P, rng)
		for p := range P {
			beta := betas[p]
			z := ser.z0
			row := p*Y + ser.yearOff - 1
			for st := 1; st <= ser.steps; st++ {
				z += ser.drift[st] + eps[p] + float64(sigma[p]*(float64(lam*common[row+st])+float64(own*noise[p][st])))
				if shock[row+st] {
					z += ser.kappa
				}
				zb[st] = z
			}
			met := make([][]bool, A)
			for a := range A {
				for st := 1; st <= ser.steps; st++ {
					za[st] = zb[st] + float64(beta*ser.cumH[a][st])
					referenceHist(s, ser.hist[st], a*m.lay.cells+m.lay.cellOff[si]+st-1, m.lay.bins, za[st])
				}
				var allTargets bool
				met[a], allTargets = referenceGoals(m, s, ser, si, a, za)
				for gi, g := range ser.targets {
					if met[a][gi] && !g.Milestone && !g.Observed {
						count[a*P+p]++
					}
				}
				if ser.Ind.Nature == "binding" && !allTargets {
					binding[a*P+p] = false
				}
			}
			for a := 1; a < A; a++ {
				for gi, g := range ser.targets {
					switch idx := a*m.nTargets + g.index; {
					case g.Observed:
					case met[a][gi] && !met[0][gi]:
						s.Gain[idx]++
					case met[0][gi] && !met[a][gi]:
						s.Loss[idx]++
					}
				}
			}
		}
	}
	for i, ok := range binding {
		if ok {
			s.AllBinding[i/P]++
		}
	}
	for i, c := range count {
		d := c - count[i%P]
		s.MetSq[i/P] += uint64(c * c)
		s.DiffSq[i/P] += uint64(d * d)
	}
	s.N += uint64(P)
}

// referenceDraws draws a series' per-path values in the kernel's order: for each block of
// blockPaths paths, every path's drift deviation, effectiveness and yearly noises and then, when
// the series has an uncertainty scale, one byte per path of the block choosing its scale.
func referenceDraws(ser *Series, P int, rng *sim.Stream) (eps, beta, sigma []float64, noise [][]float64) {
	eps, beta, sigma, noise = make([]float64, P), make([]float64, P), make([]float64, P), make([][]float64, P)
	for b0 := 0; b0 < P; b0 += blockPaths {
		end := min(b0+blockPaths, P)
		for p := b0; p < end; p++ {
			eps[p] = ser.driftSD * rng.NormFloat64()
			beta[p] = ser.beta0 * math.Max(0, 1+float64(ser.betaU*rng.NormFloat64()))
			noise[p] = make([]float64, ser.steps+1)
			for st := 1; st <= ser.steps; st++ {
				noise[p][st] = rng.NormFloat64()
			}
			sigma[p] = ser.sigma
		}
		for p := b0; p < end && ser.scale != nil; p++ {
			k := ser.scale[rng.Uint64()>>56]
			eps[p], sigma[p] = eps[p]*k, sigma[p]*k
		}
	}
	return eps, beta, sigma, noise
}

func referenceHist(s *Summary, h histRange, ci, bins int, z float64) {
	f := (z - h.lo) * h.inv
	base := ci * (bins + 2)
	switch {
	case f < 0:
		s.Hist[base]++
		s.MinZ[ci] = math.Min(s.MinZ[ci], z)
	case f >= float64(bins):
		s.Hist[base+bins+1]++
		s.MaxZ[ci] = math.Max(s.MaxZ[ci], z)
	default:
		s.Hist[base+int(f)+1]++
	}
}

// referenceGoals counts one path's goals under allocation a and returns, by goal, whether each
// was met, and whether every target (not milestone) was.
func referenceGoals(m *Model, s *Summary, ser *Series, si, a int, za []float64) ([]bool, bool) {
	met := make([]bool, len(ser.targets))
	allGoals, allTargets := true, true
	for gi, g := range ser.targets {
		if g.Observed {
			continue
		}
		ok := g.metAt(za[g.step], ser.goodSign)
		for st := 1; st <= g.step && g.test == scenarios.Maintain; st++ {
			ok = ok && g.metAt(za[st], ser.goodSign)
		}
		met[gi] = ok
		idx := a*m.nTargets + g.index
		cat := 2
		switch {
		case ok || g.sdgSign*(za[g.step]-g.zOnTrack) >= 0:
			cat = 0
		case g.sdgSign*(za[g.step]-g.zAccel) >= 0:
			cat = 1
		}
		s.SDG[idx*3+cat]++
		if ok {
			s.Hits[idx]++
		}
		allGoals = allGoals && ok
		allTargets = allTargets && (ok || g.Milestone)
		if g.final {
			first := ser.steps + 1
			for st := ser.steps; st >= 1; st-- {
				if g.metAt(za[st], ser.goodSign) {
					first = st
				}
			}
			s.First[a*m.lay.firstLen+m.lay.firstOff[si]+first]++
		}
	}
	if allGoals {
		s.Joint[a*len(m.Indicators)+si]++
	}
	return met, allTargets
}

// kernelScenario has every kind of test, milestones, a binding indicator, three allocations,
// shocks and wide noise, so that every branch of the kernel is taken on some paths.
func kernelScenario() scenarios.Scenario {
	t := func(year int, test scenarios.Test, v float64) scenarios.Target {
		return scenarios.Target{Year: year, Test: test, Value: fp(v)}
	}
	a := share("a", 60, t(2025, scenarios.GE, 62), t(2027, scenarios.GT, 64))
	a.Milestones = []scenarios.Target{t(2023, scenarios.Maintain, 58), t(2024, scenarios.LE, 61)}
	a.Programs, a.Nature = []string{"p"}, "binding"
	b := level("b", 100, 101)
	b.Direction = scenarios.Lower
	b.Targets = []scenarios.Target{t(2024, scenarios.LT, 99), t(2025, scenarios.Maintain, 102), {Year: 2026, Test: scenarios.Decrease}}
	b.Programs = []string{"p"}
	c := share("c", 30, scenarios.Target{Year: 2027, Test: scenarios.About, Value: fp(31), Tolerance: fp(1)}, scenarios.Target{Year: 2026, Test: scenarios.Increase})
	c.Programs = []string{"p"}
	d := level("d", 5, 5)
	d.Observations = append(d.Observations, scenarios.Observation{Year: 2021, Value: 4})
	d.Targets = []scenarios.Target{{Year: 2026, Test: scenarios.HoldLow}, t(2027, scenarios.Maintain, 4.5)}
	s := scenario([]scenarios.Indicator{a, b, c, d}, flat("plan", 1000, "p"), flat("cut", 400, "p"), flat("more", 1600, "p"))
	s.Shocks = scenarios.Shocks{Probability: 0.1, Impact: 3}
	s.Params["b"] = scenarios.Params{Noise: fp(2)}
	s.Params["d"] = scenarios.Params{Noise: fp(0.3)}
	return s
}

// The block kernel is an exact rewrite of the path-by-path one: from the same stream it gives
// the same summary, counter for counter, for chunks shorter than, equal to and longer than a
// block, and not a multiple of it, with and without per-path uncertainty scales.
func TestSimulateMatchesReference(t *testing.T) {
	m := compile(t, kernelScenario())
	t.Run("as compiled", func(t *testing.T) { testMatchesReference(t, m) })
	// An uncertainty scale on every other indicator, without the histogram ranges widened for
	// it, so that paths also land outside them.
	for i, ser := range m.Indicators {
		if i%2 == 0 {
			ser.scale = scaleTable(0.6)
		}
	}
	t.Run("scale on alternate indicators", func(t *testing.T) { testMatchesReference(t, m) })
}

func testMatchesReference(t *testing.T, m *Model) {
	for _, paths := range []int{1, blockPaths - 1, blockPaths, 3*blockPaths + 17} {
		got, want := m.NewSummary(), m.NewSummary()
		for k := range 3 {
			if err := m.Simulate(sim.Chunk{Index: k, Paths: paths}, sim.NewStream(11, k), got); err != nil {
				t.Fatal(err)
			}
			referenceSimulate(m, paths, sim.NewStream(11, k), want)
		}
		if !equalSummaries(got, want) {
			t.Errorf("%d paths: the block kernel's summary differs from the reference", paths)
		}
		for i, h := range want.Hits {
			if paths > 100 && (h == 0 || h == want.N) {
				t.Errorf("%d paths: goal counter %d is %d of %d: the scenario should leave every goal uncertain", paths, i, h, want.N)
			}
		}
	}
}

// band is the same test as metAt on the threshold itself, its neighbours, far values,
// infinities and NaN, for every kind of test and both better directions.
func TestBandMatchesMetAt(t *testing.T) {
	inf := math.Inf(1)
	tests := []scenarios.Test{scenarios.GE, scenarios.GT, scenarios.LE, scenarios.LT, scenarios.Increase,
		scenarios.Decrease, scenarios.Maintain, scenarios.HoldLow, scenarios.About}
	for _, test := range tests {
		for _, goodSign := range []float64{1, -1} {
			g := &Goal{test: test, zThr: 0.7, zLo: 0.5, zHi: 0.9}
			lo, hi := g.band(goodSign)
			for _, v := range []float64{g.zThr, g.zLo, g.zHi} {
				for _, z := range []float64{v, math.Nextafter(v, inf), math.Nextafter(v, -inf), v + 1, v - 1, inf, -inf, math.NaN()} {
					want := g.metAt(z, goodSign)
					if got := z >= lo && z <= hi; got != want {
						t.Errorf("%s (better %+.0f) at z = %v: band [%v, %v] says %v, metAt %v", test, goodSign, z, lo, hi, got, want)
					}
				}
			}
		}
	}
}

// A NaN or infinite value never becomes a bin index: it is counted in an outer bin, and the
// extremes, which a summary file must hold as numbers, stay finite.
func TestRecordHistNonFinite(t *testing.T) {
	m := compile(t, kernelScenario())
	s := m.NewSummary()
	bins := m.lay.bins
	zs := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 5, -5, 0}
	s.recordHist(histRange{lo: -1, width: 2.0 / float64(bins), inv: float64(bins) / 2}, 0, bins,
		make([]float64, len(zs)), zs, make([]float64, len(zs)), 0)
	counts := s.Hist[:bins+2]
	if counts[0] != 2 || counts[bins+1] != 3 || counts[bins/2+1] != 1 {
		t.Errorf("underflow %d, overflow %d, middle bin %d: want 2, 3, 1", counts[0], counts[bins+1], counts[bins/2+1])
	}
	if s.MinZ[0] != -5 || s.MaxZ[0] != 5 {
		t.Errorf("extremes %v, %v: want the finite -5 and 5", s.MinZ[0], s.MaxZ[0])
	}
}
