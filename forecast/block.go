package forecast

import (
	"math"

	"github.com/healthsim/healthsim/sim"

	"github.com/healthsim/healthsim/scenarios"
)

// blockPaths is the number of paths simulated together, one indicator-year at a time. A
// block's buffers (under 100 KB for seven steps) stay in the core's L2 cache. The uncertainty
// scales of a block's paths are drawn after the block's normals, so changing it changes the
// results of every indicator with a scale: a change of the draw order, with golden files.
// firstMetAVX2 (step_amd64.s) steps through za by rows of 256 paths; step_amd64.go checks it.
const blockPaths = 256

// block holds the values of a block of paths for one indicator. The z arrays are step-major
// ([step][path]) so that one indicator-year of the block is contiguous.
type block struct {
	raw       []float64 // [path][2+steps] the normals in the order drawn: drift, effectiveness, steps
	eps, beta []float64 // [path] drift deviation and effectiveness
	sigma     []float64 // [path] year-to-year noise times the path's uncertainty scale, when scaled
	zb        []float64 // [step][path] z without the programmes' response (step 0: baseline)
	za        []float64 // [step][path] z under the allocation being recorded
	met       []uint8   // [alloc][goal][path] 1 when the path meets the goal
	first     []int32   // [path] first step the final goal is met, steps+1 if never
	allGoals  []uint8   // [path] every goal of the indicator met
	allTarget []uint8   // [path] every target (not milestone) met
}

// newBlock allocates a block's buffers once for a worker, sized for the longest series of the
// layout, so that simulating a block allocates nothing.
func newBlock(l layout, allocs int) block {
	rows := (l.maxSteps + 1) * blockPaths
	return block{
		raw: make([]float64, (l.maxSteps+2)*blockPaths),
		eps: make([]float64, blockPaths), beta: make([]float64, blockPaths), sigma: make([]float64, blockPaths),
		zb: make([]float64, rows), za: make([]float64, rows),
		met:      make([]uint8, allocs*max(l.maxGoals, 1)*blockPaths),
		first:    make([]int32, blockPaths),
		allGoals: make([]uint8, blockPaths), allTarget: make([]uint8, blockPaths),
	}
}

// row returns step st of a step-major block array holding n paths.
func row(xs []float64, st, n int) []float64 { return xs[st*blockPaths : st*blockPaths+n] }

// b2u is 1 for true and 0 for false. The compiler makes it a flag move, not a branch, so
// counting outcomes that are true half of the time costs no mispredicted branches.
func b2u(b bool) uint8 {
	var u uint8
	if b {
		u = 1
	}
	return u
}

// simulateBlock draws and records n paths, from path p0 of a chunk of P paths, of series ser.
func (m *Model) simulateBlock(s *Summary, sc *scratch, ser *Series, si, p0, n, P int, rng *sim.Stream) {
	b := &sc.blk
	w := ser.steps + 2
	raw := b.raw[:n*w]
	rng.FillNormal(raw)
	driftSD, betaU, beta0 := ser.driftSD, ser.betaU, ser.beta0
	eps, beta := b.eps[:n], b.beta[:n]
	done := paramsFour(raw, eps, beta, w, driftSD, betaU, beta0)
	paramsRest(raw, eps, beta, w, driftSD, betaU, beta0, done)
	if ser.scale != nil {
		// Only then does the noise differ between paths, and stepBlock read b.sigma.
		sigma := b.sigma[:n]
		for p := range n {
			k := ser.scale[rng.Uint64()>>56]
			eps[p] *= k
			sigma[p] = ser.sigma * k
		}
	}
	m.stepBlock(b, sc, ser, p0, n, P)
	binding := ser.Ind.Nature == scenarios.Binding
	for a := range m.Allocations {
		m.recordBlock(s, b, ser, si, a, n)
		m.countTargets(sc, b, ser, a, p0, n, P)
		if binding {
			for p, ok := range b.allTarget[:n] {
				if ok == 0 {
					sc.binding[a*P+p0+p] = false
				}
			}
		}
	}
	m.countChanges(s, b, ser, n)
}

// paramsRest sets the drift deviation eps[p] = driftSD·raw[p·w] and the effectiveness
// beta[p] = beta0·max(0, 1 + betaU·raw[p·w+1]) of paths from..len(eps)-1, the ones paramsFour
// left.
func paramsRest(raw, eps, beta []float64, w int, driftSD, betaU, beta0 float64, from int) {
	beta = beta[:len(eps)]
	for p := from; p < len(eps); p++ {
		eps[p] = driftSD * raw[p*w]
	}
	for p := from; p < len(beta); p++ {
		// max(0, x) written out: math.Max is a function call. The conversion keeps the product
		// rounded, as paramsAVX2 rounds it, where Go could fuse it with the add.
		x := 1 + float64(betaU*raw[p*w+1])
		if x < 0 {
			x = 0
		}
		beta[p] = beta0 * x
	}
}

// countTargets adds, for each path of the block, the targets of ser it meets under allocation a
// to the path's count of targets met (milestones and observed goals do not count, as in
// Result.ExpectedMet).
func (m *Model) countTargets(sc *scratch, b *block, ser *Series, a, p0, n, P int) {
	count := sc.met[a*P+p0:][:n]
	for gi, g := range ser.targets {
		if g.Milestone || g.Observed {
			continue
		}
		for p, ok := range b.met[(a*m.lay.maxGoals+gi)*blockPaths:][:n] {
			count[p] += int32(ok)
		}
	}
}

// stepBlock runs the block's paths from the baseline through every step:
// z[y] = z[y−1] + (μ + ε + σ (λ c + √(1−λ²) e)) + κ J, with ε and σ times the path's scale.
func (m *Model) stepBlock(b *block, sc *scratch, ser *Series, p0, n, P int) {
	own := math.Sqrt(1 - m.lambda*m.lambda)
	w := ser.steps + 2
	eps := b.eps[:n]
	z0 := row(b.zb, 0, n)
	for p := range z0 {
		z0[p] = ser.z0
	}
	for st := 1; st <= ser.steps; st++ {
		y := ser.yearOff - 1 + st
		// Slices of one length let the compiler drop the bounds checks in the loop.
		cur := row(b.zb, st, n)
		prev, noise, e := row(b.zb, st-1, n)[:len(cur)], b.raw[1+st:], eps[:len(cur)]
		common, shock, sigma := sc.common[y*P+p0:][:len(cur)], sc.shock[y*P+p0:][:len(cur)], b.sigma[:len(cur)]
		d, kappa := ser.drift[st], ser.kappa
		if ser.scale == nil {
			// One noise level for every path: four at a time in vector registers where the
			// processor has them, the rest in Go.
			sg := ser.sigma
			done := stepFour(cur, prev, e, common, shock, noise, w, d, sg, own, kappa)
			stepRest(cur, prev, e, common, shock, noise, w, d, sg, own, kappa, done)
			continue
		}
		for p := range cur {
			cur[p] = prev[p] + (d + e[p] + float64(sigma[p]*(common[p]+float64(own*noise[p*w])))) + float64(kappa*shock[p])
		}
	}
}

// stepRest steps paths from..len(cur)-1 of a block by one year with one noise level sg for all:
// cur[p] = prev[p] + (d + e[p] + sg·(common[p] + own·noise[p·w])) + κ·shock[p]. Four paths per
// iteration keep the loop's pointers in registers. Every product is converted to float64, which
// forbids Go to fuse it with the add that follows (it may where the processor has FMA: GOAMD64=v3,
// arm64), so that it is rounded as stepAVX2 rounds it and the results do not depend on the build.
func stepRest(cur, prev, e, common, shock, noise []float64, w int, d, sg, own, kappa float64, from int) {
	p, q := from, from*w
	for ; p+4 <= len(cur); p, q = p+4, q+4*w {
		c, pv, ev, cv, sv := cur[p:p+4:p+4], prev[p:p+4:p+4], e[p:p+4:p+4], common[p:p+4:p+4], shock[p:p+4:p+4]
		nz := noise[q : q+3*w+1 : q+3*w+1]
		c[0] = pv[0] + (d + ev[0] + float64(sg*(cv[0]+float64(own*nz[0])))) + float64(kappa*sv[0])
		c[1] = pv[1] + (d + ev[1] + float64(sg*(cv[1]+float64(own*nz[w])))) + float64(kappa*sv[1])
		c[2] = pv[2] + (d + ev[2] + float64(sg*(cv[2]+float64(own*nz[2*w])))) + float64(kappa*sv[2])
		c[3] = pv[3] + (d + ev[3] + float64(sg*(cv[3]+float64(own*nz[3*w])))) + float64(kappa*sv[3])
	}
	for ; p < len(cur); p, q = p+1, q+w {
		cur[p] = prev[p] + (d + e[p] + float64(sg*(common[p]+float64(own*noise[q])))) + float64(kappa*shock[p])
	}
}

// recordBlock adds the block's paths under allocation a to the histograms and goal counters.
func (m *Model) recordBlock(s *Summary, b *block, ser *Series, si, a, n int) {
	l := m.lay
	cum := ser.cumH[a]
	cell := a*l.cells + l.cellOff[si]
	beta := b.beta[:n]
	for st := 1; st <= ser.steps; st++ {
		s.recordHist(ser.hist[st], cell+st-1, l.bins, row(b.za, st, n), row(b.zb, st, n), beta, cum[st])
	}
	for p := range n {
		b.allGoals[p] = 1
	}
	copy(b.allTarget[:n], b.allGoals[:n])
	for gi, g := range ser.targets {
		if !g.Observed {
			m.recordGoal(s, b, ser, si, a, gi, g, n)
		}
	}
	joint := uint64(0)
	for _, ok := range b.allGoals[:n] {
		joint += uint64(ok)
	}
	s.Joint[a*len(m.Indicators)+si] += joint
}

// recordHist sets za = zb + β·c, the values of one indicator-year under an allocation, and
// counts them in histogram cell ci: four at a time in vector registers (histFour) while they
// fall in the range, one at a time in Go otherwise.
func (s *Summary) recordHist(h histRange, ci, bins int, za, zb, beta []float64, c float64) {
	base := ci * (bins + 2)
	counts := s.Hist[base : base+bins+2]
	for p := 0; p < len(za); {
		p += histFour(za[p:], zb[p:], beta[p:], c, h.lo, h.inv, counts[1:bins+1])
		end := len(za)
		if hasAVX2 {
			end = min(p+4, len(za)) // the group histFour left, then histFour again
		}
		s.recordRange(h, ci, counts, za[p:end], zb[p:end], beta[p:end], c)
		p = end
	}
}

// recordRange is recordHist one path at a time. A value outside the range goes to the underflow
// or overflow bin, and a finite one updates the exact extreme there. A NaN never becomes a bin
// index: it is counted as overflow. It is kept out of line, where its loop's values fit in the
// registers.
//
//go:noinline
func (s *Summary) recordRange(h histRange, ci int, counts []uint32, za, zb, beta []float64, c float64) {
	bins := len(counts) - 2
	fb := float64(bins)
	zb, beta = zb[:len(za)], beta[:len(za)]
	for p := range za {
		z := zb[p] + float64(beta[p]*c) // not fused, as in histAVX2
		za[p] = z
		f := (z - h.lo) * h.inv
		switch {
		case f >= 0 && f < fb:
			counts[int(f)+1]++
		case f < 0:
			counts[0]++
			if z > math.Inf(-1) {
				s.MinZ[ci] = math.Min(s.MinZ[ci], z)
			}
		default: // above the range, +Inf or NaN
			counts[bins+1]++
			if z < math.Inf(1) {
				s.MaxZ[ci] = math.Max(s.MaxZ[ci], z)
			}
		}
	}
}
