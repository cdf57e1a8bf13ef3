package sweep

import (
	"fmt"
	"sort"
	"strings"
)

// Merge combines the tables of the shards of one sweep into the table of
// the whole sweep, which Write turns into exactly the bytes a single
// unsharded run writes. Every shard 1 … N must be given once; their order
// does not matter.
func Merge(tables []*Table) (*Table, error) {
	if len(tables) == 0 {
		return nil, fmt.Errorf("nothing to merge: give the output files of every shard")
	}
	first := tables[0].Meta
	n := first.Shard.N
	name := func(i int) string {
		if src := tables[i].Source; src != "" {
			return src
		}
		return fmt.Sprintf("input %d", i+1)
	}
	seen := map[int]int{}
	for i, t := range tables {
		m := t.Meta
		if err := first.sameSweep(m); err != nil {
			return nil, fmt.Errorf("%s cannot be merged with %s: %w", name(i), name(0), err)
		}
		if m.Shard.N == 0 {
			if len(tables) == 1 {
				return t, nil // already whole
			}
			return nil, fmt.Errorf("%s is a whole sweep, not a shard; nothing to merge it with", name(i))
		}
		if m.Shard.N != n {
			return nil, fmt.Errorf("%s is shard %s but %s is shard %s: every input must come from one split into N shards", name(i), m.Shard, name(0), first.Shard)
		}
		if j, dup := seen[m.Shard.K]; dup {
			return nil, fmt.Errorf("shard %s is given twice (%s and %s)", m.Shard, name(j), name(i))
		}
		seen[m.Shard.K] = i
		if got, want := len(t.Points), len(m.Shard.Indices(m.TotalPoints)); got != want {
			return nil, fmt.Errorf("%s (shard %s) holds %d points, want %d: not a finished shard", name(i), m.Shard, got, want)
		}
	}
	var missing []string
	for k := 1; k <= n; k++ {
		if _, ok := seen[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing shard(s) %s: merge needs the outputs of all %d shards", strings.Join(missing, ", "), n)
	}
	out := &Table{Meta: first}
	out.Meta.Shard = Shard{}
	out.Points = make([]Point, 0, first.TotalPoints)
	for _, t := range tables {
		out.Points = append(out.Points, t.Points...)
	}
	sort.Slice(out.Points, func(i, j int) bool { return out.Points[i].Index < out.Points[j].Index })
	for i, p := range out.Points {
		if p.Index != i {
			return nil, fmt.Errorf("merged shards do not hold design point %d exactly once", i)
		}
	}
	if len(out.Points) != first.TotalPoints {
		return nil, fmt.Errorf("merged shards hold %d points, the design has %d", len(out.Points), first.TotalPoints)
	}
	return out, nil
}
