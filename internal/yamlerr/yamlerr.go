// Package yamlerr is the YAML reading shared by povsim's scenario and sweep
// files: bounded parsing (a size limit, bounded alias expansion), and errors
// that name the file, the line, the key, the value found and what was
// expected, in one form for every file.
package yamlerr

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
)

// Limits of the work spent on one file.
const (
	MaxBytes       = 1 << 20 // a larger file is refused before parsing
	MaxListed      = 20      // problems listed in an error; the rest are counted
	MaxSuggestions = 5       // unknown keys that get a "did you mean"
	MaxExpanded    = 100_000 // values a document's aliases may add once expanded
	MaxKeys        = 1000    // keys of one mapping (yaml's decoder checks them pairwise)
)

// Problem is one thing wrong in a file.
type Problem struct {
	Line  int    // 0 when unknown
	Col   int    // the column (in characters, from 1) on Line; 0 when not given
	Key   string // dotted path of the key
	Value string // the value found, as written
	Want  string // what was expected
}

// Error lists the problems found in one file.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		fmt.Fprintf(&b, "%s: 1 problem:", e.File)
	} else {
		fmt.Fprintf(&b, "%s: %d problems:", e.File, len(e.Problems))
	}
	for i, p := range e.Problems {
		if i == MaxListed {
			fmt.Fprintf(&b, "\n  … and %d more (fix these first)", len(e.Problems)-MaxListed)
			break
		}
		b.WriteString("\n  ")
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%s: ", e.File, p.Position())
		} else {
			fmt.Fprintf(&b, "%s: ", e.File)
		}
		if p.Key != "" {
			fmt.Fprintf(&b, "%s: ", p.Key)
		}
		if p.Value != "" {
			fmt.Fprintf(&b, "got %s, ", p.Value)
		}
		fmt.Fprintf(&b, "want %s", p.Want)
	}
	return b.String()
}

// Position is where the problem is: its line, or LINE:COLUMN when it has
// a column ("" when the line is unknown).
func (p Problem) Position() string {
	switch {
	case p.Line <= 0:
		return ""
	case p.Col <= 0:
		return strconv.Itoa(p.Line)
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// New returns the Error of file with problems in line (and column) order,
// or nil.
func New(file string, problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	sort.SliceStable(problems, func(i, j int) bool {
		a, b := problems[i], problems[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return &Error{File: file, Problems: problems}
}

// Parse parses a file's YAML into its document node, within the limits,
// and checks its keys (see KeyProblems). It returns the document, or no
// document and what stopped it: a problem of the file as a whole, or every
// key that names nothing or is given twice (what such a file means is not
// clear, so nothing else of it is read). what says what the top-level
// mapping must hold, for an empty file, and keys what its keys name.
func Parse(data []byte, what string, keys Keys) (*yaml.Node, []Problem) {
	doc, p := ParseOptional(data, keys)
	if doc == nil && p == nil {
		return nil, []Problem{{Want: "a YAML mapping with " + what + " (the file is empty)"}}
	}
	return doc, p
}

// ParseOptional is Parse for a file that may say nothing: an empty file, or
// one of comments only, gives no document and no problem.
func ParseOptional(data []byte, keys Keys) (*yaml.Node, []Problem) {
	if len(data) > MaxBytes {
		return nil, []Problem{{Want: fmt.Sprintf("a file of at most %d KiB (this one has %d KiB: is it the right file?)", MaxBytes>>10, len(data)>>10)}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, []Problem{SyntaxProblem(err, data)}
	}
	if p := secondDocument(dec, data); p != nil {
		return nil, []Problem{*p}
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, []Problem{{Line: doc.Line, Want: "a YAML mapping of keys to values at the top level"}}
	}
	if p := checkAliases(doc); p != nil {
		return nil, []Problem{*p}
	}
	if p := checkKeys(doc); p != nil {
		return nil, []Problem{*p}
	}
	if ps := KeyProblems(doc, keys); len(ps) > 0 {
		return nil, ps
	}
	return doc, nil
}

// secondDocument is the problem of a file that holds a second YAML
// document after ---, which a reader of the first would drop without a
// word; an empty one (a --- at the end, or comments after it) is none.
func secondDocument(dec *yaml.Decoder, data []byte) *Problem {
	var next yaml.Node
	err := dec.Decode(&next)
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil:
		p := SyntaxProblem(err, data)
		return &p
	case len(next.Content) == 0 || next.Content[0].Kind == yaml.ScalarNode && next.Content[0].ShortTag() == "!!null" && next.Content[0].Value == "":
		return secondDocument(dec, data)
	}
	return &Problem{Line: next.Content[0].Line, Want: "one YAML document in the file (a second one, after ---, starts on this line; povsim reads the first alone)"}
}

// checkAliases refuses documents whose aliases add more than MaxExpanded
// values once expanded (a "billion laughs" file), before any decoding.
func checkAliases(doc *yaml.Node) *Problem {
	plain, line := 0, 0
	Walk(doc, func(_ string, _, v *yaml.Node) {
		plain++
		if line == 0 && v.Kind == yaml.AliasNode {
			line = v.Line
		}
	})
	if line == 0 {
		return nil // no aliases
	}
	limit := plain + 1 + MaxExpanded
	memo := map[*yaml.Node]int{}
	var size func(n *yaml.Node, depth int) int
	size = func(n *yaml.Node, depth int) int {
		if depth > 1000 {
			return limit + 1
		}
		if s, ok := memo[n]; ok {
			return s
		}
		memo[n] = limit + 1 // a cycle counts as too large
		s := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			s = size(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			if s += size(c, depth+1); s > limit {
				break
			}
		}
		memo[n] = min(s, limit+1)
		return memo[n]
	}
	if size(doc, 0) <= limit {
		return nil
	}
	return &Problem{Line: line, Want: fmt.Sprintf("aliases (*name) that add at most %d values when expanded (these add more)", MaxExpanded)}
}

// checkKeys refuses a mapping of more than MaxKeys keys.
func checkKeys(doc *yaml.Node) *Problem {
	var p *Problem
	check := func(path string, n *yaml.Node) {
		if k := len(n.Content) / 2; p == nil && n.Kind == yaml.MappingNode && k > MaxKeys {
			p = &Problem{Line: n.Line, Key: path, Want: fmt.Sprintf("a mapping of at most %d keys (this one has %d: is it the right file?)", MaxKeys, k)}
		}
	}
	check("", doc)
	Walk(doc, func(path string, _, v *yaml.Node) { check(path, v) })
	return p
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// parserErrors are the messages of yaml's parser (not its scanner), whose
// line numbers it reports one too low (counting from 0).
var parserErrors = map[string]string{
	"did not find expected ',' or ']'":       "a list opened with [ on this line is not closed with ]",
	"did not find expected ',' or '}'":       "a mapping opened with { on this line is not closed with }",
	"did not find expected key":              "a line of the mapping that starts here is indented differently, or is not KEY: VALUE",
	"did not find expected node content":     "a value here",
	"did not find expected '-' indicator":    "every item of the list that starts here to begin with -",
	"did not find expected <document start>": "one document",
}

// scannerHints are hints for errors of yaml's scanner, whose lines are right.
var scannerHints = map[string]string{
	"found unexpected end of stream":                 "every quote closed (one opened on or before this line is not)",
	"mapping values are not allowed in this context": "this line indented like the keys it belongs with, or its value quoted if it holds a colon",
}

// SyntaxProblem turns a YAML syntax error into a problem on the right line,
// with a hint where yaml's wording misleads.
func SyntaxProblem(err error, data []byte) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	hint, parser := parserErrors[msg]
	if parser {
		line++ // yaml counts its parser's lines from 0
	} else {
		hint = scannerHints[msg]
	}
	if msg == "found character that cannot start any token" && bytes.Contains(lineOf(data, line), []byte("\t")) {
		hint = "spaces: this line has a tab, and YAML indents with spaces only"
	}
	want := "valid YAML (" + msg + ")"
	if hint != "" {
		want = "valid YAML: " + hint + " (" + msg + ")"
	}
	return Problem{Line: line, Want: want}
}

func lineOf(data []byte, n int) []byte {
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return nil
	}
	return lines[n-1]
}

// Walk visits every mapping entry and sequence item below n, in document
// order, with its dotted path ("a.b", "a.list[2]"). key is nil for a
// sequence item. Aliases are not followed.
func Walk(n *yaml.Node, visit func(path string, key, value *yaml.Node)) {
	walk(n, "", visit)
}

func walk(n *yaml.Node, prefix string, visit func(path string, key, value *yaml.Node)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if prefix != "" {
				p = prefix + "." + k.Value
			}
			visit(p, k, v)
			walk(v, p, visit)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := prefix + "[" + strconv.Itoa(i) + "]"
			visit(p, nil, c)
			walk(c, p, visit)
		}
	}
}

// Lines maps every key (the first, for a repeated key) and sequence item
// to its line, by dotted path.
func Lines(doc *yaml.Node) map[string]int {
	lines := map[string]int{}
	Walk(doc, func(p string, k, v *yaml.Node) {
		switch {
		case k == nil:
			lines[p] = v.Line
		default:
			if _, dup := lines[p]; !dup {
				lines[p] = k.Line
			}
		}
	})
	return lines
}

// Unknown phrases an unknown key: a suggestion ("" for none) and, where
// they are few, the keys allowed there. key is the key as written, path its
// dotted path, typ the Go type it was decoded into.
type Unknown func(path, key, typ string) (suggest string, known []string)

// Decode decodes data strictly (unknown keys are errors) into v, and
// returns the decoder's problems with their keys, values and lines, then
// those of whole numbers and true-or-false values the decoder takes
// silently (see Scalars).
func Decode(data []byte, doc *yaml.Node, v any, unknown Unknown) []Problem {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var out []Problem
	if err := dec.Decode(v); err != nil && err != io.EOF {
		out = decodeProblems(err, data, doc, unknown)
	}
	return append(out, Scalars(doc, v)...)
}

var (
	unknownRE   = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	unmarshalRE = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (.+)$")
)

func decodeProblems(err error, data []byte, doc *yaml.Node, unknown Unknown) []Problem {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return []Problem{SyntaxProblem(err, data)}
	}
	byLine := keysByLine(doc)
	var out []Problem
	suggested := 0
	for _, msg := range te.Errors {
		var p Problem
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		p.Want = msg
		keys := byLine[p.Line]
		switch {
		case unknownRE.MatchString(msg):
			u := unknownRE.FindStringSubmatch(msg)
			p.Key = pickKey(keys, func(k lineKey) bool { return lastPart(k.path) == u[1] })
			p.Want = fmt.Sprintf("a known key (%q is not a key here", u[1])
			if unknown != nil && suggested < MaxSuggestions {
				suggested++
				s, known := unknown(p.Key, u[1], u[2])
				if s != "" {
					p.Want += fmt.Sprintf("; did you mean %q?", s)
				}
				if len(known) > 0 {
					p.Want += "; keys here: " + strings.Join(known, ", ")
				}
			}
			p.Want += ")"
		case unmarshalRE.MatchString(msg):
			u := unmarshalRE.FindStringSubmatch(msg)
			p.Key = pickKey(keys, func(k lineKey) bool {
				switch k.value.Kind {
				case yaml.ScalarNode:
					return k.value.Value == u[2]
				case yaml.SequenceNode:
					return u[1] == "seq"
				case yaml.MappingNode:
					return u[1] == "map"
				}
				return false
			})
			p.Value = describe(u[1], u[2])
			p.Want = TypeName(u[3])
		default:
			p.Key = pickKey(keys, nil)
		}
		out = append(out, p)
	}
	return out
}

// describe is a value the decoder could not take, as the user wrote it
// or, for a list or mapping, what it is.
func describe(tag, value string) string {
	switch tag {
	case "map":
		return "a mapping"
	case "seq":
		return "a list"
	}
	return strconv.Quote(value)
}

// TypeName says what a value of Go type t is, for "want …".
func TypeName(t string) string {
	t = strings.TrimPrefix(t, "*")
	switch t {
	case "float64":
		return "a number"
	case "int", "int64":
		return "a whole number"
	case "uint64":
		return "a whole number ≥ 0"
	case "bool":
		return "true or false"
	case "string":
		return "text"
	case "[]float64":
		return "a list of numbers"
	case "[]string":
		return "a list of names"
	case "[]int":
		return "a list of whole numbers"
	case "[]any", "[]interface {}":
		return "a list"
	case "map[string]interface {}", "map[string]any":
		return "a mapping of parameter paths to values"
	}
	if strings.HasPrefix(t, "[]") {
		return "a list"
	}
	return "a mapping"
}

// lineKey is a key of the document with its value node.
type lineKey struct {
	path  string
	value *yaml.Node
}

func keysByLine(doc *yaml.Node) map[int][]lineKey {
	out := map[int][]lineKey{}
	Walk(doc, func(p string, k, v *yaml.Node) {
		if k != nil {
			out[k.Line] = append(out[k.Line], lineKey{p, v})
		}
	})
	return out
}

func lastPart(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// pickKey chooses the key an error on a line is about: the first that
// matches, else the shortest (the enclosing key of a one-line mapping).
func pickKey(keys []lineKey, match func(lineKey) bool) string {
	if match != nil {
		for _, k := range keys {
			if match(k) {
				return k.path
			}
		}
	}
	best := ""
	for _, k := range keys {
		if best == "" || len(k.path) < len(best) {
			best = k.path
		}
	}
	return best
}

// ParamWant phrases an error of sim.Params.Set as what was expected, for
// messages of the form "KEY: got VALUE, want …".
func ParamWant(err error) string {
	var up *sim.UnknownPathError
	if errors.As(err, &up) {
		w := fmt.Sprintf("a known parameter (no key %q in %s", up.Key, up.Where)
		if up.Suggest != "" {
			w += fmt.Sprintf("; did you mean %q?", up.Suggest)
		}
		return w + ")"
	}
	return strings.TrimPrefix(err.Error(), "want ")
}
