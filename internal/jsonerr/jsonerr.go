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
// JSON; a key given twice in one object (keys that differ only in case
// count as the same key, as encoding/json reads them into the same field),
// naming both places; anything after the value; a key v has no field for;
// and a value of the wrong type, naming its key path, the value and what
// was expected. Nothing is stored in v unless the input is accepted
// (v may have been written to when it is not).
func Decode(source string, data []byte, v any) error {
	loc := &locator{data: data}
	root, problems := scan(data, loc)
	if len(problems) == 0 {
		problems = decode(data, root, v, loc)
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

// member is a key of an object and its value; at is where the key starts.
type member struct {
	key   string
	at    int
	value *node
}

// scanner reads the input's tokens into nodes, noting repeated keys.
type scanner struct {
	data     []byte
	dec      *json.Decoder
	loc      *locator
	problems []Problem
}

// scan reads data into its tree of nodes, with every key given twice in
// one object; or no tree and the one problem that stopped it (invalid
// JSON, no value, more after the value).
func scan(data []byte, loc *locator) (*node, []Problem) {
	s := &scanner{data: data, dec: json.NewDecoder(bytes.NewReader(data)), loc: loc}
	s.dec.UseNumber()
	root, err := s.value("")
	if errors.Is(err, io.EOF) && s.skip(0) == len(data) {
		return nil, []Problem{{Want: "a JSON value (there is none: the input is empty)"}}
	}
	if err != nil {
		return nil, []Problem{s.syntax(err)}
	}
	if at := s.skip(root.end); at < len(data) {
		end := loc.at(root.end - 1)
		p := loc.at(at)
		p.Value = strconv.Quote(snippet(data[at:]))
		p.Want = fmt.Sprintf("one JSON value and nothing after it (the value ends at %s)", end.Position())
		return nil, []Problem{p}
	}
	return root, s.problems
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

// value reads the next value, at path.
func (s *scanner) value(path string) (*node, error) {
	n := &node{start: s.skip(int(s.dec.InputOffset()))}
	tok, err := s.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			err = s.object(n, path)
		} else {
			err = s.array(n, path)
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

func (s *scanner) object(n *node, path string) error {
	n.kind = kindObject
	first := map[string]int{} // folded key → its member's index
	for s.dec.More() {
		at := s.skip(int(s.dec.InputOffset()))
		tok, err := s.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // the decoder allows nothing else here
		v, err := s.value(join(path, key))
		if err != nil {
			return err
		}
		n.members = append(n.members, member{key: key, at: at, value: v})
		if i, dup := first[fold(key)]; dup {
			s.problems = append(s.problems, s.repeat(path, n.members[i], n.members[len(n.members)-1]))
			continue
		}
		first[fold(key)] = len(n.members) - 1
	}
	_, err := s.dec.Token() // }
	return err
}

func (s *scanner) array(n *node, path string) error {
	n.kind = kindArray
	for s.dec.More() {
		v, err := s.value(fmt.Sprintf("%s[%d]", path, len(n.items)))
		if err != nil {
			return err
		}
		n.items = append(n.items, v)
	}
	_, err := s.dec.Token() // ]
	return err
}

// repeat is the problem of key again, given earlier as first.
func (s *scanner) repeat(path string, first, again member) Problem {
	was := s.loc.at(first.at).Position()
	p := s.loc.at(again.at)
	p.Key = join(path, again.key)
	if first.key == again.key {
		p.Want = fmt.Sprintf("each key once (%s is at %s too)", again.key, was)
	} else {
		p.Want = fmt.Sprintf("each key once (%s is at %s, and keys that differ only in case are the same key)", first.key, was)
	}
	return p
}

// syntax is the problem of invalid JSON.
func (s *scanner) syntax(err error) Problem {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		p := s.loc.at(int(se.Offset))
		if off := int(se.Offset) - 1; off >= 0 && off < len(s.data) {
			p = s.loc.at(off) // the offset is past the character at fault
		}
		p.Want = "valid JSON (" + strings.TrimPrefix(se.Error(), "json: ") + ")"
		return p
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		p := s.loc.at(len(s.data))
		p.Want = "valid JSON (the input ends inside a value: is it cut short, or is a } or ] missing?)"
		return p
	}
	return Problem{Want: "readable input (" + err.Error() + ")"}
}

// fold is key as encoding/json matches it to a field: regardless of case.
func fold(key string) string { return strings.ToLower(strings.ToUpper(key)) }

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
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
}

// at is a problem at offset off, with its line and column (in
// characters, from 1).
func (l *locator) at(off int) Problem {
	off = min(max(off, 0), len(l.data))
	if l.line == 0 || off < l.off {
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
