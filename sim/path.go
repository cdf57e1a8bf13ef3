package sim

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/povsim/povsim/internal/textdist"
)

// Parameters are addressed by dotted paths of their YAML keys, such as
// "transfers.subsidy.level". Set, Get and Paths are how scenario timelines,
// command-line overrides and sweeps reach them.

// Paths lists the paths of every parameter, in declaration order.
func Paths() []string {
	var out []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := yamlKey(f)
			if key == "" {
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, prefix+key+".")
				continue
			}
			out = append(out, prefix+key)
		}
	}
	walk(reflect.TypeOf(Params{}), "")
	return out
}

func yamlKey(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return ""
	}
	return name
}

// field finds the settable value at path.
func (p *Params) field(path string) (reflect.Value, error) {
	v := reflect.ValueOf(p).Elem()
	parts := strings.Split(path, ".")
	for i, part := range parts {
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, fmt.Errorf("%q has no key %q", strings.Join(parts[:i], "."), part)
		}
		found := false
		for j := 0; j < v.NumField(); j++ {
			if yamlKey(v.Type().Field(j)) == part {
				v = v.Field(j)
				found = true
				break
			}
		}
		if !found {
			where := "the top level"
			if i > 0 {
				where = strings.Join(parts[:i], ".")
			}
			return reflect.Value{}, &UnknownPathError{Path: path, Key: part, Where: where, Suggest: suggest(path)}
		}
	}
	if v.Kind() == reflect.Struct {
		return reflect.Value{}, fmt.Errorf("%q is a group of parameters, not one parameter; set its keys one by one", path)
	}
	return v, nil
}

// UnknownPathError reports a parameter path that does not exist.
type UnknownPathError struct {
	Path, Key, Where string
	Suggest          string // a known path close to Path, if any
}

func (e *UnknownPathError) Error() string {
	msg := fmt.Sprintf("unknown parameter %q: no key %q in %s", e.Path, e.Key, e.Where)
	if e.Suggest != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggest)
	}
	return msg
}

// Get returns the value of the parameter at path.
func (p *Params) Get(path string) (any, error) {
	v, err := p.field(path)
	if err != nil {
		return nil, err
	}
	return v.Interface(), nil
}

// Set sets the parameter at path. value may be of the parameter's type, a
// number for a numeric parameter, or a string to parse (as given on a
// command line).
func (p *Params) Set(path string, value any) error {
	v, err := p.field(path)
	if err != nil {
		return err
	}
	switch v.Kind() {
	case reflect.Float64:
		x, err := toFloat(value, "a number")
		if err != nil {
			return err
		}
		v.SetFloat(x)
	case reflect.Int:
		x, err := toFloat(value, "a whole number")
		if err != nil {
			return err
		}
		if x != math.Trunc(x) || math.Abs(x) > 1e15 {
			return fmt.Errorf("want a whole number, got %v", value)
		}
		v.SetInt(int64(x))
	case reflect.Bool:
		switch b := value.(type) {
		case bool:
			v.SetBool(b)
		case string:
			x, ok := parseBool(b)
			if !ok {
				return fmt.Errorf("want true or false, got %q", b)
			}
			v.SetBool(x)
		default:
			return fmt.Errorf("want true or false, got %v", value)
		}
	case reflect.String:
		s, ok := value.(string)
		if !ok {
			return fmt.Errorf("want a string, got %v", value)
		}
		v.SetString(s)
	case reflect.Slice:
		xs, err := toFloats(value)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(xs))
	default:
		return fmt.Errorf("parameter %q cannot be set", path)
	}
	return nil
}

// toFloat reads a number given as a number or as text; want names the
// kind of number an error asks for.
func toFloat(value any, want string) (float64, error) {
	switch x := value.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("want %s, got %q", want, x)
		}
		return f, nil
	}
	return 0, fmt.Errorf("want %s, got %v", want, value)
}

func toFloats(value any) ([]float64, error) {
	switch xs := value.(type) {
	case []float64:
		return append([]float64(nil), xs...), nil
	case []any:
		out := make([]float64, len(xs))
		for i, x := range xs {
			f, err := toFloat(x, "a number")
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out[i] = f
		}
		return out, nil
	case string:
		s := strings.Trim(strings.TrimSpace(xs), "[]")
		if s == "" {
			return nil, fmt.Errorf("want a list of numbers, got %q", xs)
		}
		var out []float64
		for _, f := range strings.Split(s, ",") {
			x, err := toFloat(f, "a number")
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of numbers, got %v", value)
}

// suggest returns the known path closest to path by edit distance, if close.
func suggest(path string) string { return textdist.Closest(path, Paths(), 4) }

// parseBool reads the spellings of true and false that YAML 1.2 reads as
// booleans: true, True, TRUE, false, False, FALSE. A scenario's parameters,
// its timeline and --set accept these and no others (not yes, on, 1 or T).
func parseBool(s string) (value, ok bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}
