package web

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// firstScreen measures, in the page, whether the headline numbers, the
// rates chart (with its x-axis) and the Run button lie inside the window
// (content must also clear a Run bar fixed at the bottom), and whether the
// page is wider than the window.
const firstScreen = `(() => {
  const bar = document.getElementById("runbar");
  const fixed = getComputedStyle(bar).position === "fixed";
  const floor = window.innerHeight - (fixed ? bar.offsetHeight : 0);
  const out = [];
  const check = (sel, bottom) => {
    const e = document.querySelector(sel);
    if (!e) { out.push(sel + ": missing"); return; }
    const r = e.getBoundingClientRect();
    if (r.top < 0 || r.bottom > bottom + 0.5 || r.left < 0 || r.right > window.innerWidth + 0.5 || r.height === 0) {
      out.push(sel + ": " + [r.left, r.top, r.right, r.bottom].map(Math.round).join(",") + " outside " + window.innerWidth + "x" + Math.round(bottom));
    }
  };
  for (const sel of ["#card-ref-rate", "#card-alt-rate", "#card-diff", "#card-cost-alt", "#chart-rates canvas"]) check(sel, floor);
  check("#run", window.innerHeight);
  if (document.documentElement.scrollWidth > window.innerWidth) out.push("page is " + document.documentElement.scrollWidth + " px wide");
  return out;
})()`

// The classroom page at a projector's 1024×768 and 1366×768, a laptop's
// 1920×1080 and a phone's 390×844: after Run the headline numbers and the
// chart are inside the first screen, nothing is wider than the window, and
// results go stale (marked) when a lever moves, until the next run.
// Screenshots are left in e2eOutDir for a person to look at.
func TestServeBrowserScreens(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	exe := requireChromium(t)
	srv, err := New(Config{
		Limits:   Limits{MaxHouseholds: 1000},
		Defaults: Defaults{Households: 1000, Years: 15, Reps: 8, Seed: 1},
		Log:      log.New(tlogWriter{t}, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	out := e2eOutDir(t)
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-dev-shm-usage", true))
	defer acancel()
	for _, v := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{
		{"projector-1024x768", 1024, 768, false},
		{"laptop-1366x768", 1366, 768, false},
		{"desktop-1920x1080", 1920, 1080, false},
		{"phone-390x844", 390, 844, true},
	} {
		t.Run(v.name, func(t *testing.T) {
			ctx, cancel := chromedp.NewContext(actx)
			defer cancel()
			ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
			defer tcancel()
			shot := func(name string) {
				if b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
					os.WriteFile(filepath.Join(out, "classroom-"+v.name+"-"+name+".png"), b, 0o644)
				}
			}
			vp := chromedp.EmulateViewport(v.w, v.h)
			if v.mobile {
				vp = chromedp.EmulateViewport(v.w, v.h, chromedp.EmulateMobile, chromedp.EmulateScale(2))
			}
			if err := chromedp.Do(ctx, vp, chromedp.Navigate(ts.URL+"/"),
				chromedp.WaitVisible(`#progress[data-runs="1"]`)); err != nil {
				t.Fatalf("first run: %v", err)
			}
			// Move a lever: the results go stale.
			const staleJS = `[String(document.getElementById("results").dataset.stale), String(document.getElementById("stale").hidden)]`
			if err := chromedp.Do(ctx,
				chromedp.Focus(`#lever-transfers-subsidy-level`),
				chromedp.KeyEvent(strings.Repeat(kb.ArrowLeft, 10)),
			); err != nil {
				t.Fatalf("lever: %v", err)
			}
			stale, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](staleJS))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(stale) != "[true false]" {
				t.Errorf("after moving a lever: stale %v, want the results marked and the note shown", stale)
			}
			shot("stale")
			// Run: the marker goes, and the results are on the first screen.
			if err := chromedp.Do(ctx,
				chromedp.Click(`#run`),
				chromedp.WaitVisible(`#progress[data-runs="2"]`),
				chromedp.Sleep(200*time.Millisecond),
			); err != nil {
				t.Fatalf("run: %v", err)
			}
			problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](firstScreen))
			if err != nil {
				t.Fatal(err)
			}
			after, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](staleJS))
			if err != nil {
				t.Fatal(err)
			}
			shot("after-run")
			if len(problems) > 0 {
				t.Errorf("not on the first screen after Run: %s", strings.Join(problems, "; "))
			}
			if fmt.Sprint(after) != "[undefined true]" {
				t.Errorf("after the run: stale %v, want the mark and the note gone", after)
			}
			// The household's land adds up: contracted = farmed + rented out + idle.
			land, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#story .facts")].map(e => e.textContent).find(s => s.includes("mu contracted")) || ""`))
			if err != nil {
				t.Fatal(err)
			}
			var total, farmed, rented, idle float64
			if _, err := fmt.Sscanf(land[strings.Index(land, ": ")+2:], "%g mu contracted: %g farmed, %g rented out, %g idle", &total, &farmed, &rented, &idle); err != nil {
				t.Errorf("land %q: %v", land, err)
			} else if d := total - farmed - rented - idle; d > 0.05 || d < -0.05 {
				t.Errorf("land %q does not add up", land)
			}
		})
	}
}
