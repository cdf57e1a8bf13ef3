package yamlerr

import (
	"go.yaml.in/yaml/v3"

	"fmt"
	"strings"
	"testing"
)

type target struct {
	Name  string  `yaml:"name"`
	N     int     `yaml:"n"`
	X     float64 `yaml:"x"`
	On    bool    `yaml:"on"`
	Inner struct {
		Reps []int `yaml:"reps"`
	} `yaml:"inner"`
	Seed *uint64          `yaml:"seed"`
	L    []map[string]int `yaml:"l"`
}

// testKeys are the key examples of the test files.
var testKeys = Keys{"a name such as n or x"}

// problems parses and decodes src into a target, as the loaders do.
func problems(src string, unknown Unknown) []Problem {
	doc, p := Parse([]byte(src), "a name", testKeys)
	if doc == nil {
		return p
	}
	var v target
	return Decode([]byte(src), doc, &v, unknown)
}

func TestProblems(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []Problem // Want holds a part of the expectation
	}{
		{"unclosed list is on its own line", "name: a\nn: 1\nx: 2\ninner: {reps: [1, 2\non: true\n",
			[]Problem{{Line: 4, Want: "a list opened with [ on this line is not closed with ]"}}},
		{"unclosed mapping", "name: a\ninner: {reps: [1]\n",
			[]Problem{{Line: 2, Want: "a mapping opened with { on this line is not closed with }"}}},
		{"tab", "name: a\ninner:\n\treps: [1]\n", []Problem{{Line: 3, Want: "this line has a tab, and YAML indents with spaces only"}}},
		{"unclosed quote", "name: \"a\nn: 1\n", []Problem{{Line: 3, Want: "every quote closed (one opened on or before this line is not)"}}},
		{"mapping for a number", "name: a\nx: {a: 1}\n", []Problem{{Line: 2, Key: "x", Value: "a mapping", Want: "a number"}}},
		{"list for a whole number", "name: a\nn: [1]\n", []Problem{{Line: 2, Key: "n", Value: "a list", Want: "a whole number"}}},
		{"text for a number", "name: a\nx: high\n", []Problem{{Line: 2, Key: "x", Value: `"high"`, Want: "a number"}}},
		{"fraction for a whole number", "name: a\nn: 10.5\ninner: {reps: [2, 2.5]}\n",
			[]Problem{{Line: 2, Key: "n", Value: "10.5", Want: "a whole number"}, {Line: 3, Key: "inner.reps[1]", Value: "2.5", Want: "a whole number"}}},
		{"whole float is a whole number", "name: a\nn: 10.0\nseed: 1e3\n", nil},
		{"yes for a boolean", "name: a\non: yes\n", []Problem{{Line: 2, Key: "on", Value: "yes", Want: "true or false"}}},
		{"unknown key", "name: a\nnn: 1\n", []Problem{{Line: 2, Key: "nn", Want: `a known key ("nn" is not a key here; did you mean "n"?; keys here: n, x)`}}},
		{"empty", "", []Problem{{Want: "a YAML mapping with a name (the file is empty)"}}},
		{"not a mapping", "- a\n", []Problem{{Line: 1, Want: "a YAML mapping of keys to values at the top level"}}},
		// Keys that name nothing, which yaml's decoder drops without a
		// word (a null) or reads as no text, and keys given twice, of
		// which it keeps one: every one is listed, and nothing else is read.
		{"null key ~", "name: a\ninner:\n  ~: 1\n", []Problem{{Line: 3, Key: "inner", Value: "the key ~", Want: "a key that names something (a name such as n or x) (YAML reads ~ as null"}}},
		{"null key null", "name: a\nNULL: 2\n", []Problem{{Line: 2, Value: "the key NULL", Want: "YAML reads NULL as null"}}},
		{"bare ? key", "name: a\ninner:\n  ? \n  : 3\n", []Problem{{Line: 3, Key: "inner", Value: "an empty key (? with nothing after it)", Want: "a key that names something"}}},
		{"tagged null key", "name: a\n!!null x: 3\n", []Problem{{Line: 2, Value: "the key x", Want: "YAML reads x as null"}}},
		{"empty key", "name: a\ninner: {\"\": 3}\n", []Problem{{Line: 2, Key: "inner", Value: `the key ""`, Want: "a key that names something"}}},
		{"list key", "name: a\n[x]: 3\n", []Problem{{Line: 2, Value: "a list as a key", Want: "a key that names something"}}},
		{"mapping key", "name: a\n? {x: 1}\n: 3\n", []Problem{{Line: 2, Value: "a mapping as a key", Want: "a key that names something"}}},
		{"alias key", "name: &k x\n*k : 3\n", []Problem{{Line: 2, Value: "the alias *k as a key", Want: "the key itself written out"}}},
		{"in a list's mapping", "name: a\nl:\n  - {a: 1, ~: 2}\n", []Problem{{Line: 3, Key: "l[0]", Value: "the key ~", Want: "names something"}}},
		{"key twice", "name: a\nn: 1\nx: 2\nn: 3\n", []Problem{{Line: 4, Key: "n", Want: "each key once (n is on line 2 too)"}}},
		{"key twice, once quoted", "name: a\ninner:\n  reps: [1]\n  'reps': [2]\n", []Problem{{Line: 4, Key: "inner.reps", Want: "each key once (reps is on line 3 too)"}}},
		{"key three times", "name: a\nx: 1\nx: 2\nx: 3\n", []Problem{{Line: 3, Key: "x", Want: "(x is on line 2 too)"}, {Line: 4, Key: "x", Want: "(x is on line 2 too)"}}},
		{"all listed, nothing else read", "name: a\n~: 1\nn: ten\nname: b\n", []Problem{{Line: 2, Value: "the key ~"}, {Line: 4, Key: "name", Want: "each key once (name is on line 1 too)"}}},
		{"the same key in two mappings", "name: a\nl: [{n: 1}, {n: 2}]\nn: 3\n", nil},
		{"null values are values", "name: a\nseed: ~\nl: [{a: null}]\n", nil},
		{"key twice on one line", "name: a\ninner: {reps: [1], reps: [2]}\n", []Problem{{Line: 2, Key: "inner.reps", Want: "each key once (reps is given earlier on this line)"}}},
		// A second document would be dropped by a reader of the first.
		{"second document", "name: a\n---\nn: 1\n", []Problem{{Line: 3, Want: "one YAML document in the file (a second one, after ---, starts on this line"}}},
		{"second document of a scalar", "name: a\n--- 3\n", []Problem{{Line: 2, Want: "one YAML document in the file"}}},
		{"a --- at the end", "name: a\nn: 1\n---\n", nil},
		{"comments after ---", "name: a\n---\n# nothing more\n---\n", nil},
		{"a syntax error in the second document", "name: a\n---\nn: [1\n", []Problem{{Line: 3, Want: "not closed"}}},
		{"a third document after an empty second", "name: a\n---\n---\nn: 1\n", []Problem{{Line: 4, Want: "one YAML document in the file"}}},
		{"a scalar at the top level", "just text\n", []Problem{{Line: 1, Want: "a YAML mapping of keys to values at the top level"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problems(c.src, func(_, key, _ string) (string, []string) { return "n", []string{"n", "x"} })
			if len(got) != len(c.want) {
				t.Fatalf("got %d problems %+v, want %d %+v", len(got), got, len(c.want), c.want)
			}
			for i, w := range c.want {
				g := got[i]
				if g.Line != w.Line || g.Key != w.Key || g.Value != w.Value || !strings.Contains(g.Want, w.Want) {
					t.Errorf("problem %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// ParseOptional takes a file that says nothing (empty, or comments only)
// as no document and no problem; anything else as Parse does.
func TestParseOptional(t *testing.T) {
	for _, src := range []string{"", "# reps: 50\n", "\n\n"} {
		if doc, p := ParseOptional([]byte(src), testKeys); doc != nil || p != nil {
			t.Errorf("ParseOptional(%q) = %v, %+v; want nothing", src, doc, p)
		}
	}
	if doc, p := ParseOptional([]byte("# flags\nreps: 5\n"), testKeys); p != nil || doc == nil || len(doc.Content) != 2 || doc.Content[0].Line != 2 {
		t.Errorf("ParseOptional of one key on line 2: %v, %+v", doc, p)
	}
	if _, p := ParseOptional([]byte("- a\n"), testKeys); len(p) != 1 || p[0].Line != 1 {
		t.Errorf("ParseOptional of a list: %+v, want the problem of line 1", p)
	}
}

// The work per file is bounded: size, keys per mapping, alias expansion,
// suggestions and the problems listed.
func TestBounds(t *testing.T) {
	big := "name: a\nx: \"" + strings.Repeat("y", MaxBytes) + "\"\n"
	if p := problems(big, nil); len(p) != 1 || !strings.Contains(p[0].Want, "a file of at most 1024 KiB") {
		t.Errorf("a file over the limit: %+v", p)
	}
	var b strings.Builder
	for i := range MaxKeys + 1 {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	if p := problems(b.String(), nil); len(p) != 1 || !strings.Contains(p[0].Want, "a mapping of at most 1000 keys (this one has 1001") {
		t.Errorf("a mapping over the limit: %+v", p)
	}
	b.Reset()
	b.WriteString("name: a\ninner:\n")
	for i := range MaxKeys + 1 {
		fmt.Fprintf(&b, "  k%d: 1\n", i)
	}
	if p := problems(b.String(), nil); len(p) != 1 || p[0].Key != "inner" || !strings.Contains(p[0].Want, "a mapping of at most 1000 keys (this one has 1001") {
		t.Errorf("a nested mapping over the limit: %+v", p)
	}
	bomb := "a: &a [1,1,1,1,1,1,1,1,1,1]\n"
	for i, n := range "bcdefg" {
		prev := string("abcdefg"[i])
		fmt.Fprintf(&bomb0{&bomb}, "%c: &%c [%s]\n", n, n, strings.TrimSuffix(strings.Repeat("*"+prev+",", 10), ","))
	}
	if p := problems(bomb, nil); len(p) != 1 || p[0].Line != 2 || !strings.Contains(p[0].Want, "aliases") {
		t.Errorf("an alias bomb: %+v", p)
	}
	if p := problems("name: a\nn: &n 2\ninner: {reps: [*n, *n]}\n", nil); len(p) != 0 {
		t.Errorf("a small alias is read as usual: %+v", p)
	}
	b.Reset()
	for i := range 50 {
		fmt.Fprintf(&b, "bad%d: 1\n", i)
	}
	calls := 0
	p := problems(b.String(), func(_, _, _ string) (string, []string) { calls++; return "", nil })
	if len(p) != 50 || calls != MaxSuggestions {
		t.Errorf("50 unknown keys: %d problems, %d suggestions asked; want 50 and %d", len(p), calls, MaxSuggestions)
	}
	msg := New("f.yaml", p).Error()
	if !strings.HasPrefix(msg, "f.yaml: 50 problems:") || strings.Count(msg, "\n  f.yaml:") != MaxListed || !strings.HasSuffix(msg, "… and 30 more (fix these first)") {
		t.Errorf("listing:\n%s", msg)
	}
}

// bomb0 appends formatted text to a string.
type bomb0 struct{ s *string }

func (b *bomb0) Write(p []byte) (int, error) { *b.s += string(p); return len(p), nil }

// A merge key (<<: *anchor) is YAML's own way to reuse a mapping: it names
// something, and the mapping it merges is checked where it is written; two
// merge keys in one mapping are a key given twice.
func TestMergeKeys(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      int // problems
	}{
		{"merge", "base: &b {n: 1, x: 2}\ninner:\n  <<: *b\n  n: 3\n", 0},
		{"merge in a list", "base: &b {n: 1}\nl:\n  - <<: *b\n    x: 2\n", 0},
		{"merged mapping checked where written", "base: &b {n: 1, n: 2}\ninner:\n  <<: *b\n", 1},
		{"merge twice", "a: &a {n: 1}\nb: &b {x: 1}\ninner:\n  <<: *a\n  <<: *b\n", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var root yaml.Node
			if err := yaml.Unmarshal([]byte(c.src), &root); err != nil {
				t.Fatal(err)
			}
			if got := KeyProblems(root.Content[0], testKeys); len(got) != c.want {
				t.Errorf("%d problems, want %d: %+v", len(got), c.want, got)
			}
		})
	}
}

// TestKeysZero: the zero Keys gives a message without examples, not an
// empty pair of brackets.
func TestKeysZero(t *testing.T) {
	doc, p := Parse([]byte("name: a\n~: 1\n"), "a name", Keys{})
	if doc != nil || len(p) != 1 || p[0].Want != "a key that names something (YAML reads ~ as null, which names nothing)" {
		t.Errorf("got %+v, want one problem without examples", p)
	}
}

// An error lists its problems in line order, then column order, each at
// LINE:COLUMN where it has a column, LINE where it has a line alone, and
// counts them ("1 problem", "2 problems").
func TestErrorListing(t *testing.T) {
	err := New("f.yaml", []Problem{
		{Line: 3, Col: 9, Key: "b", Value: "2", Want: "a list"},
		{Line: 3, Col: 2, Key: "a", Want: "a number"},
		{Line: 1, Want: "a mapping"},
	})
	want := "f.yaml: 3 problems:\n  f.yaml:1: want a mapping\n  f.yaml:3:2: a: want a number\n  f.yaml:3:9: b: got 2, want a list"
	if got := err.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := New("f.yaml", []Problem{{Key: "name", Want: "a name"}}).Error(); got != "f.yaml: 1 problem:\n  f.yaml: name: want a name" {
		t.Errorf("one problem: %q", got)
	}
}
