package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/forecast/backtest"
	"github.com/healthsim/healthsim/plots"
)

// backtestFlags are the flags of healthsim backtest.
type backtestFlags struct {
	series     string
	horizons   string
	minHistory int
	window     int
	twoPoint   int
	runs       int64
	seed       uint64
	workers    int
	split      string
	format     string
	out        string
	font       string
	plan       string
	quiet      bool
}

func newBacktestCmd(e *env) *cobra.Command {
	f := &backtestFlags{}
	cmd := &cobra.Command{
		Use: "backtest",
		Example: `  healthsim backtest                                    # the embedded public panel
  healthsim backtest --series my-history.csv --horizons 1-3 --format json
  healthsim backtest --plan shaoxing-13th`,
		Short: "Forecast past years from the data before them and score the forecasts against what happened",
		Long: `backtest forecasts each series from every origin year with enough history, h = 1…5 years
ahead, from the data up to the origin only, with the status-quo model that run uses (no programme
effect), and scores the forecasts against the outcomes: coverage of the 50% and 90% intervals, the
interval score against a naive random walk with the series' own drift, the Brier score of
pseudo-targets against the naive forecast's, a reliability table and the PIT histogram.

Without --series it runs on the embedded public panel (Gapminder Systema Globalis, CC BY 4.0, and
China's national health statistics). A series file is CSV with columns series, year, value and
optionally kind (share, positive, level), lo, hi, unit, group.

--two-point GAP forecasts each series from two observations only, the origin's and the one GAP
years before it, as the catalogue's indicators with a baseline and a latest value are forecast:
their slope is shrunk toward a prior pace. The prior of a forecast from t0 is read from the
training part's series of the same quantity (the name after "/", else the group), other geos only,
over the 10 years up to t0; the naive forecast walks on with the two points' drift and the prior's
noise. A forecast whose quantity has fewer than 5 such series is left out.

--plan shaoxing-13th instead projects Shaoxing's physicians, nurses and beds per 1000 from their
2015 values with what was known then, and shows P(hit) of each 2020 target of its 13th plan beside
the outcome.

Outputs in --out: backtest.csv (one row per forecast), backtest.json and charts/ (reliability
diagram, coverage by horizon).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.plan != "" {
				return f.runPlan(cmd, e)
			}
			return f.run(cmd, e)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.series, "series", "", "CSV file of series (default: the embedded public panel)")
	fl.StringVar(&f.horizons, "horizons", "1-5", "years ahead to forecast: a range 1-5 or a list 1,3,5 (each 1–30)")
	fl.IntVar(&f.minHistory, "min-history", 3, "observations up to and including the origin a forecast needs (at least 3)")
	fl.IntVar(&f.window, "window", 10, "the most recent observations up to the origin a forecast sees (0: all)")
	fl.IntVar(&f.twoPoint, "two-point", 0, fmt.Sprintf("forecast from two observations GAP years apart, the origin's and one before it, as a catalogue indicator with a baseline and a latest value; the prior pace comes from the training part (1–%d; 0: off)", backtest.MaxTwoPointGap))
	fl.Int64Var(&f.runs, "runs", 2000, "Monte Carlo paths per forecast")
	fl.Uint64Var(&f.seed, "seed", 20250101, "random seed")
	fl.IntVar(&f.workers, "workers", 0, "concurrent workers (default: all cores)")
	fl.StringVar(&f.split, "split", "all", "series to score: all, train (two thirds of the countries, by a hash of the name's geo) or test (the rest)")
	fl.StringVar(&f.format, "format", "table", "terminal output: table, json or csv")
	fl.StringVar(&f.out, "out", "", "folder for backtest.csv, backtest.json and charts (nothing written when empty)")
	fl.StringVar(&f.plan, "plan", "", "score a real plan's record instead: shaoxing-13th")
	fl.StringVar(&f.font, "font", "", "CJK font file (TTF, OTF or TTC) for Chinese chart labels")
	fl.BoolVar(&f.quiet, "quiet", false, "no notes on stderr")
	return cmd
}

// options checks the flags and turns them into backtest options.
func (f *backtestFlags) options(cmd *cobra.Command) (backtest.Options, error) {
	var opt backtest.Options
	hs, err := parseHorizons(f.horizons)
	if err != nil {
		return opt, usageError{fmt.Errorf("--horizons %q: %w", f.horizons, err)}
	}
	changed := cmd.Flags().Changed
	switch {
	case f.twoPoint < 0 || f.twoPoint > backtest.MaxTwoPointGap:
		return opt, usageError{fmt.Errorf("--two-point %d: allowed: 1 to %d years between the two observations (0: off)", f.twoPoint, backtest.MaxTwoPointGap)}
	case f.twoPoint > 0 && (changed("min-history") || changed("window")):
		return opt, usageError{errors.New("--two-point sets what a forecast sees: leave out --min-history and --window")}
	case f.minHistory < backtest.MinHistoryFloor:
		return opt, usageError{fmt.Errorf("--min-history %d: allowed: %d or more", f.minHistory, backtest.MinHistoryFloor)}
	case f.window != 0 && f.window < f.minHistory:
		return opt, usageError{fmt.Errorf("--window %d: allowed: 0 (all) or at least --min-history (%d)", f.window, f.minHistory)}
	case f.runs < 100 || f.runs > 1_000_000:
		return opt, usageError{fmt.Errorf("--runs %d: allowed: 100 to 1000000", f.runs)}
	case changed("workers") && f.workers < 1:
		return opt, usageError{fmt.Errorf("--workers %d: allowed: 1 or more (leave it out for every core)", f.workers)}
	case f.format != "table" && f.format != "json" && f.format != "csv":
		return opt, usageError{fmt.Errorf("--format %q: allowed: table, json, csv", f.format)}
	}
	if _, err := backtest.ParseSplit(f.split); err != nil {
		return opt, usageError{fmt.Errorf("--split: %w", err)}
	}
	d, err := forecast.LoadDefaults()
	if err != nil {
		return opt, err
	}
	opt = backtest.Options{Horizons: hs, MinHistory: f.minHistory, Window: f.window, TwoPoint: f.twoPoint,
		Runs: f.runs, Seed: f.seed, Workers: f.workers, Defaults: d}
	if f.twoPoint > 0 {
		opt.MinHistory, opt.Window = 0, 0
	}
	return opt, nil
}

// parseHorizons reads "1-5" or "1,3,5".
func parseHorizons(s string) ([]int, error) {
	const maxH = 30
	var hs []int
	for _, part := range strings.Split(s, ",") {
		a, b, isRange := strings.Cut(strings.TrimSpace(part), "-")
		lo, err1 := strconv.Atoi(strings.TrimSpace(a))
		hi, err2 := lo, error(nil)
		if isRange {
			hi, err2 = strconv.Atoi(strings.TrimSpace(b))
		}
		if err1 != nil || err2 != nil || lo < 1 || hi > maxH || lo > hi {
			return nil, fmt.Errorf("allowed: whole years 1–%d as a range (1-5) or a list (1,3,5)", maxH)
		}
		for h := lo; h <= hi; h++ {
			if !slices.Contains(hs, h) {
				hs = append(hs, h)
			}
		}
	}
	return hs, nil
}

// load reads the series: the file given, or the embedded panel; then keeps the split's. Two-point
// forecasts read their priors from the training part, whatever the split.
func (f *backtestFlags) load(opt *backtest.Options) ([]backtest.Series, error) {
	var series []backtest.Series
	if f.series == "" {
		ps, err := backtest.Panel()
		if err != nil {
			return nil, err
		}
		series = ps
	} else {
		file, err := os.Open(f.series)
		if err != nil {
			return nil, usageError{fmt.Errorf("--series: %w", err)}
		}
		defer file.Close()
		series, err = backtest.ReadCSV(file, f.series, max(opt.MinHistory, 2))
		var ie *backtest.InputError
		if errors.As(err, &ie) {
			return nil, usageError{err}
		}
		if err != nil {
			return nil, err
		}
	}
	if opt.TwoPoint > 0 {
		opt.Priors = backtest.Select(series, backtest.Train)
	}
	split, _ := backtest.ParseSplit(f.split)
	series = backtest.Select(series, split)
	if len(series) == 0 {
		return nil, usageError{fmt.Errorf("--split %s: no series in this part", f.split)}
	}
	return series, nil
}

func (f *backtestFlags) run(cmd *cobra.Command, e *env) error {
	opt, err := f.options(cmd)
	if err != nil {
		return err
	}
	series, err := f.load(&opt)
	if err != nil {
		return err
	}
	start := time.Now()
	fs, err := backtest.Forecasts(cmd.Context(), series, opt)
	if errors.Is(err, backtest.ErrNoOrigin) {
		// The series and the flags leave nothing to forecast: the user's input, not a failure.
		src, seen := f.series, fmt.Sprintf("--min-history %d", f.minHistory)
		if src == "" {
			src = "the embedded panel"
		}
		if f.twoPoint > 0 {
			seen = fmt.Sprintf("--two-point %d", f.twoPoint)
		}
		return usageError{fmt.Errorf("%s with %s, --horizons %s, --split %s: %w", src, seen, f.horizons, f.split, err)}
	}
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	r := backtest.Score(fs)
	if f.out != "" {
		if err := f.write(cmd.Context(), e, fs, r, opt); err != nil {
			return err
		}
	}
	switch f.format {
	case "json":
		return writeJSON(e.stdout, f.doc(r, opt))
	case "csv":
		return writeCSV(e.stdout, backtestHeader, backtestRows(fs))
	}
	return printBacktest(e.stdout, r, len(series), opt, elapsed)
}

// write makes every output file in memory, then writes them.
func (f *backtestFlags) write(ctx context.Context, e *env, fs []backtest.Forecast, r backtest.Report, opt backtest.Options) error {
	b := newBundle()
	if err := b.addCSV("backtest.csv", backtestHeader, backtestRows(fs)); err != nil {
		return err
	}
	if err := b.addJSON("backtest.json", f.doc(r, opt)); err != nil {
		return err
	}
	fonts, hint, err := plots.LoadFonts(f.font)
	if err != nil {
		return usageError{fmt.Errorf("--font: %w", err)}
	}
	if hint != "" && !f.quiet {
		fmt.Fprintln(e.stderr, hint)
	}
	zh, en := "回测", "backtest"
	if opt.TwoPoint > 0 {
		zh, en = fmt.Sprintf("回测（两点相隔 %d 年）", opt.TwoPoint), fmt.Sprintf("backtest from two points %d years apart", opt.TwoPoint)
	}
	footer := footerLine(fonts,
		fmt.Sprintf("%s · %d 个预测 · 每个 %d 条路径 · 随机种子 %d", zh, len(fs), f.runs, f.seed),
		fmt.Sprintf("%s · %d forecasts · %d paths each · seed %d", en, len(fs), f.runs, f.seed))
	out := chartOutput{fonts: fonts, formats: []plots.Format{plots.PNG}, footer: footer}
	err = out.render(ctx, b, []chart{
		{"reliability", plots.Reliability(fonts, "", r.Reliability)},
		{"coverage", plots.Coverage(fonts, "", r.ByHorizon)},
	})
	if err != nil {
		return err
	}
	names, err := b.write(ctx, f.out)
	if err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(e.stderr, "wrote %d files to %s\n", len(names), filepath.Clean(f.out))
	}
	return nil
}

// backtestDoc is backtest.json and --format json: the scores and the settings that made them.
type backtestDoc struct {
	backtest.Report
	Settings backtestSettings `json:"settings"`
}

type backtestSettings struct {
	Series     string    `json:"series"` // the file, or "embedded"
	Split      string    `json:"split"`
	Horizons   []int     `json:"horizons"`
	MinHistory int       `json:"min_history"`
	Window     int       `json:"window"`
	TwoPoint   int       `json:"two_point,omitempty"` // years between a two-point forecast's observations
	Runs       int64     `json:"runs"`
	Seed       uint64    `json:"seed"`
	Version    string    `json:"version"`
	Pseudo     []float64 `json:"pseudo_target_steps"` // the multiples k of the pseudo-targets
}

func (f *backtestFlags) doc(r backtest.Report, opt backtest.Options) backtestDoc {
	series := f.series
	if series == "" {
		series = "embedded"
	}
	return backtestDoc{Report: r, Settings: backtestSettings{Series: series, Split: f.split, Horizons: opt.Horizons,
		MinHistory: opt.MinHistory, Window: opt.Window, TwoPoint: opt.TwoPoint, Runs: opt.Runs, Seed: opt.Seed, Version: version(),
		Pseudo: backtest.PseudoSteps()}}
}

var backtestHeader = []string{"series", "group", "t0", "h", "base", "outcome", "p05", "p10", "p25", "p50", "p75", "p90", "p95",
	"pit", "naive_mean", "naive_sd"}

func backtestRows(fs []backtest.Forecast) [][]string {
	rows := make([][]string, 0, len(fs))
	for _, f := range fs {
		row := []string{f.Series, f.Group, strconv.Itoa(f.Origin), strconv.Itoa(f.H), sig(f.Base), sig(f.Outcome)}
		for _, q := range f.Q {
			row = append(row, sig(q))
		}
		rows = append(rows, append(row, f4(f.PIT), sig(f.Naive.Mean), sig(f.Naive.SD)))
	}
	return rows
}

// printBacktest writes the terminal summary.
func printBacktest(w io.Writer, r backtest.Report, nSeries int, opt backtest.Options, elapsed time.Duration) error {
	seen := fmt.Sprintf("window %d", opt.Window)
	if opt.TwoPoint > 0 {
		seen = fmt.Sprintf("two observations %d years apart, prior from the training part", opt.TwoPoint)
	}
	fmt.Fprintf(w, "Backtest: %d forecasts of %d series (%d loaded), %d paths each, %s, in %.1fs.\n",
		r.N, r.Series, nSeries, opt.Runs, seen, elapsed.Seconds())
	fmt.Fprintln(w, "Coverage: share of outcomes inside the central interval. Skill: 1 − score/naive (above 0 beats a random walk with the series' own drift).")
	fmt.Fprintln(w)
	header := []string{"", "N", "COVER 50%", "COVER 90%", "INTERVAL SKILL 90%", "BRIER", "BRIER NAIVE", "TARGETS"}
	rows := [][]string{scoreRow("all", r.Scores)}
	for _, h := range r.ByHorizon {
		rows = append(rows, scoreRow(fmt.Sprintf("h = %d", h.H), h.Scores))
	}
	for _, g := range r.ByGroup {
		rows = append(rows, scoreRow(g.Group, g.Scores))
	}
	if err := table(w, header, rows, nil); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nReliability of pseudo-target probabilities:")
	var rel [][]string
	for _, b := range r.Reliability {
		rel = append(rel, []string{fmt.Sprintf("%.1f–%.1f", b.Lo, b.Hi), strconv.Itoa(b.N), f3(b.Predicted), f3(b.Observed), f3(b.Observed - b.Predicted)})
	}
	if err := table(w, []string{"PREDICTED", "N", "MEAN PREDICTED", "OBSERVED", "DIFFERENCE"}, rel, nil); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nPIT histogram (tenths, flat when calibrated): %v\n", r.PIT)
	return nil
}

func scoreRow(name string, s backtest.Scores) []string {
	return []string{name, strconv.Itoa(s.N), f3(s.Coverage50), f3(s.Coverage90), f3(s.IntervalSkill90), f4(s.Brier), f4(s.BrierNaive), strconv.Itoa(s.Targets)}
}

func f3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
