package sweep

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/internal/jsonerr"
)

// Table is what a sweep (or one shard of it) produced: per design point,
// the parameter values it gave the model and the recorded outcomes of each
// replication and year. It is what output files hold, and what merging and
// sensitivity analysis read back.
type Table struct {
	Meta   Meta
	Points []Point // by ascending Index
	Source string  // the file it was read from, for messages ("" if none)
}

// Point is the result of one design point.
type Point struct {
	Index  int       // position in the design, from 0
	Params []float64 // applied parameter values, in Meta.Params order
	Reps   int       // replications 0 … Reps−1
	// Values holds Reps × len(Meta.Years) × len(Meta.Outcomes) values,
	// replication-major; NaN where an outcome is undefined (a share of
	// zero households).
	Values []float64
}

// Value returns the outcome o of replication rep in recorded year y (all
// indexes into Meta).
func (t *Table) Value(p *Point, rep, y, o int) float64 {
	ny, no := len(t.Meta.Years), len(t.Meta.Outcomes)
	return p.Values[(rep*ny+y)*no+o]
}

// Meta describes a table: the sweep it comes from and its provenance.
type Meta struct {
	Name        string
	Sweep       string // the resolved sweep (YAML)
	SweepSHA256 string
	Seed        uint64
	Version     string // analysis.Version of the povsim that ran it
	Revision    string // VCS commit of that povsim ("" if its build recorded none); not compared
	Dirty       bool   // built from a work tree with changes
	GoVersion   string
	Model       string // ModelFingerprint of the povsim that ran it
	Design      string // design kind
	TotalPoints int    // points of the whole design
	Reps        int    // replications per point (0: a precision target decided per point)
	Params      []string
	Outcomes    []string
	Years       []int
	Shard       Shard // the slice of the design held; zero for a whole sweep
}

// NewMeta describes the output of sweep s run on shard.
func NewMeta(s *Sweep, shard Shard) Meta {
	return Meta{
		Name: s.Name, Sweep: string(s.resolved), SweepSHA256: s.Hash(), Seed: s.Seed,
		Version: analysis.Version, Revision: analysis.BuildOf().Revision, Dirty: analysis.BuildOf().Dirty,
		GoVersion: runtime.Version(), Model: ModelFingerprint(), Design: s.Design.Kind,
		TotalPoints: s.Points(), Reps: s.Reps, Params: s.ParamNames(),
		Outcomes: append([]string(nil), s.Outcomes...), Years: append([]int(nil), s.Years...),
		Shard: shard,
	}
}

// sameSweep reports whether two tables come from the same sweep run by the
// same povsim, so that their points can be combined.
func (m Meta) sameSweep(o Meta) error {
	switch {
	case m.SweepSHA256 != o.SweepSHA256:
		return fmt.Errorf("they come from different sweeps (sweep sha256 %.12s… and %.12s…)", m.SweepSHA256, o.SweepSHA256)
	case m.Version != o.Version:
		return fmt.Errorf("they were written by different povsim versions (%s and %s)", m.Version, o.Version)
	case m.GoVersion != o.GoVersion:
		return fmt.Errorf("they were written by povsim built with different Go versions (%s and %s)", m.GoVersion, o.GoVersion)
	case m.Model != o.Model:
		return fmt.Errorf("they were written by povsim builds whose models give different numbers (model fingerprints %s and %s)", m.Model, o.Model)
	}
	return nil
}

// provenance is the JSON record stored with every output file. It holds no
// time and no file names, so that one sweep always writes the same bytes.
type provenance struct {
	Tool        string   `json:"tool"`
	Version     string   `json:"version"`
	Revision    string   `json:"revision,omitempty"`
	Dirty       bool     `json:"dirty,omitempty"`
	GoVersion   string   `json:"go_version"`
	Model       string   `json:"model"`
	Table       string   `json:"table"` // "results" or "summary"
	Sweep       string   `json:"sweep"` // name
	SweepSHA256 string   `json:"sweep_sha256"`
	Seed        uint64   `json:"seed"`
	Design      string   `json:"design"`
	Points      int      `json:"points"`
	Reps        int      `json:"replications,omitempty"`
	Parameters  []string `json:"parameters"`
	Outcomes    []string `json:"outcomes"`
	Years       []int    `json:"years"`
	Shard       string   `json:"shard,omitempty"`
	Note        string   `json:"note"`
	// Dictionary gives each recorded outcome's label, unit and whether it
	// is cumulative, for a reader without the source.
	Dictionary []outcomeEntry `json:"outcome_dictionary,omitempty"`
}

// outcomeEntry describes one outcome column value of a sweep's tables.
type outcomeEntry struct {
	Outcome    string `json:"outcome"`
	Label      string `json:"label"`
	Unit       string `json:"unit"`
	Cumulative bool   `json:"cumulative"`
}

// dictionary describes the outcomes a sweep recorded.
func dictionary(names []string) []outcomeEntry {
	var out []outcomeEntry
	for _, n := range names {
		if k, err := analysis.ParseOutcome(n); err == nil {
			out = append(out, outcomeEntry{Outcome: n, Label: k.Label(), Unit: k.Unit(), Cumulative: k.Cumulative()})
		}
	}
	return out
}

const provenanceNote = "every design point ran with the same seed (common random numbers); " +
	"the key povsim.sweep holds the resolved sweep: save it as a file and run `povsim sweep FILE` to reproduce this output"

// Metadata keys of output files (Parquet key-value metadata; the
// .provenance.json file beside a CSV file).
const (
	KeyProvenance = "povsim.provenance"
	KeySweep      = "povsim.sweep"
)

func (m Meta) metadata(table string) (map[string]string, error) {
	pv := provenance{
		Tool: "povsim", Version: m.Version, Revision: m.Revision, Dirty: m.Dirty, GoVersion: m.GoVersion, Model: m.Model, Table: table,
		Sweep: m.Name, SweepSHA256: m.SweepSHA256, Seed: m.Seed, Design: m.Design,
		Points: m.TotalPoints, Reps: m.Reps, Parameters: m.Params, Outcomes: m.Outcomes,
		Years: m.Years, Note: provenanceNote, Dictionary: dictionary(m.Outcomes),
	}
	if m.Shard.N > 0 {
		pv.Shard = m.Shard.String()
	}
	b, err := json.Marshal(pv)
	if err != nil {
		return nil, err
	}
	return map[string]string{KeyProvenance: string(b), KeySweep: m.Sweep}, nil
}

func metaFrom(kv map[string]string, where string) (Meta, string, error) {
	raw, ok := kv[KeyProvenance]
	if !ok {
		return Meta{}, "", fmt.Errorf("%s: not a povsim sweep output (no %s metadata)", where, KeyProvenance)
	}
	var pv provenance
	if err := jsonerr.Decode(where+" ("+KeyProvenance+")", []byte(raw), &pv); err != nil {
		return Meta{}, "", err
	}
	m := Meta{
		Name: pv.Sweep, Sweep: kv[KeySweep], SweepSHA256: pv.SweepSHA256, Seed: pv.Seed,
		Version: pv.Version, Revision: pv.Revision, Dirty: pv.Dirty, GoVersion: pv.GoVersion, Model: pv.Model, Design: pv.Design, TotalPoints: pv.Points,
		Reps: pv.Reps, Params: pv.Parameters, Outcomes: pv.Outcomes, Years: pv.Years,
	}
	if pv.Shard != "" {
		sh, err := ParseShard(pv.Shard)
		if err != nil {
			return Meta{}, "", fmt.Errorf("%s: shard in metadata: %w", where, err)
		}
		m.Shard = sh
	}
	if m.Sweep == "" {
		return Meta{}, "", fmt.Errorf("%s: no %s metadata (the resolved sweep)", where, KeySweep)
	}
	if got := sha256Hex([]byte(m.Sweep)); got != m.SweepSHA256 {
		return Meta{}, "", fmt.Errorf("%s: the resolved sweep does not match its recorded sha256 (file altered?)", where)
	}
	return m, pv.Table, nil
}

// summaryRow is one row of the summary table.
type summaryRow struct {
	point   *Point
	year    int
	outcome string
	est     analysis.Estimate
}

// summarize walks the summary rows: per point, year and outcome, the
// estimate across replications (analysis.EstimateOf), its interval cut at
// the outcome's bound (docs/MODEL.md §6).
func (t *Table) summarize(f func(r summaryRow) error) error {
	xs := make([]float64, 0, 64)
	bounds := make([]analysis.Bound, len(t.Meta.Outcomes))
	for o, name := range t.Meta.Outcomes {
		if k, err := analysis.ParseOutcome(name); err == nil {
			bounds[o] = k.Bound()
		}
	}
	for i := range t.Points {
		p := &t.Points[i]
		for y, year := range t.Meta.Years {
			for o, name := range t.Meta.Outcomes {
				xs = xs[:0]
				for rep := 0; rep < p.Reps; rep++ {
					if v := t.Value(p, rep, y, o); !math.IsNaN(v) {
						xs = append(xs, v)
					}
				}
				est := bounds[o].Clamp(analysis.EstimateOf(xs))
				if err := f(summaryRow{point: p, year: year, outcome: name, est: est}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Shard is a deterministic slice of a design: shard K of N holds the points
// whose index i has i mod N = K−1 (round robin, so that every shard gets its
// share of the expensive corners of a design). The zero Shard is the whole
// design.
type Shard struct{ K, N int }

// ParseShard reads "K/N" with 1 ≤ K ≤ N.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("got %q, want K/N (shard K of N, 1 ≤ K ≤ N), e.g. 2/8", s)
	}
	k, err1 := strconv.Atoi(strings.TrimSpace(ks))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	switch {
	case err1 != nil || err2 != nil:
		return Shard{}, fmt.Errorf("got %q, want K/N with whole numbers K and N, e.g. 2/8", s)
	case n < 1:
		return Shard{}, fmt.Errorf("got %q: the number of shards N must be at least 1", s)
	case k < 1:
		return Shard{}, fmt.Errorf("got %q: shards are numbered from 1 to N (for a 0-based index such as JOB_COMPLETION_INDEX, pass index+1)", s)
	case k > n:
		return Shard{}, fmt.Errorf("got %q: shard K=%d is greater than the number of shards N=%d (want 1 ≤ K ≤ N)", s, k, n)
	}
	return Shard{K: k, N: n}, nil
}

func (s Shard) String() string {
	if s.N == 0 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// Has reports whether design point i belongs to the shard.
func (s Shard) Has(i int) bool { return s.N == 0 || i%s.N == s.K-1 }

// Indices lists the design points of the shard, ascending.
func (s Shard) Indices(total int) []int {
	var out []int
	for i := 0; i < total; i++ {
		if s.Has(i) {
			out = append(out, i)
		}
	}
	return out
}
