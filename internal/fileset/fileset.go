// Package fileset writes the files of one output as a set: a reader of the
// folder finds the complete previous set or the complete new set, never a
// mix, and a write interrupted at any moment (even by kill -9) leaves
// nothing that a later write does not clean up.
//
// Each file is first written in full to a hidden temporary file in the
// output's folder (.NAME.HOST-PID-RANDOM.tmp) and synced. When all are
// written, a commit record (.FIRST.HOST-PID-RANDOM.commit) listing them is
// written and synced, the files are renamed into place, and the record is
// removed. Renames in one folder cannot be made atomic as a group on POSIX,
// so the commit record is what makes the set whole: a process killed
// between two renames leaves its record, and the next Begin, Check or
// Recover in that folder on the same machine finishes the renames (rolls
// forward) before it does anything else. Temporary files of processes of
// this machine that no longer run, and the older names povsim used
// (.NAME.tmp*), are removed by the same calls; those of other machines are
// left alone (on a shared file system their writer may still run).
package fileset

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Set is a set of files being written into one folder.
type Set struct {
	dir    string
	perm   fs.FileMode
	staged []rename
	remove []string
	done   bool
}

// record is a commit record: the renames that make the set visible, then
// the files of an earlier set that the new set does not have.
type record struct {
	Renames []rename `json:"renames"`
	Remove  []string `json:"remove,omitempty"`
}

type rename struct {
	Tmp  string `json:"tmp"`  // base name of the staged file
	Name string `json:"name"` // base name it takes
}

// Begin starts a set of files written into dir, created if missing. It
// finishes or removes what interrupted writes left in dir. perm is the
// permission of the files (before the umask).
func Begin(dir string, perm fs.FileMode) (*Set, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := Recover(dir); err != nil {
		return nil, err
	}
	return &Set{dir: dir, perm: perm}, nil
}

// Write writes the file name of the set through write. Nothing is visible
// under name before Commit.
func (s *Set) Write(name string, write func(io.Writer) error) (err error) {
	if s.done {
		return fmt.Errorf("fileset: write %s after commit", name)
	}
	if name != filepath.Base(name) || name == "" || name[0] == '.' {
		return fmt.Errorf("fileset: %q is not a plain file name", name)
	}
	tmp := tmpName(name, "tmp")
	path := filepath.Join(s.dir, tmp)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, s.perm)
	if err != nil {
		return err
	}
	s.staged = append(s.staged, rename{Tmp: tmp, Name: name})
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	crashPoint("staged " + name)
	return nil
}

// Remove names files of an earlier set in the folder that Commit removes
// with the renames (those the new set writes are replaced anyway).
func (s *Set) Remove(names ...string) {
	s.remove = append(s.remove, names...)
}

// Commit makes the written files visible under their names, all of them or
// (if it fails before its commit record is on disk) none.
func (s *Set) Commit() error {
	if s.done {
		return nil
	}
	if len(s.staged) == 0 {
		s.done = true
		return nil
	}
	for _, r := range s.staged {
		if st, err := os.Stat(filepath.Join(s.dir, r.Name)); err == nil && st.IsDir() {
			s.Abort()
			return fmt.Errorf("%s is a folder: cannot write the file there", filepath.Join(s.dir, r.Name))
		}
	}
	r := record{Renames: s.staged}
	for _, n := range s.remove {
		if !s.writes(n) && n == filepath.Base(n) {
			r.Remove = append(r.Remove, n)
		}
	}
	rec, err := json.Marshal(r)
	if err != nil {
		s.Abort()
		return err
	}
	commit := filepath.Join(s.dir, tmpName(s.staged[0].Name, "commit"))
	if err := writeSynced(commit, rec); err != nil {
		os.Remove(commit)
		s.Abort()
		return err
	}
	syncDir(s.dir)
	crashPoint("commit record")
	s.done = true
	if err := rollForward(s.dir, r, false); err != nil {
		return err // the record stays: the next Recover finishes
	}
	syncDir(s.dir)
	return os.Remove(commit)
}

func (s *Set) writes(name string) bool {
	for _, r := range s.staged {
		if r.Name == name {
			return true
		}
	}
	return false
}

// Abort removes the staged files of a set that will not be committed.
func (s *Set) Abort() {
	if s.done {
		return
	}
	s.done = true
	for _, r := range s.staged {
		os.Remove(filepath.Join(s.dir, r.Tmp))
	}
}

// WriteFile writes one file as a set of one.
func WriteFile(path string, perm fs.FileMode, write func(io.Writer) error) error {
	s, err := Begin(filepath.Dir(path), perm)
	if err != nil {
		return err
	}
	if err := s.Write(filepath.Base(path), write); err != nil {
		s.Abort()
		return err
	}
	return s.Commit()
}

// rollForward makes the renames and removals of a commit record. A staged
// file that is missing is an error for the process that staged it (ours),
// and was renamed already for a record left by a killed process (resumed).
func rollForward(dir string, rec record, resumed bool) error {
	for i, r := range rec.Renames {
		err := os.Rename(filepath.Join(dir, r.Tmp), filepath.Join(dir, r.Name))
		if err != nil && (!resumed || !errors.Is(err, fs.ErrNotExist)) {
			return fmt.Errorf("%s: %w", filepath.Join(dir, r.Name), unwrapLink(err))
		}
		if i < len(rec.Renames)-1 || len(rec.Remove) > 0 {
			crashPoint("renamed " + r.Name)
		}
	}
	for _, n := range rec.Remove {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// unwrapLink drops the temporary name from a rename error.
func unwrapLink(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// tmpName is a temporary name for name: .NAME.HOST-PID-RANDOM.KIND. The
// host and process say whose it is: only a process on the same host can
// tell whether its writer still runs (on a file system shared by several
// machines, as Slurm tasks share one, a process id means nothing elsewhere).
func tmpName(name, kind string) string {
	var rnd [8]byte
	rand.Read(rnd[:])
	return "." + name + "." + host() + "-" + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(rnd[:]) + "." + kind
}

// host is this machine's name, reduced to letters, digits and _.
var host = sync.OnceValue(func() string {
	h, _ := os.Hostname()
	h = regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(h, "_")
	return h[:min(len(h), 40)]
})

var (
	ownName = regexp.MustCompile(`^\.(.+)\.([A-Za-z0-9_]*)-([0-9]+)-[0-9a-f]{16}\.(tmp|commit)$`)
	// Names of temporary files of earlier povsim versions: .NAME.tmpDIGITS
	// (analysis.WriteFileAtomic) and .NAME.HEX16.tmp (sweep outputs).
	oldName = regexp.MustCompile(`^\..+\.(tmp[0-9]+|[0-9a-f]{16}\.tmp)$`)
)

// Recover finishes the sets whose commit records were left in dir by
// processes that are no longer running, then removes their temporary files
// and those of earlier povsim versions. A missing dir is not an error.
func Recover(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	var stale []string
	for _, e := range ents {
		n := e.Name()
		if m := ownName.FindStringSubmatch(n); m != nil {
			pid, _ := strconv.Atoi(m[3])
			if m[2] != host() || pid == os.Getpid() || alive(pid) {
				continue // another machine's, or of a running process
			}
			if m[4] == "commit" {
				if err := finish(dir, n); err != nil {
					return err
				}
				continue
			}
			stale = append(stale, n)
		} else if oldName.MatchString(n) && !e.IsDir() {
			stale = append(stale, n)
		}
	}
	for _, n := range stale {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// finish rolls a commit record forward and removes it.
func finish(dir, name string) error {
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var rec record
	if json.Unmarshal(b, &rec) == nil {
		for _, r := range rec.Renames {
			if r.Tmp != filepath.Base(r.Tmp) || r.Name != filepath.Base(r.Name) || !strings.HasPrefix(r.Tmp, ".") {
				return fmt.Errorf("%s: not a povsim commit record", path)
			}
		}
		for _, n := range rec.Remove {
			if n != filepath.Base(n) {
				return fmt.Errorf("%s: not a povsim commit record", path)
			}
		}
		if err := rollForward(dir, rec, true); err != nil {
			return err
		}
	}
	return os.Remove(path)
}

// Check is the pre-flight check of an output, made before any work: dir
// exists or can be created, a file can be created in it, and none of names
// is a folder. It also recovers dir (see Recover). Errors name the user's
// paths.
func Check(dir string, names ...string) error {
	if dir == "" {
		dir = "."
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is a file: want a folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the folder %s: %w", dir, unwrapPath(err))
	}
	for _, n := range names {
		if st, err := os.Stat(filepath.Join(dir, n)); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a folder: cannot write the file there", filepath.Join(dir, n))
		}
	}
	probe := filepath.Join(dir, tmpName("povsim-check", "tmp"))
	f, err := os.OpenFile(probe, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("cannot write in the folder %s: %w", dir, unwrapPath(err))
	}
	f.Close()
	os.Remove(probe)
	return Recover(dir)
}

// unwrapPath drops the path from a file-system error (the caller names it).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Names are the names of the files written into the set so far.
func (s *Set) Names() []string {
	names := make([]string, len(s.staged))
	for i, r := range s.staged {
		names[i] = r.Name
	}
	return names
}
