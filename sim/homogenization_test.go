package sim

import "testing"

// TestHomogenizationFactors checks the products' price factors against
// docs/MODEL.md §4.0 computed by hand: the promoted specialty's factor is
// max(floor, 1 − h·max(0, a − 1/K)) and every ordinary product's is 1,
// whatever number of villages the run simulates (which once decided the
// shares, so that random concentration lowered prices even at adoption 0).
func TestHomogenizationFactors(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		products                int
		adoption, h, floor      float64
		wantSpecialty           float64
		households, villageSize int
	}{
		{"no adoption, 10 villages", 6, 0, 0.8, 0.3, 1, 500, 50},
		{"no adoption, 400 villages", 6, 0, 0.8, 0.3, 1, 20000, 50},
		{"adoption below an even split", 6, 0.1, 0.8, 0.3, 1, 5000, 50},
		{"adoption 0.5", 6, 0.5, 0.8, 0.3, 1 - 0.8*(0.5-1.0/6), 5000, 50},
		{"adoption 0.5, 3 villages", 6, 0.5, 0.8, 0.3, 1 - 0.8*(0.5-1.0/6), 150, 50},
		{"everyone, at the floor", 2, 1, 1.6, 0.3, 0.3, 5000, 50},
		{"no homogenization", 4, 0.9, 0, 0.3, 1, 5000, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Default()
			p.Population.Households, p.Population.VillageSize = tc.households, tc.villageSize
			p.Specialty.Products, p.Specialty.Adoption = tc.products, tc.adoption
			p.Specialty.Homogenization, p.Specialty.PriceFloor = tc.h, tc.floor
			p.Years = 1
			m, err := New(Config{Params: p})
			if err != nil {
				t.Fatal(err)
			}
			r := m.NewRunner()
			r.Run(5, 0, Options{}) // leaves the last year's factors in r.products
			if len(r.products) != tc.products+1 {
				t.Fatalf("%d products, want %d and the specialty", len(r.products), tc.products)
			}
			for k, pr := range r.products {
				want := 1.0
				if k == tc.products {
					want = tc.wantSpecialty
				}
				if pr.factor != want {
					t.Errorf("product %d: factor %v, want %v", k, pr.factor, want)
				}
			}
		})
	}
}
