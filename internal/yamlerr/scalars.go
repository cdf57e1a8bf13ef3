package yamlerr

import (
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Scalars reports the scalars the decoder would take silently for
// something the file did not say, by the Go type of v each goes into: a
// fraction for a whole number (the decoder truncates it), and yes, no, on,
// off, y or n for true or false (YAML 1.2 reads them as text, the decoder
// as booleans). A quoted string is the decoder's problem.
func Scalars(doc *yaml.Node, v any) []Problem {
	var out []Problem
	scalars(doc, "", reflect.TypeOf(v), &out)
	return out
}

func scalars(n *yaml.Node, path string, t reflect.Type, out *[]Problem) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t == reflect.TypeFor[yaml.Node]() {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		checkScalar(n, path, t, out)
	case yaml.SequenceNode:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, c := range n.Content {
				scalars(c, path+"["+strconv.Itoa(i)+"]", t.Elem(), out)
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			switch t.Kind() {
			case reflect.Struct:
				if ft := fieldType(t, k.Value); ft != nil {
					scalars(v, p, ft, out)
				}
			case reflect.Map:
				scalars(v, p, t.Elem(), out)
			}
		}
	}
}

func checkScalar(n *yaml.Node, path string, t reflect.Type, out *[]Problem) {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Tag != "!!float" {
			return
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err != nil || f != math.Trunc(f) || math.IsInf(f, 0) {
			*out = append(*out, Problem{Line: n.Line, Key: path, Value: n.Value, Want: "a whole number"})
		}
	case reflect.Bool:
		if n.Tag == "!!str" && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0 {
			*out = append(*out, Problem{Line: n.Line, Key: path, Value: n.Value, Want: "true or false"})
		}
	}
}

// fieldType is the type of the field of struct t that YAML key name goes
// into (looking into inline structs), or nil.
func fieldType(t reflect.Type, name string) reflect.Type {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		key, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",inline,") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if r := fieldType(ft, name); r != nil {
					return r
				}
			}
			continue
		}
		if key == "-" || !f.IsExported() {
			continue
		}
		if key == "" {
			key = strings.ToLower(f.Name)
		}
		if key == name {
			return f.Type
		}
	}
	return nil
}
