package forecast

import (
	"encoding/json"
	"fmt"
	"math"
)

// MarshalJSON writes a summary so that shards run on other machines can be merged. An empty
// underflow or overflow bin has an infinite extreme, which JSON cannot hold: it is written as null.
func (s *Summary) MarshalJSON() ([]byte, error) {
	type plain Summary
	return json.Marshal(struct {
		*plain
		MinZ []*float64 `json:"min_z"`
		MaxZ []*float64 `json:"max_z"`
	}{(*plain)(s), finiteOrNil(s.MinZ), finiteOrNil(s.MaxZ)})
}

// UnmarshalJSON reads a summary written by MarshalJSON.
func (s *Summary) UnmarshalJSON(data []byte) error {
	type plain Summary
	aux := struct {
		*plain
		MinZ []*float64 `json:"min_z"`
		MaxZ []*float64 `json:"max_z"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	s.MinZ, s.MaxZ = orInf(aux.MinZ, 1), orInf(aux.MaxZ, -1)
	return nil
}

func finiteOrNil(xs []float64) []*float64 {
	out := make([]*float64, len(xs))
	for i := range xs {
		if !math.IsInf(xs[i], 0) {
			out[i] = &xs[i]
		}
	}
	return out
}

func orInf(ps []*float64, sign int) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		if p == nil {
			out[i] = math.Inf(sign)
		} else {
			out[i] = *p
		}
	}
	return out
}

// Check reports whether s has the shape of the model's summaries, so that it can be merged.
func (m *Model) Check(s *Summary) error {
	want := m.NewSummary()
	for _, f := range []struct {
		name      string
		got, want int
	}{
		{"hist", len(s.Hist), len(want.Hist)}, {"min_z", len(s.MinZ), len(want.MinZ)},
		{"max_z", len(s.MaxZ), len(want.MaxZ)}, {"hits", len(s.Hits), len(want.Hits)},
		{"sdg", len(s.SDG), len(want.SDG)}, {"gain", len(s.Gain), len(want.Gain)},
		{"loss", len(s.Loss), len(want.Loss)}, {"joint", len(s.Joint), len(want.Joint)},
		{"first", len(s.First), len(want.First)}, {"all_binding", len(s.AllBinding), len(want.AllBinding)},
		{"met_sq", len(s.MetSq), len(want.MetSq)}, {"diff_sq", len(s.DiffSq), len(want.DiffSq)},
	} {
		if f.got != f.want {
			return fmt.Errorf("summary field %s has %d entries, the model needs %d", f.name, f.got, f.want)
		}
	}
	return nil
}
