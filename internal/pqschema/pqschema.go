// Package pqschema builds the Parquet schemas and writers of povsim's
// outputs: columns in the order given, Snappy, version 1 data pages.
package pqschema

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Column types.
var (
	Int64    = reflect.TypeFor[int64]()
	Float64  = reflect.TypeFor[float64]()
	String   = reflect.TypeFor[string]()
	OptFloat = reflect.TypeFor[*float64]()
)

// Column is one column: its name, Go type and parquet tag options
// ("optional", "dict").
type Column struct {
	Name string
	Type reflect.Type
	Opts string
}

// Schema builds a Parquet schema whose columns are in the order given
// (parquet.Group would sort them by name).
func Schema(name string, cols []Column) *parquet.Schema {
	fields := make([]reflect.StructField, len(cols))
	for i, c := range cols {
		tag := c.Name
		if c.Opts != "" {
			tag += "," + c.Opts
		}
		fields[i] = reflect.StructField{Name: fmt.Sprintf("C%d", i), Type: c.Type, Tag: reflect.StructTag(fmt.Sprintf("parquet:%q", tag))}
	}
	model := reflect.New(reflect.StructOf(fields)).Elem().Interface()
	s := parquet.SchemaOf(model)
	return parquet.NewSchema(name, s)
}

// rowGroupRows bounds the rows a writer buffers before a row group is cut.
const rowGroupRows = 1 << 20

// Writer writes rows of schema to w, with key-value metadata md, created by
// povsim version.
func Writer(w io.Writer, schema *parquet.Schema, version string, md map[string]string) *parquet.GenericWriter[any] {
	opts := []parquet.WriterOption{
		schema,
		parquet.Compression(&parquet.Snappy),
		parquet.DataPageVersion(1), // the most widely read page format
		parquet.CreatedBy("povsim", version, ""),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
	}
	for k, v := range md {
		opts = append(opts, parquet.KeyValueMetadata(k, v))
	}
	return parquet.NewGenericWriter[any](w, opts...)
}

// Col is a Column of name and type, with tag options opts.
func Col(name string, typ reflect.Type, opts ...string) Column {
	return Column{Name: name, Type: typ, Opts: strings.Join(opts, ",")}
}
