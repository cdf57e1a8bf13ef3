package analysis

import (
	"runtime"
	"time"
)

// Provenance records what is needed to reproduce an output exactly.
type Provenance struct {
	Tool      string           `json:"tool"`
	Version   string           `json:"version"`
	GoVersion string           `json:"go_version"`
	Command   []string         `json:"command"`
	Seed      uint64           `json:"seed"`
	Reps      int              `json:"replications"`
	Workers   int              `json:"workers"`
	Scenarios []ScenarioRecord `json:"scenarios"`
	Start     time.Time        `json:"start"`
	End       time.Time        `json:"end"`
	Reproduce string           `json:"reproduce"`
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
	return &Provenance{
		Tool: "povsim", Version: Version, GoVersion: runtime.Version(),
		Command: command, Seed: seed, Reps: reps, Workers: workers, Start: start.UTC(),
	}
}
