package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/povsim/povsim/web"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeCommand starts `povsim serve` on a free loopback port, uses the
// page and its API, and stops it as Ctrl+C would.
func TestServeCommand(t *testing.T) {
	var stdout, stderr lockedBuffer
	e := &env{stdout: &stdout, stderr: &stderr, args: []string{"povsim", "serve"}}
	f := &serveFlags{addr: "127.0.0.1:0", limits: web.DefaultLimits()}
	base, cancel, done := startServe(t, e, f)
	defer cancel()
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("listening on %s, want the loopback address", base)
	}

	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte("povsim")) {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	body := `{"scenario":"baseline","households":200,"years":4,"reps":2,"change_year":2023,"levers":{"transfers.subsidy.level":0}}`
	resp, err = http.Post(base+"/api/run", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var last web.Event
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		last = web.Event{}
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
			t.Fatal(err)
		}
	}
	resp.Body.Close()
	if last.Type != "result" || len(last.Result.Years) != 4 {
		t.Fatalf("run: last event %+v", last)
	}

	stopServe(t, cancel, done)
	out := stdout.String()
	if !strings.Contains(out, "open "+base+"/ in a browser") || !strings.Contains(out, "stopped") {
		t.Errorf("stdout:\n%s", out)
	}
	if !strings.Contains(stderr.String(), "run baseline: 200 households") {
		t.Errorf("no run logged:\n%s", stderr.String())
	}
}

// startServe runs `povsim serve` with f until cancel; done says how it
// stopped.
func startServe(t *testing.T, e *env, f *serveFlags) (base string, cancel func(), done chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done = make(chan error, 1)
	go func() { done <- runServe(ctx, e, f, func(a string) { addrc <- a }) }()
	select {
	case a := <-addrc:
		return "http://" + a, cancel, done
	case err := <-done:
		t.Fatalf("serve stopped at once: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	return "", cancel, done
}

func TestServeCommandFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--max-runs", "0"}, "--max-runs"},
		{[]string{"serve", "--max-households", "-1"}, "--max-households"},
		{[]string{"serve", "--timeout", "0s"}, "--timeout"},
		{[]string{"serve", "--workers", "0"}, "--workers"},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, "--addr"},
		{[]string{"serve", "extra"}, "serve extra: takes no arguments; usage: povsim serve [flags]"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := Main(c.args, &stdout, &stderr)
		if code != exitError || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("povsim %s: exit %d, stderr %q; want exit %d mentioning %q",
				strings.Join(c.args, " "), code, stderr.String(), exitError, c.want)
		}
	}
}

func TestServeCommandHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"serve", "--help"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	help := stdout.String()
	for _, want := range []string{"--addr string", "127.0.0.1:8080", "--max-households", "--max-upload", "--timeout", "no internet"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
}

// postRun posts a run to a serving povsim and reads its stream up to the
// "started" event; rest reads the remaining events.
func postRun(t *testing.T, base, body string) (rest func() []web.Event) {
	t.Helper()
	resp, err := http.Post(base+"/api/run", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	next := func() (web.Event, bool) {
		var ev web.Event
		if !sc.Scan() {
			return ev, false
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatal(err)
		}
		return ev, true
	}
	for {
		ev, ok := next()
		if !ok || ev.Type == "result" || ev.Type == "error" {
			t.Fatalf("the run did not start: %+v", ev)
		}
		if ev.Type == "started" {
			break
		}
	}
	return func() []web.Event {
		var out []web.Event
		for ev, ok := next(); ok; ev, ok = next() {
			out = append(out, ev)
		}
		return out
	}
}

// stopServe stops a server as Ctrl+C would and waits for it.
func stopServe(t *testing.T, cancel func(), done chan error) {
	t.Helper()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestServeCommandShutdownLetsRunsFinish: Ctrl+C lets a run in flight
// finish within the grace period instead of cancelling it at once (it was
// cancelled as if the page had closed the connection).
func TestServeCommandShutdownLetsRunsFinish(t *testing.T) {
	e := &env{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, args: []string{"povsim", "serve"}}
	f := &serveFlags{addr: "127.0.0.1:0", limits: web.DefaultLimits(), grace: 20 * time.Second}
	base, cancel, done := startServe(t, e, f)
	defer cancel()
	rest := postRun(t, base, `{"scenario":"baseline","households":2000,"years":10,"reps":8,"seed":1}`)
	cancel()
	evs := rest()
	if len(evs) == 0 || evs[len(evs)-1].Type != "result" {
		t.Fatalf("a run in flight at Ctrl+C ended with %+v, want its result", evs)
	}
	stopServe(t, cancel, done)
}

// TestServeCommandShutdownCutsRunsSayingWhy: a run still going when the
// grace period ends is cut, and its page is told the server is shutting
// down, not that the page closed the connection.
func TestServeCommandShutdownCutsRunsSayingWhy(t *testing.T) {
	e := &env{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, args: []string{"povsim", "serve"}}
	f := &serveFlags{addr: "127.0.0.1:0", limits: web.DefaultLimits(), grace: 200 * time.Millisecond}
	f.limits.MaxWork = 1 << 40
	base, cancel, done := startServe(t, e, f)
	defer cancel()
	rest := postRun(t, base, `{"scenario":"baseline","households":4000,"years":20,"reps":200,"seed":1}`)
	start := time.Now()
	cancel()
	evs := rest()
	if len(evs) == 0 || evs[len(evs)-1].Type != "error" || !strings.Contains(evs[len(evs)-1].Error, "server is shutting down") {
		t.Fatalf("a run cut at shutdown ended with %+v, want an error saying the server is shutting down", evs)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("the run was cut %v after Ctrl+C, before its grace period", d)
	}
	stopServe(t, cancel, done)
}
