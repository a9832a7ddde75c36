package backtest

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/healthsim/healthsim/scenarios"
)

// Series is one observed time series: its name, an optional group for the scores by group, its
// kind and bounds (which fix the model's transform) and its observations in year order.
type Series struct {
	Name   string
	Group  string
	Unit   string
	Kind   scenarios.Kind
	Bounds scenarios.Bounds
	Obs    []scenarios.Observation
}

// Geo is the part of a series name before the first "/" (the whole name without one): the
// country in the embedded panel, whose series are named geo/indicator.
func (s *Series) Geo() string {
	geo, _, _ := strings.Cut(s.Name, "/")
	return geo
}

// Split names a part of a panel: the training part that defaults are tuned on, the held-out
// test part, or all series.
type Split string

// The splits.
const (
	All   Split = "all"
	Train Split = "train"
	Test  Split = "test"
)

// ParseSplit reads a split's name.
func ParseSplit(s string) (Split, error) {
	switch Split(s) {
	case All, Train, Test:
		return Split(s), nil
	}
	return "", fmt.Errorf("split %q: allowed: all, train, test", s)
}

// InTrain is the fixed rule that splits a panel: a series is in the training part when the
// FNV-1a hash of its geo (lower case) is not divisible by 3, so two thirds of the countries train
// and every series of a country falls on the same side.
func (s *Series) InTrain() bool {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(s.Geo())))
	return h.Sum32()%3 != 0
}

// Select returns the series of the split.
func Select(series []Series, split Split) []Series {
	if split == All || split == "" {
		return series
	}
	var out []Series
	for _, s := range series {
		if s.InTrain() == (split == Train) {
			out = append(out, s)
		}
	}
	return out
}
