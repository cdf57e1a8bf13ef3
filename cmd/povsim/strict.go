package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// envName is the POVSIM_* variable of a flag.
func envName(flag string) string {
	return "POVSIM_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// layered are a command's flag values, layered (defaults < the --config
// file < POVSIM_* variables < the command line: runFlags.layers), with
// where each came from.
type layered struct {
	*viper.Viper
	cmd    *cobra.Command
	config *configFile // nil without --config
}

// registerConfig registers --config, the file of flag values of every
// command that has flags (layerFlags reads it).
func registerConfig(cmd *cobra.Command, config *string) {
	cmd.Flags().StringVar(config, "config", "", "YAML file of flag values (keys are flag names); flags and POVSIM_* variables override it")
}

// layerFlags builds a fresh viper (no global state) over cmd's flags, the
// POVSIM_* variables of those flags and the --config file (*config, or
// POVSIM_CONFIG when --config is not given, which then sets *config), and
// checks every variable and every value of the file against its flag's
// type. Commands read their flags from the layers it returns and refuse
// values their flags do not take with its refuse.
func layerFlags(cmd *cobra.Command, config *string) (*layered, error) {
	v := viper.New()
	var err error
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		// Only the command's own flags have variables: POVSIM_BY is no
		// concern of a command without --by.
		err = errors.Join(err, v.BindEnv(fl.Name, envName(fl.Name)))
	})
	if err := errors.Join(err, v.BindPFlags(cmd.Flags())); err != nil {
		return nil, err
	}
	l := &layered{Viper: v, cmd: cmd}
	var cerr error
	named := "--config " + *config
	if s := os.Getenv(envName("config")); s != "" && !cmd.Flags().Changed("config") {
		*config, named = s, fmt.Sprintf("%s=%s (for --config)", envName("config"), s)
	}
	if *config != "" {
		if l.config, cerr = readConfig(cmd, *config, named); cerr == nil {
			if err := v.MergeConfigMap(l.config.values); err != nil {
				return nil, err
			}
		}
	}
	if err := errors.Join(cerr, checkEnv(cmd)); err != nil {
		return nil, err
	}
	l.trimEnv()
	return l, nil
}

// scalar reports whether a flag of type typ takes one value that is not
// text: a number, a duration or true/false. Such a value is read without
// the spaces around it ("POVSIM_SEED=' 5'" is seed 5), as checkText
// checks it.
func scalar(typ string) bool {
	switch typ {
	case "int", "int64", "uint64", "float64", "bool", "duration":
		return true
	}
	return false
}

// trimEnv gives viper each scalar flag's variable without the spaces
// around it, the value checkEnv checked (viper read " 5" as 0).
func (l *layered) trimEnv() {
	l.cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if scalar(fl.Value.Type()) && l.source(fl.Name) == fromEnv {
			l.Set(fl.Name, strings.TrimSpace(os.Getenv(envName(fl.Name))))
		}
	})
}

// GetIntSlice is the value of an intSlice flag (viper reads a variable's
// "2025,2030" as no numbers at all); checkEnv and readConfig have checked
// it.
func (l *layered) GetIntSlice(name string) []int {
	var xs []int
	switch l.source(name) {
	case fromFlag, fromDefault:
		xs, _ = l.cmd.Flags().GetIntSlice(name)
	case fromEnv:
		xs = textInts(os.Getenv(envName(name)))
	case fromConfig:
		switch v := l.config.values[name].(type) {
		case int:
			xs = []int{v}
		case string: // year: "2025, 2030"
			xs = textInts(v)
		case []any:
			for _, e := range v {
				xs = append(xs, e.(int))
			}
		}
	}
	return xs
}

// textInts reads whole numbers written as text, "2025,2030" or
// "[2025, 2030]", which checkText has checked.
func textInts(s string) []int {
	var xs []int
	for _, part := range strings.Split(strings.Trim(strings.TrimSpace(s), "[]"), ",") {
		x, _ := strconv.Atoi(strings.TrimSpace(part))
		xs = append(xs, x)
	}
	return xs
}

// GetStrings is the value of a repeatable text flag (--set,
// --slurm-option, --outcome): the command line's items, envItems of its
// variable, or the --config file's list (or one item). Unlike viper's
// GetStringSlice, it never splits an item at its spaces.
func (l *layered) GetStrings(name string) []string {
	switch l.source(name) {
	case fromEnv:
		items, _ := envItems(os.Getenv(envName(name)))
		return items
	case fromConfig:
		switch v := l.config.values[name].(type) {
		case string:
			return []string{v}
		case []any:
			xs := make([]string, len(v))
			for i, e := range v {
				xs[i] = e.(string) // checkConfig has checked it
			}
			return xs
		}
		return nil
	}
	xs, _ := l.cmd.Flags().GetStringArray(name)
	return xs
}

// envItems splits the variable of a repeatable flag (POVSIM_SET,
// POVSIM_SLURM_OPTION, POVSIM_OUTCOME) into its items: one item a line,
// trimmed of the spaces around it, blank lines skipped. Nothing else
// splits an item, so one may hold spaces and commas:
// POVSIM_SET='population.size_weights=[1, 2, 3]' is one setting. lines[i]
// is the line of item i, counted from 1 (for messages).
func envItems(s string) (items []string, lines []int) {
	for i, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" { // TrimSpace takes a CRLF's \r too
			items = append(items, line)
			lines = append(lines, i+1)
		}
	}
	return items, lines
}

// onePerLine refuses each item of the variable of repeatable flag name
// that holds several: a word after its first that starts as an item does
// (starts), as in "monitoring.detection=0.5 monitoring.lag=1", which the
// variable took as two items when it was split at spaces. what names an
// item ("setting").
func (l *layered) onePerLine(name, what string, starts func(word string) bool) error {
	if l.source(name) != fromEnv {
		return nil
	}
	items, _ := envItems(os.Getenv(envName(name)))
	var problems []string
	for i, item := range items {
		n := 1
		for _, w := range strings.Fields(item)[1:] {
			if starts(w) {
				n++
			}
		}
		if n > 1 {
			problems = append(problems, fmt.Sprintf("%s %q: want one %s a line (this line holds %d: put each on a line of its own)", l.itemOrigin(name, i), item, what, n))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// source is where a flag's value came from.
type source int

const (
	fromDefault source = iota
	fromFlag
	fromEnv
	fromConfig
)

func (l *layered) source(name string) source {
	switch {
	case l == nil:
		return fromDefault
	case l.cmd.Flags().Changed(name):
		return fromFlag
	case os.Getenv(envName(name)) != "":
		return fromEnv
	case l.config.has(name):
		return fromConfig
	}
	return fromDefault
}

// origin names where the value of flag name came from, for messages that
// show the value their own way: the command line ("--name"), a variable
// ("POVSIM_NAME (for --name)") or the --config file ("FILE:LINE: name").
func (l *layered) origin(name string) string {
	switch l.source(name) {
	case fromEnv:
		return fmt.Sprintf("%s (for --%s)", envName(name), name)
	case fromConfig:
		return l.config.origin(name)
	}
	return "--" + name
}

// given names flag name as it was given, with its value as written there:
// "--name V", "POVSIM_NAME=V" or "FILE:LINE: name: V".
func (l *layered) given(name string) string {
	v := l.cmd.Flags().Lookup(name).Value.String()
	switch l.source(name) {
	case fromEnv:
		return envName(name) + "=" + os.Getenv(envName(name))
	case fromConfig:
		return l.config.origin(name) + ": " + v
	}
	return "--" + name + " " + v
}

// needs refuses flag name when it was given (in any layer): it means
// something only with flag other, which is not given or is off (why says
// what name does and what to do).
func (l *layered) needs(name, other, why string) error {
	if l.cmd.Flags().Lookup(name) == nil || l.source(name) == fromDefault { // a command without the flag ignores its variable
		return nil
	}
	return fmt.Errorf("%s needs --%s (%s), or leave --%s out", l.given(name), other, why, name)
}

// itemOrigin is origin for item i of the list of flag name, which has a
// line of its own in the --config file ("FILE:LINE: set[1]") and in a
// variable of several lines ("POVSIM_SET line 2 (for --set)").
func (l *layered) itemOrigin(name string, i int) string {
	switch l.source(name) {
	case fromConfig:
		return l.config.itemOrigin(name, i)
	case fromEnv:
		s := os.Getenv(envName(name))
		if _, lines := envItems(s); strings.Contains(strings.TrimSpace(s), "\n") && i < len(lines) {
			return fmt.Sprintf("%s line %d (for --%s)", envName(name), lines[i], name)
		}
	}
	return l.origin(name)
}

// refuse is the error of a value of flag name that is of the flag's type
// but not one the flag takes (want says what it takes). It names where the
// value came from and the value as written there: "--name: got V, want W",
// "POVSIM_NAME=V: want W (for --name)" or, as a scenario file's errors do,
// "FILE:LINE: name: got V, want W".
func (l *layered) refuse(name, want string) error {
	switch l.source(name) {
	case fromEnv:
		return errors.New(envRefusal(name, os.Getenv(envName(name)), want))
	case fromConfig:
		return l.config.refuse(name, want)
	}
	var fl *pflag.Flag
	if l != nil {
		fl = l.cmd.Flags().Lookup(name)
	}
	if fl == nil {
		return fmt.Errorf("--%s: want %s", name, want)
	}
	got := fl.Value
	shown := got.String()
	if got.Type() == "string" {
		shown = strconv.Quote(shown)
	}
	return fmt.Errorf("--%s: got %s, want %s", name, shown, want)
}

// refuseErr is refuse with what is wanted taken from err, an error of
// the form "…got V, want W" of the package that reads the value.
func (l *layered) refuseErr(name string, err error) error {
	return l.refuse(name, wantOf(err))
}

// fileErr names where the file of flag name came from when it cannot be
// opened ("POVSIM_DRAWS (for --draws): open d.csv: no such file or
// directory"); err is returned as it is otherwise (the errors of a file's
// content name the file, and the line).
func (l *layered) fileErr(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", l.origin(name), pe)
	}
	return err
}

// checkEnv holds the POVSIM_* variables to the strictness of the command
// line: each value must be of its flag's type (viper would read "ten" as
// 0). Errors name the variable, the value, what was expected and the flag.
// (readConfig does the same for the --config file.)
func checkEnv(cmd *cobra.Command) error {
	var problems []string
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if s, ok := os.LookupEnv(envName(fl.Name)); ok && s != "" {
			if want := checkText(fl.Value.Type(), s); want != "" {
				problems = append(problems, envRefusal(fl.Name, s, want))
			}
		}
	})
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return nil
}

// envRefusal is the message of POVSIM_NAME=s, which flag name does not
// take: "POVSIM_NAME=s: want W (for --name)".
func envRefusal(name, s, want string) string {
	return fmt.Sprintf("%s=%s: want %s (for --%s)", envName(name), s, want, name)
}

// checkText checks a value written as text (a variable) for a flag of
// type typ, and says what was expected if it is not one ("" if it is).
func checkText(typ, s string) string {
	s = strings.TrimSpace(s)
	var err error
	switch typ {
	case "int":
		_, err = strconv.Atoi(s)
	case "int64":
		_, err = strconv.ParseInt(s, 10, 64)
	case "duration":
		_, err = time.ParseDuration(s)
	case "uint64":
		_, err = strconv.ParseUint(s, 10, 64)
	case "float64":
		var x float64
		x, err = strconv.ParseFloat(s, 64)
		if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
			return "a finite number"
		}
	case "bool":
		_, err = strconv.ParseBool(s)
	case "intSlice":
		for _, part := range strings.Split(strings.Trim(s, "[]"), ",") {
			if _, e := strconv.Atoi(strings.TrimSpace(part)); e != nil {
				err = e
			}
		}
	}
	if err != nil {
		return typeWant(typ)
	}
	return ""
}

func typeWant(typ string) string {
	switch typ {
	case "int", "int64":
		return "a whole number"
	case "duration":
		return "a duration such as 90s, 5m or 1h30m"
	case "uint64":
		return "a whole number ≥ 0 and < 2^64"
	case "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "intSlice":
		return "whole numbers separated by commas"
	case "stringArray", "stringSlice":
		return "a list of texts"
	}
	return "text"
}

// checkConfig checks a value of the --config file (as YAML decoded it).
func checkConfig(typ string, x any) string {
	switch x := x.(type) {
	case string:
		if typ == "string" {
			return ""
		}
		if typ == "stringArray" || typ == "stringSlice" {
			return "" // one item
		}
		return checkText(typ, x)
	case int, int64, uint64:
		if _, ok := x.(int); ok && typ == "intSlice" {
			return "" // one item
		}
		switch typ {
		case "int", "int64", "uint64", "float64", "string":
			if typ == "uint64" && fmt.Sprint(x)[0] == '-' {
				return typeWant(typ)
			}
			return ""
		}
	case float64:
		switch typ {
		case "float64":
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return "a finite number"
			}
			return ""
		case "string":
			return ""
		case "int", "int64", "uint64":
			if x == math.Trunc(x) && inRange(typ, x) {
				return ""
			}
		}
	case bool:
		if typ == "bool" {
			return ""
		}
	case []any:
		switch typ {
		case "stringArray", "stringSlice":
			for _, e := range x {
				if _, ok := e.(string); !ok {
					return typeWant(typ)
				}
			}
			return ""
		case "intSlice":
			for _, e := range x {
				if _, ok := e.(int); !ok {
					return typeWant(typ)
				}
			}
			return ""
		}
	}
	return typeWant(typ)
}

// inRange reports whether the whole number x fits a flag of type typ
// (int, int64 or uint64): YAML reads 2e19 and 18446744073709551616 as
// floats, which Go would turn into another number.
func inRange(typ string, x float64) bool {
	if typ == "uint64" {
		return x >= 0 && x < 1<<64
	}
	return x >= -(1<<63) && x < 1<<63
}

func showValue(x any) string {
	switch x := x.(type) {
	case string:
		return strconv.Quote(x)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	case nil:
		return "nothing"
	}
	return fmt.Sprint(x)
}
