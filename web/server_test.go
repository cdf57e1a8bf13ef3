package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/povsim/povsim/analysis"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/povsim/povsim/sim"
)

func newTestServer(t *testing.T, l Limits) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(Config{Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func getJSON(t *testing.T, url string, v any) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return resp
}

// small is a run that takes a fraction of a second even with -race.
func small(scenario string) RunRequest {
	return RunRequest{Scenario: scenario, Households: 300, Years: 6, Reps: 4, Seed: 3, Compare: "baseline"}
}

// postRaw posts a run request body and returns the response.
func postRaw(t *testing.T, ctx context.Context, url string, body []byte) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "POST", url+"/api/run", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// events reads a run's NDJSON stream to its end.
func events(t *testing.T, r io.Reader) []Event {
	t.Helper()
	var out []Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("bad event line %q: %v", sc.Text(), err)
		}
		out = append(out, ev)
	}
	return out
}

// wantError posts a request and checks the error status and message.
func wantError(t *testing.T, url string, body string, status int, msg string) apiError {
	t.Helper()
	resp := postRaw(t, context.Background(), url, []byte(body))
	defer resp.Body.Close()
	var e apiError
	json.NewDecoder(resp.Body).Decode(&e)
	if resp.StatusCode != status {
		t.Errorf("%s: status %d, want %d (%s %v)", body[:min(len(body), 120)], resp.StatusCode, status, e.Error, e.Problems)
	}
	all := e.Error + " " + strings.Join(e.Problems, " ")
	if !strings.Contains(all, msg) {
		t.Errorf("%s: error %q, want it to mention %q", body[:min(len(body), 120)], all, msg)
	}
	return e
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestServeScenarioList(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	var info LibraryInfo
	resp := getJSON(t, ts.URL+"/api/scenarios", &info)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	names := map[string]bool{}
	for _, s := range info.Scenarios {
		names[s.Name] = true
		if s.Description == "" {
			t.Errorf("scenario %s has no description", s.Name)
		}
	}
	if !names["baseline"] {
		t.Errorf("library lacks baseline: %v", names)
	}
	if info.Limits.MaxHouseholds != DefaultLimits().MaxHouseholds || info.Defaults.Households != 2000 || info.Defaults.Years != 15 || info.Defaults.Reps != 50 {
		t.Errorf("limits %+v defaults %+v", info.Limits, info.Defaults)
	}
	if info.Build.Model != analysis.ModelFingerprint() || info.Build.Version == "" || info.Version != info.Build.Version {
		t.Errorf("build %+v, version %q", info.Build, info.Version)
	}
}

func TestServeScenarioInfo(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	var in ScenarioInfo
	if resp := getJSON(t, ts.URL+"/api/scenario?name=baseline", &in); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if in.Name != "baseline" || in.StartYear != 2021 || len(in.Levers) != len(levers) || in.Compare != "baseline" {
		t.Fatalf("info %+v", in)
	}
	byPath := map[string]LeverState{}
	for _, l := range in.Levers {
		byPath[l.Path] = l
	}
	def := sim.Default()
	if got := byPath["transfers.subsidy.level"].Value; got != def.Transfers.Subsidy.Level {
		t.Errorf("subsidy lever %v, want the default %v", got, def.Transfers.Subsidy.Level)
	}
	if got := byPath["monitoring.enabled"].Value; got != true {
		t.Errorf("monitoring switch %v", got)
	}
	if got := byPath["monitoring.lag"].Value; got != float64(def.Monitoring.Lag) {
		t.Errorf("lag %v", got)
	}
	// Every lever's default value lies inside its range.
	for _, l := range in.Levers {
		if x, ok := l.Value.(float64); ok && (x < l.Min || x > l.Max) {
			t.Errorf("lever %s: baseline value %v outside [%v, %v]", l.Path, x, l.Min, l.Max)
		}
	}
}

func TestServeScenarioTimelineNote(t *testing.T) {
	s, _ := newTestServer(t, Limits{})
	sc, err := s.parseUpload("cut.yaml", []byte("name: cut\nextends: baseline\ntimeline:\n  - year: 2024\n    set: {transfers.subsidy.level: 0.25}\n"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.info(sc, true)
	if err != nil {
		t.Fatal(err)
	}
	if in.ChangeYear != 2024 {
		t.Errorf("change year %d, want the timeline's 2024", in.ChangeYear)
	}
	l := in.Levers[0]
	if l.Path != "transfers.subsidy.level" || l.Value != 0.25 || l.Start != 1.0 || !strings.Contains(l.Note, "25% from 2024") {
		t.Errorf("subsidy lever %+v", l)
	}
}

// TestServeNoFileAccess: scenario names and uploads never read a file.
func TestServeNoFileAccess(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	for _, name := range []string{"../../etc/passwd", "/etc/passwd", "go.mod", "library/baseline", "baseline.yaml", "%2e%2e/go.mod", ""} {
		resp := getJSON(t, ts.URL+"/api/scenario?name="+name, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("name %q: status %d, want 404", name, resp.StatusCode)
		}
	}
	// An upload that extends a file path is refused, whatever exists there.
	for _, ext := range []string{"/etc/hostname", "../go.mod", "server.go", "static/index.html"} {
		body := fmt.Sprintf("name: x\nextends: %q\n", ext)
		resp, err := http.Post(ts.URL+"/api/scenario", "application/x-yaml", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var e apiError
		json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(strings.Join(e.Problems, " ")+e.Error, "extends") {
			t.Errorf("extends %q: status %d, %q %v", ext, resp.StatusCode, e.Error, e.Problems)
		}
	}
	// A run by a path is refused too.
	wantError(t, ts.URL, `{"scenario":"../scenarios/library/baseline"}`, http.StatusBadRequest, "no library scenario")
}

func TestServeRun(t *testing.T) {
	_, ts := newTestServer(t, Limits{Workers: 2})
	req := small("baseline")
	req.ChangeYear = 2023
	req.Levers = map[string]any{"transfers.subsidy.level": 0.0, "transfers.industrial.level": 0.0}
	resp := postRaw(t, context.Background(), ts.URL, []byte(mustJSON(req)))
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-ndjson") {
		t.Fatalf("status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	evs := events(t, resp.Body)
	if len(evs) < 3 || evs[0].Type != "started" || evs[len(evs)-1].Type != "result" {
		t.Fatalf("events %+v", evs)
	}
	prev := 0
	for _, ev := range evs[1 : len(evs)-1] {
		if ev.Type != "progress" || ev.Total != 2*req.Reps || ev.Done < prev || ev.Done > ev.Total {
			t.Errorf("progress event %+v after %d", ev, prev)
		}
		prev = ev.Done
	}
	if prev != 2*req.Reps {
		t.Errorf("last progress %d, want %d", prev, 2*req.Reps)
	}
	r := evs[len(evs)-1].Result
	if len(r.Years) != 6 || r.Years[0] != 2021 || r.Reps != 4 || r.Households != 300 || r.ChangeYear != 2023 {
		t.Fatalf("result header %+v", r)
	}
	if r.Build.Model != analysis.ModelFingerprint() {
		t.Errorf("result made by model %q, want %q", r.Build.Model, analysis.ModelFingerprint())
	}
	if r.Changed["Consolidation subsidy"] != "0%" {
		t.Errorf("changed %v", r.Changed)
	}
	for _, o := range []Outcomes{r.Ref, r.Alt} {
		if len(o.ReturnRate) != 6 || len(o.Cost) != 6 || o.ReturnRate[5].N != 4 {
			t.Errorf("%s: %d years, n=%d", o.Label, len(o.ReturnRate), o.ReturnRate[5].N)
		}
	}
	// Before the change the two runs are the same households with the same
	// luck and the same policy: no difference at all.
	for t0 := 0; t0 < 2; t0++ {
		if d := r.Diff.ReturnRate[t0]; d.Mean != 0 || d.Lo != 0 || d.Hi != 0 {
			t.Errorf("%d: difference %+v before the change", r.Years[t0], d)
		}
	}
	// Cutting the transfers costs less and pushes households back.
	if d := r.Diff.CostPerYear; !(d.Hi < 0) {
		t.Errorf("cost difference %+v, want clearly negative", d)
	}
	last := len(r.Years) - 1
	if d := r.Diff.ReturnRate[last]; !(d.Mean > 0) {
		t.Errorf("return-rate difference in %d: %+v, want positive", r.Years[last], d)
	}
	// The paired mean is the difference of the means (all replications defined).
	for i := range r.Years {
		want := r.Alt.ReturnRate[i].Mean - r.Ref.ReturnRate[i].Mean
		if math.Abs(r.Diff.ReturnRate[i].Mean-want) > 1e-12 {
			t.Errorf("%d: paired mean %v, difference of means %v", r.Years[i], r.Diff.ReturnRate[i].Mean, want)
		}
	}
	if len(r.Stories) == 0 || len(r.Stories) > shownStories {
		t.Fatalf("%d stories", len(r.Stories))
	}
	seen := map[int]bool{}
	for _, s := range r.Stories {
		if seen[s.Household] {
			t.Errorf("household %d shown twice", s.Household)
		}
		seen[s.Household] = true
		if len(s.Years) != 6 || len(s.Ref) != 6 || s.Title == "" || !s.FormerlyPoor {
			t.Errorf("story %+v", s)
		}
		if s.Years[0].Members == nil || s.Years[0].Income == nil || s.Years[0].Line <= 0 {
			t.Errorf("story year %+v", s.Years[0])
		}
	}
}

// TestServeRunNoChange: with no lever moved and the scenario itself as the
// comparison, the two runs are identical.
func TestServeRunNoChange(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	req := small("cut-subsidy")
	req.Compare = "scenario"
	resp := postRaw(t, context.Background(), ts.URL, []byte(mustJSON(req)))
	defer resp.Body.Close()
	evs := events(t, resp.Body)
	r := evs[len(evs)-1].Result
	if r == nil {
		t.Fatalf("no result: %+v", evs)
	}
	if r.Diff.MeanRate.Mean != 0 || r.Diff.CostPerYear.Mean != 0 || r.Diff.PoorYears.Mean != 0 {
		t.Errorf("differences %+v with nothing changed", r.Diff)
	}
	if r.Ref.Label != "cut-subsidy as written" || r.Alt.Label != "cut-subsidy" {
		t.Errorf("labels %q, %q", r.Ref.Label, r.Alt.Label)
	}
}

func TestServeRunUpload(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	req := small("")
	req.YAML = "name: my-county\nextends: baseline\nhealth:\n  reimbursement: 0.8\n"
	req.Filename = "my-county.yaml"
	resp := postRaw(t, context.Background(), ts.URL, []byte(mustJSON(req)))
	defer resp.Body.Close()
	evs := events(t, resp.Body)
	if r := evs[len(evs)-1].Result; r == nil || r.Scenario != "my-county" {
		t.Fatalf("events %+v", evs)
	}
}

func TestServeUpload(t *testing.T) {
	_, ts := newTestServer(t, Limits{MaxUpload: 2000})
	post := func(body string) (*http.Response, ScenarioInfo, apiError) {
		resp, err := http.Post(ts.URL+"/api/scenario?filename=county.yaml", "application/x-yaml", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var in ScenarioInfo
		var e apiError
		json.Unmarshal(b, &in)
		json.Unmarshal(b, &e)
		return resp, in, e
	}
	resp, in, _ := post("name: county\nextends: baseline\npopulation: {households: 3000}\nmonitoring: {detection: 0.9}\n")
	if resp.StatusCode != 200 || in.Name != "county" || !in.Upload || in.Households != 3000 {
		t.Fatalf("good upload: %d %+v", resp.StatusCode, in)
	}
	for _, l := range in.Levers {
		if l.Path == "monitoring.detection" && l.Value != 0.9 {
			t.Errorf("detection lever %v, want 0.9", l.Value)
		}
	}
	// Bad uploads: each problem named with its line.
	cases := []struct{ body, want string }{
		{"name: x\nhealth:\n  reimbursment: 0.8\n", "line 3"},
		{"name: x\nmonitoring:\n  detection: 2\n", "monitoring.detection"},
		{"name: x\nyears: [1, 2\n", "valid YAML"},
		{"- just\n- a list\n", "mapping"},
		{"description: no name\n", "name"},
		{"name: x\nextends: nowhere\n", "nowhere"},
		{"", "empty"},
	}
	for _, c := range cases {
		resp, _, e := post(c.body)
		all := e.Error + " " + strings.Join(e.Problems, " ")
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(all, c.want) {
			t.Errorf("upload %q: status %d, %q; want 400 mentioning %q", c.body, resp.StatusCode, all, c.want)
		}
		// The page's class has no terminal: no command line's hint.
		if strings.Contains(all, "povsim scenarios") {
			t.Errorf("upload %q: %q gives the page a command line's hint", c.body, all)
		}
	}
	if _, _, e := post("name: x\nextends: nonexistent\n"); !strings.Contains(e.Error+strings.Join(e.Problems, " "), "Scenario menu") {
		t.Errorf("extends: nonexistent: %q %q, want it to point to the Scenario menu", e.Error, e.Problems)
	}
	// Too large.
	big := "name: big\ndescription: " + strings.Repeat("x", 3000) + "\n"
	resp, _, e := post(big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(e.Error, "2 KiB") {
		t.Errorf("big upload: %d %q", resp.StatusCode, e.Error)
	}
	// Too large inside a run request, too.
	req := small("")
	req.YAML = big
	wantError(t, ts.URL, mustJSON(req), http.StatusRequestEntityTooLarge, "2 KiB")
	req.YAML = strings.Repeat("#", 30000)
	wantError(t, ts.URL, mustJSON(req), http.StatusRequestEntityTooLarge, "larger than")
}

func TestServeLimits(t *testing.T) {
	_, ts := newTestServer(t, Limits{MaxHouseholds: 1000, MaxYears: 12, MaxReps: 20, MaxWork: 100_000})
	cases := []struct {
		hh, years, reps int
		want            string
	}{
		{5000, 6, 4, "5,000 households asked, at most 1,000 allowed"},
		{300, 40, 4, "40 years asked, at most 12 allowed"},
		{300, 6, 500, "500 replications asked, at most 20 allowed"},
		{1000, 12, 20, "household-years per scenario, at most 100,000 allowed"},
		{0, 0, 4, "10,000 households asked"}, // the scenario's own size is checked too
	}
	for _, c := range cases {
		req := small("baseline")
		req.Households, req.Years, req.Reps = c.hh, c.years, c.reps
		wantError(t, ts.URL, mustJSON(req), http.StatusUnprocessableEntity, c.want)
	}
	wantError(t, ts.URL, `{"scenario":"baseline","households":-5}`, http.StatusBadRequest, "at least 1")
}

func TestServeBadRequests(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	withLevers := func(l map[string]any) string {
		r := small("baseline")
		r.Levers = l
		return mustJSON(r)
	}
	cases := []struct{ body, want string }{
		{`{"scenario":`, "line 1, column 13: want valid JSON (the input ends inside a value"},
		{`{"scenario":"baseline","colour":"red"}`, `line 1, column 24: colour: want a known key ("colour" is not a key here; keys here: scenario, yaml`},
		{`{"scenario":"baseline"} {"x":1}`, `line 1, column 25: got "{\"x\":1}", want one JSON value and nothing after it (the value ends at 1:23)`},
		{`{"scenario":"nope"}`, "no library scenario"},
		{withLevers(map[string]any{"population.households": 5}), "not one of the page's levers"},
		{withLevers(map[string]any{"transfers.subsidy.level": 7}), "between 0% and 150%"},
		{withLevers(map[string]any{"transfers.subsidy.level": "half"}), "wants a number"},
		{withLevers(map[string]any{"monitoring.enabled": 1}), "true or false"},
		// What was sent, as JSON writes it: not <nil> or a bare NaN.
		{`{"levers":{"transfers.subsidy.level":null}}`, "wants a number, got null"},
		{`{"levers":{"transfers.subsidy.level":"NaN"}}`, `wants a number, got the text "NaN"`},
		{`{"levers":{"monitoring.enabled":null}}`, "wants true or false, got null"},
		{`{"levers":{"transfers.subsidy.level":{"a":1}}}`, "wants a number, got an object"},
		{`{"levers":{"transfers.subsidy.level":1e400}}`, "1e400, want a number within its range"},
		{withLevers(map[string]any{"monitoring.lag": 1.5}), "whole number"},
		{`{"scenario":"baseline","households":300,"years":6,"reps":2,"change_year":2040}`, "2021–2026"},
		{`{"scenario":"baseline","households":300,"years":6,"reps":2,"compare":"mars"}`, "compare"},
		{`{"scenario":"baseline","client":"` + strings.Repeat("c", 100) + `"}`, "client"},
	}
	for _, c := range cases {
		wantError(t, ts.URL, c.body, http.StatusBadRequest, c.want)
	}
	// A size no whole number holds is too large, with the most allowed
	// (it said "want a whole number").
	wantError(t, ts.URL, `{"households":1e30}`, http.StatusUnprocessableEntity, "households: 1e30 is too large: this server runs at most 20,000 households")
	wantError(t, ts.URL, `{"reps":1e400}`, http.StatusUnprocessableEntity, "reps: 1e400 is too large: this server runs at most")
}

// TestServeStrictJSON: a run request's body is read as strictly as a
// file: a key given twice (of which encoding/json would keep the later), a
// key the request has no field for, anything after the value (even a lone
// } that json.Decoder.More lets pass) and a value of the wrong type are
// errors naming the request body, the place, the key, the value and what
// was expected, and nothing runs.
func TestServeStrictJSON(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	cases := []struct{ name, body, want string }{
		{"repeated key", `{"scenario":"baseline","reps":2,"reps":200}`,
			"line 1, column 33: reps: want each key once (reps is at 1:24 too)"},
		{"repeated key in another case", `{"scenario":"baseline","Seed":1,"seed":2}`,
			"line 1, column 33: seed: want each key once (Seed is at 1:24, and encoding/json reads keys that differ only in case into the same field)"},
		{"repeated lever", `{"scenario":"baseline","levers":{"monitoring.lag":1,"monitoring.lag":2}}`,
			"line 1, column 53: levers.monitoring.lag: want each key once (monitoring.lag is at 1:34 too)"},
		{"unknown key", `{"scenario":"baseline","househlds":300}`,
			`line 1, column 24: househlds: want a known key ("househlds" is not a key here; did you mean "households"?`},
		{"trailing brace", `{"scenario":"baseline"}}`,
			`line 1, column 24: got "}", want one JSON value and nothing after it (the value ends at 1:23)`},
		{"text for a number", `{"scenario":"baseline","households":"300"}`,
			`line 1, column 37: households: got "300", want a whole number`},
		{"fraction for a whole number", `{"scenario":"baseline","reps":2.5}`,
			"line 1, column 31: reps: got 2.5, want a whole number"},
		{"negative seed", `{"scenario":"baseline","seed":-1}`,
			"line 1, column 31: seed: got -1, want a whole number ≥ 0"},
		{"number for a yes-or-no", `{"scenario":"baseline","draws":1}`,
			"line 1, column 32: draws: got 1, want true or false"},
		{"empty", ``, "want a JSON value (there is none: the input is empty)"},
		{"null", `null`, "line 1, column 1: got null, want a JSON value that says something"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := wantError(t, ts.URL, c.body, http.StatusBadRequest, c.want)
			if e.Error != "request body: 1 problem(s)" {
				t.Errorf("error %q, want it to name the request body and count 1 problem", e.Error)
			}
		})
	}
}

// slowRun is a run long enough to be cancelled in flight, even with -race.
func slowRun(client string) []byte {
	return []byte(mustJSON(RunRequest{Scenario: "baseline", Households: 4000, Years: 20, Reps: 200, Seed: 1, Client: client}))
}

// firstEvent reads a stream up to the first event of type typ.
func firstEvent(t *testing.T, sc *bufio.Scanner, typ string) Event {
	t.Helper()
	for sc.Scan() {
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Type == typ {
			return ev
		}
		if ev.Type == "result" || ev.Type == "error" {
			t.Fatalf("wanted a %s event, got %+v", typ, ev)
		}
	}
	t.Fatalf("stream ended before a %s event: %v", typ, sc.Err())
	return Event{}
}

// waitIdle waits until no run is active on s.
func waitIdle(t *testing.T, s *Server, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		s.mu.Lock()
		n := s.active
		s.mu.Unlock()
		if n == 0 && len(s.slots) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d run(s) still active %v after the clients left", n, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func bigLimits() Limits {
	return Limits{MaxWork: 1 << 40, MaxRuns: 1, Workers: 1}
}

// TestServeCancelOnDisconnect: a browser that goes away stops the work.
func TestServeCancelOnDisconnect(t *testing.T) {
	s, ts := newTestServer(t, bigLimits())
	ctx, cancel := context.WithCancel(context.Background())
	resp := postRaw(t, ctx, ts.URL, slowRun(""))
	sc := bufio.NewScanner(resp.Body)
	firstEvent(t, sc, "progress")
	start := time.Now()
	cancel()
	resp.Body.Close()
	waitIdle(t, s, 10*time.Second)
	t.Logf("work stopped %v after the client left", time.Since(start).Round(time.Millisecond))
}

// TestServeNewRunReplacesOld: a page's second run cancels its first.
func TestServeNewRunReplacesOld(t *testing.T) {
	s, ts := newTestServer(t, Limits{MaxWork: 1 << 40, MaxRuns: 2, Workers: 1})
	first := postRaw(t, context.Background(), ts.URL, slowRun("page-1"))
	defer first.Body.Close()
	sc := bufio.NewScanner(first.Body)
	firstEvent(t, sc, "started")

	req := small("baseline")
	req.Client = "page-1"
	second := postRaw(t, context.Background(), ts.URL, []byte(mustJSON(req)))
	defer second.Body.Close()
	evs := events(t, second.Body)
	if evs[len(evs)-1].Type != "result" {
		t.Fatalf("second run: %+v", evs[len(evs)-1])
	}
	ev := firstEvent(t, sc, "error")
	if !strings.Contains(ev.Error, "newer run") {
		t.Errorf("first run ended with %q", ev.Error)
	}
	waitIdle(t, s, 10*time.Second)
}

// TestServeNewRunReplacesOldWhenFull: on a full server (one slot, no
// queue), a page's new run takes its previous run's place instead of
// cancelling it and being turned away as busy.
func TestServeNewRunReplacesOldWhenFull(t *testing.T) {
	s, ts := newTestServer(t, Limits{MaxWork: 1 << 40, MaxRuns: 1, MaxQueue: -1, Workers: 1})
	first := postRaw(t, context.Background(), ts.URL, slowRun("A"))
	defer first.Body.Close()
	sc := bufio.NewScanner(first.Body)
	firstEvent(t, sc, "started")

	req := small("baseline")
	req.Client = "A"
	second := postRaw(t, context.Background(), ts.URL, []byte(mustJSON(req)))
	defer second.Body.Close()
	if second.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(second.Body)
		t.Fatalf("second run of the page: status %d %s, want 200 (it takes the first run's place)", second.StatusCode, b)
	}
	evs := events(t, second.Body)
	if last := evs[len(evs)-1]; last.Type != "result" {
		t.Fatalf("second run ended with %+v", last)
	}
	for _, ev := range evs {
		if ev.Type == "queued" {
			t.Errorf("second run said it waits for others: %+v", ev)
		}
	}
	if ev := firstEvent(t, sc, "error"); !strings.Contains(ev.Error, "newer run") {
		t.Errorf("first run ended with %q", ev.Error)
	}
	// Another page is still turned away while a run holds the only place.
	third := postRaw(t, context.Background(), ts.URL, slowRun("A"))
	defer third.Body.Close()
	firstEvent(t, bufio.NewScanner(third.Body), "started")
	wantError(t, ts.URL, mustJSON(small("baseline")), http.StatusServiceUnavailable, "busy")
	third.Body.Close()
	waitIdle(t, s, 10*time.Second)
}

// TestServeProgressSendsDone: a progress event says how many replications
// are done even when none is (done 0 was left out and the page showed
// "replication NaN of 20").
func TestServeProgressSendsDone(t *testing.T) {
	b, err := json.Marshal(Event{Type: "progress", Done: 0, Total: 40})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"done":0`) {
		t.Errorf("progress event %s: want \"done\":0", b)
	}
	_, ts := newTestServer(t, Limits{})
	resp := postRaw(t, context.Background(), ts.URL, []byte(mustJSON(small("baseline"))))
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		var raw map[string]any
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		if raw["type"] == "progress" {
			n++
			if _, ok := raw["done"].(float64); !ok {
				t.Errorf("progress event without a done count: %s", sc.Bytes())
			}
		}
	}
	if n == 0 {
		t.Error("the run sent no progress event")
	}
}

// TestServeBusyAndQueue: runs beyond the slots wait their turn, and beyond
// the queue they are turned away with a clear message.
func TestServeBusyAndQueue(t *testing.T) {
	l := bigLimits()
	l.MaxQueue = 1
	s, ts := newTestServer(t, l)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	running := postRaw(t, ctx, ts.URL, slowRun("a"))
	defer running.Body.Close()
	firstEvent(t, bufio.NewScanner(running.Body), "started")

	waiting := postRaw(t, context.Background(), ts.URL, []byte(mustJSON(small("baseline"))))
	defer waiting.Body.Close()
	wsc := bufio.NewScanner(waiting.Body)
	if ev := firstEvent(t, wsc, "queued"); ev.Ahead != 1 {
		t.Errorf("queued %+v", ev)
	}
	busy := wantError(t, ts.URL, mustJSON(small("baseline")), http.StatusServiceUnavailable, "busy")
	_ = busy
	cancel() // the first page goes away: the waiting run gets the slot
	var last Event
	for wsc.Scan() {
		json.Unmarshal(wsc.Bytes(), &last)
	}
	if last.Type != "result" {
		t.Fatalf("the waiting run ended with %+v", last)
	}
	waitIdle(t, s, 10*time.Second)
}

func TestServeRunTimeout(t *testing.T) {
	l := bigLimits()
	l.RunTimeout = 300 * time.Millisecond
	s, ts := newTestServer(t, l)
	resp := postRaw(t, context.Background(), ts.URL, slowRun(""))
	defer resp.Body.Close()
	evs := events(t, resp.Body)
	last := evs[len(evs)-1]
	if last.Type != "error" || !strings.Contains(last.Error, "longer than the 300ms") {
		t.Errorf("last event %+v", last)
	}
	waitIdle(t, s, 10*time.Second)
}

// TestServeConcurrentPages: several pages at once all get their answer.
func TestServeConcurrentPages(t *testing.T) {
	_, ts := newTestServer(t, Limits{MaxRuns: 2, Workers: 1})
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := small("baseline")
			req.Client = fmt.Sprintf("page-%d", i)
			req.Seed = uint64(i + 1)
			body, _ := json.Marshal(req)
			resp, err := http.Post(ts.URL+"/api/run", "application/json", bytes.NewReader(body))
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			var last Event
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
			for sc.Scan() {
				json.Unmarshal(sc.Bytes(), &last)
			}
			if last.Type != "result" || last.Result.Seed != uint64(i+1) {
				errs <- fmt.Errorf("page %d: last event %s %s", i, last.Type, last.Error)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestServeStaticAndHeaders(t *testing.T) {
	_, ts := newTestServer(t, Limits{})
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "/static/app.js") {
		t.Fatalf("index: %d", resp.StatusCode)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers %v", resp.Header)
	}
	for path, status := range map[string]int{
		"/static/app.js":                         200,
		"/static/style.css":                      200,
		"/static/vendor/uplot/uPlot.iife.min.js": 200,
		"/static/vendor/uplot/LICENSE":           200,
		"/static/":                               404,
		"/static/vendor/":                        404,
		"/static/../server.go":                   404,
		"/static/nope.js":                        404,
		"/nope":                                  404,
		"/healthz":                               200,
	} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != status {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, status)
		}
	}
	resp, err = http.Get(ts.URL + "/api/run")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/run: %d", resp.StatusCode)
	}
}

// TestServeNothingExternal: the page loads nothing from another host.
func TestServeNothingExternal(t *testing.T) {
	ext := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import|fetch\(\s*["'\x60]https?:`)
	for _, f := range []string{"static/index.html", "static/app.js", "static/style.css", "static/vendor/uplot/uPlot.min.css"} {
		b, err := fs.ReadFile(staticFS, f)
		if err != nil {
			t.Fatal(err)
		}
		if m := ext.Find(b); m != nil {
			t.Errorf("%s refers to another host: %q", f, m)
		}
	}
	lic, err := fs.ReadFile(staticFS, "static/vendor/uplot/LICENSE")
	if err != nil || !bytes.Contains(lic, []byte("MIT")) {
		t.Errorf("uPlot's licence is not vendored: %v", err)
	}
}

func TestServeApplyLevers(t *testing.T) {
	p := sim.Default()
	p.Years = 10
	cfg := sim.Config{Params: p, Timeline: []sim.Change{
		{Year: 2023, Set: map[string]any{"transfers.subsidy.level": 0.8, "ecommerce.coverage": 0.5}},
		{Year: 2027, Set: map[string]any{"transfers.subsidy.level": 0.2}},
	}}
	got, err := applyLevers(cfg, map[string]any{"transfers.subsidy.level": 0.5}, 2025)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.New(got)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 1, 0.8, 0.8, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5} // the 2027 change gives way
	for i, w := range want {
		if l := m.Params(i).Transfers.Subsidy.Level; l != w {
			t.Errorf("%d: subsidy %v, want %v", 2021+i, l, w)
		}
	}
	if c := m.Params(9).Ecommerce.Coverage; c != 0.5 {
		t.Errorf("other timeline changes must stay: coverage %v", c)
	}
	if len(cfg.Timeline[1].Set) != 1 {
		t.Errorf("applyLevers changed its input: %v", cfg.Timeline)
	}
	// From the first year: the starting value, and no timeline change of it.
	got, err = applyLevers(cfg, map[string]any{"transfers.subsidy.level": 0.5, "monitoring.enabled": false}, 2021)
	if err != nil {
		t.Fatal(err)
	}
	m, _ = sim.New(got)
	for i := 0; i < 10; i++ {
		if l := m.Params(i).Transfers.Subsidy.Level; l != 0.5 || m.Params(i).Monitoring.Enabled {
			t.Errorf("%d: subsidy %v, monitoring %v", 2021+i, l, m.Params(i).Monitoring.Enabled)
		}
	}
	// They start in the first year, as a scenario's own settings do: the
	// year before runs on the values they replaced, or on those the
	// scenario's warm-up settings already hold; the input stays as it was.
	if want := map[string]any{"transfers.subsidy.level": 1.0, "monitoring.enabled": true}; !reflect.DeepEqual(got.Before, want) {
		t.Errorf("warm-up settings %v, want %v", got.Before, want)
	}
	cfg.Before = map[string]any{"transfers.subsidy.level": 0.9}
	got, err = applyLevers(cfg, map[string]any{"transfers.subsidy.level": 0.5, "training.rate": 0.1}, 2021)
	if want := map[string]any{"transfers.subsidy.level": 0.9, "training.rate": p.Training.Rate}; err != nil || !reflect.DeepEqual(got.Before, want) {
		t.Errorf("warm-up settings %v, %v; want %v", got.Before, err, want)
	}
	if len(cfg.Before) != 1 {
		t.Errorf("applyLevers changed its input's warm-up settings: %v", cfg.Before)
	}
	if got, _ := applyLevers(cfg, map[string]any{"training.rate": 0.1}, 2025); !reflect.DeepEqual(got.Before, cfg.Before) {
		t.Errorf("a later change: warm-up settings %v, want the scenario's %v", got.Before, cfg.Before)
	}
	if s := sized(cfg, 50, 3); !reflect.DeepEqual(s.Before, cfg.Before) {
		t.Errorf("sized dropped the warm-up settings: %v", s.Before)
	}
}

// The page's differences are analysis.Paired: per-replication differences,
// undefined replications left out.
func TestServePaired(t *testing.T) {
	mk := func(xs ...int) []sim.Result {
		out := make([]sim.Result, len(xs))
		for i, x := range xs {
			out[i].Rep = x // a carrier for the value read below
		}
		return out
	}
	ref, alt := mk(1, 2, 3, 4), mk(2, 3, 5, 5)
	val := func(r *sim.Result) (float64, bool) { return float64(r.Rep), true }
	e := analysis.Paired(ref, alt, val)
	// d = 1, 1, 2, 1: mean 1.25, sd 0.5, t(3) = 3.182446
	if math.Abs(e.Mean-1.25) > 1e-12 || math.Abs(e.SD-0.5) > 1e-12 || e.N != 4 {
		t.Fatalf("%+v", e)
	}
	if half := 3.182446305284263 * 0.5 / 2; math.Abs(e.Hi-e.Mean-half) > 1e-9 || math.Abs(e.Mean-e.Lo-half) > 1e-9 {
		t.Errorf("interval [%v, %v]", e.Lo, e.Hi)
	}
	e = analysis.Paired(ref, alt, func(r *sim.Result) (float64, bool) { return float64(r.Rep), r.Rep != 4 }) // only ref[3] is undefined
	if e.N != 3 {
		t.Errorf("undefined replications must be left out: n=%d", e.N)
	}
}

func TestServeLeverFormat(t *testing.T) {
	for _, c := range []struct {
		path string
		v    any
		want string
	}{
		{"transfers.subsidy.level", 0.55, "55%"},
		{"monitoring.line_ratio", 1.5, "×1.5"},
		{"monitoring.lag", 1, "1 year"},
		{"monitoring.lag", 2.0, "2 years"},
		{"welfare_posts.per_hundred", 3.0, "3"},
		{"monitoring.enabled", false, "off"},
	} {
		l, _ := leverByPath(c.path)
		if got := formatLever(l, c.v); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.path, c.v, got, c.want)
		}
	}
	if thousands(1234567) != "1,234,567" || thousands(12) != "12" {
		t.Error(thousands(1234567))
	}
}
