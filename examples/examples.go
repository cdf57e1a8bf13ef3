// Package examples holds the files the README's tour uses: a county's own
// scenario (my-county.yaml), a plan to compare with the baseline
// (my-plan.yaml) and a small sensitivity sweep (my-sweep.yaml). They are
// embedded so that `povsim scenarios init NAME` writes a commented
// starting scenario in any folder.
package examples

import (
	"bytes"
	_ "embed"
)

//go:embed my-county.yaml
var county []byte

// Scenario is a commented starting scenario named name: my-county.yaml
// with its name line replaced.
func Scenario(name string) []byte {
	return bytes.Replace(county, []byte("\nname: my-county\n"), []byte("\nname: "+name+"\n"), 1)
}
