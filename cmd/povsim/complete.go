package main

import (
	"strings"

	"github.com/povsim/povsim/analysis/report"
	"github.com/povsim/povsim/scenarios"
	"github.com/spf13/cobra"
)

// completeScenarios offers the library's scenario names, and the shell's
// own completion of YAML files.
func completeScenarios(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	if lib, err := scenarios.Library(); err == nil {
		for _, s := range lib {
			if strings.HasPrefix(s.Name, toComplete) {
				out = append(out, cobra.CompletionWithDesc(s.Name, s.Description))
			}
		}
	}
	return out, cobra.ShellCompDirectiveDefault
}

// completePlot offers the chart kinds first, then scenarios (or, for a
// sweep's charts, the shell's files).
func completePlot(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return completeScenarios(cmd, args, toComplete)
	}
	var out []cobra.Completion
	for _, k := range append(append([]string(nil), report.Kinds...), "sobol", "morris", "scatter") {
		if strings.HasPrefix(k, toComplete) {
			out = append(out, k)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeValues completes a flag from a fixed list.
func completeValues(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}
