package yamlerr

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Keys says what the keys of one kind of file name, with examples, for the
// message about a key that names nothing: "want a key that names something
// (Examples)". Each reader gives its own: a scenario's keys are names and
// parameter paths, a targets file's are its fields, a --config file's are
// flag names. The zero Keys gives no examples: "want a key that names
// something".
type Keys struct{ Examples string }

// examples is " (Examples)", or nothing without them.
func (k Keys) examples() string {
	if k.Examples == "" {
		return ""
	}
	return " (" + k.Examples + ")"
}

// KeyProblems finds the keys of doc's mappings that name nothing and the
// keys given twice in one mapping. yaml's decoder drops an entry whose key
// is null (~, null, or ? with nothing after it) without a word, reads a
// list or mapping as a key as no text, and keeps the later of two equal
// keys (or, decoding into a map, drops the whole mapping); so each of
// these is a problem, at the key's line. Key is the enclosing mapping's
// path for a key that names nothing (Value is the key as written), and the
// key's own path for a key given twice (Want names the earlier line).
// keys says what a key should name.
func KeyProblems(doc *yaml.Node, keys Keys) []Problem {
	var out []Problem
	check := func(path string, m *yaml.Node) {
		if m.Kind != yaml.MappingNode {
			return
		}
		seen := map[string]int{} // key → its first line
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			if p := nameless(path, k, keys); p != nil {
				out = append(out, *p)
				continue
			}
			if first, dup := seen[k.Value]; dup {
				where := fmt.Sprintf("on line %d too", first)
				if first == k.Line {
					where = "given earlier on this line"
				}
				out = append(out, Problem{Line: k.Line, Key: join(path, k.Value),
					Want: fmt.Sprintf("each key once (%s is %s)", k.Value, where)})
				continue
			}
			seen[k.Value] = k.Line
		}
	}
	check("", doc)
	Walk(doc, func(path string, _, v *yaml.Node) { check(path, v) })
	return out
}

// nameless is the problem of a key that names nothing, or nil: a null, an
// empty text, a list, a mapping, or an alias (whose text is not written
// where the key is).
func nameless(path string, k *yaml.Node, keys Keys) *Problem {
	p := &Problem{Line: k.Line, Key: path, Want: "a key that names something" + keys.examples()}
	switch {
	case k.Kind == yaml.SequenceNode:
		p.Value = "a list as a key"
	case k.Kind == yaml.MappingNode:
		p.Value = "a mapping as a key"
	case k.Kind == yaml.AliasNode:
		p.Value = "the alias *" + k.Value + " as a key"
		p.Want = "the key itself written out" + keys.examples()
	case k.ShortTag() == "!!null" && k.Value == "":
		p.Value = "an empty key (? with nothing after it)"
		p.Want += " (YAML reads an empty key as null, which names nothing)"
	case k.ShortTag() == "!!null":
		p.Value = "the key " + k.Value
		p.Want += " (YAML reads " + k.Value + " as null, which names nothing)"
	case k.Value == "":
		p.Value = `the key ""`
	default:
		return nil
	}
	return p
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
