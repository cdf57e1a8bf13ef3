package sweep

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// PointKey is the cache key of a model run: the SHA-256 of povsim's version,
// the resolved model config (every parameter and the timeline, as JSON) and
// the seed. Any sweep, shard or rerun that asks for the same config and seed
// finds the same key.
func PointKey(cfg sim.Config, seed uint64) (string, error) {
	js, err := json.Marshal(cfg)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte("povsim point\x00" + analysis.Version + "\x00"))
	h.Write(js)
	h.Write([]byte("\x00seed=" + strconv.FormatUint(seed, 10)))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// entry is what the cache keeps of one point: replications 0 … Reps−1 of
// every simulated year, for a set of outcomes.
type entry struct {
	Reps     int
	Years    []int    // calendar years, every simulated year
	Outcomes []string // outcome names
	Values   []float64
}

func (e *entry) outcomeIndex(name string) int {
	for i, o := range e.Outcomes {
		if o == name {
			return i
		}
	}
	return -1
}

// cache is a folder of point files, DIR/ab/abcdef….pt.
type cache struct {
	dir  string
	dirs sync.Map // subfolders known to exist
}

func (c *cache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key+".pt")
}

const cacheMagic = "POVSIMP1"

// load returns the entry of key, or nil if there is none or it is
// unreadable (a torn file is recomputed, never trusted).
func (c *cache) load(key string) (*entry, error) {
	if c == nil || c.dir == "" {
		return nil, nil
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	e, err := decodeEntry(b, key)
	if err != nil {
		return nil, nil // corrupt or foreign: recompute and overwrite
	}
	return e, nil
}

// store writes the entry of key atomically (a temporary file renamed into
// place), so a reader sees either the old file or the new one, even if the
// process is killed. It does not fsync: a file torn by a crash of the
// operating system fails its checksum and is recomputed.
func (c *cache) store(key string, e *entry) error {
	if c == nil || c.dir == "" {
		return nil
	}
	p := c.path(key)
	dir := filepath.Dir(p)
	if _, made := c.dirs.Load(dir); !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		c.dirs.Store(dir, true)
	}
	return writeFileAtomic(p, false, func(w io.Writer) error {
		_, err := w.Write(encodeEntry(e, key))
		return err
	})
}

// writeFileAtomic writes path through a temporary file in the same folder,
// created with the permissions os.Create gives (0666 less the umask), and
// renamed into place. With sync, the data reach the disk before the rename.
func writeFileAtomic(path string, sync bool, write func(io.Writer) error) (err error) {
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+hex.EncodeToString(rnd[:])+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if sync {
		if err = f.Sync(); err != nil {
			return err
		}
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func encodeEntry(e *entry, key string) []byte {
	var b bytes.Buffer
	b.WriteString(cacheMagic)
	put := func(v uint32) { binary.Write(&b, binary.LittleEndian, v) }
	putStr := func(s string) { put(uint32(len(s))); b.WriteString(s) }
	putStr(key)
	put(uint32(e.Reps))
	put(uint32(len(e.Years)))
	for _, y := range e.Years {
		put(uint32(int32(y)))
	}
	put(uint32(len(e.Outcomes)))
	for _, o := range e.Outcomes {
		putStr(o)
	}
	var buf [8]byte
	for _, v := range e.Values {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		b.Write(buf[:])
	}
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

func decodeEntry(b []byte, key string) (*entry, error) {
	bad := fmt.Errorf("corrupt cache file")
	if len(b) < len(cacheMagic)+32 || string(b[:len(cacheMagic)]) != cacheMagic {
		return nil, bad
	}
	body, sum := b[:len(b)-32], b[len(b)-32:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, bad
	}
	r := body[len(cacheMagic):]
	get := func() (uint32, bool) {
		if len(r) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(r)
		r = r[4:]
		return v, true
	}
	getStr := func() (string, bool) {
		n, ok := get()
		if !ok || uint32(len(r)) < n {
			return "", false
		}
		s := string(r[:n])
		r = r[n:]
		return s, true
	}
	k, ok := getStr()
	if !ok || k != key {
		return nil, bad
	}
	e := &entry{}
	reps, ok1 := get()
	ny, ok2 := get()
	if !ok1 || !ok2 || ny > 1000 {
		return nil, bad
	}
	e.Reps = int(reps)
	for i := 0; i < int(ny); i++ {
		y, ok := get()
		if !ok {
			return nil, bad
		}
		e.Years = append(e.Years, int(int32(y)))
	}
	no, ok := get()
	if !ok || no > 10000 {
		return nil, bad
	}
	for i := 0; i < int(no); i++ {
		s, ok := getStr()
		if !ok {
			return nil, bad
		}
		e.Outcomes = append(e.Outcomes, s)
	}
	n := uint64(e.Reps) * uint64(len(e.Years)) * uint64(len(e.Outcomes))
	if uint64(len(r)) != 8*n {
		return nil, bad
	}
	e.Values = make([]float64, n)
	for i := range e.Values {
		e.Values[i] = math.Float64frombits(binary.LittleEndian.Uint64(r[8*i:]))
	}
	return e, nil
}
