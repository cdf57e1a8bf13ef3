package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"log"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// findChromium looks for Debian's chromium (or another Chrome) on PATH.
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireChromium returns the browser to drive. Without one it skips,
// except on CI (CI=true), where it installs Debian's chromium with the
// project's script and fails if that is not possible.
func requireChromium(t *testing.T) string {
	t.Helper()
	if p := findChromium(); p != "" {
		return p
	}
	if os.Getenv("CI") != "true" {
		t.Skip("chromium not found: run scripts/browser/install.sh (installs Debian's chromium) to run the browser test")
	}
	script, err := filepath.Abs(filepath.Join("..", "scripts", "browser", "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", script).CombinedOutput()
	if err != nil {
		t.Fatalf("CI: chromium is missing and %s failed (%v):\n%s", script, err, out)
	}
	p := findChromium()
	if p == "" {
		t.Fatalf("CI: %s ran but no chromium is on PATH:\n%s", script, out)
	}
	return p
}

// e2eOutDir is where the browser test leaves its screenshots:
// $POVSIM_E2E_OUT, or web/testdata/out (ignored by git).
func e2eOutDir(t *testing.T) string {
	dir := os.Getenv("POVSIM_E2E_OUT")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// parseShown reads a number off the page: "6.4%", "+2.1 points", "¥18.31 M",
// "−3.08", "+421".
func parseShown(t *testing.T, s string) float64 {
	t.Helper()
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\u2212", "-")
	for _, cut := range []string{"%", " points", " M", "¥", ","} {
		s = strings.ReplaceAll(s, cut, "")
	}
	s = strings.TrimPrefix(s, "+")
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatalf("cannot read a number from %q: %v", s, err)
	}
	return x
}

// unitOf is the last shown digit's unit of a number on the page: 0.001
// for "+0.012 points".
func unitOf(s string) float64 {
	f := strings.Fields(strings.NewReplacer("%", " ", "\u2212", "-").Replace(s))
	if len(f) == 0 {
		return 1
	}
	_, frac, ok := strings.Cut(f[0], ".")
	if !ok {
		return 1
	}
	return math.Pow(10, -float64(len(frac)))
}

// TestServeBrowserEndToEnd loads the page in headless Chromium, moves the
// subsidy slider, runs, waits for the chart to update and checks that the
// numbers on the page are the API's for the same request.
func TestServeBrowserEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	exe := requireChromium(t)
	hh, reps := 2000, 50 // the village-size run of the issue
	if raceEnabled {
		hh, reps = 600, 12
	}
	// The page runs a scenario at its own size within the server's limits:
	// the limit keeps the run at the village's size.
	// With the embedded draws, as povsim serve has them by default.
	draws, err := calibrate.OpenDraws(calibrate.DefaultDraws)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Limits: Limits{MaxHouseholds: hh}, Defaults: Defaults{Households: hh, Years: 15, Reps: reps, Seed: 1},
		Log: log.New(tlogWriter{t}, "", 0), Draws: draws})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1600, 1000),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer acancel()

	// Collect JavaScript exceptions and console or browser errors (a
	// blocked resource or a CSP violation shows up there).
	var mu sync.Mutex
	var problems []string
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdpruntime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			problems = append(problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *cdpruntime.EventConsoleAPICalled:
			if ev.Type == cdpruntime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				problems = append(problems, "console.error: "+strings.Join(parts, " "))
			}
		case *cdplog.EventEntryAdded:
			// The bad upload below is answered 400 on purpose.
			if ev.Entry.Level == cdplog.EntryLevelError && !strings.Contains(ev.Entry.URL, "filename=bad.yaml") {
				problems = append(problems, "browser: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	}))
	defer cancel()
	bctx := ctx
	ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	defer tcancel()
	out := e2eOutDir(t)
	fail := func(step string, err error) {
		t.Helper()
		// Keep a picture of the page as it was.
		sctx, scancel := context.WithTimeout(bctx, 10*time.Second)
		if shot, serr := chromedp.Run(sctx, chromedp.FullScreenshot(100)); serr == nil {
			os.WriteFile(filepath.Join(out, "classroom-failure.png"), shot, 0o644)
		}
		scancel()
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("browser, %s: %v (problems seen: %v)", step, err, problems)
	}

	if err := chromedp.Do(bctx); err != nil { // start the browser and attach the tab (it lives as long as bctx)
		fail("start", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		fail("log.enable", err)
	}
	// The page runs the scenario once when it opens.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#progress[data-runs="1"]`)),
	); err != nil {
		fail("first run", err)
	}
	first, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		fail("screenshot", err)
	}
	os.WriteFile(filepath.Join(out, "classroom-first-run.png"), first, 0o644)

	// The panel on how well the model matches what is known: the baseline's
	// wall.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#wall:not([data-state="loading"]) #wall-verdict`))); err != nil {
		fail("validation panel", err)
	}
	wall, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("wall").dataset.state + " | " + document.querySelectorAll("#wall-table tbody tr").length + " | " + document.getElementById("wall-verdict").textContent`))
	if err != nil {
		fail("validation panel text", err)
	}
	if want := "ready | 17 | povsim's baseline "; !strings.HasPrefix(wall, want) {
		t.Errorf("validation panel: %q, want %q…", wall, want)
	}

	// Move the detection slider away and back: the baseline's calibrated
	// 0.4546 sits between the slider's 5% steps, and the slider back where it
	// started is no change (it sent 0.45, a changed lever).
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`#lever-monitoring-detection`)),
		chromedp.KeyEvent(strings.Repeat(kb.ArrowRight, 2)),
		chromedp.KeyEvent(strings.Repeat(kb.ArrowLeft, 2)),
	); err != nil {
		fail("detection slider", err)
	}
	// Move the subsidy slider with the keyboard: ten steps of 5% down, 100% → 50%.
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`#lever-transfers-subsidy-level`)),
		chromedp.KeyEvent(strings.Repeat(kb.ArrowLeft, 10)),
	); err != nil {
		fail("slider", err)
	}
	slider, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.lever[data-path="transfers.subsidy.level"] .lever-value`)))
	if err != nil {
		fail("slider value", err)
	}
	if slider != "50%" {
		t.Errorf("subsidy slider shows %q after ten steps left, want 50%%", slider)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`Array.from(window.povsim.charts.income.data[4])`))
	if err != nil {
		fail("chart before", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#run`)),
		chromedp.WaitVisible(chromedp.CSS(`#progress[data-runs="2"]`)),
	); err != nil {
		fail("second run", err)
	}

	// What the page shows, and what it asked.
	ids := []string{"first-year", "final-year", "card-ref-rate", "card-alt-rate", "card-income", "card-diff", "card-diff-ci", "card-diff-income",
		"card-cost-ref", "card-cost-alt", "card-cost-diff", "card-poor-years", "card-poor-years-title", "card-poor-years-sub"}
	shown := map[string]string{}
	for _, id := range ids {
		if shown[id], err = chromedp.Run(ctx, chromedp.Text(chromedp.ID(id))); err != nil {
			fail("read #"+id, err)
		}
	}
	reqJSON, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.povsim.last.request)`))
	if err != nil {
		fail("request", err)
	}
	// Every series of the yearly charts (data[0] is the years): means, lows
	// and highs of the comparison (1–3) and the class's policy (4–6), or
	// the difference (1–3).
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][][]any](
		`Object.fromEntries(["rates", "income", "diff", "diffIncome"].map((k) => [k, window.povsim.charts[k].data.map((s) => Array.from(s))]))`))
	if err != nil {
		fail("charts", err)
	}
	chartAlt := charts["income"][4]
	t.Logf("page shows %v", shown)
	note, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("interval-note")))
	if err != nil {
		fail("interval note", err)
	}
	if !strings.Contains(reqJSON, `"draws":true`) || !strings.Contains(note, "uncertainty of the model's calibrated parameters") {
		t.Errorf("the page asked %s and says %q: want it to run on the server's draws and say so", reqJSON, note)
	}
	if fmt.Sprint(before) == fmt.Sprint(chartAlt) {
		t.Errorf("the chart did not change after the run: %v", chartAlt)
	}

	// Ask the API the same question.
	var req RunRequest
	if err := json.Unmarshal([]byte(reqJSON), &req); err != nil {
		t.Fatalf("the page's request %s: %v", reqJSON, err)
	}
	if got := req.Levers["transfers.subsidy.level"]; got != 0.5 {
		t.Errorf("the page sent subsidy level %v, want 0.5 (levers %v)", got, req.Levers)
	}
	if len(req.Levers) != 1 {
		t.Errorf("the page sent levers %v, want only the subsidy (the detection slider is back where it started)", req.Levers)
	}
	req.Client = ""
	res := postRun(t, ts.URL, req)
	n := len(res.Years) - 1

	near := func(id string, want, unit float64) {
		t.Helper()
		got := parseShown(t, shown[id])
		if math.Abs(got-want) > unit/2+1e-9 {
			t.Errorf("%s shows %q (%v), the API says %v", id, shown[id], got, want)
		}
	}
	if shown["final-year"] != strconv.Itoa(res.Years[n]) || shown["first-year"] != strconv.Itoa(res.Years[0]) {
		t.Errorf("years shown %q–%q, API %d–%d", shown["first-year"], shown["final-year"], res.Years[0], res.Years[n])
	}
	// The headline is the registered return a year over the run (two
	// decimals, the difference three), income poverty beside it.
	near("card-ref-rate", 100*res.Ref.MeanRegistered.Mean, unitOf(shown["card-ref-rate"]))
	near("card-alt-rate", 100*res.Alt.MeanRegistered.Mean, unitOf(shown["card-alt-rate"]))
	near("card-diff", 100*res.Diff.MeanRegistered.Mean, unitOf(shown["card-diff"]))
	if unitOf(shown["card-ref-rate"]) > 0.01 {
		t.Errorf("registered returns shown as %q: want at least two decimals", shown["card-ref-rate"])
	}
	inc := strings.Fields(shown["card-income"]) // "Income poverty: 1.9% → 2.8%"
	if len(inc) < 5 || inc[0] != "Income" || inc[3] != "→" {
		t.Fatalf("card-income shows %q", shown["card-income"])
	}
	shown["income-ref"], shown["income-alt"] = inc[2], inc[4]
	near("income-ref", 100*res.Ref.MeanRate.Mean, 0.1)
	near("income-alt", 100*res.Alt.MeanRate.Mean, 0.1)
	dinc := strings.Fields(shown["card-diff-income"]) // "Income poverty: +0.9 points (+0.5 to +1.3)"
	if len(dinc) < 4 || dinc[3] != "points" {
		t.Fatalf("card-diff-income shows %q", shown["card-diff-income"])
	}
	shown["income-diff"] = dinc[2]
	near("income-diff", 100*res.Diff.MeanRate.Mean, 0.1)
	near("card-cost-ref", res.Ref.CostPerYear.Mean/1e6, 0.01)
	near("card-cost-alt", res.Alt.CostPerYear.Mean/1e6, 0.01)
	// "71 more" or "12 fewer" household-years in poverty.
	py := strings.Fields(shown["card-poor-years"])
	if len(py) != 2 || (py[1] == "fewer") != (res.Diff.PoorYears.Mean < 0) {
		t.Errorf("card-poor-years shows %q, the API says %v", shown["card-poor-years"], res.Diff.PoorYears.Mean)
	} else if math.Abs(parseShown(t, py[0])-math.Abs(res.Diff.PoorYears.Mean)) > 0.5+1e-9 {
		t.Errorf("card-poor-years shows %q, the API says %v", shown["card-poor-years"], res.Diff.PoorYears.Mean)
	}
	// It counts income poverty, beside a headline of registered returns:
	// it says so.
	if !strings.Contains(shown["card-poor-years-title"], "income poverty") || !strings.HasPrefix(shown["card-poor-years-sub"], "Income poverty: ") {
		t.Errorf("the poor-years card reads %q / %q: want it to say it counts income poverty", shown["card-poor-years-title"], shown["card-poor-years-sub"])
	}
	ci := strings.Fields(strings.ReplaceAll(shown["card-diff-ci"], "\u2212", "-"))
	if len(ci) < 5 {
		t.Fatalf("interval text %q", shown["card-diff-ci"])
	}
	shown["lo"], shown["hi"] = ci[2], ci[4]
	near("lo", 100*res.Diff.MeanRegistered.Lo, unitOf(shown["lo"]))
	near("hi", 100*res.Diff.MeanRegistered.Hi, unitOf(shown["hi"]))
	// "¥0.45 M a year saved" or "… more": the sign is in the word.
	cd, sign := shown["card-cost-diff"], 1.0
	if strings.HasSuffix(cd, " saved") {
		sign = -1
	}
	cd = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(cd, " saved"), " more"), " a year")
	shown["cost-diff"] = cd
	if got := sign * parseShown(t, cd); math.Abs(got-res.Diff.CostPerYear.Mean/1e6) > 0.005+1e-9 {
		t.Errorf("card-cost-diff shows %q, the API says %v M", shown["card-cost-diff"], res.Diff.CostPerYear.Mean/1e6)
	}

	// The charts hold the API's curves: registered returns (the headline
	// chart, "rates") and income poverty beside them, for both scenarios
	// with their intervals, and the two differences.
	sameCurve := func(chart string, series int, want []analysis.Estimate, part string) {
		t.Helper()
		got := charts[chart][series]
		if len(got) != len(want) {
			t.Fatalf("chart %s series %d has %d points, API %d years", chart, series, len(got), len(want))
		}
		for i, v := range got {
			w := map[string]float64{"mean": want[i].Mean, "lo": want[i].Lo, "hi": want[i].Hi}[part]
			if x, ok := v.(float64); !ok || math.Abs(x-100*w) > 1e-9 {
				t.Errorf("chart %s series %d (%s) point %d = %v, API %v", chart, series, part, i, v, 100*w)
			}
		}
	}
	for _, c := range []struct {
		chart    string
		ref, alt []analysis.Estimate
	}{{"rates", res.Ref.Registered, res.Alt.Registered}, {"income", res.Ref.ReturnRate, res.Alt.ReturnRate}} {
		for k, part := range []string{"mean", "lo", "hi"} {
			sameCurve(c.chart, 1+k, c.ref, part)
			sameCurve(c.chart, 4+k, c.alt, part)
		}
	}
	for k, part := range []string{"mean", "lo", "hi"} {
		sameCurve("diff", 1+k, res.Diff.Registered, part)
		sameCurve("diffIncome", 1+k, res.Diff.ReturnRate, part)
	}
	// Pointing at a year reads both measures out, registered returns first.
	read, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const u = window.povsim.charts.rates;
		u.setCursor({ left: u.valToPos(u.data[0][0], "x"), top: 10 }); return document.getElementById("readout-rates").textContent; })()`))
	if err != nil {
		fail("readout", err)
	}
	t.Logf("readout: %s", read)
	if r, i := strings.Index(read, "Registered returns: "), strings.Index(read, "Income poverty: "); !strings.HasPrefix(read, strconv.Itoa(res.Years[0])+": ") || r < 0 || i < r {
		t.Errorf("pointing at %d reads %q: want the year, then registered returns, then income poverty", res.Years[0], read)
	}
	if !slices.ContainsFunc(res.Alt.Registered, func(e analysis.Estimate) bool { return e.Mean > 0 }) {
		t.Errorf("no registered return in any year of the class's policy: the chart test compares zeros")
	}
	if !(res.Diff.ReturnRate[n].Mean > 0) {
		t.Errorf("halving the subsidy should raise the return rate; difference %v", res.Diff.ReturnRate[n].Mean)
	}

	// Every story's timeline says, in the year it happened, why the
	// household was poor or identified, and whether it was a registered
	// return: the API's cause, in words.
	shownCauses, best, bestN := 0, 0, -1
	for i, st := range res.Stories {
		n := 0
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#story-tabs button:nth-child(%d)`, i+1)))); err != nil {
			fail("story tab", err)
		}
		texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll("#story .timeline li")).map((li) => { const c = li.querySelector(".cause"); return c ? c.textContent : ""; })`))
		if err != nil {
			fail("story causes", err)
		}
		if len(texts) != len(st.Years) {
			t.Fatalf("story %d: %d timeline years, API %d", i, len(texts), len(st.Years))
		}
		for k, y := range st.Years {
			want := ""
			switch {
			case y.Cause == "":
			case y.Registered:
				want = "registered return, cause: "
			case y.Poor:
				want = "poor because of "
			default:
				want = "identified at risk because of "
			}
			if (want == "") != (texts[k] == "") || !strings.HasPrefix(texts[k], want) {
				t.Errorf("story %d, %d: the page says %q; the API's cause %q (poor %v, registered %v)", i, y.Year, texts[k], y.Cause, y.Poor, y.Registered)
			}
			if texts[k] != "" {
				shownCauses++
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	t.Logf("%d causes shown in %d stories", shownCauses, len(res.Stories))
	// A picture of the story with the most causes, for a person to look at.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#story-tabs button:nth-child(%d)`, best+1))),
		chromedp.ScrollIntoView(chromedp.CSS(`#story .timeline`))); err != nil {
		fail("scroll to the timeline", err)
	}
	if shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`#story .timeline`))); err == nil {
		os.WriteFile(filepath.Join(out, "classroom-story-causes.png"), shot, 0o644)
	}

	// Follow the second household and keep a picture of the page.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#story-tabs button:nth-child(2)`)),
		chromedp.WaitVisible(chromedp.CSS(`#chart-story canvas`)),
	); err != nil {
		fail("story", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		fail("screenshot", err)
	}
	path := filepath.Join(out, "classroom.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)

	// Upload a scenario file, run it; then a bad one, whose problem the page names.
	dir := t.TempDir()
	good := filepath.Join(dir, "my-county.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("name: my-county\ndescription: Our county, with better detection\nextends: baseline\nmonitoring:\n  detection: 0.9\n"), 0o644)
	os.WriteFile(bad, []byte("name: bad\nmonitoring:\n  detection: 3\n"), 0o644)
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#upload`), []string{good}),
		chromedp.Poll[chromedp.Void](`document.querySelector('.lever[data-path="monitoring.detection"] .lever-value').textContent === "90%"`),
		chromedp.Click(chromedp.CSS(`#run`)),
		chromedp.WaitVisible(chromedp.CSS(`#progress[data-runs="3"]`)),
	); err != nil {
		fail("upload", err)
	}
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.povsim.last.result.scenario + " | " + document.getElementById("scenario").selectedOptions[0].textContent`))
	if err != nil {
		fail("upload result", err)
	}
	if !strings.HasPrefix(ran, "my-county | Uploaded: my-county.yaml") {
		t.Errorf("after the upload the page ran %q", ran)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#upload`), []string{bad}),
		chromedp.WaitVisible(chromedp.CSS(`#message:not([hidden])`)),
	); err != nil {
		fail("bad upload", err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("message")))
	if err != nil {
		fail("bad upload message", err)
	}
	if !strings.Contains(msg, "bad.yaml") || !strings.Contains(msg, "line 3") || !strings.Contains(msg, "monitoring.detection") {
		t.Errorf("bad upload message %q", msg)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the browser reported problems:\n%s", strings.Join(problems, "\n"))
	}
}

// tlogWriter sends a logger's lines to the test log.
type tlogWriter struct{ t *testing.T }

func (w tlogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// postRun runs a request through the API and returns its result.
func postRun(t *testing.T, base string, req RunRequest) *RunResult {
	t.Helper()
	body, _ := json.Marshal(req)
	resp, err := http.Post(base+"/api/run", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e apiError
		json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("POST /api/run: %s: %s %v", resp.Status, e.Error, e.Problems)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("bad event %q: %v", sc.Text(), err)
		}
		switch ev.Type {
		case "result":
			return ev.Result
		case "error":
			t.Fatalf("run failed: %s", ev.Error)
		}
	}
	t.Fatalf("the stream ended without a result (%v)", sc.Err())
	return nil
}
