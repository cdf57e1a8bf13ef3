// Package jsonerr reads JSON that a person writes or edits, or that povsim
// wrote and a person points it at, strictly, with errors in the form of
// internal/yamlerr's: the source, the line and column, the key, the value
// found and what was expected.
//
// encoding/json keeps the later of two equal keys without a word, and its
// Decoder takes a second value after the first; Decode refuses both, and
// anything encoding/json itself refuses (invalid JSON, a key the target has
// no field for, a value of the wrong type). Whether input is accepted is
// encoding/json's decision (with unknown fields refused) once no key is
// repeated and nothing follows the value; this package adds the check of
// repeats and says where each problem is.
package jsonerr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/povsim/povsim/internal/yamlerr"
)

// Problem is one thing wrong in the input; Error lists those of one source.
type (
	Problem = yamlerr.Problem
	Error   = yamlerr.Error
)

// Decode reads data, the whole of source ("FILE", "request body"), into
// v, a non-nil pointer. It refuses, as a *Error naming source: invalid
// JSON; a key given twice in one object, naming both places (and two keys
// of an object read into a struct that differ only in case, which
// encoding/json reads into the same field); anything after the value; a
// key v has no field for; a value of the wrong type, naming its key path,
// the value and what was expected; and a null alone, which encoding/json
// takes as nothing. When it refuses the input, v may have been written
// to.
func Decode(source string, data []byte, v any) error {
	loc := &locator{data: data}
	root, problems, folded := scan(data, loc)
	switch {
	case len(problems) > 0:
	case root.kind == kindNull:
		// encoding/json reads a null as nothing at all, leaving v as it is.
		p := loc.at(root.start)
		p.Value, p.Want = "null", "a JSON value that says something (a null alone would be read as nothing at all)"
		problems = []Problem{p}
	default:
		problems = decode(data, root, v, loc, folded)
	}
	return yamlerr.New(source, problems)
}

// Kinds of JSON values.
const (
	kindObject = '{'
	kindArray  = '['
	kindString = '"'
	kindNumber = '0'
	kindBool   = 't'
	kindNull   = 'n'
)

// node is a JSON value with where it is in the input.
type node struct {
	kind       byte
	start, end int      // data[start:end] is the value as written
	members    []member // an object's, in order
	items      []*node  // an array's
	text       string   // a string's text
}

// member is a key of an object and its value; at is where the key starts,
// on line:col.
type member struct {
	key       string
	at        int
	line, col int
	value     *node
}

// MaxDepth is how deeply objects and arrays may nest, as in encoding/json.
const MaxDepth = 10000

// scanner reads the input's tokens into nodes, noting repeated keys.
type scanner struct {
	data    []byte
	dec     *json.Decoder
	loc     *locator
	at      path // of the value being read
	repeats repeats
	folded  bool // some object has two keys that differ only in case
}

// repeats collects the problems of keys given twice: the first
// yamlerr.MaxListed − 1 placed and worded, and the rest counted in one
// more problem, placed at the first of them, so that input made of
// repeats costs no more than other input.
type repeats struct {
	list   []Problem
	more   int     // repeats past the list
	moreAt Problem // … the first of them
}

// add adds the repeat that problem makes, calling it only for those
// listed.
func (r *repeats) add(problem func() Problem) {
	switch {
	case len(r.list) < yamlerr.MaxListed-1:
		r.list = append(r.list, problem())
	case r.more == 0:
		r.moreAt = problem()
		fallthrough
	default:
		r.more++
	}
}

// problems are the repeats as problems.
func (r *repeats) problems() []Problem {
	out := r.list
	if r.more > 0 {
		p := r.moreAt
		if r.more > 1 {
			p.Want += fmt.Sprintf("; %d more keys after it are given twice too, not listed", r.more-1)
		}
		out = append(out, p)
	}
	return out
}

// scan reads data into its tree of nodes, with every key given twice in
// one object (the first yamlerr.MaxListed − 1 of them placed, the rest
// counted in one more problem, so that input made of repeats costs no
// more than other input) and whether two keys of an object differ only
// in case; or no tree and the one problem that stopped it (invalid JSON,
// no value, more after the value).
func scan(data []byte, loc *locator) (*node, []Problem, bool) {
	s := &scanner{data: data, dec: json.NewDecoder(bytes.NewReader(data)), loc: loc}
	s.dec.UseNumber()
	root, err := s.value()
	if errors.Is(err, io.EOF) && s.skip(0) == len(data) {
		return nil, []Problem{{Want: "a JSON value (there is none: the input is empty)"}}, false
	}
	if err != nil {
		return nil, []Problem{s.syntax(err)}, false
	}
	if at := root.end + len(data[root.end:]) - len(bytes.TrimLeft(data[root.end:], " \t\r\n")); at < len(data) {
		end := loc.at(root.end - 1)
		p := loc.at(at)
		p.Value = strconv.Quote(snippet(data[at:]))
		p.Want = fmt.Sprintf("one JSON value and nothing after it (the value ends at %s)", end.Position())
		return nil, []Problem{p}, false
	}
	return root, s.repeats.problems(), s.folded
}

// skip is the offset of the next token at or after off: past white space
// and the separators , and :.
func (s *scanner) skip(off int) int {
	for off < len(s.data) {
		switch s.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// errTooDeep stops the reading of input nested more than MaxDepth deep.
var errTooDeep = errors.New("too deep")

// value reads the next value, at s.at.
func (s *scanner) value() (*node, error) {
	n := &node{start: s.skip(int(s.dec.InputOffset()))}
	tok, err := s.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if len(s.at) >= MaxDepth {
			return nil, errTooDeep
		}
		if t == '{' {
			err = s.object(n)
		} else {
			err = s.array(n)
		}
	case string:
		n.kind, n.text = kindString, t
	case json.Number:
		n.kind = kindNumber
	case bool:
		n.kind = kindBool
	case nil:
		n.kind = kindNull
	}
	n.end = int(s.dec.InputOffset())
	return n, err
}

func (s *scanner) object(n *node) error {
	n.kind = kindObject
	first := map[string]int{}    // key → its member's index
	folds := map[string]string{} // folded key → the first key so folded
	for s.dec.More() {
		at := s.skip(int(s.dec.InputOffset()))
		tok, err := s.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // the decoder allows nothing else here
		// Every key is placed, in input order (before its value's keys):
		// the locator makes one pass in all.
		p := s.loc.at(at)
		s.at = append(s.at, segment{key: key})
		v, err := s.value()
		s.at = s.at[:len(s.at)-1]
		if err != nil {
			return err
		}
		n.members = append(n.members, member{key: key, at: at, line: p.Line, col: p.Col, value: v})
		if i, dup := first[key]; dup {
			s.repeats.add(func() Problem { return repeated(s.at, n.members[i], n.members[len(n.members)-1]) })
			continue
		}
		first[key] = len(n.members) - 1
		if k, ok := folds[fold(key)]; ok && k != key {
			s.folded = true
		} else if !ok {
			folds[fold(key)] = key
		}
	}
	_, err := s.dec.Token() // }
	return err
}

func (s *scanner) array(n *node) error {
	n.kind = kindArray
	for s.dec.More() {
		s.at = append(s.at, segment{index: len(n.items), item: true})
		v, err := s.value()
		s.at = s.at[:len(s.at)-1]
		if err != nil {
			return err
		}
		n.items = append(n.items, v)
	}
	_, err := s.dec.Token() // ]
	return err
}

// repeated is the problem, in the object at, of key again given earlier
// as first: the same key, or for a struct one that differs only in case.
func repeated(at path, first, again member) Problem {
	was := Problem{Line: first.line, Col: first.col}.Position()
	p := Problem{Line: again.line, Col: again.col}
	p.Key = append(at, segment{key: again.key}).String()
	if first.key == again.key {
		p.Want = fmt.Sprintf("each key once (%s is at %s too)", shortKey(again.key), was)
	} else {
		p.Want = fmt.Sprintf("each key once (%s is at %s, and encoding/json reads keys that differ only in case into the same field)", shortKey(first.key), was)
	}
	return p
}

// syntax is the problem of invalid JSON, which the decoder's tokens
// stopped at: placed and worded by encoding/json's check of the whole
// input, whose words say what it looked for.
func (s *scanner) syntax(err error) Problem {
	if err == errTooDeep {
		p := s.loc.at(int(s.dec.InputOffset()) - 1)
		p.Want = fmt.Sprintf("objects and arrays nested at most %d deep, as encoding/json reads them", MaxDepth)
		return p
	}
	var se *json.SyntaxError
	if !errors.As(json.Unmarshal(s.data, new(any)), &se) {
		return Problem{Want: "valid JSON (" + err.Error() + ")"} // not seen: the two agree
	}
	if int(se.Offset) >= len(s.data) {
		p := s.loc.at(len(s.data))
		p.Want = "valid JSON (the input ends inside a value: is it cut short, or is a } or ] missing?)"
		return p
	}
	p := s.loc.at(int(se.Offset) - 1) // the offset counts the character at fault
	p.Want = "valid JSON (" + se.Error() + ")"
	return p
}

// fold is key as encoding/json matches it to a field: regardless of case.
func fold(key string) string { return strings.ToLower(strings.ToUpper(key)) }

// path is where a value is: the keys and array indexes that lead to it.
type path []segment

// segment is a key, or an array's index.
type segment struct {
	key   string
	index int
	item  bool
}

// String is the path in messages: "a.b[2].c"; a path deeper than
// shownDepth keeps its last shownDepth/2 steps after "…", and a long key
// is cut short.
func (p path) String() string {
	var b strings.Builder
	start := 0
	if len(p) > shownDepth {
		start = len(p) - shownDepth/2
		b.WriteString("…")
	}
	for i := start; i < len(p); i++ {
		switch s := p[i]; {
		case s.item:
			fmt.Fprintf(&b, "[%d]", s.index)
		case i > 0:
			b.WriteString("." + shortKey(s.key))
		default:
			b.WriteString(shortKey(s.key))
		}
	}
	return b.String()
}

// shownDepth is the most steps of a path a message shows.
const shownDepth = 16

// shortKey is a key as messages show it, cut short.
func shortKey(key string) string {
	const max = 60
	if r := []rune(key); len(r) > max {
		return string(r[:max]) + "…"
	}
	return key
}

// snippet is the input at b, as written, cut short for messages.
func snippet(b []byte) string {
	const max = 40
	if len(b) > 4*max {
		b = b[:4*max]
	}
	if r := []rune(string(b)); len(r) > max {
		return string(r[:max]) + "…"
	}
	return string(b)
}

// locator turns byte offsets into lines and columns, moving forward from
// the last offset it was asked about (problems come in input order), so
// that locating many costs one pass over the input.
type locator struct {
	data           []byte
	off, line, col int // the last offset asked about, its line and column
	seen           int // the offset up to which col counts
	restarts       int // times asked about an earlier offset (each costs a pass)
}

// at is a problem at offset off, with its line and column (in
// characters, from 1).
func (l *locator) at(off int) Problem {
	off = min(max(off, 0), len(l.data))
	if l.line == 0 || off < l.off {
		if l.line != 0 {
			l.restarts++
		}
		l.off, l.line, l.col, l.seen = 0, 1, 1, 0
	}
	for l.off < off {
		if l.data[l.off] == '\n' {
			l.line, l.col, l.seen = l.line+1, 1, l.off+1
		}
		l.off++
	}
	l.col += utf8.RuneCount(l.data[l.seen:off])
	l.seen = off
	return Problem{Line: l.line, Col: l.col}
}
