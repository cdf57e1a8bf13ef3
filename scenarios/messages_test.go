package scenarios_test

import (
	"strings"
	"testing"

	"github.com/povsim/povsim/scenarios"
)

// loadErr loads file (text) and returns its error's lines after the header.
func loadErr(t *testing.T, file, text string) []string {
	t.Helper()
	_, err := (&scenarios.Loader{Files: mapFS(map[string]string{file: text})}).Load(file)
	if err == nil {
		t.Fatalf("%s: no error", file)
	}
	return strings.Split(err.Error(), "\n")[1:]
}

// wantLines fails unless got holds exactly one line per want, each line
// holding every string of its want.
func wantLines(t *testing.T, got []string, want ...[]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		for _, s := range w {
			if !strings.Contains(got[i], s) {
				t.Errorf("problem %d %q does not say %q", i+1, got[i], s)
			}
		}
	}
}

// A timeline that sets one parameter twice for one year (in two entries
// of that year) is refused: which value should hold is not clear. The
// problem names the file, both lines, the key and the year. The same
// parameter in two years, or a year of the scenario extended, is fine.
func TestTimelineSameYearTwice(t *testing.T) {
	const text = `name: twice
timeline:
  - year: 2026
    set:
      transfers.subsidy.level: 0.5
  - year: 2027
    set: {transfers.subsidy.level: 0.2}
  - year: 2026
    set:
      training.rate: 0.3
      transfers.subsidy.level: 0
`
	got := loadErr(t, "twice.yaml", text)
	wantLines(t, got, []string{"twice.yaml:11:", "timeline[2].set.transfers.subsidy.level", "2026", "line 5", "once"})

	ok := map[string]string{
		"base.yaml":  "name: base\ntimeline:\n  - year: 2026\n    set: {transfers.subsidy.level: 0.5}\n",
		"child.yaml": "name: child\nextends: base.yaml\ntimeline:\n  - year: 2026\n    set: {transfers.subsidy.level: 0}\n",
	}
	if sc := loadFS(t, ok, "child.yaml"); yearly(t, sc)[5].Transfers.Subsidy.Level != 0 {
		t.Errorf("the child's 2026 setting does not hold over its base's")
	}
}
