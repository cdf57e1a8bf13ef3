package jsonerr

import (
	"reflect"
	"strings"
	"sync"
)

// fields are the keys of a struct type as encoding/json reads them, with
// the types of their values.
type fields struct {
	names []string // in the order of the type's fields
	types map[string]reflect.Type
}

// lookup finds the field of key, its name and type: its exact name, else
// one that differs only in case, as encoding/json matches them.
func (fs *fields) lookup(key string) (string, reflect.Type, bool) {
	if t, ok := fs.types[key]; ok {
		return key, t, true
	}
	for _, n := range fs.names {
		if strings.EqualFold(n, key) {
			return n, fs.types[n], true
		}
	}
	return "", nil, false
}

var fieldCache sync.Map // reflect.Type → *fields

// fieldsOf are the keys of struct type t: its exported fields by their
// json tag's name (or their own), less those tagged "-", with the fields
// of untagged embedded structs promoted unless a shallower field has the
// name. This is encoding/json's rule, without its handling of two fields
// of one name at one depth (povsim's types have none): it serves to say
// where encoding/json refused a key and to find two keys of one field,
// never to decide anything else.
func fieldsOf(t reflect.Type) *fields { return fieldsAt(t, 0) }

// fieldsAt is fieldsOf of a struct embedded depth deep (a type that embeds
// itself through a pointer stops at 10).
func fieldsAt(t reflect.Type, depth int) *fields {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(*fields)
	}
	fs := &fields{types: map[string]reflect.Type{}}
	var embedded []reflect.Type
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			if depth < 10 {
				embedded = append(embedded, ft)
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fs.add(name, sf.Type)
	}
	for _, et := range embedded {
		ef := fieldsAt(et, depth+1)
		for _, n := range ef.names {
			fs.add(n, ef.types[n])
		}
	}
	if depth == 0 {
		fieldCache.Store(t, fs)
	}
	return fs
}

func (fs *fields) add(name string, t reflect.Type) {
	if _, dup := fs.types[name]; !dup {
		fs.names = append(fs.names, name)
		fs.types[name] = t
	}
}
