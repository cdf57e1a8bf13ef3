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

// A misspelled top-level key gets the nearest top-level key as a
// suggestion, as a misspelled nested key does.
func TestTopLevelTypoSuggested(t *testing.T) {
	got := loadErr(t, "typos.yaml", "name: typos\necomerce:\n  coverage: 0.5\ntransfer: {indexed: true}\nmonitorin:\n  detection: 0.5\ntimelin: []\n")
	wantLines(t, got,
		[]string{"typos.yaml:2:", "ecomerce", `did you mean "ecommerce"?`},
		[]string{"typos.yaml:4:", "transfer", `did you mean "transfers"?`},
		[]string{"typos.yaml:5:", "monitorin", `did you mean "monitoring"?`},
		[]string{"typos.yaml:7:", "timelin", `did you mean "timeline"?`})
}

// A misspelled scenario name, in extends: or as the scenario to load, gets
// the nearest library scenario's name as a suggestion.
func TestScenarioNameSuggested(t *testing.T) {
	got := loadErr(t, "ext.yaml", "name: ext\nextends: baselin\n")
	wantLines(t, got, []string{"ext.yaml:2:", "extends", `"baselin"`, `did you mean "baseline"?`})
	_, err := scenarios.Load("cut-subsidyy")
	if err == nil || !strings.Contains(err.Error(), `did you mean "cut-subsidy"?`) {
		t.Errorf(`Load("cut-subsidyy"): %v; want it to suggest "cut-subsidy"`, err)
	}
	if _, err := scenarios.Load("zzzzzzzzzz"); err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf(`Load("zzzzzzzzzz"): %v; want an error suggesting nothing`, err)
	}
}

// A parameter path written dotted at the top level (--set's syntax) is
// told to be nested, or put in a timeline entry's set:.
func TestTopLevelDottedPath(t *testing.T) {
	got := loadErr(t, "dotted.yaml", "name: dotted\ntransfers.subsidy.level: 0\n")
	wantLines(t, got, []string{"dotted.yaml:2:", "transfers.subsidy.level", "transfers: {subsidy: {level: 0}}", "timeline", "set:"})
	if strings.Contains(got[0], "did you mean") {
		t.Errorf("a known path gets a suggestion: %s", got[0])
	}
	got = loadErr(t, "dotted.yaml", "name: dotted\ntransfers.subsidy.levle: 0\n")
	wantLines(t, got, []string{"dotted.yaml:2:", "transfers: {subsidy: {levle: 0}}", `did you mean "transfers.subsidy.level"?`})
}

// A nested mapping under a timeline's (or before:'s) set: is told that
// set: takes dotted paths, with the path it meant; no Go map syntax.
func TestSetTakesDottedPaths(t *testing.T) {
	for _, text := range []string{
		"name: nested\ntimeline:\n  - year: 2026\n    set:\n      transfers:\n        subsidy:\n          level: 0\n",
		"name: nested\nbefore:\n  transfers:\n    subsidy: {level: 0}\n",
	} {
		got := loadErr(t, "nested.yaml", text)
		wantLines(t, got, []string{"transfers", "got a mapping", "dotted paths", "transfers.subsidy.level: 0"})
		if strings.Contains(got[0], "map[") {
			t.Errorf("Go's map syntax in %s", got[0])
		}
	}
}

// A value of the timeline that leaves a parameter out of its range is
// reported once, at its line and its entry's key, however many later
// changes resolve the parameters again.
func TestTimelineProblemOnce(t *testing.T) {
	got := loadErr(t, "tl.yaml", `name: tl
timeline:
  - year: 2026
    set:
      monitoring.targeting: -1
  - year: 2028
    set:
      transfers.subsidy.level: 0
`)
	wantLines(t, got, []string{"tl.yaml:5:", "timeline[0].set.monitoring.targeting: got -1", "a probability between 0 and 1", "2026"})
	// An earlier entry in the file may come later in time.
	got = loadErr(t, "tl.yaml", `name: tl
timeline:
  - year: 2028
    set:
      training.rate: 0.2
  - year: 2026
    set:
      training.rate: 3
`)
	wantLines(t, got, []string{"tl.yaml:8:", "timeline[1].set.training.rate: got 3", "2026"})
}

// A misspelled key of a timeline's set: (or before:) is said to be unknown,
// with the nearest path; its value is not the problem, so it is not shown.
func TestTimelineUnknownKey(t *testing.T) {
	for file, text := range map[string]string{
		"timeline": "name: typo\ntimeline:\n  - year: 2026\n    set:\n      monitoring.targetting: -1\n",
		"before":   "name: typo\nbefore:\n  monitoring.targetting: -1\n",
	} {
		got := loadErr(t, file, text)
		wantLines(t, got, []string{"monitoring.targetting: want", "unknown", `did you mean "monitoring.targeting"?`})
		if strings.Contains(got[0], "got") {
			t.Errorf("%s: the value is named as the problem: %s", file, got[0])
		}
	}
}
