package analysis

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/povsim/povsim/sim"
)

// Build says which povsim made an output: recorded in every provenance,
// printed by `povsim --version`.
type Build struct {
	// Version is the module version the Go build recorded (a release tag,
	// or a pseudo-version naming the commit), else Version.
	Version string `json:"version"`
	// Revision is the commit the binary was built from, and Dirty whether
	// the work tree had changes; empty when the build recorded no VCS
	// information (go run, go test, a copy without .git), unless set with
	// -ldflags "-X github.com/povsim/povsim/analysis.revision=COMMIT".
	Revision string `json:"revision,omitempty"`
	Dirty    bool   `json:"dirty,omitempty"`
	// Model fingerprints the model's code and defaults (ModelFingerprint).
	Model     string `json:"model"`
	GoVersion string `json:"go_version"`
}

// revision is the fallback commit for builds without VCS information.
var revision string

// BuildOf is the running binary's Build.
var BuildOf = sync.OnceValue(func() Build {
	b := Build{Version: Version, Revision: revision, Model: ModelFingerprint(), GoVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		b.Version = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Dirty = s.Value == "true"
		}
	}
	return b
})

// String is the one line `povsim --version` prints.
func (b Build) String() string {
	rev := "revision unknown (built without git information)"
	if b.Revision != "" {
		rev = "revision " + b.Revision
		if b.Dirty {
			rev += " with uncommitted changes"
		}
	}
	return fmt.Sprintf("povsim %s, %s, model %s, %s", strings.TrimPrefix(b.Version, "v"), rev, b.Model, b.GoVersion)
}

// ModelFingerprint identifies the model: sim.Fingerprint, which changes
// with any change to the model's code, also to a mechanism that is off at
// the defaults.
func ModelFingerprint() string { return sim.Fingerprint() }
