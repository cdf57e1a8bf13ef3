package jsonerr

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode: Decode never panics; what it accepts, encoding/json (unknown
// fields refused, nothing after the value, not a null alone) accepts with
// the same result;
// and what it refuses that encoding/json accepts has a key given twice, at
// both places it names. Every refusal is an *Error of the source with
// each problem saying what was expected.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"name": "a", "n": -3, "small": 7, "seed": 1, "x": 1e3, "on": true, "list": [1], "ptr": 2, "levers": {"a": [1, {"b": null}]},
			"labels": {"k": "v"}, "label": "nm", "series": [{"outcome": "o", "years": [0.5]}], "inner": {"reps": [1]}, "any": 1, "shared": "s"}`,
		`{"n": 1, "n": 2}`, `{"Name": "a", "name": "b"}`, `{"n": 1} 2`, `{"n": 1}}`, `{"nmae": 1}`, `{"n": "x"}`, `{"small": 300}`,
		`{"series": [{"outcome": "bad"}]}`, `{"series": [{"years": ["x"], "yeras": 1}]}`, `{"label": "x"}`, `[]`, `null`, ``, `{"a":`,
		"{\n\"any\": {\"é\": 1, \"é\": 2}\n}", `{"any": {"\u0041": 1, "A": 2}}`, "{\"any\": {\"\xff\": 1, \"\xfe\": 2}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got target
		err := Decode("fuzz.json", data, &got)
		checkAgainstJSON(t, data, err, &got, new(target))
		var gotAny any
		err = Decode("fuzz.json", data, &gotAny)
		checkAgainstJSON(t, data, err, &gotAny, new(any))
	})
}

// checkAgainstJSON checks Decode's err and result got against
// encoding/json's reading of data into ref.
func checkAgainstJSON(t *testing.T, data []byte, err error, got, ref any) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	refErr := dec.Decode(ref)
	if refErr == nil && !json.Valid(data) {
		refErr = errors.New("more after the value")
	}
	if refErr == nil && string(bytes.TrimSpace(data)) == "null" {
		refErr = errors.New("null alone, which Decode refuses")
	}
	if err == nil {
		if refErr != nil {
			t.Fatalf("accepted %q, which encoding/json refuses: %v", data, refErr)
		}
		if !reflect.DeepEqual(got, ref) {
			t.Fatalf("%q: read %#v, encoding/json reads %#v", data, got, ref)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) || e.File != "fuzz.json" || len(e.Problems) == 0 {
		t.Fatalf("%q: error %v, want an *Error of fuzz.json with its problems", data, err)
	}
	for _, p := range e.Problems {
		if p.Want == "" {
			t.Fatalf("%q: a problem that says nothing expected: %+v", data, p)
		}
		if refErr == nil {
			checkRepeat(t, data, p)
		}
	}
}

var repeatRE = regexp.MustCompile(`^each key once \(.* is at (\d+):(\d+)[ ,]`)

// checkRepeat checks that p, a problem of input encoding/json accepts, is
// a key given twice: at its place and at the earlier one it names stand
// keys that differ at most in case.
func checkRepeat(t *testing.T, data []byte, p Problem) {
	m := repeatRE.FindStringSubmatch(p.Want)
	if m == nil {
		t.Fatalf("%q: encoding/json accepts it, but the problem is not a key given twice: %+v", data, p)
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	a, b := keyAt(t, data, line, col), keyAt(t, data, p.Line, p.Col)
	if !strings.EqualFold(a, b) && fold(a) != fold(b) {
		t.Fatalf("%q: %q at %d:%d and %q at %d:%d are not one key", data, a, line, col, b, p.Line, p.Col)
	}
}

// keyAt is the JSON string that starts at line:col of data.
func keyAt(t *testing.T, data []byte, line, col int) string {
	off, l, c := 0, 1, 1
	for off < len(data) && (l < line || l == line && c < col) {
		r, n := utf8.DecodeRune(data[off:])
		if r == '\n' {
			l, c = l+1, 1
		} else {
			c++
		}
		off += n
	}
	var key string
	if err := json.NewDecoder(bytes.NewReader(data[off:])).Decode(&key); err != nil {
		t.Fatalf("%q: no key at %d:%d (%v)", data, line, col, err)
	}
	return key
}
