// Package golden holds what the golden-file tests of the chart and report
// packages share: comparing an SVG with its golden file.
package golden

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
)

var number = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?`)

// SameSVG compares SVG texts, allowing numbers to differ by a hair (2·10⁻⁴
// relative, or absolute below 1): coordinates may differ in the last digit
// on platforms whose compiler fuses multiply-adds (arm64, ppc64, s390x).
// Everything between the numbers must be the same.
func SameSVG(got, want []byte) error {
	if bytes.Equal(got, want) {
		return nil
	}
	gi := number.FindAllIndex(got, -1)
	wi := number.FindAllIndex(want, -1)
	gpos, wpos := 0, 0
	for k := 0; ; k++ {
		if k >= len(gi) || k >= len(wi) {
			if len(gi) != len(wi) || !bytes.Equal(got[gpos:], want[wpos:]) {
				return fmt.Errorf("text differs near byte %d: got %q, want %q", gpos, snip(got, gpos), snip(want, wpos))
			}
			return nil
		}
		g, w := gi[k], wi[k]
		if !bytes.Equal(got[gpos:g[0]], want[wpos:w[0]]) {
			return fmt.Errorf("text differs near byte %d: got %q, want %q", gpos, snip(got, gpos), snip(want, wpos))
		}
		gv, err1 := strconv.ParseFloat(string(got[g[0]:g[1]]), 64)
		wv, err2 := strconv.ParseFloat(string(want[w[0]:w[1]]), 64)
		if err1 != nil || err2 != nil || math.Abs(gv-wv) > 2e-4*max(math.Abs(gv), math.Abs(wv), 1) {
			return fmt.Errorf("number differs at byte %d: got %q, want %q", g[0], snip(got, g[0]), snip(want, w[0]))
		}
		gpos, wpos = g[1], w[1]
	}
}

func snip(b []byte, at int) string { return string(b[at:min(len(b), at+60)]) }
