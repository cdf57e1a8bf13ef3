package scenarios

import (
	"embed"
	"fmt"
	"strings"
)

// The calibration of the default baseline, embedded: `povsim calibrate
// published` run by scripts/calibrate-default.sh (docs/MODEL.md §12).
//
//go:embed calibrated/calibrated.yaml calibrated/draws.csv calibrated/fit.csv calibrated/provenance.json
var calibrated embed.FS

// CalibrationFiles are the files of the embedded calibration.
var CalibrationFiles = []string{"calibrated.yaml", "draws.csv", "fit.csv", "provenance.json"}

// Calibration returns a file of the calibration of the default embedded in
// povsim: calibrated.yaml (the baseline with the fitted values), draws.csv
// (the parameter draws `--draws default` runs on), fit.csv (each target
// against the model) or provenance.json (how it was made).
func Calibration(name string) ([]byte, error) {
	b, err := calibrated.ReadFile("calibrated/" + name)
	if err != nil {
		return nil, fmt.Errorf("no embedded calibration file %q (want one of %s)", name, strings.Join(CalibrationFiles, ", "))
	}
	return b, nil
}
