package plots_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"
	"os"

	"gonum.org/v1/plot/vg"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/plots"
	"github.com/healthsim/healthsim/scenarios"
)

// A fan chart of one indicator, in Chinese when a CJK font is installed and in English otherwise.
func ExampleFan() {
	fonts, hint, err := plots.LoadFonts("") // or the file given by --font
	if err != nil {
		log.Fatal(err)
	}
	if hint != "" {
		fmt.Fprintln(os.Stderr, hint)
	}
	ir := forecast.IndicatorResult{
		ID: "huzhou_life_expectancy", Region: "huzhou", NameZH: "人均预期寿命", NameEN: "Life expectancy at birth", Unit: "岁",
		Observations: []scenarios.Observation{{Year: 2021, Value: 81.4}, {Year: 2022, Value: 81.6}},
		Trajectory: []forecast.Point{
			{Year: 2022, Q: []float64{81.6, 81.6, 81.6, 81.6, 81.6, 81.6, 81.6}},
			{Year: 2025, Q: []float64{81.9, 82.0, 82.2, 82.4, 82.6, 82.8, 82.9}},
			{Year: 2027, Q: []float64{82.0, 82.2, 82.5, 82.8, 83.1, 83.4, 83.6}},
		},
		Goals: []forecast.GoalResult{
			{Year: 2025, Test: scenarios.GE, Value: 82.5, PHit: 0.38, SE: 0.002},
			{Year: 2027, Test: scenarios.GE, Value: 82.7, PHit: 0.61, SE: 0.002},
		},
	}
	p, err := plots.Fan(fonts, ir)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plots.SavePNG(p, &buf, 16*vg.Centimeter, 10*vg.Centimeter); err != nil {
		log.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("pixels:", img.Bounds().Size())
	// Output: pixels: (945,591)
}
