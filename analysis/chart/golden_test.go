package chart

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

var (
	update  = flag.Bool("update", false, "rewrite golden files")
	preview = flag.String("preview", "", "also write a PNG of each golden chart to this directory")
)

// goldenCharts builds one chart of each kind from the fixtures.
func goldenCharts() []struct {
	name  string
	build func() (*plot.Plot, error)
} {
	return []struct {
		name  string
		build func() (*plot.Plot, error)
	}{
		{"rates", func() (*plot.Plot, error) { return Rates(fixtureRates()) }},
		{"difference", func() (*plot.Plot, error) { return Difference(fixtureDifference()) }},
		{"costeffect", func() (*plot.Plot, error) { return CostEffect(fixtureCostEffect()) }},
		{"groupedbars", func() (*plot.Plot, error) { return GroupedBars(fixtureBars()) }},
		{"sobol", func() (*plot.Plot, error) { return GroupedBars(fixtureSobol()) }},
		{"scatter", func() (*plot.Plot, error) {
			l, x, y := fixtureScatter()
			return Scatter(l, x, y, 9)
		}},
		{"survival", func() (*plot.Plot, error) { return Survival(fixtureSurvival()) }},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCharts() {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := Render(p, &got, "svg", DefaultWidth, DefaultHeight); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if *preview != "" {
				if err := os.MkdirAll(*preview, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := SaveSize(p, filepath.Join(*preview, tc.name+".png"), DefaultWidth, DefaultHeight); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if err := sameSVG(got.Bytes(), want); err != nil {
				t.Errorf("%s differs from golden file: %v\n(run go test -update to accept the new output, after looking at it)", path, err)
			}
		})
	}
}

var number = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?`)

// sameSVG compares SVG texts, allowing numbers to differ by a hair:
// coordinates may differ in the last digit on platforms whose compiler
// fuses multiply-adds (arm64, ppc64, s390x).
func sameSVG(got, want []byte) error {
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
		if err1 != nil || err2 != nil || !approxEqual(gv, wv) {
			return fmt.Errorf("number differs at byte %d: got %q, want %q", g[0], snip(got, g[0]), snip(want, w[0]))
		}
		gpos, wpos = g[1], w[1]
	}
}

func approxEqual(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	scale := max(abs(a), abs(b), 1)
	return d <= 2e-4*scale
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func snip(b []byte, at int) string {
	return string(b[at:min(len(b), at+60)])
}

func TestSameSVG(t *testing.T) {
	a := []byte(`<path d="M10.123 20 L30 40"/>`)
	for _, tc := range []struct {
		b    string
		same bool
	}{
		{`<path d="M10.123 20 L30 40"/>`, true},
		{`<path d="M10.124 20 L30 40"/>`, true},
		{`<path d="M10.5 20 L30 40"/>`, false},
		{`<path d="M10.123 20 L30 40 Z"/>`, false},
		{`<line d="M10.123 20 L30 40"/>`, false},
	} {
		if err := sameSVG(a, []byte(tc.b)); (err == nil) != tc.same {
			t.Errorf("sameSVG(%q, %q) = %v, want same = %v", a, tc.b, err, tc.same)
		}
	}
}

// The SVG must not depend on the machine's fonts: text is measured with
// the Liberation fonts compiled into gonum/plot, and names metric-
// compatible fallbacks.
func TestSVGFonts(t *testing.T) {
	p, err := Rates(fixtureRates())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Render(p, &b, "svg", 4*vg.Inch, 3*vg.Inch); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte(svgFamily)) || !bytes.Contains(b.Bytes(), []byte(svgFallback)) {
		t.Errorf("SVG font families not replaced by %q", svgFallback)
	}
	if bytes.Contains(b.Bytes(), []byte("Serif")) {
		t.Errorf("SVG uses a serif font; want Liberation Sans throughout")
	}
}
