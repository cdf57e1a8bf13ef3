package jsonerr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/povsim/povsim/internal/yamlerr"
)

// name is read from text, as analysis.OutcomeKey is.
type name string

func (n *name) UnmarshalText(b []byte) error {
	if len(b) == 0 || b[0] != 'n' {
		return fmt.Errorf("a name that starts with n, not %q", b)
	}
	*n = name(b)
	return nil
}

// series reads itself, strictly, as analysis.Series does.
type series struct {
	Outcome string    `json:"outcome"`
	Years   []float64 `json:"years"`
	Derived int       `json:"-"`
}

func (s *series) UnmarshalJSON(b []byte) error {
	type plain series
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	if p.Outcome == "bad" {
		return fmt.Errorf("unknown outcome %q", p.Outcome)
	}
	*s = series(p)
	s.Derived = len(s.Years)
	return nil
}

type Embedded struct {
	Shared string `json:"shared"`
}

// target is what the tests and the fuzz target decode into.
type target struct {
	Embedded
	Name   string            `json:"name"`
	N      int               `json:"n"`
	Small  int8              `json:"small"`
	Seed   uint64            `json:"seed"`
	X      float64           `json:"x"`
	On     bool              `json:"on"`
	List   []int             `json:"list"`
	Ptr    *float64          `json:"ptr"`
	Levers map[string]any    `json:"levers"`
	Labels map[string]string `json:"labels"`
	Label  name              `json:"label"`
	Series []series          `json:"series"`
	Inner  struct {
		Reps []int `json:"reps"`
	} `json:"inner"`
	Number  json.Number `json:"number"`
	Any     any         `json:"any"`
	Skipped string      `json:"-"`
	NoTag   int
}

func TestDecode(t *testing.T) {
	type problem struct {
		line, col  int
		key, value string
		want       string // a part of what was expected
	}
	for _, c := range []struct {
		name, src string
		want      []problem
	}{
		// A key given twice, of which encoding/json keeps the later.
		{"key twice", `{"n": 1, "name": "a", "n": 2}`, []problem{{1, 23, "n", "", "each key once (n is at 1:2 too)"}}},
		{"key twice in another case", "{\n  \"name\": \"a\",\n  \"NAME\": \"b\"\n}", []problem{{3, 3, "NAME", "", "each key once (name is at 2:3, and encoding/json reads keys that differ only in case into the same field)"}}},
		{"keys in two cases in a map", `{"labels": {"a": "x", "A": "y"}}`, nil},
		{"a number beside keys in two cases in a map", `{"number": 5, "labels": {"a": "x", "A": "y"}}`, nil},
		{"keys in two cases in a type that reads itself", `{"series":[{"outcome":"o","Outcome":"p"}]}`,
			[]problem{{1, 27, "series[0].Outcome", "", "each key once (outcome is at 1:13"}}},
		{"key three times, nested", `{"inner": {"reps": [1], "reps": [2], "reps": [3]}}`,
			[]problem{{1, 25, "inner.reps", "", "(reps is at 1:12 too)"}, {1, 38, "inner.reps", "", "(reps is at 1:12 too)"}}},
		{"key twice in a map", `{"labels": {"a": "x", "a": "y"}}`, []problem{{1, 23, "labels.a", "", "each key once"}}},
		{"key twice in an array's object", `{"series": [{"outcome": "a"}, {"years": [], "years": [1]}]}`, []problem{{1, 45, "series[1].years", "", "each key once"}}},
		{"key twice inside an any", `{"any": {"a": {"b": 1, "b": 2}}}`, []problem{{1, 24, "any.a.b", "", "each key once"}}},
		{"repeats listed, not decoded", `{"n": "x", "n": 1}`, []problem{{1, 12, "n", "", "each key once"}}},
		// A key with no field.
		{"unknown key", `{"nmae": "a"}`, []problem{{1, 2, "nmae", "", `a known key ("nmae" is not a key here; did you mean "name"?; keys here: name, n, small`}}},
		{"unknown keys, all listed", `{"inner": {"rep": [1]}, "series": [{"outcome": "a", "yeras": []}]}`,
			[]problem{{1, 12, "inner.rep", "", `("rep" is not a key here; did you mean "reps"?; keys here: reps)`}, {1, 53, "series[0].yeras", "", `did you mean "years"?; keys here: outcome, years)`}}},
		{"a key tagged -", `{"Skipped": "x"}`, []problem{{1, 2, "Skipped", "", "a known key"}}},
		{"embedded fields are keys", `{"shared": 1}`, []problem{{1, 12, "shared", "1", "a JSON string"}}},
		// Anything after the value.
		{"a second value", `{"n": 1} {"n": 2}`, []problem{{1, 10, "", `"{\"n\": 2}"`, "one JSON value and nothing after it (the value ends at 1:8)"}}},
		{"a brace too many", "{\"n\": 1}\n}\n", []problem{{2, 1, "", `"}\n"`, "one JSON value and nothing after it (the value ends at 1:8)"}}},
		{"a comma after", `{"n": 1},`, []problem{{1, 9, "", `","`, "nothing after it"}}},
		// Values of the wrong type.
		{"text for a whole number", `{"n": "3"}`, []problem{{1, 7, "n", `"3"`, "a whole number"}}},
		{"fraction for a whole number", "{\n \"list\": [1,\n  2.5]\n}", []problem{{3, 3, "list[1]", "2.5", "a whole number"}}},
		{"out of a small type's range", `{"small": 200}`, []problem{{1, 11, "small", "200", "a whole number from -128 to 127"}}},
		{"negative for a count", `{"seed": -1}`, []problem{{1, 10, "seed", "-1", "a whole number ≥ 0"}}},
		{"number out of range", `{"x": 1e999}`, []problem{{1, 7, "x", "1e999", "a number within its range"}}},
		{"number out of range inside an any", `{"levers": {"a": [1, 1e400]}}`, []problem{{1, 22, "levers.a[1]", "1e400", "a number within its range"}}},
		{"number for true or false", `{"on": 0}`, []problem{{1, 8, "on", "0", "true or false"}}},
		{"object for a list", `{"list": {"a": 1}}`, []problem{{1, 10, "list", "an object", "an array"}}},
		{"array for an object", `[1]`, []problem{{1, 1, "", "an array", "an object"}}},
		{"number for text", `{"labels": {"a": 1}}`, []problem{{1, 18, "labels.a", "1", "a JSON string"}}},
		{"text type refuses", `{"label": "x"}`, []problem{{1, 11, "label", `"x"`, `a name that starts with n, not "x"`}}},
		{"number for a text type", `{"label": 3}`, []problem{{1, 11, "label", "3", "a JSON string (a name)"}}},
		{"a type reading itself refuses", `{"series": [{"outcome": "bad"}]}`, []problem{{1, 13, "series[0]", "an object", `unknown outcome "bad"`}}},
		{"inside a type reading itself", `{"series": [{"years": [1, "2"]}]}`, []problem{{1, 27, "series[0].years[1]", `"2"`, "a number"}}},
		{"long values cut short", `{"name": 1234567890123456789012345678901234567890123456789}`, []problem{{1, 10, "name", "1234567890123456789012345678901234567890…", "a JSON string"}}},
		// Not JSON.
		{"empty", "", []problem{{0, 0, "", "", "a JSON value (there is none: the input is empty)"}}},
		{"white space", " \n ", []problem{{0, 0, "", "", "the input is empty"}}},
		{"cut short", "{\"n\": 1,\n \"list\": [1, 2", []problem{{2, 15, "", "", "the input ends inside a value"}}},
		{"a missing comma", "{\"n\": 1\n \"x\": 2}", []problem{{2, 2, "", "", `valid JSON (invalid character '"' after object key:value pair)`}}},
		{"single quotes", `{'n': 1}`, []problem{{1, 2, "", "", "valid JSON (invalid character '\\'' looking for beginning of object key string)"}}},
		{"columns count characters", `{"name": "é", "n": "x"}`, []problem{{1, 20, "n", `"x"`, "a whole number"}}},
		{"null alone", " null\n", []problem{{1, 2, "", "null", "a JSON value that says something"}}},
		// Accepted: null leaves a value as it is, as encoding/json does.
		{"null", `{"n": null, "ptr": null, "list": null}`, nil},
		{"keys in another case", `{"NAME": "a", "noTag": 1}`, nil},
		{"every kind", `{"name": "a", "n": -3, "small": 7, "seed": 18446744073709551615, "x": 1e3, "on": true, "list": [], "ptr": 2,
			"levers": {"a": [1, {"b": null}]}, "labels": {}, "label": "nm", "series": [{"outcome": "o", "years": [0.5]}], "inner": {"reps": [1]}, "any": 1, "shared": "s"}`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var v target
			err := Decode("in.json", []byte(c.src), &v)
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				var ref target
				if err := json.Unmarshal([]byte(c.src), &ref); err != nil || !reflect.DeepEqual(v, ref) {
					t.Errorf("got %+v, encoding/json reads %+v (%v)", v, ref, err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "in.json" {
				t.Fatalf("got %v, want an *Error of in.json", err)
			}
			if len(e.Problems) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(e.Problems), len(c.want), err)
			}
			for i, w := range c.want {
				g := e.Problems[i]
				if g.Line != w.line || g.Col != w.col || g.Key != w.key || g.Value != w.value || !strings.Contains(g.Want, w.want) {
					t.Errorf("problem %d: got %d:%d key %q value %q want %q; want %d:%d key %q value %q want …%s…",
						i, g.Line, g.Col, g.Key, g.Value, g.Want, w.line, w.col, w.key, w.value, w.want)
				}
			}
		})
	}
}

// TestErrorText: the message names the source, the place, the key, the
// value and what was expected, as yamlerr's do.
func TestErrorText(t *testing.T) {
	var v target
	err := Decode("out/summary.json", []byte("{\n  \"n\": \"ten\"\n}"), &v)
	want := "out/summary.json: 1 problem:\n  out/summary.json:2:8: n: got \"ten\", want a whole number"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestDecodeNotAPointer: a target that is not a pointer is a bug, said as
// one, not a panic.
func TestDecodeNotAPointer(t *testing.T) {
	var v target
	if err := Decode("in.json", []byte(`{"n": 1}`), v); err == nil || !strings.Contains(err.Error(), "a bug") {
		t.Errorf("got %v, want an error that says it is a bug", err)
	}
}

// TestDepth: nesting as deep as encoding/json reads is accepted, one
// level more is a problem at the bracket that opens it, not a crash.
func TestDepth(t *testing.T) {
	var v any
	deep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if err := Decode("in.json", []byte(deep), &v); err != nil {
		t.Errorf("%d levels: %v", MaxDepth, err)
	}
	err := Decode("in.json", []byte("["+deep+"]"), &v)
	want := fmt.Sprintf("in.json:1:%d: want objects and arrays nested at most %d deep", MaxDepth+1, MaxDepth)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%d levels: %v, want …%s…", MaxDepth+1, err, want)
	}
}

// TestOnePass: reading a nested document, with repeated keys and then
// unknown ones, asks the locator about places in input order only, so that
// placing every key costs one pass over the input, not one per key.
func TestOnePass(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"series": [`)
	for i := range 200 {
		fmt.Fprintf(&b, `{"outcome": "o", "years": [1, 2], "yeras": [%d]},`+"\n", i)
	}
	b.WriteString(`{"outcome": "o"}], "inner": {"reps": [1], "reps": [2]}, "n": 1, "n": 2}`)
	loc := &locator{data: []byte(b.String())}
	_, problems, _ := scan(loc.data, loc)
	if len(problems) != 2 || loc.restarts != 0 {
		t.Errorf("%d problems, %d restarts; want the 2 repeats and none", len(problems), loc.restarts)
	}
	var v target
	loc = &locator{data: []byte(strings.NewReplacer(`"reps": [2]`, `"rep": [2]`, `"n": 2`, `"m": 2`).Replace(b.String()))}
	root, _, _ := scan(loc.data, loc)
	if problems := decode(loc.data, root, &v, loc, false); len(problems) != 202 || loc.restarts != 0 {
		t.Errorf("%d problems, %d restarts; want 202 unknown keys and none", len(problems), loc.restarts)
	}
}

// TestManyRepeats: input made of repeated keys, nested deep, is refused
// at the cost of reading it: the first MaxListed − 1 repeats are placed
// and the rest counted in one problem, and a deep path is shown by its
// last steps.
func TestManyRepeats(t *testing.T) {
	const depth, repeats = 3000, 5000
	data := strings.Repeat("[", depth) + "{" + strings.Repeat(`"a":1,`, repeats) + `"a":1}` + strings.Repeat("]", depth)
	err := Decode("request body", []byte(data), new(any))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want an *Error", err)
	}
	if len(e.Problems) != yamlerr.MaxListed {
		t.Fatalf("%d problems, want %d", len(e.Problems), yamlerr.MaxListed)
	}
	last := e.Problems[len(e.Problems)-1]
	if want := fmt.Sprintf("; %d more keys after it are given twice too", repeats-yamlerr.MaxListed); !strings.Contains(last.Want, want) {
		t.Errorf("last problem %q, want it to count the rest: %q", last.Want, want)
	}
	if k := e.Problems[0].Key; !strings.HasPrefix(k, "…") || strings.Count(k, "[0]") != shownDepth/2-1 || len(err.Error()) > 20000 {
		t.Errorf("first key %q, message of %d bytes: want the path's last steps after …", k, len(err.Error()))
	}
	// Exactly MaxListed repeats are all listed, none counted; as many
	// keys of one struct field in other cases are capped alike.
	err = Decode("b", []byte("{"+strings.Repeat(`"a":1,`, yamlerr.MaxListed)+`"a":1}`), new(any))
	if !errors.As(err, &e) || len(e.Problems) != yamlerr.MaxListed || strings.Contains(err.Error(), "more keys") {
		t.Errorf("%d repeats: %v", yamlerr.MaxListed, err)
	}
	var cases strings.Builder
	cases.WriteString(`{"number": 5`)
	for i := 1; i < 64; i++ { // "number" in its 63 other cases
		k := []byte("number")
		for j := range k {
			if i>>j&1 == 1 {
				k[j] -= 'a' - 'A'
			}
		}
		fmt.Fprintf(&cases, `, "%s": 5`, k)
	}
	cases.WriteString("}")
	err = Decode("c", []byte(cases.String()), new(target))
	if !errors.As(err, &e) || len(e.Problems) != yamlerr.MaxListed || !strings.Contains(err.Error(), "; 43 more keys after it are given twice too") {
		t.Errorf("a key of one field in 63 other cases: %v", err)
	}
}

// TestLocatorMovesBack: asking for an earlier place after a later one
// starts again from the top.
func TestLocatorMovesBack(t *testing.T) {
	l := &locator{data: []byte("ab\ncé\nf")}
	for _, c := range []struct{ off, line, col int }{{6, 2, 3}, {1, 1, 2}, {7, 3, 1}, {7, 3, 1}, {3, 2, 1}, {99, 3, 2}} {
		if p := l.at(c.off); p.Line != c.line || p.Col != c.col {
			t.Errorf("at(%d) = %d:%d, want %d:%d", c.off, p.Line, p.Col, c.line, c.col)
		}
	}
	if l.restarts != 2 {
		t.Errorf("%d restarts, want 2", l.restarts)
	}
}
