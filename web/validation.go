package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/scenarios"
)

// ValidationResponse is GET /api/validation: the embedded baseline held
// against the published record (the embedded targets "published"), at the
// page's default households and replications, on the server's parameter
// draws if it has them, with its numbers written for
// people. When the published record cannot be read (Available false),
// Reason says why and Problems lists the targets file's problems.
type ValidationResponse struct {
	Available   bool            `json:"available"`
	Reason      string          `json:"reason,omitempty"`
	Problems    []string        `json:"problems,omitempty"`
	Scenario    string          `json:"scenario"`
	TargetsFile string          `json:"targets_file"`
	Households  int             `json:"households"`
	Reps        int             `json:"reps"`
	Seed        uint64          `json:"seed"`
	Inside      calibrate.Count `json:"inside"`
	Verdict     string          `json:"verdict"`
	Rows        []ValidationRow `json:"rows"`
	// Uncertainty: empty when the model's intervals are Monte Carlo only;
	// with the server's parameter draws, what they carry.
	Uncertainty string `json:"uncertainty,omitempty"`
	// Noise says, when the page's size is smaller than the one the
	// tolerances were set for, that its noise is larger than they allow.
	Noise string `json:"noise,omitempty"`
}

// ValidationRow is one published figure against the model.
type ValidationRow struct {
	Target    string `json:"target"`
	Use       string `json:"use"`
	Years     string `json:"years"`
	Published string `json:"published"`
	Tolerance string `json:"tolerance"`
	Model     string `json:"model"`
	Interval  string `json:"interval"`
	Z         string `json:"z"`
	Inside    bool   `json:"inside"`
	OnEdge    bool   `json:"on_edge"` // the model's interval straddles a bound of the tolerance
	Source    string `json:"source"`
}

// wallCache keeps the validation once computed: the baseline and the
// server's size do not change while it runs.
type wallCache struct {
	mu   sync.Mutex
	resp *ValidationResponse
}

func (s *Server) handleValidation(w http.ResponseWriter, r *http.Request) {
	resp, err := s.validation(r.Context())
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, resp)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, fmt.Errorf("the check against the published record did not finish: %w", err))
	default:
		writeError(w, http.StatusInternalServerError, err)
	}
}

// validation computes the wall once, in a run slot like any run (so it
// shares the machine with the class's runs), and keeps it. A cancelled or
// failed computation is not kept: the next request tries again.
func (s *Server) validation(ctx context.Context) (*ValidationResponse, error) {
	s.wall.mu.Lock()
	defer s.wall.mu.Unlock()
	if s.wall.resp != nil {
		return s.wall.resp, nil
	}
	ts, err := calibrate.OpenTargets("published")
	if err != nil { // part of the binary: it will not change while the server runs
		s.wall.resp = &ValidationResponse{Reason: err.Error()}
		var se *scenarios.Error
		if errors.As(err, &se) {
			s.wall.resp.Reason = fmt.Sprintf("%s: %d problem(s)", se.File, len(se.Problems))
			for _, p := range se.Problems {
				s.wall.resp.Problems = append(s.wall.resp.Problems, problemText(p))
			}
		}
		return s.wall.resp, nil
	}
	sc, err := scenarios.Load("baseline")
	if err != nil {
		return nil, err
	}
	d := s.cfg.Defaults
	if err := sc.Override("server", []string{fmt.Sprintf("population.households=%d", d.Households)}); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Limits.RunTimeout)
	defer cancel()
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.slots }()
	wall, _, err := calibrate.ValidateOn(ctx, ts, sc, calibrate.Options{Reps: d.Reps, Seed: d.Seed, Workers: s.cfg.Limits.Workers}, s.cfg.Draws, s.perDraw())
	if err != nil {
		return nil, err
	}
	j := wall.JSON()
	resp := &ValidationResponse{Available: true, Scenario: j.Scenario, TargetsFile: j.TargetsFile, Households: j.Households, Reps: j.Reps,
		Seed: j.Seed, Inside: j.Count, Verdict: j.Verdict, Uncertainty: j.Uncertainty, Noise: calibrate.NoiseNote(j.Households, j.Reps)}
	for _, r := range j.Targets {
		x := r.Text()
		resp.Rows = append(resp.Rows, ValidationRow{Target: r.Target, Use: r.Use.String(), Years: r.Years, Published: x.Value,
			Tolerance: x.Tolerance, Model: x.Model, Interval: x.Interval, Z: x.Z, Inside: r.Inside, OnEdge: r.OnEdge, Source: r.Source + " (" + r.Reliability + ")"})
	}
	s.wall.resp = resp
	return resp, nil
}
