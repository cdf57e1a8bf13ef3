package sim

import (
	"fmt"
	"strings"
)

// FieldError is a problem with one parameter: its dotted path, the value
// found and what was expected.
type FieldError struct {
	Path  string
	Value any
	Msg   string // what was expected
}

func (e FieldError) Error() string {
	return fmt.Sprintf("%s: got %v, want %s", e.Path, formatValue(e.Value), e.Msg)
}

func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []float64:
		return fmt.Sprint(v)
	default:
		return fmt.Sprint(v)
	}
}

// Errors is every problem found in a configuration, reported together.
type Errors []FieldError

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
