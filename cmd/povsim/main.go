// Command povsim simulates how rural households lifted out of poverty fare
// afterwards, and compares the policies that keep them from falling back.
// Run `povsim --help` for its commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"github.com/povsim/povsim/analysis"
	"github.com/spf13/cobra"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes: 128 + the signal's number when a signal stopped the work,
// as shells report a process killed by it.
const (
	exitOK          = 0
	exitError       = 1
	exitInterrupted = 128 + int(syscall.SIGINT)  // 130
	exitTerminated  = 128 + int(syscall.SIGTERM) // 143
)

// stopSignal is the cause of a context cancelled by a signal.
type stopSignal struct{ sig os.Signal }

func (s stopSignal) Error() string { return s.sig.String() }

// exitCode is the exit code of a command stopped by sig.
func (s stopSignal) exitCode() int {
	if s.sig == syscall.SIGTERM {
		return exitTerminated
	}
	return exitInterrupted
}

// signalContext is cancelled, with a stopSignal cause, by the first SIGINT or
// SIGTERM; a second one kills the process at once (the default action).
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel(stopSignal{sig})
			signal.Reset(os.Interrupt, syscall.SIGTERM)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// env is what a command gets from the outside world: its output streams
// and whether the error stream is a terminal (for progress bars).
type env struct {
	stdout, stderr io.Writer
	terminal       bool
	args           []string
}

// Main runs povsim with args and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signalContext()
	defer stop()
	e := &env{stdout: stdout, stderr: stderr, terminal: isTerminal(stderr), args: append([]string{"povsim"}, args...)}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := strayWord(root, args)
	if err == nil {
		err = root.ExecuteContext(ctx)
	}
	if err != nil {
		s, stopped := context.Cause(ctx).(stopSignal)
		if msg := withoutCancel(withSubcommand(root, err), stopped); msg != "" {
			fmt.Fprintln(stderr, "povsim:", msg)
		}
		if stopped {
			fmt.Fprintln(stderr, "povsim: interrupted; finished work was kept where the command keeps it, nothing partial was written")
			return s.exitCode()
		}
		return exitError
	}
	return exitOK
}

// withoutCancel is err's message, without the words "context canceled"
// when a signal stopped the command (stopped): the line that follows says
// it was interrupted. It is "" for a bare context.Canceled.
func withoutCancel(err error, stopped bool) string {
	msg := err.Error()
	if !stopped || !errors.Is(err, context.Canceled) {
		return msg
	}
	c := context.Canceled.Error()
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(msg, ": "+c, ""), c, ""))
}

// unknownCommand is the word of cobra's error for an unknown command.
var unknownCommand = regexp.MustCompile(`^unknown command "([^"]*)" for "povsim"`)

// withSubcommand adds to the error of an unknown command that names a
// command of a group (povsim list: povsim scenarios list) that command, which
// cobra does not suggest (it looks among the top-level commands alone).
func withSubcommand(root *cobra.Command, err error) error {
	m := unknownCommand.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	var found []string
	for _, c := range root.Commands() {
		for _, sub := range c.Commands() {
			if sub.Name() == m[1] || slices.Contains(sub.Aliases, m[1]) {
				found = append(found, "povsim "+c.Name()+" "+sub.Name())
			}
		}
	}
	if len(found) == 0 {
		return err
	}
	msg := strings.TrimRight(err.Error(), "\n")
	if !strings.Contains(msg, "Did you mean this?") {
		msg += "\n\nDid you mean this?"
	}
	return fmt.Errorf("%s\n\t%s", msg, strings.Join(found, "\n\t"))
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "povsim",
		Short: "Simulate return to poverty among rural households, and the policies that prevent it",
		Long: `povsim simulates rural households lifted out of poverty by 2020, year by year,
under policy scenarios written as YAML, and reports return-to-poverty rates with
their uncertainty, per year and per household type, and what each policy costs.

Run the baseline scenario:   povsim run
List the scenario library:   povsim scenarios list`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       analysis.BuildOf().String(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	for _, c := range commands {
		root.AddCommand(c(e))
	}
	root.InitDefaultCompletionCmd() // here, so that strayWord finds it
	strictHelp(root)
	sayUsage(root)
	return root
}

// commands are the subcommands; each command's file adds its constructor in
// an init function, so commands can be added without touching this file.
var commands []func(*env) *cobra.Command
