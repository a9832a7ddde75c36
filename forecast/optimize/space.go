package optimize

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Cell is one programme-year whose funding may change.
type Cell struct {
	Program string
	Year    int
}

// Group is a set of cells whose amounts sum to a fixed total.
type Group struct {
	Cells []int   // indexes into Space.Cells
	Total float64 // 万元
}

// Space is the set of feasible allocations: every cell between its floor and its cap, every
// group summing to its total. Amounts are in 万元.
type Space struct {
	Cells  []Cell
	Floor  []float64 // per cell
	Cap    []float64 // per cell; +Inf for none
	Groups []Group   // a partition of the cells
}

// Validate reports a space with no feasible allocation or a malformed partition.
func (s *Space) Validate() error {
	n := len(s.Cells)
	if n == 0 {
		return errors.New("no programme-year may change")
	}
	if len(s.Floor) != n || len(s.Cap) != n {
		return errors.New("floors and caps must be given for every cell")
	}
	seen := make([]bool, n)
	for gi, g := range s.Groups {
		var lo, hi float64
		for _, c := range g.Cells {
			if c < 0 || c >= n || seen[c] {
				return fmt.Errorf("group %d: cell %d is out of range or in two groups", gi, c)
			}
			seen[c] = true
			if s.Floor[c] < 0 || s.Floor[c] > s.Cap[c] {
				return fmt.Errorf("%s %d: floor %g is negative or above the cap %g", s.Cells[c].Program, s.Cells[c].Year, s.Floor[c], s.Cap[c])
			}
			lo, hi = lo+s.Floor[c], hi+s.Cap[c]
		}
		if g.Total < lo-1e-9 || g.Total > hi+1e-9 {
			return fmt.Errorf("%s: total %.0f万元 is outside what the floors and caps allow (%.0f to %.0f万元)", s.groupName(gi), g.Total, lo, hi)
		}
	}
	if i := slices.Index(seen, false); i >= 0 {
		return fmt.Errorf("%s %d belongs to no group", s.Cells[i].Program, s.Cells[i].Year)
	}
	return nil
}

func (s *Space) groupName(gi int) string {
	g := s.Groups[gi]
	year := s.Cells[g.Cells[0]].Year
	for _, c := range g.Cells {
		if s.Cells[c].Year != year {
			return "the total"
		}
	}
	return fmt.Sprintf("year %d", year)
}

// Dim is the number of free variables Map takes.
func (s *Space) Dim() int { return len(s.Cells) }

// Map writes into a the allocation of free variables x: within each group, the amount above the
// floors is shared out in proportion to x², and a cell pushed above its cap is held there while
// its excess is shared among the others in the same proportions. Squares rather than a softmax
// put every floor at a finite point (x = 0), where a search can reach it.
func (s *Space) Map(x, a []float64) {
	for _, g := range s.Groups {
		mx := 0.0
		for _, c := range g.Cells {
			mx = math.Max(mx, x[c]*x[c])
		}
		w := make([]float64, len(g.Cells))
		slack := g.Total
		for k, c := range g.Cells {
			w[k] = 1 // all zero: share equally
			if mx > 0 {
				// Relative to the largest and cut below, so no weight is subnormal (their
				// shares lose digits).
				w[k] = x[c] * x[c] / mx
				if w[k] < 1e-300 {
					w[k] = 0
				}
			}
			slack -= s.Floor[c]
		}
		s.fill(g.Cells, w, slack, a)
	}
}

// fill shares slack among cells in proportion to w above their floors, by water-filling at caps:
// each round holds at their caps the cells its shares would push over, until none is.
func (s *Space) fill(cells []int, w []float64, slack float64, a []float64) {
	free := make([]bool, len(cells))
	for k, c := range cells {
		free[k] = s.Cap[c] > s.Floor[c]
		a[c] = s.Floor[c]
	}
	for slack > 0 {
		var sw float64
		for k := range cells {
			if free[k] {
				sw += w[k]
			}
		}
		if sw == 0 {
			return
		}
		share := func(k int) float64 { return w[k] / sw * slack }
		capped := false
		for k, c := range cells {
			if free[k] && s.Floor[c]+share(k) > s.Cap[c] {
				free[k], capped = false, true
			}
		}
		if !capped {
			for k, c := range cells {
				if free[k] {
					a[c] = s.Floor[c] + share(k)
				}
			}
			return
		}
		for k, c := range cells {
			if !free[k] && a[c] != s.Cap[c] && s.Cap[c] > s.Floor[c] {
				a[c] = s.Cap[c]
				slack -= s.Cap[c] - s.Floor[c]
			}
		}
	}
}

// Start returns free variables that Map turns into a (an allocation in the space), so a search
// can start from the plan.
func (s *Space) Start(a []float64) []float64 {
	x := make([]float64, len(s.Cells))
	for _, g := range s.Groups {
		slack := g.Total
		for _, c := range g.Cells {
			slack -= s.Floor[c]
		}
		for _, c := range g.Cells {
			share := (a[c] - s.Floor[c]) / math.Max(slack, 1e-9)
			x[c] = math.Sqrt(math.Max(share, 0))
		}
	}
	return x
}

// Round returns a in whole 万元 with every group total, floor and cap kept: each cell is rounded
// down (floors up, caps down) and the units left over go to the cells with the largest remainders.
// Group totals must be whole 万元.
func (s *Space) Round(a []float64) []float64 {
	r := make([]float64, len(a))
	for _, g := range s.Groups {
		left := math.Round(g.Total)
		for _, c := range g.Cells {
			r[c] = math.Max(math.Floor(a[c]), math.Ceil(s.Floor[c]-1e-9))
			r[c] = math.Min(r[c], math.Floor(s.Cap[c]+1e-9))
			left -= r[c]
		}
		order := slices.Clone(g.Cells)
		slices.SortStableFunc(order, func(i, j int) int {
			return -cmpFloat(a[i]-math.Floor(a[i]), a[j]-math.Floor(a[j]))
		})
		for left != 0 {
			moved := false
			for _, c := range order {
				step := math.Copysign(1, left)
				if left == 0 {
					break
				}
				if v := r[c] + step; v >= math.Ceil(s.Floor[c]-1e-9) && v <= math.Floor(s.Cap[c]+1e-9) {
					r[c], left, moved = v, left-step, true
				}
			}
			if !moved {
				break // floors and caps leave no whole-万元 solution; keep the nearest
			}
		}
	}
	return r
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
