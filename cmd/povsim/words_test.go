package main

import (
	"strings"
	"testing"
)

// A word after a command that only groups others, or a help topic that
// names no command, is refused naming the word, the commands wanted and
// the nearest one; before, cobra printed help and exited 0.
func TestUnknownSubcommand(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"scenarios", "lst"}, []string{`unknown command "lst" for "povsim scenarios": want one of init, list, show (did you mean "list"?)`}},
		{[]string{"scenarios", "--help", "lst"}, []string{`"lst"`, "want one of init, list, show"}},
		{[]string{"scenarios", "xyzzy"}, []string{`unknown command "xyzzy" for "povsim scenarios": want one of init, list, show`}},
		{[]string{"completion", "fsh"}, []string{`unknown command "fsh" for "povsim completion": want one of bash, fish, powershell, zsh (did you mean "fish"?)`}},
		{[]string{"help", "runn"}, []string{`unknown command "runn" for "povsim"`, "run"}},
		{[]string{"help", "scenarios", "lst"}, []string{`unknown command "lst" for "povsim scenarios"`, `(did you mean "list"?)`}},
		{[]string{"help", "scenarios", "list", "x"}, []string{`help: "x": povsim scenarios list has no commands of its own`}},
	} {
		code, stdout, errs := povsim(t, c.args...)
		if code != exitError || stdout != "" {
			t.Errorf("povsim %s: exit %d, stdout %q; want exit %d and nothing on stdout", strings.Join(c.args, " "), code, stdout, exitError)
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("povsim %s: stderr %q does not say %q", strings.Join(c.args, " "), errs, w)
			}
		}
	}
	if _, _, errs := povsim(t, "scenarios", "xyzzy"); strings.Contains(errs, "did you mean") {
		t.Errorf("povsim scenarios xyzzy suggests a command, though none is near")
	}
}

// A group alone, and help on a known command, still print help and exit 0.
func TestGroupHelpStillWorks(t *testing.T) {
	for _, args := range [][]string{{"scenarios"}, {"completion"}, {"help", "scenarios", "list"}, {"help"}} {
		code, stdout, errs := povsim(t, args...)
		if code != exitOK || !strings.Contains(stdout, "Usage:") || errs != "" {
			t.Errorf("povsim %s: exit %d, stdout %q, stderr %q; want exit 0 and the usage", strings.Join(args, " "), code, stdout, errs)
		}
	}
}
