package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/povsim/povsim/internal/textdist"
	"github.com/povsim/povsim/internal/yamlerr"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// configFile is a --config file, read: the value of each key by flag name
// (keys are read in any case, as viper reads them), the key as written and
// its line, so that every message about a value of the file names
// FILE:LINE and the key, as a scenario file's do.
type configFile struct {
	path   string
	values map[string]any    // by flag name
	keys   map[string]string // the key as written, by flag name
	lines  map[string]int    // the key's line, by flag name
	items  map[string][]int  // the lines of a list's items, by flag name
}

// readConfig reads the --config file path of cmd: a YAML mapping of cmd's
// flag names to values of their flags' types, within yamlerr's limits. Its
// problems (the YAML's syntax, a key that is no flag of cmd, a flag given
// twice, a value not of its flag's type) are listed in one yamlerr.Error,
// each with its line. A file of nothing (or comments) sets nothing. named
// names the file where it was given ("--config FILE"), for a file that
// cannot be read.
func readConfig(cmd *cobra.Command, path, named string) (*configFile, error) {
	data, err := readBounded(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", named, unwrapPathErr(err))
	}
	c := &configFile{path: path, values: map[string]any{}, keys: map[string]string{}, lines: map[string]int{}, items: map[string][]int{}}
	doc, perr := yamlerr.ParseOptional(data, configKeys(cmd))
	if perr != nil {
		return nil, yamlerr.New(path, perr)
	}
	if doc == nil {
		return c, nil
	}
	var problems []yamlerr.Problem
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if p := c.add(cmd, doc.Content[i], doc.Content[i+1]); p != nil {
			problems = append(problems, *p)
		}
	}
	if err := yamlerr.New(path, problems); err != nil {
		return nil, err
	}
	return c, nil
}

// configKeys says what the keys of cmd's --config file name: cmd's flags,
// with two of them as examples (reps and seed where cmd has them).
func configKeys(cmd *cobra.Command) yamlerr.Keys {
	var names []string
	for _, n := range []string{"reps", "seed"} {
		if cmd.Flags().Lookup(n) != nil {
			names = append(names, n)
		}
	}
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if len(names) < 2 && !fl.Hidden && fl.Name != "config" && fl.Name != "help" && fl.Name != "reps" && fl.Name != "seed" {
			names = append(names, fl.Name)
		}
	})
	ex := "a flag name of " + cmd.CommandPath()
	if len(names) > 0 {
		ex += ", such as " + strings.Join(names, " or ")
	}
	return yamlerr.Keys{Examples: ex}
}

// readBounded reads at most one byte more than a YAML file may have
// (yamlerr.Parse refuses it then), so that a device or a huge file named
// by mistake is not read whole.
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, yamlerr.MaxBytes+1))
}

// add takes key k of the file with its value v, or says what is wrong.
func (c *configFile) add(cmd *cobra.Command, k, v *yaml.Node) *yamlerr.Problem {
	name := strings.ToLower(k.Value)
	fl := cmd.Flags().Lookup(name)
	p := &yamlerr.Problem{Line: k.Line, Key: k.Value}
	switch {
	case k.Kind != yaml.ScalarNode:
		p.Want = "a flag name as the key"
		return p
	case fl == nil:
		p.Want = unknownFlag(cmd, k.Value)
		return p
	case name == "config":
		p.Want = "the flags' values (a --config file cannot name another)"
		return p
	case name == "help":
		p.Want = "the flags' values (help is asked for on the command line)"
		return p
	case c.lines[name] > 0:
		p.Want = fmt.Sprintf("each flag once (%s is on line %d too)", c.keys[name], c.lines[name])
		return p
	}
	c.keys[name], c.lines[name] = k.Value, k.Line
	var x any
	if err := v.Decode(&x); err != nil {
		p.Want = "a value YAML can read (" + strings.TrimPrefix(err.Error(), "yaml: ") + ")"
		return p
	}
	if want := checkConfig(fl.Value.Type(), x); want != "" {
		p.Value, p.Want = showNode(v, x), want
		return p
	}
	if check := valueCheckOf(cmd, name); check != nil {
		if want := check(fmt.Sprint(x)); want != "" {
			p.Value, p.Want = showNode(v, x), want
			return p
		}
	}
	if t, ok := x.(string); ok && scalar(fl.Value.Type()) {
		x = strings.TrimSpace(t) // as checkConfig checked it: viper read " 3" as 0
	}
	c.values[name] = x
	if v.Kind == yaml.SequenceNode {
		for _, item := range v.Content {
			c.items[name] = append(c.items[name], item.Line)
		}
	}
	return nil
}

// showNode is showValue of x, the value of node v, but a number as the
// file writes it: YAML reads 18446744073709551616 as a float, which would
// show as 1.8446744073709552e+19 (NaN and infinities show as Go writes
// them: +Inf, not .inf).
func showNode(v *yaml.Node, x any) string {
	if f, ok := x.(float64); ok && v.Kind == yaml.ScalarNode && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return v.Value
	}
	return showValue(x)
}

// unknownFlag says what key was expected instead of key, with the flag
// name nearest to it.
func unknownFlag(cmd *cobra.Command, key string) string {
	var names []string
	cmd.Flags().VisitAll(func(fl *pflag.Flag) { names = append(names, fl.Name) })
	w := fmt.Sprintf("a known key (%q is not a flag of %s", key, cmd.CommandPath())
	if s := textdist.Closest(strings.ToLower(key), names, 3); s != "" {
		w += fmt.Sprintf("; did you mean %q?", s)
	}
	return w + ")"
}

// has reports whether the file sets flag name.
func (c *configFile) has(name string) bool {
	if c == nil {
		return false
	}
	_, ok := c.values[name]
	return ok
}

// origin is "FILE:LINE: key", where the file sets flag name.
func (c *configFile) origin(name string) string {
	return fmt.Sprintf("%s:%d: %s", c.path, c.lines[name], c.keys[name])
}

// itemOrigin is "FILE:LINE: key[i]", where the file sets item i of the
// list of flag name, or origin if the value is no list.
func (c *configFile) itemOrigin(name string, i int) string {
	if lines := c.items[name]; i < len(lines) {
		return fmt.Sprintf("%s:%d: %s[%d]", c.path, lines[i], c.keys[name], i)
	}
	return c.origin(name)
}

// refuse is the error of the file's value of flag name, which is of the
// flag's type but not one the flag takes (want says what it takes).
func (c *configFile) refuse(name, want string) error {
	return yamlerr.New(c.path, []yamlerr.Problem{{Line: c.lines[name], Key: c.keys[name], Value: showValue(c.values[name]), Want: want}})
}
