package jsonerr

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/povsim/povsim/internal/textdist"
)

// decode decodes data into v with encoding/json, unknown fields refused,
// and on failure says where: every key v has no field for and every value
// of the wrong type found by walking root along v's type (check), or else
// encoding/json's own error, placed where it can be. When the input has
// two keys of one object that differ only in case (folded), the walk
// also runs on success, to refuse them where the object is read into a
// struct (a map keeps both).
func decode(data []byte, root *node, v any, loc *locator, folded bool) []Problem {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && !folded {
		return nil
	}
	rt := reflect.TypeOf(v)
	if rt == nil || rt.Kind() != reflect.Pointer {
		return []Problem{{Want: fmt.Sprintf("a value to decode into (a bug: %v)", err)}}
	}
	c := &checker{loc: loc, data: data, repeatsOnly: err == nil}
	c.value(root, rt.Elem())
	problems := append(c.problems, c.repeats.problems()...)
	if len(problems) > 0 || err == nil {
		return problems
	}
	return []Problem{c.fromError(err, root)}
}

// checker walks the input along the type it decodes into, as
// encoding/json does, to say where a key or value it refuses is, and
// finds the keys of one struct that differ only in case. With repeatsOnly
// (encoding/json accepted the input) it finds only those: its own view of
// types is not encoding/json's in every case (json.Number, the ,string
// option), so it never refuses what encoding/json accepts for any other
// reason.
type checker struct {
	loc         *locator
	data        []byte
	at          path // of the value being checked
	problems    []Problem
	repeats     repeats
	repeatsOnly bool
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func (c *checker) add(n *node, want string) {
	if c.repeatsOnly {
		return
	}
	p := c.loc.at(n.start)
	p.Key, p.Value, p.Want = c.at.String(), c.describe(n), want
	c.problems = append(c.problems, p)
}

// value checks n, at c.at, against t.
func (c *checker) value(n *node, t reflect.Type) {
	if n.kind == kindNull {
		return // encoding/json leaves the value as it is
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch pt := reflect.PointerTo(t); {
	case pt.Implements(jsonUnmarshaler):
		c.unmarshaler(n, t)
		return
	case pt.Implements(textUnmarshaler):
		c.text(n, t)
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		c.object(n, t)
	case reflect.Map:
		c.mapOf(n, t)
	case reflect.Slice, reflect.Array:
		c.list(n, t)
	case reflect.String:
		c.need(n, kindString, t)
	case reflect.Bool:
		c.need(n, kindBool, t)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if c.need(n, kindNumber, t) {
			if _, err := strconv.ParseInt(c.raw(n), 10, t.Bits()); err != nil {
				c.add(n, want(t))
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if c.need(n, kindNumber, t) {
			if _, err := strconv.ParseUint(c.raw(n), 10, t.Bits()); err != nil {
				c.add(n, want(t))
			}
		}
	case reflect.Float32, reflect.Float64:
		if c.need(n, kindNumber, t) {
			if _, err := strconv.ParseFloat(c.raw(n), t.Bits()); err != nil {
				c.add(n, want(t)+" within its range")
			}
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			c.anyValue(n)
		}
	}
}

// anyValue checks a value read into an empty interface, which takes any
// value but a number beyond float64's range (1e400): encoding/json's error
// places that at the end of the enclosing object or array.
func (c *checker) anyValue(n *node) {
	switch n.kind {
	case kindNumber:
		if _, err := strconv.ParseFloat(c.raw(n), 64); err != nil {
			c.add(n, "a number within its range")
		}
	case kindObject:
		for _, m := range n.members {
			c.at = append(c.at, segment{key: m.key})
			c.anyValue(m.value)
			c.at = c.at[:len(c.at)-1]
		}
	case kindArray:
		for i, it := range n.items {
			c.at = append(c.at, segment{index: i, item: true})
			c.anyValue(it)
			c.at = c.at[:len(c.at)-1]
		}
	}
}

// need checks that n is of kind k, and says so when not.
func (c *checker) need(n *node, k byte, t reflect.Type) bool {
	if n.kind != k {
		c.add(n, want(t))
		return false
	}
	return true
}

func (c *checker) object(n *node, t reflect.Type) {
	if !c.need(n, kindObject, t) {
		return
	}
	fs := fieldsOf(t)
	first := map[string]int{} // a field's name → the member read into it
	for i, m := range n.members {
		if name, ft, ok := fs.lookup(m.key); ok {
			if j, dup := first[name]; dup {
				c.repeats.add(func() Problem { return repeated(c.at, n.members[j], m) })
				continue
			}
			first[name] = i
			c.member(m, ft)
			continue
		}
		if c.repeatsOnly {
			continue
		}
		p := Problem{Line: m.line, Col: m.col, Key: append(c.at, segment{key: m.key}).String()}
		p.Want = fmt.Sprintf("a known key (%q is not a key here", shortKey(m.key))
		if s := textdist.Closest(m.key, fs.names, 4); s != "" && len(m.key) < 100 {
			p.Want += fmt.Sprintf("; did you mean %q?", s)
		}
		p.Want += "; keys here: " + strings.Join(fs.names, ", ") + ")"
		c.problems = append(c.problems, p)
	}
}

// member checks an object's member m against t.
func (c *checker) member(m member, t reflect.Type) {
	c.at = append(c.at, segment{key: m.key})
	c.value(m.value, t)
	c.at = c.at[:len(c.at)-1]
}

func (c *checker) mapOf(n *node, t reflect.Type) {
	if c.need(n, kindObject, t) {
		for _, m := range n.members {
			c.member(m, t.Elem())
		}
	}
}

func (c *checker) list(n *node, t reflect.Type) {
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && n.kind == kindString {
		return // bytes, in base64
	}
	if c.need(n, kindArray, t) {
		for i, it := range n.items {
			c.at = append(c.at, segment{index: i, item: true})
			c.value(it, t.Elem())
			c.at = c.at[:len(c.at)-1]
		}
	}
}

// unmarshaler checks a value of a type that reads itself: its own error,
// placed at the field at fault when the type is a struct read from its
// fields (as analysis.Series is), else at the value.
func (c *checker) unmarshaler(n *node, t reflect.Type) {
	err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON([]byte(c.raw(n)))
	isStruct := t.Kind() == reflect.Struct && n.kind == kindObject
	if err == nil {
		if isStruct { // read from its fields: two keys of one field are a repeat
			was := c.repeatsOnly
			c.repeatsOnly = true
			c.object(n, t)
			c.repeatsOnly = was
		}
		return
	}
	before := len(c.problems) + len(c.repeats.list) + c.repeats.more
	if isStruct {
		c.object(n, t)
	}
	if len(c.problems)+len(c.repeats.list)+c.repeats.more == before {
		c.add(n, cut(strings.TrimPrefix(err.Error(), "json: ")))
	}
}

// text checks a value of a type read from text (a name, such as an
// outcome's).
func (c *checker) text(n *node, t reflect.Type) {
	if !c.need(n, kindString, t) {
		return
	}
	if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.text)); err != nil {
		c.add(n, cut(strings.TrimPrefix(err.Error(), "json: ")))
	}
}

func (c *checker) raw(n *node) string { return string(c.data[n.start:n.end]) }

// cut is a type's own error text, which may quote the input, cut short
// for messages (long enough for a list of the names it knows).
func cut(s string) string {
	const max = 3000
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// describe is a value as a message shows it.
func (c *checker) describe(n *node) string {
	switch n.kind {
	case kindObject:
		return "an object"
	case kindArray:
		return "an array"
	}
	return snippet(c.data[n.start:n.end])
}

// fromError is the problem of an error of encoding/json that check did
// not find, placed at the value it is about where it says.
func (c *checker) fromError(err error, root *node) Problem {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		n, at := locate(root, int(te.Offset))
		p := c.loc.at(n.start)
		p.Key, p.Value, p.Want = at.String(), c.describe(n), want(te.Type)
		return p
	}
	return Problem{Want: "input encoding/json reads (" + strings.TrimPrefix(err.Error(), "json: ") + ")"}
}

// locate is the innermost value that holds offset off, with its path.
func locate(n *node, off int) (*node, path) {
	var at path
	for {
		next := -1
		for i, m := range n.members {
			if m.value.start < off && off <= m.value.end {
				next, at = i, append(at, segment{key: m.key})
				n = m.value
				break
			}
		}
		for i, it := range n.items {
			if next < 0 && it.start < off && off <= it.end {
				next, at = i, append(at, segment{index: i, item: true})
				n = it
				break
			}
		}
		if next < 0 {
			return n, at
		}
	}
}

// want says what a value of type t is, for "want …".
func want(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) && !reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return "a JSON string (a name)"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t.Bits() == 64 {
			return "a whole number"
		}
		lo, hi := int64(math.MinInt64)>>(64-t.Bits()), int64(math.MaxInt64)>>(64-t.Bits())
		return fmt.Sprintf("a whole number from %d to %d", lo, hi)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if t.Bits() == 64 {
			return "a whole number ≥ 0"
		}
		return fmt.Sprintf("a whole number from 0 to %d", uint64(math.MaxUint64)>>(64-t.Bits()))
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a JSON string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a value of Go type " + t.String()
}
