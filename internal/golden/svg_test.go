package golden

import "testing"

func TestSameSVG(t *testing.T) {
	a := []byte(`<path d="M10.123 20 L30 40"/>`)
	for _, tc := range []struct {
		b    string
		same bool
	}{
		{`<path d="M10.123 20 L30 40"/>`, true},
		{`<path d="M10.124 20 L30 40"/>`, true},
		{`<path d="M10.5 20 L30 40"/>`, false},
		{`<path d="M10.123 20 L30 40 Z"/>`, false},
		{`<line d="M10.123 20 L30 40"/>`, false},
	} {
		if err := SameSVG(a, []byte(tc.b)); (err == nil) != tc.same {
			t.Errorf("SameSVG(%q, %q) = %v, want same = %v", a, tc.b, err, tc.same)
		}
	}
}
