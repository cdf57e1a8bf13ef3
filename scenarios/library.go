package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed library/*.yaml
var library embed.FS

// Entry describes one scenario of the embedded library.
type Entry struct {
	Name        string
	Description string
	Seed        string
	Extends     string
}

// Library lists the embedded scenarios, sorted by name.
func Library() ([]Entry, error) {
	files, err := fs.Glob(library, "library/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, f := range files {
		data, err := library.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var meta struct {
			Name        string `yaml:"name"`
			Description string `yaml:"description"`
			Seed        string `yaml:"seed"`
			Extends     string `yaml:"extends"`
		}
		if err := yaml.Unmarshal(data, &meta); err != nil {
			return nil, fmt.Errorf("library %s: %w", f, err)
		}
		want := strings.TrimSuffix(strings.TrimPrefix(f, "library/"), ".yaml")
		if meta.Name != want {
			return nil, fmt.Errorf("library %s: name %q differs from the file name", f, meta.Name)
		}
		out = append(out, Entry{Name: meta.Name, Description: meta.Description, Seed: meta.Seed, Extends: meta.Extends})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Source returns the YAML text of a library scenario.
func Source(name string) ([]byte, error) {
	b, err := library.ReadFile("library/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no library scenario %q (try `povsim scenarios list`)", name)
	}
	return b, nil
}

//go:embed targets/*.yaml
var targetFiles embed.FS

// Targets lists the names of the embedded targets files (for `povsim
// calibrate` and `povsim validate`), sorted.
func Targets() []string {
	files, _ := fs.Glob(targetFiles, "targets/*.yaml")
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = strings.TrimSuffix(strings.TrimPrefix(f, "targets/"), ".yaml")
	}
	sort.Strings(out)
	return out
}

// TargetsSource returns the YAML text of an embedded targets file.
func TargetsSource(name string) ([]byte, bool) {
	b, err := targetFiles.ReadFile("targets/" + name + ".yaml")
	return b, err == nil
}
