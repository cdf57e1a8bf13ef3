package report

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var screenshots = flag.String("screenshots", "", "keep the headless browser's screenshots of the report in this folder")

// chromium finds a Chromium or Chrome binary; scripts/browser/install.sh
// installs Debian's chromium.
func chromium() string {
	for _, b := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(b); err == nil {
			return p
		}
	}
	return ""
}

// headless runs the browser on a file with extra arguments and returns its
// standard output.
func headless(ctx context.Context, bin, file string, args ...string) ([]byte, error) {
	profile, err := os.MkdirTemp("", "povsim-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+file)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", bin, err, errb.String())
	}
	return out.Bytes(), nil
}

// TestBrowserRendersReport opens the report in headless Chromium, as a
// planner's colleague would: on a desktop and on a phone it takes
// screenshots and checks that the charts are drawn (pixels of the charts'
// line colours, which the page's own style never uses, spread down the
// page), and it checks the DOM the browser built for every chart and
// table.
func TestBrowserRendersReport(t *testing.T) {
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no chromium on PATH: run scripts/browser/install.sh (Debian's chromium) before the tests")
		}
		t.Skip("no chromium on PATH: scripts/browser/install.sh installs Debian's; skipped (set CI=true to make this a failure)")
	}
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, _ = filepath.Abs(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, writeReport(t, fixtureInput(t)), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	type shot struct {
		name string
		w, h int
	}
	shots := []shot{{"desktop", 1200, 8000}, {"phone", 390, 10400}} // tall enough to hold the charts below the answer, the causes and the wall
	var wg sync.WaitGroup
	errs := make([]error, len(shots)+1)
	var dom []byte
	for i, s := range shots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = headless(ctx, bin, file, "--screenshot="+filepath.Join(dir, s.name+".png"), fmt.Sprintf("--window-size=%d,%d", s.w, s.h))
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		dom, errs[len(shots)] = headless(ctx, bin, file, "--dump-dom")
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)

	for _, s := range shots {
		img := readPNG(t, filepath.Join(dir, s.name+".png"))
		if b := img.Bounds(); b.Dx() != s.w || b.Dy() != s.h {
			t.Errorf("%s: screenshot %v, want %d×%d", s.name, b, s.w, s.h)
		}
		st := inkStats(img)
		t.Logf("%s: %.1f%% of pixels not white; chart colours: %v; chart pixels from y = %d to %d",
			s.name, 100*st.ink, st.colours, st.top, st.bottom)
		if st.ink < 0.04 {
			t.Errorf("%s: the page is nearly blank (%.1f%% of pixels not white)", s.name, 100*st.ink)
		}
		for name, n := range st.colours {
			if n < 1500 {
				t.Errorf("%s: %d pixels of the charts' %s; the charts are not drawn", s.name, n, name)
			}
		}
		// The charts start below the headline and go on down the page:
		// seven of them take thousands of pixels.
		if st.bottom-st.top < 3000 {
			t.Errorf("%s: chart colours only between y = %d and %d", s.name, st.top, st.bottom)
		}
	}

	// The DOM the browser built: every chart twice (wide and narrow),
	// every table, the SVG text of the charts.
	d := string(dom)
	if n := strings.Count(d, "<svg"); n != 2*len(wantFigures) {
		t.Errorf("%d <svg> in the DOM, want %d", n, 2*len(wantFigures))
	}
	for _, id := range append(append([]string(nil), wantFigures...), wantTables...) {
		if !strings.Contains(d, `id="`+id+`"`) {
			t.Errorf("no %s in the DOM", id)
		}
	}
	for _, s := range []string{"Formerly poor households back in poverty", "Difference to baseline", "Cost and effect",
		"Return to poverty by household type", "have not fallen back", "Chance of falling back", "How long a return lasts"} {
		if !strings.Contains(d, s) {
			t.Errorf("no chart titled %q in the DOM", s)
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

type stats struct {
	ink         float64        // share of pixels not (nearly) white
	colours     map[string]int // pixels of each chart line colour
	top, bottom int            // rows of the first and last chart-coloured pixel
}

// chartColours are the first three Okabe–Ito colours, those of the
// fixture's three scenarios; the page's style uses none of them.
var chartColours = map[string][3]int{
	"blue":         {0x00, 0x72, 0xB2},
	"vermillion":   {0xD5, 0x5E, 0x00},
	"bluish green": {0x00, 0x9E, 0x73},
}

func inkStats(img image.Image) stats {
	b := img.Bounds()
	st := stats{colours: map[string]int{}, top: -1}
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
			if c[0] < 245 || c[1] < 245 || c[2] < 245 {
				ink++
			}
			for name, want := range chartColours {
				if abs(float64(c[0]-want[0]))+abs(float64(c[1]-want[1]))+abs(float64(c[2]-want[2])) <= 30 {
					st.colours[name]++
					if st.top < 0 {
						st.top = y
					}
					st.bottom = y
				}
			}
		}
	}
	st.ink = float64(ink) / float64(b.Dx()*b.Dy())
	return st
}
