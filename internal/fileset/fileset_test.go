package fileset

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func names(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range ents {
		n = append(n, e.Name())
	}
	sort.Strings(n)
	return strings.Join(n, " ")
}

func put(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	c := exec.Command("true")
	if err := c.Run(); err != nil {
		t.Skip("no `true` to make a dead process id")
	}
	return c.Process.Pid
}

func TestSetCommit(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "a"), "old a")
	put(t, filepath.Join(dir, "stale"), "old set only")
	s, err := Begin(dir, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write("a", text("new a")); err != nil {
		t.Fatal(err)
	}
	if err := s.Write("b", text("new b")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a")); string(b) != "old a" {
		t.Errorf("before Commit a reads %q", b)
	}
	s.Remove("stale", "a")
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); got != "a b" {
		t.Errorf("after Commit: %s, want a b", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a")); string(b) != "new a" {
		t.Errorf("after Commit a reads %q", b)
	}
}

func TestAbortAndFailedWrite(t *testing.T) {
	dir := t.TempDir()
	s, _ := Begin(dir, 0o644)
	s.Write("a", text("x"))
	if err := s.Write("b", func(io.Writer) error { return io.ErrShortWrite }); err != io.ErrShortWrite {
		t.Errorf("write error: %v", err)
	}
	s.Abort()
	if got := names(t, dir); got != "" {
		t.Errorf("after Abort: %q", got)
	}
	if err := s.Write("c", text("x")); err == nil || !strings.Contains(err.Error(), "write c after commit") {
		t.Errorf("Write after Abort: %v", err)
	}
	fresh, _ := Begin(dir, 0o644) // the names are refused by a set still open
	for _, bad := range []string{"../x", ".hidden", "a/b", ""} {
		if err := fresh.Write(bad, text("x")); err == nil || !strings.Contains(err.Error(), "is not a plain file name") {
			t.Errorf("Write(%q): %v, want it refused", bad, err)
		}
	}
	if got := names(t, dir); got != "" {
		t.Errorf("after refused writes: %q", got)
	}
}

// A set's Remove takes plain names of its folder only: a path elsewhere
// is left alone. A set with nothing written commits as nothing. A write
// that fails in WriteFile leaves nothing behind, not even its temporary
// file. A set committed is written to no more.
func TestSetEdges(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "out")
	put(t, filepath.Join(root, "victim"), "keep me")
	s, err := Begin(dir, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	s.Write("a", text("x"))
	s.Remove("../victim")
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "victim")); err != nil || string(b) != "keep me" {
		t.Errorf("a file outside the folder named in Remove: %q, %v; want it kept", b, err)
	}
	if err := s.Write("b", text("y")); err == nil || !strings.Contains(err.Error(), "write b after commit") {
		t.Errorf("Write after Commit: %v", err)
	}
	empty, _ := Begin(dir, 0o644)
	if err := empty.Commit(); err != nil {
		t.Errorf("Commit of an empty set: %v", err)
	}
	if err := WriteFile(filepath.Join(dir, "c"), 0o644, func(io.Writer) error { return io.ErrShortWrite }); err != io.ErrShortWrite {
		t.Errorf("WriteFile's write error: %v", err)
	}
	if got := names(t, dir); got != "a" {
		t.Errorf("folder holds %q, want a alone", got)
	}
}

// Commit refuses a name that is a folder and makes nothing visible.
func TestCommitOntoFolder(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "b"), 0o755)
	s, _ := Begin(dir, 0o644)
	s.Write("a", text("x"))
	s.Write("b", text("y"))
	err := s.Commit()
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "b")+" is a folder") {
		t.Errorf("Commit onto a folder: %v", err)
	}
	if got := names(t, dir); got != "b" {
		t.Errorf("left %q", got)
	}
}

// Recover rolls a dead process's commit record forward and removes its
// temporary files and those of earlier versions; a live process's stay, and
// so do another machine's (it cannot tell whether their writer runs).
func TestRecover(t *testing.T) {
	dir := t.TempDir()
	dead := host() + "-" + strconv.Itoa(deadPID(t))
	live := host() + "-" + strconv.Itoa(os.Getppid())
	elsewhere := "otherhost-" + strconv.Itoa(deadPID(t)) // its writer may run
	hex := "0123456789abcdef"
	put(t, filepath.Join(dir, "a"), "old a")
	put(t, filepath.Join(dir, "gone"), "old")
	// Set 1 was between its renames: b is renamed, a is not.
	put(t, filepath.Join(dir, "b"), "new b")
	put(t, filepath.Join(dir, ".a."+dead+"-"+hex+".tmp"), "new a")
	rec, _ := json.Marshal(record{Renames: []rename{{".a." + dead + "-" + hex + ".tmp", "a"}, {".b." + dead + "-fedcba9876543210.tmp", "b"}}, Remove: []string{"gone"}})
	put(t, filepath.Join(dir, ".a."+dead+"-"+hex+".commit"), string(rec))
	put(t, filepath.Join(dir, ".c."+dead+"-"+hex+".tmp"), "staged, never committed")
	put(t, filepath.Join(dir, ".d."+live+"-"+hex+".tmp"), "a running writer's")
	put(t, filepath.Join(dir, ".summary.csv.tmp123456"), "earlier version")
	put(t, filepath.Join(dir, ".r.parquet."+hex+".tmp"), "earlier version")
	put(t, filepath.Join(dir, ".e."+elsewhere+"-"+hex+".tmp"), "another machine's writer's")
	put(t, filepath.Join(dir, ".keep"), "not ours")
	if err := Recover(dir); err != nil {
		t.Fatal(err)
	}
	want := ".d." + live + "-" + hex + ".tmp .e." + elsewhere + "-" + hex + ".tmp .keep a b"
	if got := names(t, dir); got != want {
		t.Errorf("after Recover:\n got %s\nwant %s", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a")); string(b) != "new a" {
		t.Errorf("a reads %q, want the committed new a", b)
	}
	if err := Recover(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("Recover of a missing folder: %v", err)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	put(t, filepath.Join(dir, "file"), "")
	for _, c := range []struct {
		dir   string
		names []string
		want  string
	}{
		{dir, []string{"x", "sub"}, filepath.Join(dir, "sub") + " is a folder"},
		{filepath.Join(dir, "file"), nil, filepath.Join(dir, "file") + " is a file"},
		{filepath.Join(dir, "file", "deeper"), nil, "cannot create the folder " + filepath.Join(dir, "file", "deeper")},
	} {
		err := Check(c.dir, c.names...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%s, %v): %v, want %q", c.dir, c.names, err, c.want)
		}
	}
	if err := Check(filepath.Join(dir, "new", "folder"), "a"); err != nil {
		t.Errorf("Check of a new folder: %v", err)
	}
	if got := names(t, filepath.Join(dir, "new", "folder")); got != "" {
		t.Errorf("Check left %q", got)
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if err := Check(ro); err == nil || !strings.Contains(err.Error(), "cannot write in the folder "+ro) {
			t.Errorf("Check of a read-only folder: %v", err)
		}
	}
}

// A staged file that vanished before Commit (removed by another process)
// fails the commit rather than leaving the set without it.
func TestCommitMissingStaged(t *testing.T) {
	dir := t.TempDir()
	s, _ := Begin(dir, 0o644)
	s.Write("a", text("x"))
	s.Write("b", text("y"))
	os.Remove(filepath.Join(dir, s.staged[1].Tmp))
	if err := s.Commit(); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "b")) {
		t.Errorf("Commit without b's staged file: %v", err)
	}
}
