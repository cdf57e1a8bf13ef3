package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/web"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newServeCmd) }

// serveFlags are the flags of `povsim serve`.
type serveFlags struct {
	addr    string
	limits  web.Limits
	quiet   bool
	draws   string
	perDraw int
}

func newServeCmd(e *env) *cobra.Command {
	f := &serveFlags{limits: web.DefaultLimits()}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Start the classroom page: pick a scenario, move policy levers, watch households fall back or not",
		Long: `serve starts a web server with povsim's classroom page. Everything the page needs
is inside the povsim binary: no install step and no internet connection.

Open the address it prints in a browser (on a projector, full screen: F11), pick a
scenario from the library or upload a YAML file, move the policy levers, press Run
and compare the return-to-poverty curve with the baseline's, with its 95% band,
the difference, the cost, and a few households to follow year by year.

By default the server listens on this computer only (127.0.0.1). To let students
open the page from their own devices on the classroom network, listen on all
interfaces with --addr 0.0.0.0:8080 and give them this computer's address. Every
request is bounded (households, years, replications, upload size, time), and at
most --max-runs runs compute at once while the others wait their turn.`,
		Example: `  povsim serve
  povsim serve --addr 127.0.0.1:9000
  povsim serve --addr 0.0.0.0:8080 --max-runs 1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), e, f, nil)
		},
	}
	fl := cmd.Flags()
	l := &f.limits
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (port 0 picks a free port)")
	fl.IntVar(&l.MaxHouseholds, "max-households", l.MaxHouseholds, "most households a run may simulate")
	fl.IntVar(&l.MaxYears, "max-years", l.MaxYears, "most years a run may simulate")
	fl.IntVar(&l.MaxReps, "max-reps", l.MaxReps, "most replications a run may ask for")
	fl.Int64Var(&l.MaxWork, "max-work", l.MaxWork, "most households × years × replications per scenario of a run")
	fl.Int64Var(&l.MaxUpload, "max-upload", l.MaxUpload, "largest scenario file a page may upload, in bytes")
	fl.IntVar(&l.MaxRuns, "max-runs", l.MaxRuns, "runs computed at the same time (the others wait their turn)")
	fl.IntVar(&l.MaxQueue, "max-queue", l.MaxQueue, "runs that may wait; more are turned away as busy")
	fl.IntVar(&l.Workers, "workers", l.Workers, "parallel workers per run")
	fl.DurationVar(&l.RunTimeout, "timeout", l.RunTimeout, "longest a run may take, waiting included")
	fl.BoolVar(&f.quiet, "quiet", false, "do not log each run")
	fl.StringVar(&f.draws, "draws", calibrate.DefaultDraws, `parameter draws the page's runs (API requests with "draws": true) run on, so that its intervals carry parameter uncertainty: "default" (the calibration embedded in povsim), "none", or a draws.csv or draws.parquet of povsim calibrate (a file called default or none: ./default)`)
	fl.IntVar(&f.perDraw, "per-draw", 2, "replications that share a draw (at least 2)")
	return cmd
}

func (f *serveFlags) check() error {
	l := f.limits
	switch {
	case l.MaxHouseholds < 1:
		return fmt.Errorf("--max-households: got %d, want at least 1", l.MaxHouseholds)
	case l.MaxYears < 1:
		return fmt.Errorf("--max-years: got %d, want at least 1", l.MaxYears)
	case l.MaxReps < 1:
		return fmt.Errorf("--max-reps: got %d, want at least 1", l.MaxReps)
	case l.MaxWork < 1:
		return fmt.Errorf("--max-work: got %d, want at least 1", l.MaxWork)
	case l.MaxUpload < 1:
		return fmt.Errorf("--max-upload: got %d, want at least 1 byte", l.MaxUpload)
	case l.MaxRuns < 1:
		return fmt.Errorf("--max-runs: got %d, want at least 1", l.MaxRuns)
	case l.MaxQueue < 0:
		return fmt.Errorf("--max-queue: got %d, want 0 or more", l.MaxQueue)
	case l.Workers < 1:
		return fmt.Errorf("--workers: got %d, want at least 1", l.Workers)
	case l.RunTimeout <= 0:
		return fmt.Errorf("--timeout: got %v, want a positive duration such as 60s", l.RunTimeout)
	}
	return nil
}

// runServe serves until ctx is cancelled (Ctrl+C), then shuts down,
// letting runs in flight finish for a few seconds. ready, if not nil, is
// told the address the server listens on.
func runServe(ctx context.Context, e *env, f *serveFlags, ready func(addr string)) error {
	if err := f.check(); err != nil {
		return err
	}
	var logger *log.Logger
	var err error
	if !f.quiet {
		logger = log.New(e.stderr, "povsim serve: ", log.LstdFlags)
	}
	if f.limits.MaxQueue == 0 {
		f.limits.MaxQueue = -1 // web.New reads 0 as "default"; keep "no queue"
	}
	cfg := web.Config{Limits: f.limits, Log: logger, PerDraw: f.perDraw}
	if cfg.Draws, err = calibrate.OpenDraws(f.draws); err != nil {
		return err
	}
	if cfg.Draws != nil && f.perDraw < 2 {
		return fmt.Errorf("--per-draw: got %d, want at least 2", f.perDraw)
	}
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", f.addr, err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(io.Discard, "", 0),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	addr := ln.Addr().(*net.TCPAddr)
	url := fmt.Sprintf("http://%s/", ln.Addr())
	if addr.IP.IsUnspecified() {
		url = fmt.Sprintf("http://127.0.0.1:%d/", addr.Port)
	}
	fmt.Fprintf(e.stdout, "povsim classroom page: open %s in a browser (Ctrl+C stops the server)\n", url)
	if addr.IP.IsUnspecified() {
		fmt.Fprintf(e.stdout, "listening on every network interface, port %d: students can open http://THIS-COMPUTER'S-ADDRESS:%d/\n", addr.Port, addr.Port)
	} else if !addr.IP.IsLoopback() {
		fmt.Fprintf(e.stdout, "listening on %s: other computers on this network can open the page\n", ln.Addr())
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	hs.Close()
	fmt.Fprintln(e.stdout, "povsim serve: stopped")
	return nil
}
