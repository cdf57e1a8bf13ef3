package scenarios_test

import (
	"strings"
	"testing"

	"github.com/povsim/povsim/scenarios"
)

// Test 6: Parse never panics; its errors start with the file name; what it
// accepts renders to YAML that it accepts again.
//
// The seeds are every library file and a few broken ones; go test runs
// them, go test -fuzz=FuzzParse ./scenarios/ explores further.
func FuzzParse(f *testing.F) {
	lib, err := scenarios.Library()
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range lib {
		src, err := scenarios.Source(e.Name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	for _, s := range []string{
		"",
		"name: x\n",
		"- a\n- b\n",
		"name: x\nyears: [10\n",
		"name: x\nyears: 10\n  bad: indent\n",
		"name: x\nyears: ten\n",
		"name: x\nyers: 3\n",
		"name: x\nyears: 10\nyears: 11\n",
		"name: [x]\n",
		"name: x\nextends: x\n",
		"name: x\nextends: ../x.yaml\n",
		"name: x\nextends: baseline\nyears: 3\n",
		"name: x\nextends: cut-subsidy\nyears: 3\n",
		"name: x\ndisaster: {probability: .nan}\n",
		"name: x\npopulation: {size_weights: []}\n",
		"name: x\npopulation: {size_weights: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]}\n",
		"name: x\ntimeline: 5\n",
		"name: x\ntimeline:\n  - year: 2025\n",
		"name: x\ntimeline:\n  - year: 2025\n    set: {training: 1}\n",
		"name: x\ntimeline:\n  - year: 2025\n    set: {population.households: 1}\n",
		"name: x\ntimeline:\n  - year: 2025\n    set: {training.rate: [1, 2]}\n",
		"name: x\ntimeline:\n  - year: 2025\n    set: {training.rate: \"0.5\"}\n",
		"name: x\ntimeline:\n  - year: 2025\n    set: {monitoring.enabled: \"false\"}\n",
		"name: x\nbefore: {training.rate: 0.1, transfers.indexed: true}\n",
		"name: x\nbefore: {population.households: 10}\n",
		"name: x\nbefore: {training.rat: 0.1}\n",
		"name: x\nbefore: {training.rate: 3}\n",
		"name: x\nbefore: {training: {rate: 0.1}}\n",
		"name: x\nbefore: [training.rate]\n",
		"name: x\nbefore: {welfare_posts.targeting: \"1\", transfers.dibao.takeup: \"0.5\"}\n",
		"name: x\nextends: disaster-stress\nbefore: {disaster.probability: 0.1}\ndisaster: {probability: 0.05}\n",
		"name: x\nexpect: {return_rate: sideways}\n",
		"name: x\nexpect: 3\n",
		"name: &a x\ndescription: *a\n",
		"name: x\nyears: *nope\n",
		"name: !!binary eA==\n",
		"name: x\nwelfare_posts: {targeting: nobody}\n",
		"name: x\nbefore:\n  ~: 1\n",
		"name: x\nbefore:\n  null: 2\n  training.rate: 0.1\n",
		"name: x\nbefore:\n  ? \n  : 3\n",
		"name: x\nbefore: {\"\": 3}\n",
		"name: x\nbefore: {[training.rate]: 3}\n",
		"name: x\nbefore: {training.rate: 0.1, \"training.rate\": 0.2}\n",
		"name: x\ntimeline:\n  - year: 2025\n    set: {~: 1, training.rate: 0.3}\n",
		"name: x\ntimeline:\n  - year: 2025\n    set: {training.rate: 0.3, training.rate: 0.2}\n",
		"name: x\n~: 5\nNULL: 6\n",
		"name: &k x\n*k : 3\n",
		"name: x\nextends: baseline\n---\ntraining: {rate: 0.9}\n",
		"name: x\n---\n",
		"name: x\n--- 3\n---\n~: 1\n",
		"base: &b {training.rate: 0.3}\nname: x\ntimeline:\n  - year: 2025\n    set: {<<: *b}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		const file = "fuzz.yaml"
		sc, err := scenarios.Parse(file, []byte(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), file) {
				t.Fatalf("error does not start with the file name: %v", err)
			}
			return
		}
		y, err := sc.YAML()
		if err != nil {
			t.Fatalf("YAML of an accepted scenario: %v", err)
		}
		if _, err := scenarios.Parse(file, y); err != nil {
			t.Fatalf("the resolved YAML of an accepted scenario does not parse: %v\n--- input\n%s\n--- resolved\n%s", err, text, y)
		}
	})
}
