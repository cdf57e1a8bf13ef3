package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"
)

// A valueCheck says what a flag takes when s, a value of the flag's type
// written as text, is not one it takes; "" when it is.
type valueCheck func(s string) string

// valueChecks are, by command name and flag name ("run/reps"), the checks
// of values of the right type that a flag may still not take (--reps 0,
// --format xml). readConfig runs them on a --config file's values, so
// that the file's problems are listed together; commands run them on the
// value of any layer with checkValues. A command registers the same
// checks each time it is made.
var valueChecks = struct {
	sync.Mutex
	m map[string]valueCheck
}{m: map[string]valueCheck{}}

// checkFlag registers check as what flag name of cmd takes.
func checkFlag(cmd *cobra.Command, name string, check valueCheck) {
	valueChecks.Lock()
	defer valueChecks.Unlock()
	valueChecks.m[cmd.Name()+"/"+name] = check
}

// valueCheckOf is the check of flag name of cmd, or nil.
func valueCheckOf(cmd *cobra.Command, name string) valueCheck {
	valueChecks.Lock()
	defer valueChecks.Unlock()
	return valueChecks.m[cmd.Name()+"/"+name]
}

// checkValues refuses the first of flags names whose value, from any
// layer, its check refuses.
func (l *layered) checkValues(names ...string) error {
	for _, n := range names {
		if c := valueCheckOf(l.cmd, n); c != nil {
			if want := c(l.GetString(n)); want != "" {
				return l.refuse(n, want)
			}
		}
	}
	return nil
}

// wantOf is what an error of the form "… want W" says was expected: W.
func wantOf(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "want "); i >= 0 {
		msg = msg[i+len("want "):]
	}
	return msg
}

// whole is the check of a whole number that ok accepts (want says which);
// a value that is no whole number is the type check's concern.
func whole(ok func(n int) bool, want func(n int) string) valueCheck {
	return func(s string) string {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || ok(n) {
			return ""
		}
		return want(n)
	}
}

// atLeast is the check of a whole number of at least lo.
func atLeast(lo int) valueCheck {
	return whole(func(n int) bool { return n >= lo }, func(int) string { return fmt.Sprintf("at least %d", lo) })
}
