package web

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
)

func drawServer(t *testing.T, d *calibrate.Draws) *httptest.Server {
	t.Helper()
	s, err := New(Config{Draws: d})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

func runResult(t *testing.T, url string, req RunRequest) *RunResult {
	t.Helper()
	resp := postRaw(t, context.Background(), url, []byte(mustJSON(req)))
	defer resp.Body.Close()
	evs := events(t, resp.Body)
	r := evs[len(evs)-1].Result
	if r == nil {
		t.Fatalf("no result: %+v", evs)
	}
	return r
}

// TestServeDraws: a request with "draws" runs on the server's draws; its
// intervals are wider than Monte Carlo alone and their variance is the sum
// of the split; a single draw gives exactly the run with that value set
// from the warm-up year on (a draw holds from there, as --set does).
func TestServeDraws(t *testing.T) {
	d := &calibrate.Draws{Paths: []string{"labor.local_wage_mu"}, Values: [][]float64{{9.0}, {9.4}, {9.8}}, Weights: []float64{1. / 3, 1. / 3, 1. / 3}}
	ts := drawServer(t, d)
	req := small("baseline")
	req.Reps = 12
	req.Draws = true
	r := runResult(t, ts.URL, req)
	if r.Uncertainty != analysis.IntervalParams || r.Split == nil {
		t.Fatalf("uncertainty %q, split %v", r.Uncertainty, r.Split)
	}
	e, s := r.Ref.MeanRate, r.Split.Ref
	// 12 replications, two a draw: the interval's t has fewer than G − 1 =
	// 5 degrees of freedom (the Satterthwaite degrees of freedom of a
	// variance taking MS_within away), so it is above t(5) = 2.571
	if tq := e.HalfWidth() / math.Sqrt(s.Parameter+s.MonteCarlo); !(tq > 2.571 && tq < 100) || !(s.Parameter > 0) {
		t.Errorf("mean rate ±%g, split %+v (t %g): want parameter variance > 0 adding up to the interval's, t above t(5) = 2.571", e.HalfWidth(), s, tq)
	}

	one := drawServer(t, &calibrate.Draws{Paths: []string{"labor.local_wage_mu"}, Values: [][]float64{{9.4}}, Weights: []float64{1}})
	a := runResult(t, one.URL, req)
	b := runResult(t, drawServer(t, nil).URL, RunRequest{YAML: "name: x\nextends: baseline\nlabor:\n  local_wage_mu: 9.4\nbefore: {labor.local_wage_mu: 9.4}\n", Households: 300, Years: 6, Reps: 12, Seed: 3, Compare: "scenario"})
	if a.Uncertainty != "" || a.Alt.MeanRate != b.Alt.MeanRate {
		t.Errorf("one draw: %q, mean rate %+v; with the value set %+v", a.Uncertainty, a.Alt.MeanRate, b.Alt.MeanRate)
	}
}

func TestServeDrawsNone(t *testing.T) {
	ts := drawServer(t, nil)
	req := small("baseline")
	req.Draws = true
	wantError(t, ts.URL, mustJSON(req), http.StatusBadRequest, "this server has no parameter draws")
}

// TestValidationOnDraws: a server with the embedded draws holds the
// baseline against the published record on them: the panel's intervals
// carry parameter uncertainty and say so.
func TestValidationOnDraws(t *testing.T) {
	d, err := calibrate.OpenDraws(calibrate.DefaultDraws)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Defaults: Defaults{Households: 300, Reps: 8, Seed: 2}, Draws: d})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	var v ValidationResponse
	if resp := getJSON(t, hs.URL+"/api/validation", &v); resp.StatusCode != http.StatusOK || !v.Available {
		t.Fatalf("status %d: %+v", resp.StatusCode, v)
	}
	if v.Uncertainty != analysis.IntervalParams {
		t.Errorf("uncertainty %q, want %q", v.Uncertainty, analysis.IntervalParams)
	}
}
