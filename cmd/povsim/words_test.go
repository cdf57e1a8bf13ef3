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

// A command given too many or too few words, or a word when it takes
// none, says which it got and its usage; cobra said only how many (or
// "unknown command", as if the word were a misspelled command).
func TestWordsAgainstUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "a", "my b.yaml"}, `run a 'my b.yaml': accepts at most 1 arg(s), received 2; usage: povsim run [SCENARIO] [flags]`},
		{[]string{"scenarios", "list", "x"}, `scenarios list x: takes no arguments; usage: povsim scenarios list [flags]`},
		{[]string{"scenarios", "init"}, `scenarios init: accepts 1 arg(s), received 0; usage: povsim scenarios init NAME [flags]`},
		{[]string{"compare", "baseline"}, `compare baseline: requires at least 2 arg(s), only received 1; usage: povsim compare BASE ALT... [flags]`},
		{[]string{"completion", "bash", "x"}, `completion bash x: takes no arguments; usage: povsim completion bash`},
	} {
		code, stdout, errs := povsim(t, c.args...)
		if code != exitError || stdout != "" || errs != "povsim: "+c.want+"\n" {
			t.Errorf("povsim %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, stdout, errs, exitError, c.want)
		}
	}
}
