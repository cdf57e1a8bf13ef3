package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
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
	grace   time.Duration // how long runs in flight may finish at shutdown (0: 5s); tests shorten it
	draws   string
	perDraw int
	config  string
	src     *layered // where each value came from (nil: the defaults)
}

// addrWant is what serve takes for --addr from a variable or a --config file.
const addrWant = "--addr on the command line (where the page listens, and so who can open it, is said where it is seen, never left to a variable or a file)"

// read reads the flags from the layers of layerFlags. --addr is read from
// the command line only: a POVSIM_ADDR or an addr key left behind could
// otherwise open the page to the whole network.
func (f *serveFlags) read(l *layered) error {
	if s := l.source("addr"); s == fromEnv || s == fromConfig {
		return l.refuse("addr", addrWant)
	}
	f.src = l
	m := &f.limits
	m.MaxHouseholds, m.MaxYears, m.MaxReps = l.GetInt("max-households"), l.GetInt("max-years"), l.GetInt("max-reps")
	m.MaxWork, m.MaxUpload = l.GetInt64("max-work"), l.GetInt64("max-upload")
	m.MaxRuns, m.MaxQueue, m.Workers = l.GetInt("max-runs"), l.GetInt("max-queue"), l.GetInt("workers")
	m.RunTimeout = l.GetDuration("timeout")
	f.quiet, f.draws, f.perDraw = l.GetBool("quiet"), l.GetString("draws"), l.GetInt("per-draw")
	if f.draws == "" || f.draws == calibrate.NoDraws {
		return l.needs("per-draw", "draws", "the replications that share a parameter draw: with --draws none no run is on a draw")
	}
	return nil
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
most --max-runs runs compute at once while the others wait their turn.

The flags can also come from POVSIM_* variables and a --config file, as other
commands' do, except --addr: where the page listens decides who can open it, so
it is read from the command line only, where it is seen (POVSIM_ADDR or an addr
key in the file is an error, not silently used or ignored).`,
		Example: `  povsim serve
  povsim serve --addr 127.0.0.1:9000
  povsim serve --addr 0.0.0.0:8080 --max-runs 1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := layerFlags(cmd, &f.config)
			if err != nil {
				return err
			}
			if err := f.read(l); err != nil {
				return err
			}
			return runServe(cmd.Context(), e, f, nil)
		},
	}
	fl := cmd.Flags()
	l := &f.limits
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (port 0 picks a free port); read from the command line only, never from POVSIM_ADDR or a --config file")
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
	registerConfig(cmd, &f.config)
	return cmd
}

func (f *serveFlags) check() error {
	l, src := f.limits, f.src
	switch {
	case l.MaxHouseholds < 1:
		return src.refuse("max-households", "at least 1")
	case l.MaxYears < 1:
		return src.refuse("max-years", "at least 1")
	case l.MaxReps < 1:
		return src.refuse("max-reps", "at least 1")
	case l.MaxWork < 1:
		return src.refuse("max-work", "at least 1")
	case l.MaxUpload < 1:
		return src.refuse("max-upload", "at least 1 byte")
	case l.MaxRuns < 1:
		return src.refuse("max-runs", "at least 1")
	case l.MaxQueue < 0:
		return src.refuse("max-queue", "0 or more")
	case workerCount(strconv.Itoa(l.Workers)) != "":
		return src.refuse("workers", workerCount(strconv.Itoa(l.Workers)))
	case l.RunTimeout <= 0:
		return src.refuse("timeout", "a positive duration such as 60s")
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
		return f.src.fileErr("draws", err)
	}
	if cfg.Draws != nil && f.perDraw < 2 {
		return f.src.refuse("per-draw", "at least 2")
	}
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", f.addr, err)
	}
	base, cutRuns := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cutRuns(nil)
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(io.Discard, "", 0),
		// The requests' context is not ctx: Ctrl+C lets the runs in flight
		// finish for a grace period, then cuts them saying why.
		BaseContext: func(net.Listener) context.Context { return base },
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
	grace := f.grace
	if grace <= 0 {
		grace = 5 * time.Second
	}
	if err := shutdown(hs, grace); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		// The runs still going are cut; they tell their pages why.
		cutRuns(web.ErrShuttingDown)
		if err := shutdown(hs, 2*time.Second); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
	}
	hs.Close()
	fmt.Fprintln(e.stdout, "povsim serve: stopped")
	return nil
}

// shutdown stops hs accepting requests and waits up to grace for those in
// flight to finish.
func shutdown(hs *http.Server, grace time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	return hs.Shutdown(ctx)
}
