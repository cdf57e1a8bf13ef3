package scenarios

import (
	"strings"
	"testing"

	"github.com/povsim/povsim/sim"
)

// TestFixedPaths keeps fixedPaths and sim's the same: sim.New refuses in
// Config.Before exactly the parameters fixedPath names, each at its own
// value (so that nothing else could be wrong with it).
func TestFixedPaths(t *testing.T) {
	p := sim.Default()
	fixed := 0
	for _, path := range sim.Paths() {
		v, err := p.Get(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = sim.New(sim.Config{Params: p, Before: map[string]any{path: v}})
		refused := err != nil && strings.Contains(err.Error(), "before."+path)
		if err != nil && !refused {
			t.Errorf("%s: sim.New: %v", path, err)
		}
		if refused != fixedPath(path) {
			t.Errorf("%s: sim refuses it in Before: %v; fixedPath: %v", path, refused, fixedPath(path))
		}
		if refused {
			fixed++
		}
	}
	if fixed < len(fixedPaths) {
		t.Errorf("%d parameters refused, fewer than fixedPaths' %d entries", fixed, len(fixedPaths))
	}
}
