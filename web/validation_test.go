package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// publishedPending: analysis.ParseOutcome does not know yet some outcome the
// published targets use (issue 14's model work adds them).
func publishedPending() bool {
	for _, n := range []string{"registered_return", "income_formerly_poor", "monitored_share", "risk_eliminated",
		"catastrophic_health", "income_share.wages", "income_share.business", "income_share.property",
		"income_share.transfers", "cause.illness"} {
		var u *analysis.UnknownOutcomeError
		if _, err := analysis.ParseOutcome(n); errors.As(err, &u) {
			return true
		}
	}
	return false
}

// TestValidationEndpoint: GET /api/validation holds the baseline at the
// page's size against the published record, one row per figure with its
// numbers written, the verdict, and keeps it: a second request gets the
// same answer without a run. While the published targets' outcomes are
// pending it answers with the targets file's problems, never a panic.
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
	if publishedPending() {
		if v.Available || !strings.Contains(v.Reason, "targets:published") || len(v.Problems) == 0 || len(v.Rows) > 0 {
			t.Errorf("pending outcomes: %+v, want not available, naming the targets file and its problems", v)
		}
		return
	}
	if !v.Available {
		t.Fatalf("not available: %s %v", v.Reason, v.Problems)
	}
	if v.Scenario != "baseline" || v.Households != 600 || v.Reps != 3 || len(v.Rows) != 12 || !strings.HasPrefix(v.Verdict, "povsim's baseline") {
		t.Fatalf("validation %+v", v)
	}
	for _, r := range v.Rows {
		if r.Target == "" || r.Published == "" || r.Model == "" || r.Source == "" || (r.Use != "fit" && r.Use != "held-out") {
			t.Errorf("row %+v", r)
		}
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
	if publishedPending() {
		t.Skip("the published targets' outcomes are pending (issue 14's model work)")
	}
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
