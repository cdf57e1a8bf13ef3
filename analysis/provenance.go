package analysis

import (
	"strings"
	"time"
)

// Provenance records what is needed to reproduce an output exactly.
type Provenance struct {
	Tool      string           `json:"tool"`
	Version   string           `json:"version"`
	Revision  string           `json:"revision"` // VCS commit of the binary ("" when the build recorded none)
	Dirty     bool             `json:"dirty"`    // the binary was built from a work tree with changes
	Model     string           `json:"model"`    // ModelFingerprint
	GoVersion string           `json:"go_version"`
	Command   []string         `json:"command"`
	Seed      uint64           `json:"seed"`
	Reps      int              `json:"replications"`
	Workers   int              `json:"workers"`
	Scenarios []ScenarioRecord `json:"scenarios"`
	// Files are the files the output wrote into its folder, which a later
	// output there may replace or remove (no other).
	Files []string `json:"files,omitempty"`
	// Draws are the parameter draws the replications ran on, as
	// --draws FILE --per-draw K (empty without).
	Draws     string    `json:"draws,omitempty"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Reproduce string    `json:"reproduce"`
}

// ScenarioRecord is one scenario of a provenance record: where it came
// from and its fully resolved YAML, which is also written beside the output.
type ScenarioRecord struct {
	Name     string `json:"name"`
	Source   string `json:"source"`
	File     string `json:"file"`
	Resolved string `json:"resolved"`
}

// NewProvenance starts a provenance record.
func NewProvenance(command []string, seed uint64, reps, workers int, start time.Time) *Provenance {
	b := BuildOf()
	return &Provenance{
		Tool: "povsim", Version: b.Version, Revision: b.Revision, Dirty: b.Dirty, Model: b.Model, GoVersion: b.GoVersion,
		Command: command, Seed: seed, Reps: reps, Workers: workers, Start: start.UTC(),
	}
}

// ShellJoin joins a command's arguments into one line a shell reads back
// as the same arguments, quoting those it would split or expand.
func ShellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}
