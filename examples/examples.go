// Package examples holds the files the README's tour uses: a county's own
// scenario (my-county.yaml), a plan to compare with the baseline
// (my-plan.yaml) and a small sensitivity sweep (my-sweep.yaml). They are
// embedded so that `povsim scenarios init NAME` writes a commented
// starting scenario in any folder.
package examples

import (
	_ "embed"
	"fmt"
	"regexp"
)

//go:embed my-county.yaml
var county []byte

var (
	// firstParagraph is the header's first paragraph, which names the
	// example's own file.
	firstParagraph = regexp.MustCompile(`\A(?:#[^\n]*\n)*?#\n`)
	nameLine       = regexp.MustCompile(`(?m)^name: .*$`)
	descLine       = regexp.MustCompile(`(?m)^description: .*$`)
)

// Scenario is a commented starting scenario named name, to be written to
// name.yaml: my-county.yaml with a header naming name.yaml and how to run
// it, its name, and a description of a starting scenario.
func Scenario(name string) []byte {
	header := fmt.Sprintf("# %s.yaml: a starting scenario, written by `povsim scenarios init %s`.\n"+
		"# Change what your county does differently, then run it with:\n#   povsim run %s.yaml\n#\n", name, name, name)
	out := firstParagraph.ReplaceAllLiteral(county, []byte(header))
	out = nameLine.ReplaceAllLiteral(out, []byte("name: "+name))
	return descLine.ReplaceAllLiteral(out, []byte("description: A starting scenario from povsim scenarios init, the baseline with the example settings below (say here what yours changes)"))
}
