package chart_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/povsim/povsim/analysis/chart"
	"gonum.org/v1/plot/vg"
)

func ExampleRates() {
	series := []chart.Band{
		{
			Name: "Baseline",
			X:    []float64{0, 1, 2, 3},
			Mean: []float64{0.02, 0.10, 0.16, 0.20},
			Lo:   []float64{0.01, 0.08, 0.13, 0.17},
			Hi:   []float64{0.03, 0.12, 0.19, 0.23},
		},
		{
			Name: "Cash transfer",
			X:    []float64{0, 1, 2, 3},
			Mean: []float64{0.02, 0.07, 0.11, 0.13},
			Lo:   []float64{0.01, 0.05, 0.09, 0.10},
			Hi:   []float64{0.03, 0.09, 0.13, 0.16},
		},
	}
	p, err := chart.Rates(chart.Labels{
		Title:    "Households back in poverty",
		X:        "Years since shock",
		Y:        "Share of households (%)",
		YPercent: true,
	}, series)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := chart.Render(p, &buf, "svg", 16*vg.Centimeter, 10*vg.Centimeter); err != nil {
		log.Fatal(err)
	}
	svg := buf.Bytes()
	fmt.Println("SVG:", bytes.HasPrefix(svg, []byte("<?xml")))
	fmt.Println("title:", bytes.Contains(svg, []byte("Households back in poverty")))
	fmt.Println("percent ticks:", bytes.Contains(svg, []byte(">20%<")))
	// Output:
	// SVG: true
	// title: true
	// percent ticks: true
}

func ExampleSave() {
	p, err := chart.GroupedBars(chart.Labels{
		Title: "Sensitivity of the 10-year return rate",
		X:     "Parameter",
		Y:     "Sobol index",
	}, []chart.Bar{
		{Group: "shock_probability", Name: "S1", Value: 0.45, Lo: 0.41, Hi: 0.49},
		{Group: "shock_probability", Name: "ST", Value: 0.50, Lo: 0.45, Hi: 0.55},
		{Group: "transfer_amount", Name: "S1", Value: 0.22, Lo: 0.18, Hi: 0.26},
		{Group: "transfer_amount", Name: "ST", Value: 0.29, Lo: 0.24, Hi: 0.34},
	})
	if err != nil {
		log.Fatal(err)
	}
	// The extension picks the format: .svg or .png.
	err = chart.Save(p, "sobol.txt")
	fmt.Println(err)
	// Output:
	// chart: Save sobol.txt: unknown format ".txt" (want "svg" or "png")
}
