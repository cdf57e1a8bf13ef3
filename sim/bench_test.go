package sim

import "testing"

// benchmarkYears runs whole replications and reports the cost of one
// household-year, the unit the model's speed is stated in.
func benchmarkYears(b *testing.B, p Params) {
	b.Helper()
	m, err := New(Config{Params: p})
	if err != nil {
		b.Fatal(err)
	}
	r := m.NewRunner()
	r.Run(1, 0, Options{}) // warm the buffers
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r.Run(1, i, Options{})
	}
	hy := float64(b.N) * float64(p.Population.Households*p.Years)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/hy, "ns/household-year")
}

func BenchmarkBaseline(b *testing.B) {
	p := Default()
	p.Population.Households = 20000
	benchmarkYears(b, p)
}
