package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/povsim/povsim/examples"
	"github.com/spf13/cobra"
)

var scenarioName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// newInitCmd writes a commented starting scenario into the current folder.
func newInitCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init NAME",
		Short: "Write NAME.yaml, a commented starting scenario that extends the baseline, in the current folder",
		Long: `init writes NAME.yaml, a commented starting scenario that extends the baseline,
in the current folder, and never overwrites a file.

init has no flags: NAME is all it reads, so no POVSIM_* variable and no --config
file can change what it writes or where.`,
		Example: `  povsim scenarios init my-county     # writes my-county.yaml
  povsim run my-county.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := strings.TrimSuffix(args[0], ".yaml")
			if !scenarioName.MatchString(name) {
				return fmt.Errorf("scenarios init: got name %q, want letters, digits, - and _ (starting with a letter or digit), e.g. my-county", args[0])
			}
			path := name + ".yaml"
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("scenarios init: %s already exists; povsim does not overwrite it (choose another name or remove it)", path)
			}
			if err != nil {
				return fmt.Errorf("scenarios init: %w", err)
			}
			if _, err := f.Write(examples.Scenario(name)); err != nil {
				f.Close()
				os.Remove(path)
				return fmt.Errorf("scenarios init: %s: %w", path, err)
			}
			if err := f.Close(); err != nil {
				os.Remove(path)
				return fmt.Errorf("scenarios init: %s: %w", path, err)
			}
			fmt.Fprintf(e.stdout, "wrote %s: edit it, then run `povsim run %s`\n", path, path)
			return nil
		},
	}
}
