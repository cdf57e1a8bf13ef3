package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/internal/jsonerr"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// RunRequest is the body of POST /api/run.
type RunRequest struct {
	Scenario   string         `json:"scenario"`           // library name (when no YAML)
	YAML       string         `json:"yaml,omitempty"`     // an uploaded scenario file, as text
	Filename   string         `json:"filename,omitempty"` // its name, for messages
	Compare    string         `json:"compare"`            // reference: "baseline" (baseline policies, same village) or "scenario" (as written)
	Households int            `json:"households"`         // 0: the scenario's
	Years      int            `json:"years"`              // 0: the scenario's
	Reps       int            `json:"reps"`               // 0: the page's default
	Seed       uint64         `json:"seed"`               // 0: the page's default
	ChangeYear int            `json:"change_year"`        // the class's changes apply from this year; 0: the first year
	Levers     map[string]any `json:"levers"`             // lever path → value, only the levers the class moved
	Client     string         `json:"client,omitempty"`   // the page's id: a new run cancels the page's previous one
	// Draws: run each replication on one of the server's parameter draws
	// (povsim serve --draws: the embedded calibration's by default), the
	// same for both scenarios, so that intervals carry parameter
	// uncertainty. The page asks for them when the server has them
	// (LibraryInfo.Draws).
	Draws bool `json:"draws,omitempty"`
}

// Event is one line of the NDJSON stream that answers POST /api/run.
type Event struct {
	Type     string     `json:"type"` // queued, started, progress, result, error
	Done     int        `json:"done"` // always sent with progress: 0 is a count (the page showed NaN without it)
	Total    int        `json:"total,omitempty"`
	Ahead    int        `json:"ahead,omitempty"`
	Message  string     `json:"message,omitempty"`
	Error    string     `json:"error,omitempty"`
	Problems []string   `json:"problems,omitempty"`
	Result   *RunResult `json:"result,omitempty"`
}

// Outcomes are one scenario's yearly estimates across replications.
type Outcomes struct {
	Label string `json:"label"`
	// Registered is the share of formerly poor households registered as
	// returned in the year (supported by monitoring and still poor after
	// its response): the official measure, the page's headline.
	Registered     []analysis.Estimate `json:"registered"`
	MeanRegistered analysis.Estimate   `json:"mean_registered"` // registered returns over all years
	ReturnRate     []analysis.Estimate `json:"return_rate"`     // share of formerly poor households poor in the year (income poverty)
	EverReturned   []analysis.Estimate `json:"ever_returned"`   // … poor in the year or before
	Monitored      []analysis.Estimate `json:"monitored"`       // households under monitoring
	Income         []analysis.Estimate `json:"income"`          // mean net income, yuan per person
	Cost           []analysis.Estimate `json:"cost"`            // public cost of all programs, yuan
	MeanRate       analysis.Estimate   `json:"mean_rate"`       // return rate over all years
	CostPerYear    analysis.Estimate   `json:"cost_per_year"`   // yuan per year
	PoorYears      analysis.Estimate   `json:"poor_years"`      // formerly poor household-years in poverty
}

// Differences are paired differences, the class's policy minus the
// reference, replication by replication.
type Differences struct {
	Registered     []analysis.Estimate `json:"registered"`
	MeanRegistered analysis.Estimate   `json:"mean_registered"`
	ReturnRate     []analysis.Estimate `json:"return_rate"`
	Cost           []analysis.Estimate `json:"cost"`
	MeanRate       analysis.Estimate   `json:"mean_rate"`
	CostPerYear    analysis.Estimate   `json:"cost_per_year"`
	PoorYears      analysis.Estimate   `json:"poor_years"`
}

// RunResult is what a run reports.
type RunResult struct {
	Scenario     string            `json:"scenario"`
	Changed      map[string]string `json:"changed"` // lever label → value, as applied
	ChangeYear   int               `json:"change_year"`
	Households   int               `json:"households"`
	FormerlyPoor float64           `json:"formerly_poor"` // mean formerly poor households in the first year
	Reps         int               `json:"reps"`
	Seed         uint64            `json:"seed"`
	Years        []int             `json:"years"`
	Ref          Outcomes          `json:"ref"`
	Alt          Outcomes          `json:"alt"`
	Diff         Differences       `json:"diff"`
	Stories      []StoryView       `json:"stories"`
	Seconds      float64           `json:"seconds"` // wall time of the simulation
	Build        analysis.Build    `json:"build"`   // which povsim and model made the result
	// Uncertainty says what the intervals carry: empty for Monte Carlo
	// noise only; with draws, Split divides the headline intervals'
	// variance between the parameters and Monte Carlo noise.
	Uncertainty string    `json:"uncertainty,omitempty"`
	Split       *Headline `json:"variance_split,omitempty"`
	// Held are the drawn parameters the reference or the class's policy
	// keeps at its own value in every draw, in words.
	Held []string `json:"draws_held,omitempty"`
}

// plan is a checked request, ready to run.
type plan struct {
	ref, alt         *sim.Model
	refLabel, label  string
	name             string
	changed          map[string]string
	changeYear       int
	households, reps int
	years            int
	seed             uint64
	// refDraws and altDraws are the models at each parameter draw, when
	// the request asks for draws; held says which drawn parameters a
	// scenario keeps at its own value.
	refDraws, altDraws []*sim.Model
	held               []string
}

// badRequest is a request the server cannot run, with the HTTP status.
type badRequest struct {
	status int
	err    error
}

func (b *badRequest) Error() string { return b.err.Error() }
func (b *badRequest) Unwrap() error { return b.err }

func bad(status int, format string, args ...any) error {
	return &badRequest{status, fmt.Errorf(format, args...)}
}

// decodeRun reads and checks a run request.
func (s *Server) decodeRun(w http.ResponseWriter, r *http.Request) (*RunRequest, error) {
	maxBody := s.cfg.Limits.MaxUpload*2 + 16<<10 // the YAML is JSON-escaped
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, bad(http.StatusRequestEntityTooLarge, "the request is larger than the %s the server accepts (an uploaded scenario may be at most %s)",
			byteSize(maxBody), byteSize(s.cfg.Limits.MaxUpload))
	case err != nil:
		return nil, bad(http.StatusBadRequest, "the request could not be read: %v", err)
	}
	if err := s.tooLarge(body); err != nil {
		return nil, err
	}
	var req RunRequest
	if err := jsonerr.Decode("request body", body, &req); err != nil {
		return nil, &badRequest{http.StatusBadRequest, err}
	}
	if len(req.Client) > 64 {
		return nil, bad(http.StatusBadRequest, "client: at most 64 characters")
	}
	return &req, nil
}

// tooLarge refuses a size too large for a whole number of Go (households
// 1e30), naming the most the server allows: read strictly it would be
// "want a whole number", which it is.
func (s *Server) tooLarge(body []byte) error {
	var sizes struct{ Households, Years, Reps json.Number }
	if json.Unmarshal(body, &sizes) != nil {
		return nil // the strict reading says what is wrong
	}
	lim := s.cfg.Limits
	for _, f := range []struct {
		key  string
		n    json.Number
		max  int
		unit string
	}{
		{"households", sizes.Households, lim.MaxHouseholds, "households"},
		{"years", sizes.Years, lim.MaxYears, "years"},
		{"reps", sizes.Reps, lim.MaxReps, "replications"},
	} {
		if f.n == "" {
			continue
		}
		if _, err := strconv.Atoi(f.n.String()); err == nil {
			continue // within range: prepare checks it against the limit
		}
		if x, _ := strconv.ParseFloat(f.n.String(), 64); x > float64(f.max) { // 1e400 parses as +Inf
			return &badRequest{http.StatusUnprocessableEntity, &limitError{fmt.Sprintf("%s: %s is too large: this server runs at most %s %s",
				f.key, truncate(f.n.String(), 40), thousands(int64(f.max)), f.unit)}}
		}
	}
	return nil
}

// prepare turns a request into models, checking every limit.
func (s *Server) prepare(req *RunRequest) (*plan, error) {
	lim := s.cfg.Limits
	var sc *scenarios.Scenario
	var err error
	if req.YAML != "" {
		if sc, err = s.parseUpload(req.Filename, []byte(req.YAML)); err != nil {
			var le *limitError
			if errors.As(err, &le) {
				return nil, &badRequest{http.StatusRequestEntityTooLarge, err}
			}
			return nil, &badRequest{http.StatusBadRequest, err}
		}
	} else {
		if req.Scenario == "" {
			req.Scenario = "baseline"
		}
		if sc, err = s.loadLibrary(req.Scenario); err != nil {
			return nil, &badRequest{http.StatusBadRequest, err}
		}
	}
	p := sc.Config.Params
	hh, years, reps, seed := req.Households, req.Years, req.Reps, req.Seed
	if hh == 0 {
		hh = p.Population.Households
	}
	if years == 0 {
		years = p.Years
	}
	if reps == 0 {
		reps = s.cfg.Defaults.Reps
	}
	if seed == 0 {
		seed = s.cfg.Defaults.Seed
	}
	if hh < 1 || years < 1 || reps < 1 {
		return nil, bad(http.StatusBadRequest, "households, years and replications must be at least 1 (got %d, %d, %d)", hh, years, reps)
	}
	var over []string
	if hh > lim.MaxHouseholds {
		over = append(over, fmt.Sprintf("%s households asked, at most %s allowed", thousands(int64(hh)), thousands(int64(lim.MaxHouseholds))))
	}
	if years > lim.MaxYears {
		over = append(over, fmt.Sprintf("%d years asked, at most %d allowed", years, lim.MaxYears))
	}
	if reps > lim.MaxReps {
		over = append(over, fmt.Sprintf("%d replications asked, at most %d allowed", reps, lim.MaxReps))
	}
	if len(over) == 0 {
		if work := int64(hh) * int64(years) * int64(reps); work > lim.MaxWork {
			over = append(over, fmt.Sprintf("%s households × %d years × %d replications = %s household-years per scenario, at most %s allowed: lower one of them",
				thousands(int64(hh)), years, reps, thousands(work), thousands(lim.MaxWork)))
		}
	}
	if len(over) > 0 {
		return nil, &badRequest{http.StatusUnprocessableEntity, &limitError{"this run is larger than the server allows: " + strings.Join(over, "; ")}}
	}

	set, err := checkLevers(req.Levers)
	if err != nil {
		return nil, &badRequest{http.StatusBadRequest, err}
	}
	base := sized(sc.Config, hh, years)
	start := base.Params.StartYear
	cy := req.ChangeYear
	if cy == 0 {
		cy = start
	}
	if cy < start || cy > start+years-1 {
		return nil, bad(http.StatusBadRequest, "change_year: the changes must start within the simulated years %d–%d, got %d", start, start+years-1, cy)
	}
	altCfg, err := applyLevers(base, set, cy)
	if err != nil {
		return nil, &badRequest{http.StatusBadRequest, err}
	}
	pl := &plan{name: sc.Name, changeYear: cy, households: hh, reps: reps, years: years, seed: seed, changed: map[string]string{}}
	if pl.alt, err = sim.New(altCfg); err != nil {
		return nil, &badRequest{http.StatusBadRequest, err}
	}
	for k, v := range set {
		l, _ := leverByPath(k)
		pl.changed[l.Label] = formatLever(l, v)
	}
	pl.label = sc.Name
	if len(set) > 0 {
		pl.label += " with your changes"
	}
	var refCfg sim.Config
	switch req.Compare {
	case "", "baseline":
		if refCfg, err = s.baselineFor(base); err != nil {
			return nil, &badRequest{http.StatusBadRequest, err}
		}
		pl.refLabel = "Baseline policies"
	case "scenario":
		refCfg = base
		pl.refLabel = sc.Name + " as written"
	default:
		return nil, bad(http.StatusBadRequest, `compare: want "baseline" or "scenario", got %q`, truncate(req.Compare, 40))
	}
	if pl.ref, err = sim.New(refCfg); err != nil {
		return nil, &badRequest{http.StatusBadRequest, err}
	}
	if err := s.withDraws(req, pl, refCfg, altCfg); err != nil {
		return nil, err
	}
	return pl, nil
}

// sized sets the population size and the number of years, dropping the
// timeline changes that fall after the last year; the warm-up's settings
// stay.
func sized(cfg sim.Config, households, years int) sim.Config {
	out := sim.Config{Params: cfg.Params.Clone(), Before: cfg.Before}
	out.Params.Population.Households = households
	out.Params.Years = years
	end := out.Params.StartYear + years
	for _, ch := range cfg.Timeline {
		if ch.Year < end {
			out.Timeline = append(out.Timeline, ch)
		}
	}
	return out
}

// baselineFor is the library baseline's policies applied to the village of
// cfg: same population, calendar and poverty line, so the two runs hold the
// same households.
func (s *Server) baselineFor(cfg sim.Config) (sim.Config, error) {
	b, err := s.loadLibrary("baseline")
	if err != nil {
		return sim.Config{}, fmt.Errorf("compare: the library has no baseline scenario to compare with (%v)", err)
	}
	q := cfg.Params
	p := b.Config.Params.Clone()
	p.StartYear, p.Years, p.Poverty = q.StartYear, q.Years, q.Poverty
	p.Population = q.Population
	p.Population.SizeWeights = append([]float64(nil), q.Population.SizeWeights...)
	p.Specialty.Products = q.Specialty.Products
	return sized(sim.Config{Params: p, Timeline: b.Config.Timeline, Before: b.Config.Before}, q.Population.Households, q.Years), nil
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// stream writes NDJSON events, flushing each and bounding the time a slow
// client may hold a write.
type stream struct {
	w   http.ResponseWriter
	rc  *http.ResponseController
	enc *json.Encoder
	err error
}

func newStream(w http.ResponseWriter) *stream {
	h := w.Header()
	h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	return &stream{w: w, rc: http.NewResponseController(w), enc: json.NewEncoder(w)}
}

func (st *stream) send(ev Event) error {
	if st.err != nil {
		return st.err
	}
	st.rc.SetWriteDeadline(time.Now().Add(15 * time.Second)) // not supported by every writer; then no deadline
	if err := st.enc.Encode(ev); err != nil {
		st.err = err
		return err
	}
	if err := st.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		st.err = err
	}
	return st.err
}

// handleRun runs a request's scenario with the class's changes and its
// reference, streaming progress and then the result as NDJSON. Problems
// found before the run starts are answered with an HTTP error status and a
// JSON body; problems after it has started arrive as an "error" event.
func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	req, err := s.decodeRun(w, r)
	if err == nil {
		var pl *plan
		if pl, err = s.prepare(req); err == nil {
			s.run(w, r, req, pl)
			return
		}
	}
	status := http.StatusBadRequest
	var br *badRequest
	if errors.As(err, &br) {
		status = br.status
	}
	writeError(w, status, err)
}

// errBusy is returned when too many runs wait already.
var errBusy = errors.New("the server is busy: other runs are waiting; try again in a few seconds")

// claim registers a page's new run and counts it among the active runs
// (running or waiting); it fails when too many are active. A page's
// previous run gives way to its new one: its place is handed over (it no
// longer counts among the active runs) and it is cancelled, but only once
// the new run is accepted: refused, the new run leaves the old one running.
// ahead is how many runs were active before it; replaced says whether a
// previous run of the page gave way.
func (s *Server) claim(client string, cancel context.CancelFunc) (release func(), ahead int, replaced bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, ok := s.clients[client]
	ok = ok && client != "" && !prev.replaced
	active := s.active
	if ok {
		active-- // the previous run's place is the new run's
	}
	if active >= s.cfg.Limits.MaxQueue+s.cfg.Limits.MaxRuns {
		return nil, 0, false, errBusy
	}
	if ok {
		prev.replaced = true
		prev.cancel()
		delete(s.clients, client)
	}
	s.active = active + 1
	t := &ticket{cancel: cancel}
	if client != "" {
		s.clients[client] = t
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !t.replaced {
			s.active--
		}
		if s.clients[client] == t {
			delete(s.clients, client)
		}
	}, active, ok, nil
}

// ticket is a page's current run; replaced when a newer run of the page
// took its place (and its count among the active runs).
type ticket struct {
	cancel   context.CancelFunc
	replaced bool
}

func (s *Server) run(w http.ResponseWriter, r *http.Request, req *RunRequest, pl *plan) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Limits.RunTimeout)
	defer cancel()
	release, ahead, replaced, err := s.claim(req.Client, cancel)
	if err != nil {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	defer release()

	st := newStream(w)
	// Wait for a slot: the channel serves waiting runs in turn.
	if !s.takeSlot(ctx, r, st, ahead, replaced) {
		return
	}
	defer func() { <-s.slots }()

	total := 2 * pl.reps
	st.send(Event{Type: "started", Total: total, Message: fmt.Sprintf("Simulating %s households × %d years × %d replications, twice",
		thousands(int64(pl.households)), pl.years, pl.reps)})
	var done atomic.Int64
	type outcome struct {
		res [][]sim.Result
		err error
	}
	finished := make(chan outcome, 1)
	start := time.Now()
	go func() {
		res, err := analysis.Ensemble(ctx, []*sim.Model{pl.ref, pl.alt}, analysis.Options{
			Reps: pl.reps, Seed: pl.seed, Workers: min(s.cfg.Limits.Workers, total),
			Trace: traceList(pl.households), Done: func() { done.Add(1) }, Models: s.models(pl),
		})
		finished <- outcome{res, err}
	}()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := int64(-1)
	for {
		select {
		case o := <-finished:
			elapsed := time.Since(start)
			if o.err != nil {
				st.send(s.ctxEvent(ctx, r))
				s.logf("run %s: %v after %v", pl.name, o.err, elapsed.Round(time.Millisecond))
				return
			}
			res := buildResult(pl, o.res, elapsed)
			if pl.refDraws != nil {
				applyDraws(res, o.res[0], o.res[1], s.groups(pl), pl.held)
			}
			s.logf("run %s: %d households × %d years × %d reps ×2 in %v", pl.name, pl.households, pl.years, pl.reps, elapsed.Round(time.Millisecond))
			st.send(Event{Type: "progress", Done: total, Total: total})
			st.send(Event{Type: "result", Result: res})
			return
		case <-tick.C:
			if n := done.Load(); n != last {
				last = n
				if st.send(Event{Type: "progress", Done: int(n), Total: total}) != nil {
					cancel() // the client stopped reading
				}
			}
		}
	}
}

// takeSlot waits for a slot, the channel serving waiting runs in turn; it
// reports false, having told the page why, when the run stopped waiting. A
// run that replaced the page's previous one first gives that run a moment
// to hand its slot over before it says it waits.
func (s *Server) takeSlot(ctx context.Context, r *http.Request, st *stream, ahead int, replaced bool) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	default:
	}
	grace := time.Duration(0)
	if replaced {
		grace = 2 * time.Second
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	for {
		select {
		case s.slots <- struct{}{}:
			return true
		case <-ctx.Done():
			st.send(s.ctxEvent(ctx, r))
			return false
		case <-t.C: // fires once
			st.send(Event{Type: "queued", Ahead: ahead, Message: "Waiting for the runs ahead to finish…"})
		}
	}
}

// ErrShuttingDown is the cause a server gives its requests' base context
// when it cuts the runs still in flight at shutdown (after their grace
// period): the pages are told the server is shutting down.
var ErrShuttingDown = errors.New("the server is shutting down")

// ctxEvent explains why a run stopped early.
func (s *Server) ctxEvent(ctx context.Context, r *http.Request) Event {
	switch {
	case errors.Is(context.Cause(r.Context()), ErrShuttingDown):
		return Event{Type: "error", Error: "the run was cancelled: the server is shutting down; run it again when the page is back"}
	case r.Context().Err() != nil:
		return Event{Type: "error", Error: "the run was cancelled: the page closed the connection"}
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return Event{Type: "error", Error: fmt.Sprintf("the run took longer than the %v the server allows (waiting included); try fewer households, years or replications",
			s.cfg.Limits.RunTimeout)}
	case ctx.Err() != nil:
		return Event{Type: "error", Error: "the run was cancelled: a newer run from the same page replaced it"}
	}
	return Event{Type: "error", Error: "the run failed"}
}

// buildResult summarizes the two ensembles.
func buildResult(pl *plan, res [][]sim.Result, elapsed time.Duration) *RunResult {
	ref, alt := res[0], res[1]
	out := &RunResult{
		Scenario: pl.name, Changed: pl.changed, ChangeYear: pl.changeYear, Households: pl.households,
		Reps: pl.reps, Seed: pl.seed, Seconds: elapsed.Seconds(), Build: analysis.BuildOf(),
	}
	for _, y := range ref[0].Years {
		out.Years = append(out.Years, y.Year)
	}
	fp := 0.0
	for _, r := range ref {
		fp += float64(r.Years[0].FormerlyPoor)
	}
	out.FormerlyPoor = fp / float64(len(ref))
	out.Ref = outcomes(pl.refLabel, ref)
	out.Alt = outcomes(pl.label, alt)
	out.Diff.Registered = analysis.PairedSeries(analysis.RegisteredReturn, ref, alt).Years
	out.Diff.MeanRegistered = analysis.Paired(ref, alt, meanRegistered)
	out.Diff.ReturnRate = analysis.PairedSeries(analysis.ReturnRate, ref, alt).Years
	out.Diff.Cost = analysis.PairedSeries(analysis.Cost, ref, alt).Years
	out.Diff.MeanRate = analysis.Paired(ref, alt, meanRate)
	out.Diff.CostPerYear = analysis.Paired(ref, alt, costPerYear)
	out.Diff.PoorYears = analysis.Paired(ref, alt, poorYears)
	out.Stories = chooseStories(alt[0].Stories, ref[0].Stories)
	if out.Stories == nil {
		out.Stories = []StoryView{}
	}
	return out
}

func outcomes(label string, results []sim.Result) Outcomes {
	get := func(k analysis.OutcomeKey) []analysis.Estimate { return analysis.SeriesOf(k, results).Years }
	one := func(b analysis.Bound, f func(*sim.Result) (float64, bool)) analysis.Estimate {
		return b.Clamp(analysis.EstimateOf(defined(results, f)))
	}
	return Outcomes{
		Label: label, Registered: get(analysis.RegisteredReturn), MeanRegistered: one(analysis.UnitInterval, meanRegistered),
		ReturnRate: get(analysis.ReturnRate), EverReturned: get(analysis.EverReturned),
		Monitored: get(analysis.Monitored), Income: get(analysis.Income), Cost: get(analysis.Cost),
		MeanRate: one(analysis.UnitInterval, meanRate), CostPerYear: one(analysis.NonNegative, costPerYear),
		PoorYears: one(analysis.NonNegative, poorYears),
	}
}
