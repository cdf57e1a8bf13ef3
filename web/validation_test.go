package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestValidationEndpoint: GET /api/validation holds the baseline at the
// page's size against the published record, one row per figure with its
// numbers written, the verdict, and keeps it: a second request gets the
// same answer without a run.
func TestValidationEndpoint(t *testing.T) {
	s, err := New(Config{Defaults: Defaults{Households: 600, Reps: 3, Seed: 2}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	srv := hs.URL
	var v ValidationResponse
	resp := getJSON(t, srv+"/api/validation", &v)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if !v.Available {
		t.Fatalf("not available: %s %v", v.Reason, v.Problems)
	}
	if v.Scenario != "baseline" || v.Households != 600 || v.Reps != 3 || len(v.Rows) != 17 || !strings.HasPrefix(v.Verdict, "povsim's baseline") {
		t.Fatalf("validation %+v", v)
	}
	if !strings.Contains(v.Noise, "set for 10,000 households × 20 replications") { // 600 × 3 is far smaller
		t.Errorf("a wall of 600 × 3 without the note on its noise: %q", v.Noise)
	}
	edges := 0
	for _, r := range v.Rows {
		if r.Target == "" || r.Published == "" || r.Model == "" || r.Source == "" || (r.Use != "fit" && r.Use != "held-out") {
			t.Errorf("row %+v", r)
		}
		edges += b2i(r.OnEdge)
	}
	if (edges > 0) != strings.Contains(v.Verdict, "on the edge") {
		t.Errorf("%d rows on the edge, verdict %q", edges, v.Verdict)
	}
	kept := s.wall.resp
	var again ValidationResponse
	getJSON(t, srv+"/api/validation", &again)
	if s.wall.resp != kept || again.Verdict != v.Verdict {
		t.Error("the second request computed the wall again")
	}
}

// TestValidationCancelledNotKept: a computation cancelled before it could
// run is not kept, and the request is answered with an error.
func TestValidationCancelledNotKept(t *testing.T) {
	s, err := New(Config{Defaults: Defaults{Households: 300, Reps: 2}})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < cap(s.slots); i++ {
		s.slots <- struct{}{} // every slot busy
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.validation(ctx); !errors.Is(err, context.Canceled) || s.wall.resp != nil {
		t.Errorf("cancelled: %v, kept %v", err, s.wall.resp != nil)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
