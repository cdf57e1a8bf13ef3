package sim

import "testing"

// runTraced runs replication 0 of a model of p (and recs, if any) with seed,
// tracing every household, so that a test can read each household-year.
func runTraced(t *testing.T, p Params, recs []HouseholdRecord, seed uint64) Result {
	t.Helper()
	m, err := New(Config{Params: p, Households: recs})
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int, m.Households())
	for i := range all {
		all[i] = i
	}
	return m.NewRunner().Run(seed, 0, Options{Trace: all})
}
