package sim_test

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/povsim/povsim/sim"
)

// docParam is one row of docs/MODEL.md §7: a parameter's path and the
// default the row states, and the line it is on.
type docParam struct {
	path, def string
	line      int
}

// readDocParams reads the rows of the parameter table of docs/MODEL.md §7.
func readDocParams(t *testing.T) []docParam {
	t.Helper()
	const file = "../docs/MODEL.md"
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []docParam
	in := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## 7. Parameters"):
			in = true
		case strings.HasPrefix(line, "## "):
			in = false
		case in && strings.HasPrefix(line, "| `"):
			cells := strings.Split(line, "|")
			path := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cells[1]), "†"))
			rows = append(rows, docParam{strings.Trim(path, "`"), strings.TrimSpace(cells[2]), n})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// The ways MODEL.md writes a default: ln X (= Y), a/b (Y), `word`, a list,
// true or false, a number.
var (
	docLn    = regexp.MustCompile(`^ln ([0-9]+) \(= ([0-9.]+)\)$`)
	docRatio = regexp.MustCompile(`^([0-9]+)/([0-9]+) \(([0-9.]+)\)$`)
)

// docValue parses a default as MODEL.md writes it. tol is how far from it
// the parameter's value may be: the digits a row shows.
func docValue(s string) (v any, tol float64, err error) {
	if m := docLn.FindStringSubmatch(s); m != nil {
		x, _ := strconv.ParseFloat(m[1], 64)
		shown, _ := strconv.ParseFloat(m[2], 64)
		if math.Abs(math.Log(x)-shown) > 5e-5 {
			return nil, 0, fmt.Errorf("ln %s is %.6f, not %s", m[1], math.Log(x), m[2])
		}
		return math.Log(x), 1e-12, nil
	}
	if m := docRatio.FindStringSubmatch(s); m != nil {
		a, _ := strconv.ParseFloat(m[1], 64)
		b, _ := strconv.ParseFloat(m[2], 64)
		shown, _ := strconv.ParseFloat(m[3], 64)
		if a/b != shown {
			return nil, 0, fmt.Errorf("%s/%s is %v, not %s", m[1], m[2], a/b, m[3])
		}
		return a / b, 0, nil
	}
	switch {
	case strings.HasPrefix(s, "`"):
		return strings.Trim(s, "`"), 0, nil
	case s == "true" || s == "false":
		return s == "true", 0, nil
	case strings.HasPrefix(s, "["):
		var xs []float64
		for _, f := range strings.Split(strings.Trim(s, "[]"), ",") {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return nil, 0, err
			}
			xs = append(xs, x)
		}
		return xs, 0, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, 0, err
}

// TestModelDocParameters holds docs/MODEL.md §7 to the code: one row per
// parameter, in declaration order, each with the default sim.Default()
// has.
func TestModelDocParameters(t *testing.T) {
	rows := readDocParams(t)
	paths := sim.Paths()
	if want := fmt.Sprintf("Every field of `sim.Params` (%d)", len(paths)); !docSays(t, want) {
		t.Errorf("docs/MODEL.md §7 does not say %q", want)
	}
	var docPaths []string
	for _, r := range rows {
		docPaths = append(docPaths, r.path)
	}
	if !reflect.DeepEqual(docPaths, paths) {
		documented := map[string]bool{}
		for _, p := range docPaths {
			documented[p] = true
		}
		for _, p := range paths {
			if !documented[p] {
				t.Errorf("docs/MODEL.md §7 has no row for parameter %s", p)
			}
		}
		known := map[string]bool{}
		for _, p := range paths {
			known[p] = true
		}
		for _, r := range rows {
			if !known[r.path] {
				t.Errorf("docs/MODEL.md:%d: %s is not a parameter", r.line, r.path)
			}
		}
		if !t.Failed() {
			t.Errorf("docs/MODEL.md §7 lists the parameters in another order than their declaration:\n doc  %v\n code %v", docPaths, paths)
		}
	}
	def := sim.Default()
	for _, r := range rows {
		want, tol, err := docValue(r.def)
		if err != nil {
			t.Errorf("docs/MODEL.md:%d: %s: default %q: %v", r.line, r.path, r.def, err)
			continue
		}
		got, err := def.Get(r.path)
		if err != nil {
			continue // reported above
		}
		if !sameValue(got, want, tol) {
			t.Errorf("docs/MODEL.md:%d: %s: the default is %v in sim.Default(), %q in the table", r.line, r.path, got, r.def)
		}
	}
}

// sameValue compares a parameter's value with a default MODEL.md states.
func sameValue(got, want any, tol float64) bool {
	num := func(v any) (float64, bool) {
		switch x := v.(type) {
		case float64:
			return x, true
		case int:
			return float64(x), true
		}
		return 0, false
	}
	if g, ok := num(got); ok {
		w, ok := num(want)
		return ok && math.Abs(g-w) <= tol
	}
	if g, ok := got.([]float64); ok {
		w, ok := want.([]float64)
		return ok && reflect.DeepEqual(g, w)
	}
	if s, ok := got.(fmt.Stringer); ok {
		got = s.String()
	}
	return reflect.DeepEqual(got, want)
}

// docSays reports whether docs/MODEL.md contains s.
func docSays(t *testing.T, s string) bool {
	t.Helper()
	b, err := os.ReadFile("../docs/MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), s)
}

// TestStepFunctions keeps docs/MODEL.md §4 and the household-year in step:
// each step's heading names the function that implements it and its file
// (`file.go: function`); the function must be declared in that file, and
// the household-year must call the steps' functions in the order of the
// steps (a function that another step calls, as work calls train, is
// named with "called by").
func TestStepFunctions(t *testing.T) {
	doc, err := os.ReadFile("../docs/MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("(?m)^\\*\\*([0-9]+)\\. [^*]+\\*\\* \\(`([a-z]+\\.go): ([A-Za-z]+)`(, called by `([A-Za-z]+)`)?")
	type step struct {
		n            int
		file, fn, by string
	}
	var steps []step
	for _, m := range heading.FindAllStringSubmatch(string(doc), -1) {
		n, _ := strconv.Atoi(m[1])
		steps = append(steps, step{n, m[2], m[3], m[5]})
	}
	if len(steps) != 13 {
		t.Fatalf("MODEL.md §4 names the function of %d steps, want 13", len(steps))
	}
	fset := token.NewFileSet()
	declared := map[string]string{} // function → file
	var household *ast.FuncDecl
	for _, st := range steps {
		f, err := parser.ParseFile(fset, st.file, nil, 0)
		if err != nil {
			t.Errorf("step %d: %v", st.n, err)
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				declared[fd.Name.Name] = st.file
			}
		}
	}
	hf, err := parser.ParseFile(fset, "household.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range hf.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "household" {
			household = fd
		}
	}
	if household == nil {
		t.Fatal("household.go declares no household")
	}
	var calls []string
	ast.Inspect(household.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			switch f := c.Fun.(type) {
			case *ast.Ident:
				calls = append(calls, f.Name)
			case *ast.SelectorExpr:
				calls = append(calls, f.Sel.Name)
			}
		}
		return true
	})
	next := 0 // position in calls
	for i, st := range steps {
		if st.n != i+1 {
			t.Errorf("MODEL.md §4: step %d where %d belongs", st.n, i+1)
		}
		if declared[st.fn] != st.file {
			t.Errorf("step %d: %s is not declared in sim/%s", st.n, st.fn, st.file)
		}
		if st.by != "" {
			continue
		}
		at := slices.Index(calls[next:], st.fn)
		if at < 0 {
			t.Errorf("step %d: household does not call %s after the steps before it (calls %v)", st.n, st.fn, calls)
			continue
		}
		next += at + 1
	}
}
