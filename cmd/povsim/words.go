package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/internal/textdist"
	"github.com/spf13/cobra"
)

// Cobra prints a group's help and exits 0 when a group (a command that only
// holds others: povsim scenarios, povsim completion) is given a word that
// names none of its commands, and povsim help does the same for a topic that
// is no command: a typo passes for success. These refuse the word instead.

// strayWord is the error for args that reach a group with a word left over
// (povsim scenarios lst), nil for anything else: cobra checks the rest.
func strayWord(root *cobra.Command, args []string) error {
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root || cmd.Runnable() || !cmd.HasSubCommands() {
		return nil
	}
	if word, ok := firstWord(rest); ok {
		return unknownSubcommand(cmd, word)
	}
	return nil
}

// firstWord is the first of args that is not a flag. A group's flags take
// no value (--help), so every word after a flag is a word of its own.
func firstWord(args []string) (string, bool) {
	for i, a := range args {
		if a == "--" && i+1 < len(args) {
			return args[i+1], true
		}
		if !strings.HasPrefix(a, "-") {
			return a, true
		}
	}
	return "", false
}

// unknownSubcommand says that word is none of group's commands, which
// ones it has and the one nearest to word, if one is near.
func unknownSubcommand(group *cobra.Command, word string) error {
	var names []string
	for _, c := range group.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	msg := fmt.Sprintf("unknown command %q for %q: want one of %s", word, group.CommandPath(), strings.Join(names, ", "))
	if s := textdist.Closest(word, names, max(2, 1+len(word)/3)); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return errors.New(msg)
}

// strictHelp makes povsim help refuse a topic that names no command
// (povsim help runn, povsim help scenarios lst) rather than print the
// usage and exit 0.
func strictHelp(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	for _, h := range root.Commands() {
		if h.Name() != "help" {
			continue
		}
		h.Run = nil
		h.RunE = func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil {
				return err
			}
			if len(rest) > 0 && cmd.HasSubCommands() {
				return unknownSubcommand(cmd, rest[0])
			}
			if len(rest) > 0 {
				return fmt.Errorf("help: %q: %s has no commands of its own", rest[0], cmd.CommandPath())
			}
			cmd.InitDefaultHelpFlag()
			cmd.InitDefaultVersionFlag()
			return cmd.Help()
		}
	}
}

// sayUsage makes the check of every command's words (cobra's Args) name
// the words it got and the usage it wants: cobra says "accepts at most
// 1 arg(s), received 2" alone, and "unknown command" for a word given
// to a command that takes none.
func sayUsage(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			err := check(c, args)
			if err == nil {
				return nil
			}
			msg := err.Error()
			if strings.HasPrefix(msg, "unknown command ") { // cobra.NoArgs
				msg = "takes no arguments"
			}
			given := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
			if len(args) > 0 {
				given += " " + analysis.ShellJoin(args)
			}
			return fmt.Errorf("%s: %s; usage: %s", given, msg, c.UseLine())
		}
	}
	for _, sub := range cmd.Commands() {
		sayUsage(sub)
	}
}
