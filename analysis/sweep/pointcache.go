package sweep

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/povsim/povsim/sim"
)

// PointCache is the sweep cache's folder of segments, open for commands
// other than sweep (calibrate) that keep per-replication values of model
// runs: a run is found again by its config and seed (PointKey), and a
// killed command that reopens the folder finds every run stored before.
// Its keys are PointKey's in a namespace of the command's own, so a sweep
// never reads what another command stored, nor the other way round.
type PointCache struct {
	c         *cache
	namespace string
}

// OpenPointCache indexes the cache folder dir (created on the first store)
// for the command namespace.
func OpenPointCache(dir, namespace string) (*PointCache, error) {
	c, err := openCache(dir)
	if err != nil {
		return nil, err
	}
	return &PointCache{c, namespace}, nil
}

func (pc *PointCache) key(cfg sim.Config, seed uint64) (string, error) {
	k, err := PointKey(cfg, seed)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256([]byte(pc.namespace + "\x00" + k))
	return hex.EncodeToString(h[:]), nil
}

// Get returns the values [replication][name] of the first reps
// replications of the run of cfg with seed, if a stored run has them.
func (pc *PointCache) Get(cfg sim.Config, seed uint64, names []string, reps int) ([][]float64, bool, error) {
	key, err := pc.key(cfg, seed)
	if err != nil {
		return nil, false, err
	}
	e, err := pc.c.load(key, names)
	if err != nil || e == nil || !e.covers(names) || e.Reps < reps || len(e.Years) != 1 {
		return nil, false, err
	}
	no := len(e.Outcomes)
	out := make([][]float64, reps)
	for r := range out {
		out[r] = make([]float64, len(names))
		for k, n := range names {
			out[r][k] = e.Values[r*no+e.outcomeIndex(n)]
		}
	}
	return out, true, nil
}

// Put stores values [replication][name] of the run of cfg with seed.
func (pc *PointCache) Put(cfg sim.Config, seed uint64, names []string, values [][]float64) error {
	key, err := pc.key(cfg, seed)
	if err != nil {
		return err
	}
	e := &entry{Reps: len(values), Years: []int{0}, Outcomes: append([]string(nil), names...)}
	for _, row := range values {
		e.Values = append(e.Values, row...)
	}
	return pc.c.store(key, e)
}

// Close closes the cache's files.
func (pc *PointCache) Close() error { return pc.c.close() }
