package scenarios_test

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// mapFS builds a file system of scenario files from path → text.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

func loadFS(t *testing.T, files map[string]string, ref string) *scenarios.Scenario {
	t.Helper()
	sc, err := (&scenarios.Loader{Files: mapFS(files)}).Load(ref)
	if err != nil {
		t.Fatalf("Load(%q): %v", ref, err)
	}
	return sc
}

// yearly resolves a scenario's timeline into its parameters per year.
func yearly(t *testing.T, sc *scenarios.Scenario) []sim.Params {
	t.Helper()
	ys, err := sc.Config.Yearly()
	if err != nil {
		t.Fatalf("%s: Yearly: %v", sc.Name, err)
	}
	return ys
}

// Test 3: a file extends another by a path relative to its own folder,
// including one that goes up a folder.
func TestLoaderExtendsRelative(t *testing.T) {
	files := map[string]string{
		"s/base.yaml":      "name: base\ndisaster: {probability: 0.1}\n",
		"s/child.yaml":     "name: child\nextends: base.yaml\ntraining: {rate: 0.3}\n",
		"s/sub/child.yaml": "name: subchild\nextends: ../base.yaml\ntraining: {rate: 0.4}\n",
		"base.yaml":        "name: decoy\ndisaster: {probability: 0.9}\n", // must not be read: paths are relative to the extending file
	}
	for ref, rate := range map[string]float64{"s/child.yaml": 0.3, "s/sub/child.yaml": 0.4} {
		sc := loadFS(t, files, ref)
		p := sc.Config.Params
		if p.Disaster.Probability != 0.1 || p.Training.Rate != rate {
			t.Errorf("%s: disaster.probability %v, training.rate %v; want 0.1 (from s/base.yaml), %v",
				ref, p.Disaster.Probability, p.Training.Rate, rate)
		}
		if sc.Source != ref || sc.Extends == "" {
			t.Errorf("%s: Source %q Extends %q", ref, sc.Source, sc.Extends)
		}
	}
}

// Test 3: a chain of three files; each level applies on top of the one it
// extends, the nearest file winning where two set the same key.
func TestLoaderChainOfThree(t *testing.T) {
	files := map[string]string{
		"a.yaml": "name: a\nextends: b.yaml\ntraining: {rate: 0.3}\n",
		"b.yaml": "name: b\nextends: c.yaml\ndisaster: {probability: 0.2}\ntraining: {rate: 0.1}\n",
		"c.yaml": "name: c\necommerce: {coverage: 0.6}\ndisaster: {probability: 0.15}\n",
	}
	p := loadFS(t, files, "a.yaml").Config.Params
	want := sim.Default()
	want.Ecommerce.Coverage = 0.6   // from c
	want.Disaster.Probability = 0.2 // b over c
	want.Training.Rate = 0.3        // a over b
	if !reflect.DeepEqual(p, want) {
		t.Errorf("a.yaml resolves to %+v\nwant %+v", p, want)
	}
}

// Test 3: extends cycles are errors that name the cycle.
func TestLoaderExtendsCycle(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"two files", map[string]string{
			"a.yaml": "name: a\nextends: b.yaml\n",
			"b.yaml": "name: b\nextends: a.yaml\n",
		}, []string{"cycle", "a.yaml → b.yaml → a.yaml"}},
		{"itself", map[string]string{
			"a.yaml": "name: a\nextends: a.yaml\n",
		}, []string{"cycle", "a.yaml → a.yaml"}},
		{"three files", map[string]string{
			"a.yaml": "name: a\nextends: b.yaml\n",
			"b.yaml": "name: b\nextends: c.yaml\n",
			"c.yaml": "name: c\nextends: a.yaml\n",
		}, []string{"cycle", "a.yaml → b.yaml → c.yaml → a.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := (&scenarios.Loader{Files: mapFS(tc.files)}).Load("a.yaml")
			if err == nil {
				t.Fatal("Load: no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

// Test 3: a file extends a library scenario by name, and only what the
// child sets differs from the base.
func TestLoaderExtendsLibrary(t *testing.T) {
	files := map[string]string{
		"my/study.yaml": "name: study\nextends: changshou\ntraining:\n  rate: 0.3\nmonitoring: {detection: 0.8}\n",
	}
	sc := loadFS(t, files, "my/study.yaml")
	base, err := scenarios.Load("changshou")
	if err != nil {
		t.Fatal(err)
	}
	want := base.Config.Params.Clone()
	want.Training.Rate = 0.3
	want.Monitoring.Detection = 0.8
	if !reflect.DeepEqual(sc.Config.Params, want) {
		t.Errorf("study differs from changshou beyond training.rate and monitoring.detection:\ngot  %+v\nwant %+v",
			sc.Config.Params, want)
	}
	if !reflect.DeepEqual(sc.Config.Timeline, base.Config.Timeline) {
		t.Errorf("timeline %v, want the base's %v", sc.Config.Timeline, base.Config.Timeline)
	}
	// The library is read for library names even when Files has no such file.
	if _, err := (&scenarios.Loader{Files: fstest.MapFS{}}).Load("baseline"); err != nil {
		t.Errorf("Load(baseline) with an empty Files: %v", err)
	}
}

// Test 3: timelines of the base and the child both apply; for the same year
// and path the child's change wins, and a base change for a path the child
// does not set keeps applying.
func TestLoaderTimelines(t *testing.T) {
	files := map[string]string{
		"base.yaml": `name: base
timeline:
  - year: 2023
    set: {training.rate: 0.1, ecommerce.coverage: 0.5}
  - year: 2027
    set: {transfers.subsidy.level: 0.5}
`,
		"child.yaml": `name: child
extends: base.yaml
timeline:
  - year: 2023
    set: {training.rate: 0.2}
  - year: 2025
    set: {ecommerce.coverage: 0.9}
`,
	}
	sc := loadFS(t, files, "child.yaml")
	ys := yearly(t, sc)
	d := sim.Default()
	for i, p := range ys {
		year := p.StartYear + i
		wantRate, wantCov, wantSub := d.Training.Rate, d.Ecommerce.Coverage, 1.0
		if year >= 2023 {
			wantRate, wantCov = 0.2, 0.5 // child's training.rate over the base's; the base's coverage
		}
		if year >= 2025 {
			wantCov = 0.9 // child
		}
		if year >= 2027 {
			wantSub = 0.5 // base only
		}
		if p.Training.Rate != wantRate || p.Ecommerce.Coverage != wantCov || p.Transfers.Subsidy.Level != wantSub {
			t.Errorf("%d: training.rate %v ecommerce.coverage %v subsidy.level %v; want %v %v %v", year,
				p.Training.Rate, p.Ecommerce.Coverage, p.Transfers.Subsidy.Level, wantRate, wantCov, wantSub)
		}
	}
	// The starting parameters are the defaults: timelines change later years only.
	if !reflect.DeepEqual(sc.Config.Params, d) {
		t.Errorf("starting parameters changed by a timeline")
	}
}

// Test 3: a timeline year outside the simulated years names the line.
func TestLoaderTimelineYearOutside(t *testing.T) {
	files := map[string]string{
		"base.yaml":  "name: base\nyears: 5\n",
		"child.yaml": "name: child\nextends: base.yaml\ntimeline:\n  - year: 2022\n    set: {training.rate: 0.2}\n  - year: 2026\n    set: {training.rate: 0.3}\n",
	}
	_, err := (&scenarios.Loader{Files: mapFS(files)}).Load("child.yaml")
	wantAll(t, err, "child.yaml:6:", "timeline[1].year", "2026", "2021–2025")
	if err != nil && strings.Contains(err.Error(), "timeline[0]") {
		t.Errorf("the year 2022 is within 2021–2025:\n%v", err)
	}
}

func wantAll(t *testing.T, err error, subs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", subs)
	}
	for _, s := range subs {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error does not contain %q:\n%v", s, err)
		}
	}
}

// Test 4: bad files. Each case names the problems the error must report
// with the file name and line, the key, the value as written and what was
// expected (empty parts are not asserted: an empty file has no line or key).
func TestBadFiles(t *testing.T) {
	type problem struct{ line, key, value, want string }
	for _, tc := range []struct {
		name, text string
		problems   []problem
	}{
		{"syntax error", "name: x\nyears: 10\n  bad: indent\n",
			[]problem{{"3", "", "", "valid YAML: this line indented like the keys it belongs with, or its value quoted if it holds a colon (mapping values are not allowed in this context)"}}},
		{"unknown key with suggestion", "name: x\npopulation:\n  housholds: 500\n",
			[]problem{{"3", "population.housholds", "", `did you mean "population.households"?`}}},
		{"unknown top-level key with suggestion", "name: x\nyers: 5\n",
			[]problem{{"2", "yers", "", `did you mean "years"?`}}},
		{"string for a number", "name: x\ndisaster:\n  probability: often\n",
			[]problem{{"3", "disaster.probability", `"often"`, "a number"}}},
		{"string for a whole number", "name: x\nyears: ten\n",
			[]problem{{"2", "years", `"ten"`, "a whole number"}}},
		{"probability out of range", "name: x\ndisaster:\n  probability: 1.3\n",
			[]problem{{"3", "disaster.probability", "1.3", "a probability between 0 and 1"}}},
		{"negative land", "name: x\npopulation:\n  land_min: -2\n",
			[]problem{{"3", "population.land_min", "-2", "a number ≥ 0"}}},
		{"more laborers than members", "name: x\npopulation:\n  size_weights: [1, 1]\n  laborers_min: 3\n  laborers_max: 3\n",
			[]problem{{"4", "population.laborers_min", "3", "more laborers than members"}}},
		{"empty file", "",
			[]problem{{"", "", "", "the file is empty"}}},
		{"only a comment", "# nothing here\n",
			[]problem{{"", "", "", "the file is empty"}}},
		{"top-level list", "- name: x\n- name: y\n",
			[]problem{{"1", "", "", "a YAML mapping of keys to values at the top level"}}},
		{"missing name", "description: nameless\nyears: 5\n",
			[]problem{{"", "name", "", "a name for the scenario"}}},
		{"name with a slash", "description: d\nname: a/b\n",
			[]problem{{"2", "name", `"a/b"`, "a name fit for a file name (outputs write scenario-NAME.yaml)"}}},
		{"name with a space", "name: my plan\n",
			[]problem{{"1", "name", `"my plan"`, "letters, digits, -, _ and ., not starting with . or -"}}},
		{"name starting with a dot", "name: ..\n",
			[]problem{{"1", "name", `".."`, "a name fit for a file name"}}},
		// As strict as the top level: text for a number or a boolean is
		// an error, once (a year given as text is not also out of range).
		{"timeline quoted number", "name: x\ntimeline:\n  - year: 2025\n    set: {monitoring.detection: \"0\"}\n",
			[]problem{{"4", "timeline[0].set.monitoring.detection", `"0"`, "a number (written without quotes)"}}},
		{"timeline quoted boolean", "name: x\ntimeline:\n  - year: 2025\n    set: {transfers.indexed: \"true\"}\n",
			[]problem{{"4", "timeline[0].set.transfers.indexed", `"true"`, "true or false (written without quotes)"}}},
		{"before quoted number", "name: x\nbefore:\n  training.rate: \"0.1\"\n",
			[]problem{{"3", "before.training.rate", `"0.1"`, "a number (written without quotes)"}}},
		{"timeline quoted year", "name: x\ntimeline:\n  - year: \"2025\"\n    set: {training.rate: 0.3}\n",
			[]problem{{"3", "timeline[0].year", `"2025"`, "a whole number"}}},
		{"timeline unknown path", "name: x\ntimeline:\n  - year: 2025\n    set: {training.rat: 0.3}\n",
			[]problem{{"4", "timeline[0].set.training.rat", "", `did you mean "training.rate"?`}}},
		{"timeline fixed path", "name: x\ntimeline:\n  - year: 2025\n    set: {population.households: 300}\n",
			[]problem{{"4", "population.households", "", "population and calendar are fixed"}}},
		{"timeline value out of range", "name: x\ntimeline:\n  - year: 2025\n    set: {training.rate: 3}\n",
			[]problem{{"4", "training.rate", "3", "a probability between 0 and 1 (after the timeline change of 2025)"}}},
		{"timeline year outside", "name: x\ntimeline:\n  - year: 2019\n    set: {training.rate: 0.3}\n",
			[]problem{{"3", "timeline[0].year", "2019", "a year within the simulated years 2021–2030"}}},
		{"timeline bad boolean", "name: x\ntimeline:\n  - year: 2025\n    set: {transfers.indexed: maybe}\n",
			[]problem{{"4", "timeline[0].set.transfers.indexed", "maybe", "true or false"}}},
		{"timeline yes for a boolean", "name: x\ntimeline:\n  - year: 2025\n    set: {transfers.indexed: yes}\n",
			[]problem{{"4", "timeline[0].set.transfers.indexed", "yes", "true or false"}}},
		{"yes for a boolean", "name: x\ntransfers:\n  indexed: yes\n",
			[]problem{{"3", "transfers.indexed", "yes", "true or false"}}},
		{"on for a boolean", "name: x\nmonitoring: {enabled: on}\n",
			[]problem{{"2", "monitoring.enabled", "on", "true or false"}}},
		{"1 for a boolean", "name: x\ndemography:\n  enabled: 1\n",
			[]problem{{"3", "demography.enabled", `"1"`, "true or false"}}},
		{"timeline without set", "name: x\ntimeline:\n  - year: 2025\n",
			[]problem{{"3", "timeline[0].set", "", "at least one parameter to change"}}},
		{"before unknown path", "name: x\nbefore:\n  training.rat: 0.3\n",
			[]problem{{"3", "before.training.rat", "", `did you mean "training.rate"?`}}},
		{"before fixed path", "name: x\nbefore:\n  population.households: 300\n",
			[]problem{{"3", "before.population.households", "300", "population and calendar are fixed"}}},
		{"before value out of range", "name: x\nbefore: {training.rate: 3}\n",
			[]problem{{"2", "before.training.rate", "3", "a probability between 0 and 1"}}},
		{"before bad boolean", "name: x\nbefore:\n  transfers.indexed: yes\n",
			[]problem{{"3", "before.transfers.indexed", "yes", "true or false"}}},
		{"before a group", "name: x\nbefore:\n  disaster: 0.1\n",
			[]problem{{"3", "before.disaster", "0.1", "a group of parameters"}}},
		{"negative size weight", "name: x\npopulation:\n  size_weights: [1, -1, 1]\n",
			[]problem{{"3", "population.size_weights[1]", "-1", "a weight ≥ 0"}}},
		// Validate's fault of the year before as a whole is on the line of before.
		{"before without assistance", "name: x\nbefore:\n  monitoring.mix.cash: 0\n  monitoring.mix.employment: 0\n  monitoring.mix.health: 0\n  monitoring.mix.industry: 0\n",
			[]problem{{"2", "before.monitoring.mix", "cash 0, employment 0, health 0, industry 0", "at least one positive weight"}}},
		{"before not a mapping", "name: x\nbefore: 5\n",
			[]problem{{"2", "before", `"5"`, "a mapping of parameter paths to values"}}},
		// A key that names nothing: yaml's decoder drops an entry with a
		// null key (~, null, ? alone) without a word, and keeps the later
		// of two equal keys (or drops the whole mapping).
		{"before null key ~", "name: x\nbefore:\n  ~: 1\n",
			[]problem{{"3", "before", "the key ~", "a key that names something (a name such as years, or a parameter path such as transfers.subsidy.level) (YAML reads ~ as null, which names nothing)"}}},
		{"before null key null", "name: x\nbefore:\n  training.rate: 0.1\n  null: 2\n",
			[]problem{{"4", "before", "the key null", "a parameter path such as transfers.subsidy.level"}}},
		{"before bare ? key", "name: x\nbefore:\n  ? \n  : 3\n",
			[]problem{{"3", "before", "an empty key (? with nothing after it)", "YAML reads an empty key as null"}}},
		{"before empty key", "name: x\nbefore: {\"\": 3}\n",
			[]problem{{"2", "before", `the key ""`, "a parameter path such as transfers.subsidy.level"}}},
		{"before list as a key", "name: x\nbefore:\n  [training.rate]: 3\n",
			[]problem{{"3", "before", "a list as a key", "a parameter path such as transfers.subsidy.level"}}},
		{"before key twice", "name: x\nbefore:\n  training.rate: 0.1\n  \"training.rate\": 0.2\n",
			[]problem{{"4", "before.training.rate", "", "each key once (training.rate is on line 3 too)"}}},
		{"timeline null key", "name: x\ntimeline:\n  - year: 2025\n    set: {~: 1, training.rate: 0.3}\n",
			[]problem{{"4", "timeline[0].set", "the key ~", "a parameter path such as transfers.subsidy.level"}}},
		{"timeline null key alone", "name: x\ntimeline:\n  - year: 2025\n    set:\n      NULL: 0.3\n",
			[]problem{{"5", "timeline[0].set", "the key NULL", "YAML reads NULL as null"}}},
		{"timeline key twice", "name: x\ntimeline:\n  - year: 2025\n    set:\n      training.rate: 0.3\n      training.rate: 0.2\n",
			[]problem{{"6", "timeline[0].set.training.rate", "", "each key once (training.rate is on line 5 too)"}}},
		{"top-level null key", "name: x\n~: 5\n",
			[]problem{{"2", "", "the key ~", "a key that names something"}}},
		{"several keys that name nothing", "name: x\nbefore: {~: 1, training.rate: 0.1}\ntimeline:\n  - year: 2025\n    set: {null: 1}\nyears: ten\nname: y\n",
			[]problem{{"2", "before", "the key ~", "names something"}, {"5", "timeline[0].set", "the key null", "names something"}, {"7", "name", "", "each key once (name is on line 1 too)"}}},
		{"expect bad value", "name: x\nexpect: {return_rate: lowr}\n",
			[]problem{{"2", "expect.return_rate", `"lowr"`, `"lower" or "higher"`}}},
		{"extends unknown", "name: x\nextends: nosuch\n",
			[]problem{{"2", "extends", `"nosuch"`, "no such file, and no library scenario of that name"}}},
		{"several problems", `name: x
yers: 5
years: ten
disaster:
  probability: 1.3
expect: {return_rate: up}
timeline:
  - year: 2040
    set: {training.rate: 0.3}
`, []problem{
			{"2", "yers", "", `did you mean "years"?`},
			{"3", "years", `"ten"`, "a whole number"},
			{"5", "disaster.probability", "1.3", "a probability between 0 and 1"},
			{"6", "expect.return_rate", `"up"`, `"lower" or "higher"`},
			{"8", "timeline[0].year", "2040", "a year within the simulated years 2021–2030"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const file = "dir/bad.yaml"
			_, err := (&scenarios.Loader{Files: mapFS(map[string]string{file: tc.text})}).Load(file)
			if err == nil {
				t.Fatal("no error")
			}
			var se *scenarios.Error
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, want *scenarios.Error: %v", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, file+": ") {
				t.Errorf("error does not start with the file name:\n%s", msg)
			}
			// One problem a line after the header "FILE: N problem(s):".
			lines := strings.Split(msg, "\n")[1:]
			if len(se.Problems) != len(tc.problems) || len(lines) != len(tc.problems) {
				t.Fatalf("%d problems (%d lines), want %d:\n%s", len(se.Problems), len(lines), len(tc.problems), msg)
			}
			header := "1 problem:"
			if n := len(tc.problems); n > 1 {
				header = strconv.Itoa(n) + " problems:"
			}
			if !strings.HasPrefix(msg, file+": "+header) {
				t.Errorf("header: want %q, got %q", file+": "+header, strings.Split(msg, "\n")[0])
			}
			for i, p := range tc.problems {
				line := lines[i]
				prefix := "  " + file + ": "
				if p.line != "" {
					prefix = "  " + file + ":" + p.line + ": "
				}
				if !strings.HasPrefix(line, prefix) {
					t.Errorf("problem %d: want it to start with %q, got %q", i+1, prefix, line)
				}
				if p.key != "" && !strings.Contains(line, p.key+": ") {
					t.Errorf("problem %d: key %q missing from %q", i+1, p.key, line)
				}
				if p.value != "" && !strings.Contains(line, "got "+p.value) {
					t.Errorf("problem %d: value %q missing from %q", i+1, p.value, line)
				}
				if strings.Count(line, "got ") > 1 {
					t.Errorf("problem %d: the value is named twice in %q", i+1, line)
				}
				if !strings.Contains(line, "want ") || !strings.Contains(line, p.want) {
					t.Errorf("problem %d: expectation %q missing from %q", i+1, p.want, line)
				}
			}
		})
	}
}

// OverrideFrom names each setting where it was given, and the settings
// together (origin) in the problems of the model they make; a refused
// setting changes nothing.
func TestOverrideFrom(t *testing.T) {
	sc, err := scenarios.Load("baseline")
	if err != nil {
		t.Fatal(err)
	}
	before := sc.Config.Params.Clone()
	where := func(i int) string { return "flags.yaml:" + strconv.Itoa(3+i) + ": set[" + strconv.Itoa(i) + "]" }
	err = sc.OverrideFrom("flags.yaml:2: set", where, []string{"health.reimbursement=0.5", "nonsense", "transfers.subsidy.levl=1"})
	for _, w := range []string{`flags.yaml:4: set[1] "nonsense": want PATH=VALUE`, `flags.yaml:5: set[2] transfers.subsidy.levl=1: want a known parameter`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v lacks %q", err, w)
		}
	}
	if !reflect.DeepEqual(sc.Config.Params, before) {
		t.Errorf("refused settings changed the scenario")
	}
	err = sc.OverrideFrom("flags.yaml:2: set", where, []string{"health.reimbursement=2"})
	if err == nil || !strings.HasPrefix(err.Error(), "flags.yaml:2: set (scenario baseline): health.reimbursement: got 2") {
		t.Errorf("the model's problem: %v", err)
	}
	if err := sc.OverrideFrom("x", where, []string{"health.reimbursement=0.5"}); err != nil || sc.Config.Params.Health.Reimbursement != 0.5 {
		t.Errorf("good setting: %v, reimbursement %g", err, sc.Config.Params.Health.Reimbursement)
	}
}
