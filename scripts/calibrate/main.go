// Command calibrate tunes the defaults that a pace fitted to an indicator's own history depends on
// (forecast/defaults.yaml: history.noise_scale, history.noise_floor, history.spread_noise,
// history.spread_pace, scale_uncertainty) on the training part of the embedded backtest panel, and
// reports the scores of the tuned values on the training and the held-out part.
//
//	go run ./scripts/calibrate [-start 1,0.5,0,0,0] [-runs 1000] [-rounds 4]
//
// With -two-point GAP it tunes instead the defaults of a pace read from two observations
// (two_point.slope_noise, two_point.prior_spread, two_point.spread_pace, two_point.noise_scale,
// two_point.scale_uncertainty) on the backtest of forecasts from two observations GAP years apart,
// whose priors come from the training part (healthsim backtest --two-point):
//
//	go run ./scripts/calibrate -two-point 5 [-start 1,1,0,1,0]
//
// Its loss adds 100 × Brier/Brier_naive to the one below, so that of two equally calibrated
// settings the sharper one wins: with two points the weight of the slope moves the forecasts'
// centre, which coverage alone does not judge.
//
// The search is a coordinate descent from -start: each value in turn moves by its step while the
// loss falls, and the steps halve when no move helps. The loss, on the training part only, is
//
//	Σ_h [((coverage90_h − 0.9)/0.03)² + ((coverage50_h − 0.5)/0.05)²] + Σ_bins ((observed − predicted)/0.07)² / 10
//
// over horizons 1–5 and the reliability bins with at least 100 pseudo-targets: the acceptance
// bands of the backtest (87–93%, 45–55%, ±0.07) as units. The held-out part is scored once, with
// the values found; it never steers the search.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/forecast/backtest"
)

// mode is what is tuned: the values' names in a fixed order, their search steps and starting
// point, how they set the defaults, and the backtest that scores them.
type mode struct {
	names    []string
	steps    []float64
	start    string
	with     func(d forecast.Defaults, x []float64) forecast.Defaults
	valid    func(x []float64) bool
	twoPoint int
}

// historyMode tunes the defaults of a pace fitted to three or more observations.
func historyMode() mode {
	return mode{
		names: []string{"history.noise_scale", "history.noise_floor", "history.spread_noise", "history.spread_pace", "scale_uncertainty"},
		steps: []float64{0.15, 0.05, 0.1, 0.05, 0.1},
		start: "1,0.5,0,0,0",
		with: func(d forecast.Defaults, x []float64) forecast.Defaults {
			d.History = forecast.HistoryFit{NoiseScale: x[0], NoiseFloor: x[1], SpreadNoise: x[2], SpreadPace: x[3]}
			d.ScaleUncertainty = x[4]
			return d
		},
		valid: func(x []float64) bool { return x[0] > 0 && x[4] <= 2 && min(x[1], x[2], x[3], x[4]) >= 0 },
	}
}

// twoPoint tunes the defaults of a pace read from two observations gap years apart.
func twoPoint(gap int) mode {
	return mode{
		names: []string{"two_point.slope_noise", "two_point.prior_spread", "two_point.spread_pace", "two_point.noise_scale", "two_point.scale_uncertainty"},
		steps: []float64{0.25, 0.25, 0.05, 0.15, 0.1},
		start: "1,1,0,1,0",
		with: func(d forecast.Defaults, x []float64) forecast.Defaults {
			d.TwoPoint = forecast.TwoPointFit{SlopeNoise: x[0], PriorSpread: x[1], SpreadPace: x[2], NoiseScale: x[3], ScaleUncertainty: x[4]}
			return d
		},
		valid:    func(x []float64) bool { return x[0] > 0 && x[3] > 0 && x[4] <= 2 && min(x[1], x[2], x[4]) >= 0 },
		twoPoint: gap,
	}
}

// usageError marks a bad flag: exit code 2, as the flag package gives for one it cannot parse.
type usageError struct{ error }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		if errors.As(err, new(usageError)) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run() error {
	start := flag.String("start", "", "starting values, comma-separated (default: "+historyMode().start+", or "+twoPoint(5).start+" with -two-point)")
	runs := flag.Int64("runs", 1000, "paths per forecast during the search")
	rounds := flag.Int("rounds", 4, "rounds of the coordinate descent")
	gap := flag.Int("two-point", 0, "tune the two-point defaults on forecasts from two observations this many years apart (0: the history defaults)")
	flag.Parse()
	m := historyMode()
	switch {
	case *gap < 0 || *gap > backtest.MaxTwoPointGap:
		return usageError{fmt.Errorf("-two-point %d: allowed: 1 to %d (0: the history defaults)", *gap, backtest.MaxTwoPointGap)}
	case *gap > 0:
		m = twoPoint(*gap)
	}
	if *runs < 100 || *runs > 1_000_000 {
		return usageError{fmt.Errorf("-runs %d: allowed: 100 to 1000000", *runs)}
	}
	if *rounds < 1 {
		return usageError{fmt.Errorf("-rounds %d: allowed: 1 or more", *rounds)}
	}
	if *start == "" {
		*start = m.start
	}
	x, err := m.parseStart(*start)
	if err != nil {
		return usageError{err}
	}
	panel, err := backtest.Panel()
	if err != nil {
		return err
	}
	d, err := forecast.LoadDefaults()
	if err != nil {
		return err
	}
	train, test := backtest.Select(panel, backtest.Train), backtest.Select(panel, backtest.Test)
	s := &search{ctx: context.Background(), mode: m, series: train, priors: train, base: d, runs: *runs, seen: map[string]float64{}}
	best, err := s.descend(x, *rounds)
	if err != nil {
		return err
	}
	fmt.Println("\ntuned values:")
	for i, n := range m.names {
		fmt.Printf("  %s: %g\n", n, best[i])
	}
	for _, part := range []struct {
		name   string
		series []backtest.Series
	}{{"training", train}, {"held-out", test}} {
		r, err := score(context.Background(), m, part.series, train, m.with(d, best), 2000)
		if err != nil {
			return err
		}
		fmt.Printf("\n%s part, 2000 paths per forecast:\n", part.name)
		report(r)
	}
	return nil
}

func (m mode) parseStart(s string) ([]float64, error) {
	names := m.names
	parts := strings.Split(s, ",")
	if len(parts) != len(names) {
		return nil, fmt.Errorf("-start %q: want %d values (%s)", s, len(names), strings.Join(names, ","))
	}
	x := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("-start: %s %q is not a number ≥ 0", names[i], p)
		}
		x[i] = v
	}
	return x, nil
}

// search evaluates the loss of values on the training series, remembering each evaluation.
type search struct {
	ctx    context.Context
	mode   mode
	series []backtest.Series
	priors []backtest.Series
	base   forecast.Defaults
	runs   int64
	seen   map[string]float64
}

func (s *search) loss(x []float64) (float64, error) {
	key := fmt.Sprint(x)
	if l, ok := s.seen[key]; ok {
		return l, nil
	}
	if !s.mode.valid(x) {
		return math.Inf(1), nil
	}
	r, err := score(s.ctx, s.mode, s.series, s.priors, s.mode.with(s.base, x), s.runs)
	if err != nil {
		return 0, err
	}
	l := Loss(r)
	if s.mode.twoPoint > 0 {
		l += 100 * r.Brier / r.BrierNaive
	}
	s.seen[key] = l
	fmt.Printf("loss %8.3f at %v:", l, x)
	for _, h := range r.ByHorizon {
		fmt.Printf(" h%d %.3f/%.3f", h.H, h.Coverage50, h.Coverage90)
	}
	fmt.Printf(" Brier %.4f (naive %.4f)\n", r.Brier, r.BrierNaive)
	return l, nil
}

// descend runs the coordinate descent from x.
func (s *search) descend(x []float64, rounds int) ([]float64, error) {
	best, err := s.loss(x)
	if err != nil {
		return nil, err
	}
	step := append([]float64(nil), s.mode.steps...)
	for range rounds {
		moved := false
		for i := range x {
			for _, dir := range []float64{1, -1} {
				for {
					y := append([]float64(nil), x...)
					y[i] = math.Round((y[i]+dir*step[i])*1e6) / 1e6
					l, err := s.loss(y)
					if err != nil {
						return nil, err
					}
					if l >= best {
						break
					}
					best, x, moved = l, y, true
				}
			}
		}
		if !moved {
			for i := range step {
				step[i] /= 2
			}
		}
	}
	return x, nil
}

// Loss is the calibration loss of a backtest report (see the package comment).
func Loss(r backtest.Report) float64 {
	var l float64
	for _, h := range r.ByHorizon {
		l += math.Pow((h.Coverage90-0.9)/0.03, 2) + math.Pow((h.Coverage50-0.5)/0.05, 2)
	}
	for _, b := range r.Reliability {
		if b.N >= 100 {
			l += math.Pow((b.Observed-b.Predicted)/0.07, 2) / 10
		}
	}
	return l
}

// score backtests the series with the defaults d as healthsim backtest does: from the last 10
// observations, or from two observations with priors from the training part.
func score(ctx context.Context, m mode, series, train []backtest.Series, d forecast.Defaults, runs int64) (backtest.Report, error) {
	opt := backtest.Options{Horizons: []int{1, 2, 3, 4, 5}, MinHistory: 3, Window: 10, Runs: runs, Seed: 20250101, Defaults: d}
	if m.twoPoint > 0 {
		opt.MinHistory, opt.Window, opt.TwoPoint, opt.Priors = 0, 0, m.twoPoint, train
	}
	fs, err := backtest.Forecasts(ctx, series, opt)
	if err != nil {
		return backtest.Report{}, err
	}
	if len(fs) == 0 {
		return backtest.Report{}, errors.New("no forecasts")
	}
	return backtest.Score(fs), nil
}

func report(r backtest.Report) {
	fmt.Printf("  %d forecasts; Brier %.4f, naive %.4f\n", r.N, r.Brier, r.BrierNaive)
	for _, h := range r.ByHorizon {
		fmt.Printf("  h = %d: n %d, coverage 50%% %.3f, 90%% %.3f\n", h.H, h.N, h.Coverage50, h.Coverage90)
	}
	worst := 0.0
	for _, b := range r.Reliability {
		if b.N >= 100 {
			worst = max(worst, math.Abs(b.Observed-b.Predicted))
		}
	}
	fmt.Printf("  largest reliability gap (bins with ≥ 100): %.3f\n", worst)
}
