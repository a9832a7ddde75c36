package scenarios

import (
	"errors"
	"math"
	"testing"
)

// plan is a small allocation: two budgeted programs (万元) and one funded by an index.
func plan() Allocation {
	return Allocation{
		Name: "plan",
		Programs: map[string]map[int]float64{
			"a":   {2023: 100, 2024: 300},
			"b":   {2023: 50, 2024: 50},
			"idx": {2023: 1, 2024: 1},
		},
		Budgeted: map[string]bool{"a": true, "b": true},
	}
}

func fptr(v float64) *float64 { return &v }
func iptr(v int) *int         { return &v }

func TestAllocationChanges(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *Allocation) error
		want   map[string]map[int]float64 // amounts after the change (programs not listed are unchanged)
		cost   float64
		err    error
	}{
		{"scale all", func(a *Allocation) error { return a.Scale(0.8) },
			map[string]map[int]float64{"a": {2023: 80, 2024: 240}, "b": {2023: 40, 2024: 40}, "idx": {2023: 0.8, 2024: 0.8}}, 400, nil},
		{"scale one", func(a *Allocation) error { return a.Scale(2, "b") },
			map[string]map[int]float64{"b": {2023: 100, 2024: 100}}, 600, nil},
		{"negative factor", func(a *Allocation) error { return a.Scale(-1) }, nil, 500, ErrInvalid},
		{"move in a year", func(a *Allocation) error { return a.Move(Move{From: "a", To: "b", Amount: 60, Year: iptr(2023)}) },
			map[string]map[int]float64{"a": {2023: 40, 2024: 300}, "b": {2023: 110, 2024: 50}}, 500, nil},
		{"move pro rata", func(a *Allocation) error { return a.Move(Move{From: "a", To: "b", Amount: 100}) },
			map[string]map[int]float64{"a": {2023: 75, 2024: 225}, "b": {2023: 75, 2024: 125}}, 500, nil},
		{"move to a new program", func(a *Allocation) error { return a.Move(Move{From: "idx", To: "idx2", Amount: 0.5, Year: iptr(2024)}) },
			map[string]map[int]float64{"idx": {2023: 1, 2024: 0.5}, "idx2": {2024: 0.5}}, 500, nil},
		{"move more than the year has", func(a *Allocation) error { return a.Move(Move{From: "b", To: "a", Amount: 51, Year: iptr(2023)}) }, nil, 500, ErrShortfall},
		{"move more than all years have", func(a *Allocation) error { return a.Move(Move{From: "b", To: "a", Amount: 101}) }, nil, 500, ErrShortfall},
		{"move money to an index", func(a *Allocation) error { return a.Move(Move{From: "a", To: "idx", Amount: 1}) }, nil, 500, ErrUnits},
		{"move nothing", func(a *Allocation) error { return a.Move(Move{From: "a", To: "b"}) }, nil, 500, ErrInvalid},
		{"shift a share", func(a *Allocation) error { return a.Shift(Shift{FromYear: 2024, ToYear: 2023, Share: fptr(0.5)}) },
			map[string]map[int]float64{"a": {2023: 250, 2024: 150}, "b": {2023: 75, 2024: 25}, "idx": {2023: 1.5, 2024: 0.5}}, 500, nil},
		{"shift an amount pro rata over budgeted programs", func(a *Allocation) error { return a.Shift(Shift{FromYear: 2024, ToYear: 2023, Amount: fptr(70)}) },
			map[string]map[int]float64{"a": {2023: 160, 2024: 240}, "b": {2023: 60, 2024: 40}, "idx": {2023: 1, 2024: 1}}, 500, nil},
		{"shift within listed programs", func(a *Allocation) error {
			return a.Shift(Shift{FromYear: 2023, ToYear: 2025, Amount: fptr(50), Programs: []string{"b"}})
		}, map[string]map[int]float64{"a": {2023: 100, 2024: 300}, "b": {2023: 0, 2024: 50, 2025: 50}}, 500, nil},
		{"shift from an empty year", func(a *Allocation) error { return a.Shift(Shift{FromYear: 2030, ToYear: 2023, Share: fptr(1)}) }, nil, 500, ErrNoFunding},
		{"shift more than the year has", func(a *Allocation) error { return a.Shift(Shift{FromYear: 2023, ToYear: 2024, Amount: fptr(151)}) }, nil, 500, ErrShortfall},
		{"shift without share or amount", func(a *Allocation) error { return a.Shift(Shift{FromYear: 2023, ToYear: 2024}) }, nil, 500, ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := plan()
			a := before.Clone("changed")
			err := tc.change(&a)
			if !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if got := a.Cost(); math.Abs(got-tc.cost) > 1e-9 {
				t.Errorf("cost %v, want %v", got, tc.cost)
			}
			for id, years := range tc.want {
				for y, v := range years {
					if got := a.Programs[id][y]; math.Abs(got-v) > 1e-9 {
						t.Errorf("%s %d: %v, want %v", id, y, got, v)
					}
				}
			}
			if got := before.Cost(); got != 500 || before.Programs["a"][2023] != 100 {
				t.Errorf("the change reached the allocation it was cloned from: cost %v", got)
			}
		})
	}
}

func TestCostCountsOnlyBudgetedPrograms(t *testing.T) {
	a := plan()
	if got := a.Cost(); got != 500 {
		t.Errorf("cost %v, want 500 (the index program costs nothing)", got)
	}
	a.Budgeted = nil
	if got := a.Cost(); got != 0 {
		t.Errorf("cost without budgeted programs %v, want 0", got)
	}
}
