// Package web is povsim's classroom page: an HTTP handler that serves a page
// embedded in the binary and a small JSON API to run a scenario with the
// class's policy changes against a reference, with live progress, and to
// follow a few simulated households through the years.
//
// It is meant to be left open on a classroom network: requests never touch
// the file system (library scenarios come from the binary, uploads are
// parsed from the request), every run is bounded in households, years,
// replications and time, runs are cancelled when the browser goes away, and
// a fixed number of runs share the machine while others wait their turn.
package web

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

//go:embed static
var staticFS embed.FS

// Limits bound what one request may ask for and how many run at once.
type Limits struct {
	MaxHouseholds int           // households per scenario
	MaxYears      int           // simulated years
	MaxReps       int           // replications
	MaxWork       int64         // households × years × replications, per scenario
	MaxUpload     int64         // bytes of an uploaded scenario file
	MaxRuns       int           // runs simulated at the same time
	MaxQueue      int           // runs waiting for a free slot, more are turned away as busy (0: the default, negative: none)
	Workers       int           // goroutines per run
	RunTimeout    time.Duration // wall time of one run, waiting included
}

// DefaultLimits suit a teacher's laptop: a village-size run (2,000
// households × 15 years × 50 replications) takes a second or two, and the
// largest allowed about ten times that.
func DefaultLimits() Limits {
	return Limits{
		MaxHouseholds: 20000,
		MaxYears:      30,
		MaxReps:       200,
		MaxWork:       12_000_000,
		MaxUpload:     64 << 10,
		MaxRuns:       2,
		MaxQueue:      16,
		Workers:       runtime.GOMAXPROCS(0),
		RunTimeout:    60 * time.Second,
	}
}

// Defaults are the run size the page starts with.
type Defaults struct {
	Households int    `json:"households"`
	Years      int    `json:"years"`
	Reps       int    `json:"reps"`
	Seed       uint64 `json:"seed"`
}

// Config configures a Server.
type Config struct {
	Limits   Limits
	Defaults Defaults
	Log      *log.Logger // nil: no log
	// Draws, if set, are parameter draws (povsim calibrate) a request may
	// run on ("draws": true); PerDraw replications share one (0: 2).
	Draws   *calibrate.Draws
	PerDraw int
}

// Server is the classroom page's HTTP handler.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	slots   chan struct{} // one token per running run
	mu      sync.Mutex
	active  int                // runs running or waiting for a slot
	clients map[string]*ticket // the latest run of each page
	library map[string]scenarios.Entry
	order   []scenarios.Entry
	static  fs.FS
	wall    wallCache // GET /api/validation, computed once
}

// New returns a Server. Zero limits take the defaults.
func New(cfg Config) (*Server, error) {
	def := DefaultLimits()
	l := &cfg.Limits
	fill := func(p *int, d int) {
		if *p <= 0 {
			*p = d
		}
	}
	fill(&l.MaxHouseholds, def.MaxHouseholds)
	fill(&l.MaxYears, def.MaxYears)
	fill(&l.MaxReps, def.MaxReps)
	fill(&l.MaxRuns, def.MaxRuns)
	if l.MaxQueue < 0 {
		l.MaxQueue = 0
	} else if l.MaxQueue == 0 {
		l.MaxQueue = def.MaxQueue
	}
	fill(&l.Workers, def.Workers)
	if l.MaxWork <= 0 {
		l.MaxWork = def.MaxWork
	}
	if l.MaxUpload <= 0 {
		l.MaxUpload = def.MaxUpload
	}
	if l.RunTimeout <= 0 {
		l.RunTimeout = def.RunTimeout
	}
	d := &cfg.Defaults
	fill(&d.Households, 2000)
	fill(&d.Years, 15)
	fill(&d.Reps, 50)
	if d.Seed == 0 {
		d.Seed = 1
	}
	d.Households = min(d.Households, l.MaxHouseholds)
	d.Years = min(d.Years, l.MaxYears)
	d.Reps = min(d.Reps, l.MaxReps)

	lib, err := scenarios.Library()
	if err != nil {
		return nil, err
	}
	st, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:     cfg,
		mux:     http.NewServeMux(),
		slots:   make(chan struct{}, l.MaxRuns),
		clients: map[string]*ticket{},
		library: map[string]scenarios.Entry{},
		order:   lib,
		static:  st,
	}
	for _, e := range lib {
		s.library[e.Name] = e
	}
	s.routes()
	return s, nil
}

// Limits returns the limits in force.
func (s *Server) Limits() Limits { return s.cfg.Limits }

func (s *Server) routes() {
	files := http.FileServerFS(s.static)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", noDirs(files)))
	s.mux.HandleFunc("GET /{$}", s.index)
	s.mux.HandleFunc("GET /api/scenarios", s.handleScenarios)
	s.mux.HandleFunc("GET /api/scenario", s.handleScenario)
	s.mux.HandleFunc("POST /api/scenario", s.handleUpload)
	s.mux.HandleFunc("POST /api/run", s.handleRun)
	s.mux.HandleFunc("GET /api/validation", s.handleValidation)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
}

// ServeHTTP adds security headers and serves the page and its API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	s.mux.ServeHTTP(w, r)
}

// noDirs answers 404 for folder listings of the embedded files.
func noDirs(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || r.URL.Path[len(r.URL.Path)-1] == '/' {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(s.static, "index.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log.Printf(format, args...)
	}
}

// apiError is the body of every error answer: a message for people.
type apiError struct {
	Error    string   `json:"error"`
	Problems []string `json:"problems,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	body := apiError{Error: err.Error()}
	var se *scenarios.Error
	if errors.As(err, &se) {
		body.Error = fmt.Sprintf("%s: %d problem(s)", se.File, len(se.Problems))
		for _, p := range se.Problems {
			body.Problems = append(body.Problems, problemText(p))
		}
	}
	var fe sim.Errors
	if errors.As(err, &fe) {
		body.Error = "the settings are not valid"
		for _, e := range fe {
			body.Problems = append(body.Problems, e.Error())
		}
	}
	body.Error = pageHints(body.Error)
	for i, p := range body.Problems {
		body.Problems[i] = pageHints(p)
	}
	writeJSON(w, status, body)
}

// pageHints rewrites the command line's hints in a message for the page,
// whose class has no terminal: the Scenario menu lists the library, not
// `povsim scenarios list`.
func pageHints(msg string) string {
	return strings.NewReplacer(
		"try `povsim scenarios list`", "the Scenario menu lists the library's scenarios",
		"`povsim scenarios list` lists them", "the Scenario menu lists them",
	).Replace(msg)
}

func problemText(p scenarios.Problem) string {
	s := ""
	switch {
	case p.Col > 0:
		s = fmt.Sprintf("line %d, column %d: ", p.Line, p.Col)
	case p.Line > 0:
		s = fmt.Sprintf("line %d: ", p.Line)
	}
	if p.Key != "" {
		s += p.Key + ": "
	}
	if p.Value != "" {
		s += "got " + p.Value + ", "
	}
	return s + "want " + p.Want
}

// LibraryInfo lists the scenarios and what a run may ask for.
type LibraryInfo struct {
	Scenarios []Entry        `json:"scenarios"`
	Limits    LimitsInfo     `json:"limits"`
	Defaults  Defaults       `json:"defaults"`
	Version   string         `json:"version"`
	Build     analysis.Build `json:"build"` // which povsim and model answer
	// Draws: the server has parameter draws, and the page runs on them
	// (RunRequest.Draws) so that its intervals carry parameter uncertainty.
	Draws bool `json:"draws"`
}

// Entry is a library scenario in the list.
type Entry struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Seed        string `json:"seed"`
	Extends     string `json:"extends,omitempty"`
}

// LimitsInfo is the part of Limits the page shows.
type LimitsInfo struct {
	MaxHouseholds int   `json:"max_households"`
	MaxYears      int   `json:"max_years"`
	MaxReps       int   `json:"max_reps"`
	MaxWork       int64 `json:"max_work"`
	MaxUpload     int64 `json:"max_upload"`
	RunTimeout    int   `json:"run_timeout_seconds"`
}

func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	l := s.cfg.Limits
	list := make([]Entry, 0, len(s.order))
	for _, e := range s.order {
		list = append(list, Entry{Name: e.Name, Description: e.Description, Seed: e.Seed, Extends: e.Extends})
	}
	writeJSON(w, http.StatusOK, LibraryInfo{
		Scenarios: list,
		Limits: LimitsInfo{MaxHouseholds: l.MaxHouseholds, MaxYears: l.MaxYears, MaxReps: l.MaxReps,
			MaxWork: l.MaxWork, MaxUpload: l.MaxUpload, RunTimeout: int(l.RunTimeout / time.Second)},
		Defaults: s.cfg.Defaults,
		Version:  analysis.BuildOf().Version,
		Build:    analysis.BuildOf(),
		Draws:    s.cfg.Draws != nil,
	})
}

// ScenarioInfo describes a scenario for the page: its size and calendar
// and the values of its levers.
type ScenarioInfo struct {
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Extends     string       `json:"extends,omitempty"`
	Upload      bool         `json:"upload"`
	StartYear   int          `json:"start_year"`
	Years       int          `json:"years"`
	Households  int          `json:"households"`
	ChangeYear  int          `json:"change_year"` // suggested year for the class's changes
	Compare     string       `json:"compare"`     // suggested reference: "baseline" or "scenario"
	Levers      []LeverState `json:"levers"`
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// noFiles is a file system with nothing in it: the loader reads library
// scenarios from the binary, and a request can never make it read a file.
type noFiles struct{}

func (noFiles) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// loadLibrary loads a library scenario by name, never a file.
func (s *Server) loadLibrary(name string) (*scenarios.Scenario, error) {
	if _, ok := s.library[name]; !ok || !nameRE.MatchString(name) {
		return nil, fmt.Errorf("no library scenario %q", truncate(name, 80))
	}
	return (&scenarios.Loader{Files: noFiles{}}).Load(name)
}

// parseUpload reads an uploaded scenario; extends may name library scenarios only.
func (s *Server) parseUpload(name string, data []byte) (*scenarios.Scenario, error) {
	if int64(len(data)) > s.cfg.Limits.MaxUpload {
		return nil, &limitError{fmt.Sprintf("the scenario file is %s; the server accepts files up to %s",
			byteSize(int64(len(data))), byteSize(s.cfg.Limits.MaxUpload))}
	}
	if len(data) == 0 {
		return nil, errors.New("the scenario file is empty")
	}
	if name == "" {
		name = "upload.yaml"
	}
	return scenarios.Parse(truncate(name, 80), data)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitError is a request that asks for more than the server allows.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

func (s *Server) info(sc *scenarios.Scenario, upload bool) (ScenarioInfo, error) {
	m, err := sim.New(sc.Config)
	if err != nil {
		return ScenarioInfo{}, err
	}
	p := sc.Config.Params
	in := ScenarioInfo{
		Name: sc.Name, Description: sc.Description, Extends: sc.Extends, Upload: upload,
		StartYear: p.StartYear, Years: p.Years, Households: p.Population.Households,
		Levers: leverStates(m), Compare: "scenario",
	}
	in.ChangeYear = p.StartYear + min(5, p.Years-1)
	if len(sc.Config.Timeline) > 0 {
		first := sc.Config.Timeline[0].Year
		for _, c := range sc.Config.Timeline {
			first = min(first, c.Year)
		}
		in.ChangeYear = first
	}
	if sc.Extends != "" || sc.Name == "baseline" {
		in.Compare = "baseline"
	}
	return in, nil
}

func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	sc, err := s.loadLibrary(r.URL.Query().Get("name"))
	if err != nil {
		writeError(w, http.StatusNotFound, err)
		return
	}
	in, err := s.info(sc, false)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// handleUpload checks an uploaded scenario file (the request body, as is)
// and describes it. The page keeps the text and sends it with each run.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	max := s.cfg.Limits.MaxUpload
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge,
				fmt.Errorf("the scenario file is larger than the %s the server accepts", byteSize(max)))
			return
		}
		writeError(w, http.StatusBadRequest, fmt.Errorf("reading the upload: %w", err))
		return
	}
	sc, err := s.parseUpload(r.URL.Query().Get("filename"), data)
	if err != nil {
		status := http.StatusBadRequest
		var le *limitError
		if errors.As(err, &le) {
			status = http.StatusRequestEntityTooLarge
		}
		writeError(w, status, err)
		return
	}
	in, err := s.info(sc, true)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}
