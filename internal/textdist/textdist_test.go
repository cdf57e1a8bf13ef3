package textdist

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3},
		{"monitoring.lag", "monitoring.lag", 0}, {"monitorng.lag", "monitoring.lag", 1}, {"flaw", "lawn", 2},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"return_rate", "registered_return", "income"}
	for _, c := range []struct {
		name  string
		limit int
		want  string
	}{
		{"retrun_rate", 4, "return_rate"}, {"incme", 4, "income"}, {"something else", 4, ""}, {"incme", 1, ""},
	} {
		if got := Closest(c.name, names, c.limit); got != c.want {
			t.Errorf("Closest(%q, limit %d) = %q, want %q", c.name, c.limit, got, c.want)
		}
	}
}
