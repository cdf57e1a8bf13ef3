package sim

import (
	"testing"
	"testing/fstest"
)

// The fingerprint changes with any change to the model's code, also in a
// mechanism that is off at the defaults, and with nothing else: not with
// comments, layout or tests.
func TestFingerprint(t *testing.T) {
	base := fstest.MapFS{
		"dibao.go": {Data: []byte("package sim\n\n// The guarantee.\nfunc gap(a, b float64) float64 { return a - b }\n")},
		"work.go":  {Data: []byte("package sim\n\nconst share = 0.5\n")},
	}
	want := fingerprint(base)
	with := func(name, src string) fstest.MapFS {
		fs := fstest.MapFS{}
		for k, v := range base {
			fs[k] = v
		}
		fs[name] = &fstest.MapFile{Data: []byte(src)}
		return fs
	}
	for _, tc := range []struct {
		name string
		fs   fstest.MapFS
		same bool
	}{
		{"a mechanism changed", with("dibao.go", "package sim\n\n// The guarantee.\nfunc gap(a, b float64) float64 { return b - a }\n"), false},
		{"a default changed", with("work.go", "package sim\n\nconst share = 0.6\n"), false},
		{"a file added", with("posts.go", "package sim\n\nvar quota = 3\n"), false},
		{"a comment reworded", with("dibao.go", "package sim\n\n// The minimum living guarantee.\nfunc gap(a, b float64) float64 { return a - b }\n"), true},
		{"reformatted", with("dibao.go", "package sim\n\nfunc gap(a, b float64) float64 {\n\treturn a - b\n}\n"), true},
		{"a test added", with("dibao_test.go", "package sim\n\nvar x = 1\n"), true},
	} {
		if got := fingerprint(tc.fs); (got == want) != tc.same {
			t.Errorf("%s: fingerprint %s, base %s; want same = %v", tc.name, got, want, tc.same)
		}
	}
	if f := Fingerprint(); len(f) != 16 || f != fingerprint(source) {
		t.Errorf("Fingerprint() = %q, want the 16 hex digits of the package's source", f)
	}
}
