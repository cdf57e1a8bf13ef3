package main

import (
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// `povsim --version` and `povsim version` print the same line, naming the
// version, the revision (or that none was recorded) and the model.
func TestVersion(t *testing.T) {
	code, flag, errs := povsim(t, "--version")
	if code != exitOK {
		t.Fatalf("--version: exit %d: %s", code, errs)
	}
	code, cmd, errs := povsim(t, "version")
	if code != exitOK {
		t.Fatalf("version: exit %d: %s", code, errs)
	}
	if flag != cmd {
		t.Errorf("--version %q, version %q", flag, cmd)
	}
	for _, want := range []string{"povsim ", "revision ", "model " + analysis.ModelFingerprint()} {
		if !strings.Contains(flag, want) {
			t.Errorf("--version %q lacks %q", flag, want)
		}
	}
}
