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

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
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
