package scenarios_test

import (
	"bytes"
	"fmt"

	"github.com/povsim/povsim/scenarios"
)

// The calibration of the default embedded in povsim: the draws' header
// names the parameters it fitted (those of the targets file "published").
func ExampleCalibration() {
	b, err := scenarios.Calibration("draws.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	head, _, _ := bytes.Cut(b, []byte("\n"))
	fmt.Println(string(head))
	_, err = scenarios.Calibration("cache")
	fmt.Println(err)
	// Output:
	// draw,round,weight,distance,farming.yield_value,health.event_base,monitoring.detection,monitoring.exit_ratio
	// no embedded calibration file "cache" (want one of calibrated.yaml, draws.csv, fit.csv, provenance.json)
}
