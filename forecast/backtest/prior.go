package backtest

import (
	"math"
	"slices"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

// A forecast from two observations needs a prior pace, as a catalogue indicator with a baseline
// and a latest value takes one from a reference series or a family. The panel's series have no
// documented prior, so the prior of a forecast from origin t0 is read from the pool: the series of
// the same quantity in the prior part (the training part), excluding the forecast series' own geo,
// each fitted as a random walk with drift to its observations in the PriorYears years up to t0.
// The prior's pace is their mean drift, its spread the standard deviation of the drifts between
// places, its noise their median noise. Nothing after t0 and nothing of the forecast series
// itself enters it.

// PriorYears is the span, in years up to the origin, of the pool's observations a prior is read from.
const PriorYears = 10

// MinPool is the least number of pool series with a pace up to the origin that a prior needs; a
// forecast with fewer is left out.
const MinPool = 5

// Quantity is the key of a series' pool: the part of its name after the first "/" (the indicator of
// the panel's geo/indicator names), else its group.
func (s *Series) Quantity() string {
	if _, q, ok := strings.Cut(s.Name, "/"); ok {
		return q
	}
	return s.Group
}

// poolPace is one pool series' pace up to an origin.
type poolPace struct {
	geo          string
	drift, noise float64
}

// priorPool holds the prior part's series by quantity and remembers the paces read up to each
// origin year. It is used by one goroutine.
type priorPool struct {
	byQuantity map[string][]*Series
	defaults   forecast.Defaults
	paces      map[poolKey][]poolPace
}

type poolKey struct {
	quantity string
	year     int
}

func newPriorPool(series []Series, d forecast.Defaults) *priorPool {
	p := &priorPool{byQuantity: map[string][]*Series{}, defaults: d, paces: map[poolKey][]poolPace{}}
	for i := range series {
		s := &series[i]
		if q := s.Quantity(); q != "" {
			p.byQuantity[q] = append(p.byQuantity[q], s)
		}
	}
	return p
}

// prior is the prior pace of series s at origin year t0 in its transformed space, with false when
// the pool holds fewer than MinPool paces of other geos.
func (p *priorPool) prior(s *Series, t0 int) (forecast.Family, bool) {
	q := s.Quantity()
	if q == "" {
		return forecast.Family{}, false
	}
	key := poolKey{q, t0}
	paces, ok := p.paces[key]
	if !ok {
		paces = p.read(q, t0)
		p.paces[key] = paces
	}
	var drifts, noises []float64
	for _, pp := range paces {
		if !strings.EqualFold(pp.geo, s.Geo()) {
			drifts, noises = append(drifts, pp.drift), append(noises, pp.noise)
		}
	}
	if len(drifts) < MinPool {
		return forecast.Family{}, false
	}
	slices.Sort(noises)
	return forecast.Family{
		Pace:     mean(drifts),
		Spread:   sd(drifts),
		Noise:    median(noises),
		Evidence: "the training part's series of the same quantity up to the origin",
	}, true
}

// read fits every pool series of quantity q with three or more observations in the PriorYears
// years up to t0.
func (p *priorPool) read(q string, t0 int) []poolPace {
	var out []poolPace
	for _, s := range p.byQuantity[q] {
		var seen []scenarios.Observation
		for _, o := range s.Obs {
			if o.Year > t0-PriorYears && o.Year <= t0 {
				seen = append(seen, o)
			}
		}
		if len(seen) < 3 {
			continue
		}
		ind := scenarios.Indicator{Kind: s.Kind, Bounds: s.Bounds, Observations: seen}
		space := forecast.SpaceOf(&ind, p.defaults)
		pts := make([]forecast.YearZ, len(seen))
		for i, o := range seen {
			pts[i] = forecast.YearZ{Year: o.Year, Z: space.Z(o.Value)}
		}
		drift, noise, _ := forecast.FitWalk(pts)
		out = append(out, poolPace{s.Geo(), drift, noise})
	}
	return out
}

func mean(xs []float64) float64 {
	var m float64
	for _, x := range xs {
		m += x
	}
	return m / float64(len(xs))
}

func sd(xs []float64) float64 {
	m := mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// median of sorted values.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
