package main

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/povsim/povsim/scenarios"
	"github.com/spf13/cobra"
)

// The variable of a repeatable flag holds one item a line, trimmed, blank
// lines skipped; nothing else splits an item, so a list with spaces is one.
func TestEnvItems(t *testing.T) {
	for _, c := range []struct {
		name, s string
		items   []string
		lines   []int
	}{
		{"list with spaces", "population.size_weights=[1, 2, 3]", []string{"population.size_weights=[1, 2, 3]"}, []int{1}},
		{"two lines", "a=1\nb=2", []string{"a=1", "b=2"}, []int{1, 2}},
		{"blank lines, spaces, CRLF", "\n  a=1  \r\n\n\t\r\nb = [1, 2]\n", []string{"a=1", "b = [1, 2]"}, []int{2, 5}},
		{"blank only", " \n\n ", nil, nil},
		{"empty", "", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			items, lines := envItems(c.s)
			if !reflect.DeepEqual(items, c.items) || !reflect.DeepEqual(lines, c.lines) {
				t.Errorf("envItems(%q) = %q %v, want %q %v", c.s, items, lines, c.items, c.lines)
			}
		})
	}
}

// resolveSet resolves a run command's flags (args) and applies them to the
// baseline scenario, as run does.
func resolveSet(t *testing.T, args ...string) (*runFlags, *scenarios.Scenario, error) {
	t.Helper()
	f := &runFlags{}
	cmd := &cobra.Command{Use: "run", RunE: func(*cobra.Command, []string) error { return nil }}
	f.register(cmd)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	if err := f.resolve(cmd); err != nil {
		return f, nil, err
	}
	sc, err := f.load("baseline")
	return f, sc, err
}

// POVSIM_SET holds one PATH=VALUE a line: a list value with spaces is one
// setting, two lines are two, blank lines are skipped; a bad item is
// refused naming the variable (and its line when it has several), the
// item and what was expected. So is a line of two settings, which the
// variable took as two when it was split at spaces. A --config file's
// set: of one text is one setting too.
func TestSetVariable(t *testing.T) {
	config := writer(t, t.TempDir())("flags.yaml", "set: population.size_weights=[1, 2, 3]\n")
	for _, c := range []struct {
		name string
		env  string   // POVSIM_SET
		args []string // flags
		sets []string // the settings read
		want map[string]any
		errs []string // the parts of the error
	}{
		{name: "list with spaces", env: "population.size_weights=[1, 2, 3]",
			sets: []string{"population.size_weights=[1, 2, 3]"}, want: map[string]any{"population.size_weights": []float64{1, 2, 3}}},
		{name: "two lines", env: "monitoring.detection=0.5\nmonitoring.lag=3",
			sets: []string{"monitoring.detection=0.5", "monitoring.lag=3"}, want: map[string]any{"monitoring.detection": 0.5, "monitoring.lag": 3}},
		{name: "empty lines", env: "\n  monitoring.detection=0.5 \r\n\n\npopulation.size_weights = [4, 5]\n\n",
			sets: []string{"monitoring.detection=0.5", "population.size_weights = [4, 5]"}, want: map[string]any{"monitoring.detection": 0.5, "population.size_weights": []float64{4, 5}}},
		{name: "the command line wins", env: "monitoring.lag=x", args: []string{"--set", "monitoring.lag=2"},
			sets: []string{"monitoring.lag=2"}, want: map[string]any{"monitoring.lag": 2}},
		{name: "a --config text of one setting", args: []string{"--config", config},
			sets: []string{"population.size_weights=[1, 2, 3]"}, want: map[string]any{"population.size_weights": []float64{1, 2, 3}}},
		{name: "bad item", env: "monitoring.detection=0.5\n\nnonsense",
			errs: []string{`POVSIM_SET line 3 (for --set) "nonsense": want PATH=VALUE, e.g. transfers.subsidy.level=0.5`}},
		{name: "bad value", env: "monitoring.lag=x",
			errs: []string{`POVSIM_SET (for --set) monitoring.lag=x: want a whole number`}},
		{name: "unbalanced list", env: "monitoring.lag=1\npopulation.size_weights=[1, 2",
			errs: []string{`POVSIM_SET line 2 (for --set) population.size_weights=[1, 2: want a list written [a, b, …] with its brackets closed`}},
		{name: "two settings on a line", env: "monitoring.detection=0.5 monitoring.lag=1",
			errs: []string{`POVSIM_SET (for --set) "monitoring.detection=0.5 monitoring.lag=1": want one setting a line (this line holds 2: put each on a line of its own)`}},
		{name: "each bad line", env: "a=1 b=2 c=3\nmonitoring.lag=1\nd=1 e=[1, 2]",
			errs: []string{`POVSIM_SET line 1 (for --set) "a=1 b=2 c=3": want one setting a line (this line holds 3`, `POVSIM_SET line 3 (for --set) "d=1 e=[1, 2]": want one setting a line (this line holds 2`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("POVSIM_SET", c.env)
			f, sc, err := resolveSet(t, c.args...)
			if c.errs != nil {
				if err == nil {
					t.Fatalf("taken: %q", f.set)
				}
				for _, w := range c.errs {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("message lacks %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f.set, c.sets) {
				t.Errorf("settings %q, want %q", f.set, c.sets)
			}
			for path, want := range c.want {
				if got, _ := sc.Config.Params.Get(path); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s = %v, want %v", path, got, want)
				}
			}
		})
	}
}

// POVSIM_SLURM_OPTION and POVSIM_OUTCOME take one item a line as
// POVSIM_SET does: an sbatch option may hold spaces; a line of two options
// or two outcomes is refused, and so is a bad item, naming the variable,
// its line, the item and what was expected.
func TestListVariables(t *testing.T) {
	dir := t.TempDir()
	sw, bin := writeSweep(t, dir, sweepFile), executable(t, dir)
	res := filepath.Join(dir, "results.parquet")
	slurm := []string{"sweep", sw, "--slurm", "--out", res, "--slurm-binary", bin}
	t.Setenv("POVSIM_SLURM_OPTION", "--qos=long\n\n--comment=a b, c\n")
	stdout, _ := okPovsim(t, slurm...)
	script := string(mustRead(t, strings.TrimSpace(stdout)))
	for _, w := range []string{"#SBATCH --qos=long\n", "#SBATCH --comment=\"a b, c\"\n", "'--qos=long' '--comment=a b, c'"} {
		if !strings.Contains(script, w) {
			t.Errorf("script lacks %q:\n%s", w, script)
		}
	}
	okPovsim(t, "sweep", sw, "--out", res, "--no-cache")
	for _, c := range []struct {
		name, env, value string
		args             []string
		want             string
	}{
		{"two options on a line", "POVSIM_SLURM_OPTION", "--qos=long --mail-type=END", slurm,
			`POVSIM_SLURM_OPTION (for --slurm-option) "--qos=long --mail-type=END": want one sbatch option a line (this line holds 2: put each on a line of its own)`},
		{"no option", "POVSIM_SLURM_OPTION", "--qos=long\nmail-type=END", slurm,
			`POVSIM_SLURM_OPTION line 2 (for --slurm-option) "mail-type=END": want one sbatch option such as --qos=long`},
		{"two outcomes on a line", "POVSIM_OUTCOME", "cost headcount", []string{"sensitivity", res},
			`POVSIM_OUTCOME (for --outcome) "cost headcount": want one outcome a line (this line holds 2: put each on a line of its own)`},
		{"an outcome not recorded", "POVSIM_OUTCOME", "cost\nincome", []string{"sensitivity", res},
			`POVSIM_OUTCOME line 2 (for --outcome) "income": want an outcome recorded in ` + res + ` (recorded: return_rate, headcount, cost)`},
		{"an outcome not recorded, on the command line", "POVSIM_OUTCOME", "", []string{"sensitivity", res, "--outcome", "income"},
			`--outcome "income": want an outcome recorded in ` + res},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("POVSIM_SLURM_OPTION", "")
			t.Setenv(c.env, c.value)
			code, stdout, errs := povsim(t, c.args...)
			if code != exitError || stdout != "" || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stdout %q; message lacks %q:\n%s", code, stdout, c.want, errs)
			}
		})
	}
	t.Setenv("POVSIM_OUTCOME", "\ncost\n  headcount \n")
	t.Setenv("POVSIM_FORMAT", "csv")
	stdout, _ = okPovsim(t, "sensitivity", res, "--bootstrap", "10")
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n")[1:] {
		seen[strings.Split(line, ",")[0]] = true
	}
	if len(seen) != 2 || !seen["cost"] || !seen["headcount"] {
		t.Errorf("POVSIM_OUTCOME of two lines: outcomes %v, want cost and headcount", seen)
	}
}

// FuzzSetVariable: any POVSIM_SET is split into trimmed, non-blank items,
// one a line and each its line's whole text, and is taken or refused with
// every problem naming the variable, never with a panic.
func FuzzSetVariable(f *testing.F) {
	for _, s := range []string{
		"population.size_weights=[1, 2, 3]", "monitoring.detection=0.5\nmonitoring.lag=1", "\n\n", " a=1 b=2 ",
		"nonsense", "monitoring.lag=x\r\n", "population.size_weights=[1, 2", "=", "a=1\n=2\n b", "transfers.subsidy.level=0.5 \t",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, 0) {
			return // no variable can hold a NUL
		}
		items, lines := envItems(s)
		all := strings.Split(s, "\n")
		if len(items) != len(lines) {
			t.Fatalf("%d items, %d lines", len(items), len(lines))
		}
		for i, item := range items {
			if item == "" || item != strings.TrimSpace(item) || item != strings.TrimSpace(all[lines[i]-1]) || (i > 0 && lines[i] <= lines[i-1]) {
				t.Fatalf("item %d %q of line %d in %q", i, item, lines[i], s)
			}
		}
		blank := 0
		for _, line := range all {
			if strings.TrimSpace(line) == "" {
				blank++
			}
		}
		if len(items)+blank != len(all) {
			t.Fatalf("%q: %d items and %d blank lines of %d", s, len(items), blank, len(all))
		}
		t.Setenv("POVSIM_SET", s)
		fl, _, err := resolveSet(t)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "POVSIM_SET") {
					t.Fatalf("a problem that does not name POVSIM_SET: %q in\n%v", line, err)
				}
			}
			return
		}
		if !slices.Equal(fl.set, items) {
			t.Fatalf("settings %q, want %q", fl.set, items)
		}
	})
}
