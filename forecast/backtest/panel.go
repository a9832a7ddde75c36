package backtest

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
)

// The embedded panel, one file per source; each file's header comments cite its source and
// licence.
var (
	//go:embed panel-gapminder.csv.gz
	panelGapminder []byte
	//go:embed panel-china.csv
	panelChina []byte
)

// Panel returns the embedded public panel: Gapminder's Systema Globalis (CC BY 4.0) for medical
// doctors per 1000, under-5 mortality, the out-of-pocket share of health spending and life
// expectancy (IHME estimates, no projections) of every country with at least 6 observed years
// from 1990, and China's national health statistics (physicians, nurses and beds per 1000, GPs
// per 10,000, life expectancy, infant, maternal and under-5 mortality, out-of-pocket share, health
// literacy; 2010–2024).
func Panel() ([]Series, error) {
	zr, err := gzip.NewReader(bytes.NewReader(panelGapminder))
	if err != nil {
		return nil, fmt.Errorf("backtest: embedded panel: %w", err)
	}
	gm, err := ReadCSV(zr, "panel-gapminder.csv", 1)
	if err != nil {
		return nil, fmt.Errorf("backtest: embedded panel: %w", err)
	}
	cn, err := ReadCSV(bytes.NewReader(panelChina), "panel-china.csv", 1)
	if err != nil {
		return nil, fmt.Errorf("backtest: embedded panel: %w", err)
	}
	return append(gm, cn...), nil
}
