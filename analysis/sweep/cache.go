package sweep

import (
	"bufio"
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
	"sort"
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
// the model's fingerprint, the resolved model config (every parameter, the
// timeline and the warm-up's settings, Before, as JSON) and the seed. Any sweep, shard or rerun that asks
// for the same config and seed of the same model finds the same key.
func PointKey(cfg sim.Config, seed uint64) (string, error) {
	js, err := json.Marshal(cfg)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte("povsim point\x00" + analysis.Version + "\x00" + ModelFingerprint() + "\x00"))
	h.Write(js)
	h.Write([]byte("\x00seed=" + strconv.FormatUint(seed, 10)))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ModelFingerprint identifies the model's numbers (analysis.ModelFingerprint).
// A change to the model that changes its numbers changes it even when
// analysis.Version stays the same, so a cache never serves results of
// another model, and shards of different models are never merged.
var ModelFingerprint = analysis.ModelFingerprint

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

// cache is a folder of segment files, seg-RANDOM.pts. Each Run that stores
// anything appends to a segment of its own; a record is one point's entry,
// written with one write call. Nothing is ever changed in place, so a
// process killed at any moment leaves at worst a torn last record, which
// fails its length or checksum and is ignored. Shards, resumed runs and
// other sweeps that share the folder see every record written before they
// started (and their own).
type cache struct {
	dir string

	mu      sync.Mutex
	index   map[string][]recordRef // key → its records
	files   []string               // segment paths, by recordRef.file
	open    map[int]*os.File       // segments open for reading
	seg     *os.File               // our segment, once we store
	segFile int                    // its index in files
	segSize int64
}

// recordRef locates a record's payload.
type recordRef struct {
	file        int
	off, length int64
}

const (
	cacheMagic  = "POVSIMP1" // an entry's payload
	segPrefix   = "seg-"
	segSuffix   = ".pts"
	recordMagic = "PVSR"
	maxOpen     = 64 // segments kept open for reading
)

// openCache indexes the records of every segment in dir.
func openCache(dir string) (*cache, error) {
	c := &cache{dir: dir, index: map[string][]recordRef{}, open: map[int]*os.File{}}
	if dir == "" {
		return c, nil
	}
	names, err := filepath.Glob(filepath.Join(dir, segPrefix+"*"+segSuffix))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := c.scan(name); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// scan adds the whole records of one segment to the index.
func (c *cache) scan(name string) error {
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	fi := len(c.files)
	c.files = append(c.files, name)
	r := bufio.NewReaderSize(f, 1<<16)
	head := make([]byte, 8+keyPrefixLen)
	var off int64
	for off+int64(len(head)) <= size {
		if _, err := io.ReadFull(r, head); err != nil {
			return nil // torn: the rest is unusable
		}
		if string(head[:4]) != recordMagic {
			return nil
		}
		n := int64(binary.LittleEndian.Uint32(head[4:8]))
		if n < int64(keyPrefixLen) || off+8+n > size {
			return nil
		}
		key, ok := payloadKey(head[8:])
		if ok {
			c.index[key] = append(c.index[key], recordRef{file: fi, off: off + 8, length: n})
		}
		if _, err := r.Discard(int(n) - keyPrefixLen); err != nil {
			return nil
		}
		off += 8 + n
	}
	return nil
}

// keyPrefixLen is the length of a payload's magic, key length and key.
const keyPrefixLen = len(cacheMagic) + 4 + 64

func payloadKey(b []byte) (string, bool) {
	if string(b[:len(cacheMagic)]) != cacheMagic || binary.LittleEndian.Uint32(b[len(cacheMagic):]) != 64 {
		return "", false
	}
	return string(b[len(cacheMagic)+4 : keyPrefixLen]), true
}

// load returns the best entry kept for key: one that has every outcome
// asked for with the most replications or, if none has them all, the one
// with the most replications; nil if there is none. Records that fail their
// checksum are skipped.
func (c *cache) load(key string, outcomes []string) (*entry, error) {
	if c == nil || c.dir == "" {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var best *entry
	bestCovers := false
	for _, ref := range c.index[key] {
		b, err := c.read(ref)
		if err != nil {
			return nil, err
		}
		e, err := decodeEntry(b, key)
		if err != nil {
			continue
		}
		covers := e.covers(outcomes)
		if best == nil || (covers && !bestCovers) || (covers == bestCovers && e.Reps > best.Reps) {
			best, bestCovers = e, covers
		}
	}
	return best, nil
}

func (c *cache) read(ref recordRef) ([]byte, error) {
	f := c.open[ref.file]
	if f == nil {
		var err error
		if f, err = os.Open(c.files[ref.file]); err != nil {
			return nil, err
		}
		if len(c.open) < maxOpen {
			c.open[ref.file] = f
		} else {
			defer f.Close()
		}
	}
	b := make([]byte, ref.length)
	if _, err := f.ReadAt(b, ref.off); err != nil {
		return nil, err
	}
	return b, nil
}

// store appends the entry of key to this run's segment, in one write.
func (c *cache) store(key string, e *entry) error {
	if c == nil || c.dir == "" {
		return nil
	}
	payload := encodeEntry(e, key)
	rec := make([]byte, 8, 8+len(payload))
	copy(rec, recordMagic)
	binary.LittleEndian.PutUint32(rec[4:], uint32(len(payload)))
	rec = append(rec, payload...)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seg == nil {
		if err := os.MkdirAll(c.dir, 0o755); err != nil {
			return err
		}
		var rnd [8]byte
		rand.Read(rnd[:])
		name := filepath.Join(c.dir, segPrefix+hex.EncodeToString(rnd[:])+segSuffix)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o666)
		if err != nil {
			return err
		}
		c.seg, c.segFile = f, len(c.files)
		c.files = append(c.files, name)
	}
	if _, err := c.seg.Write(rec); err != nil {
		return err
	}
	c.index[key] = append(c.index[key], recordRef{file: c.segFile, off: c.segSize + 8, length: int64(len(payload))})
	c.segSize += int64(len(rec))
	return nil
}

// close closes the segments.
func (c *cache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.open {
		f.Close()
	}
	c.open = map[int]*os.File{}
	if c.seg != nil {
		err := c.seg.Close()
		c.seg = nil
		return err
	}
	return nil
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
