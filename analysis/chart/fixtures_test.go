package chart

import (
	"math"
	"math/rand/v2"
)

// Fixed, made-up inputs for the golden and preview charts.

func years() []float64 {
	x := make([]float64, 11)
	for i := range x {
		x[i] = float64(i)
	}
	return x
}

// rateBand is a return-to-poverty rate rising from base towards top.
func rateBand(name string, base, top, speed, width float64) Band {
	b := Band{Name: name, X: years()}
	for _, t := range b.X {
		m := base + (top-base)*(1-math.Exp(-speed*t))
		w := width * (0.5 + t/10)
		b.Mean = append(b.Mean, m)
		b.Lo = append(b.Lo, m-w)
		b.Hi = append(b.Hi, m+w)
	}
	return b
}

func fixtureRates() (Labels, []Band) {
	return Labels{
			Title:    "Households back in poverty",
			X:        "Years since shock",
			Y:        "Share of households (%)",
			YPercent: true,
		}, []Band{
			rateBand("Baseline", 0.02, 0.30, 0.25, 0.015),
			rateBand("Cash transfer", 0.02, 0.22, 0.20, 0.015),
			rateBand("Cash + training", 0.02, 0.15, 0.18, 0.012),
		}
}

func fixtureDifference() (Labels, []Band) {
	_, rates := fixtureRates()
	var out []Band
	for _, s := range rates[1:] {
		d := Band{Name: s.Name + " − baseline", X: s.X}
		for i := range s.X {
			m := s.Mean[i] - rates[0].Mean[i]
			w := 0.01 + 0.004*s.X[i]
			d.Mean = append(d.Mean, m)
			d.Lo = append(d.Lo, m-w)
			d.Hi = append(d.Hi, m+w)
		}
		out = append(out, d)
	}
	return Labels{
		Title:    "Change against baseline",
		X:        "Years since shock",
		Y:        "Difference in share (% points)",
		YPercent: true,
		Legend:   LegendTop,
	}, out
}

func fixtureCostEffect() (Labels, []CostPoint) {
	return Labels{
			Title:    "Cost and effect per scenario (10 years)",
			X:        "Programme cost (USD)",
			Y:        "Households kept out of poverty (%)",
			YPercent: true,
		}, []CostPoint{
			{Name: "Baseline", Cost: 0, CostLo: 0, CostHi: 0, Effect: 0, EffectLo: -0.01, EffectHi: 0.01},
			{Name: "Cash transfer", Cost: 1_200_000, CostLo: 1_050_000, CostHi: 1_380_000, Effect: 0.08, EffectLo: 0.055, EffectHi: 0.10},
			{Name: "Cash + training", Cost: 1_900_000, CostLo: 1_700_000, CostHi: 2_150_000, Effect: 0.15, EffectLo: 0.12, EffectHi: 0.18},
			{Name: "Microinsurance", Cost: 1_300_000, CostLo: 1_100_000, CostHi: 1_500_000, Effect: 0.07, EffectLo: 0.04, EffectHi: 0.095},
			{Name: "Livestock grant", Cost: 2_600_000, CostLo: 2_200_000, CostHi: 3_000_000, Effect: 0.12, EffectLo: 0.07, EffectHi: 0.17},
		}
}

func fixtureBars() (Labels, []Bar) {
	scen := []string{"Baseline", "Cash transfer", "Cash + training"}
	types := []string{"Smallholder", "Landless", "Female-headed", "Remittance"}
	var bars []Bar
	for i, s := range scen {
		for j, t := range types {
			v := 0.30 - 0.06*float64(i) + 0.04*float64(j) - 0.05*float64(j%2)
			w := 0.02 + 0.01*float64(j)
			bars = append(bars, Bar{Group: s, Name: t, Value: v, Lo: v - w, Hi: v + w})
		}
	}
	return Labels{
		Title:    "Return to poverty by household type",
		X:        "Scenario",
		Y:        "Households back in poverty (%)",
		YPercent: true,
	}, bars
}

func fixtureSobol() (Labels, []Bar) {
	params := []string{"shock_probability", "transfer_amount", "price_volatility", "remittance_share", "training_uptake", "discount_rate"}
	var bars []Bar
	for i, p := range params {
		s1 := 0.45 / float64(i+1)
		st := s1 + 0.05 + 0.02*float64(i%3)
		bars = append(bars,
			Bar{Group: p, Name: "First order (S1)", Value: s1, Lo: s1 - 0.04, Hi: s1 + 0.04},
			Bar{Group: p, Name: "Total (ST)", Value: st, Lo: st - 0.05, Hi: st + 0.05},
		)
	}
	bars[len(bars)-2].Value = -0.01 // estimates can dip below zero
	bars[len(bars)-2].Lo = -0.05
	return Labels{
		Title: "Sensitivity of 10-year return rate",
		X:     "Parameter",
		Y:     "Sobol index",
	}, bars
}

func fixtureScatter() (Labels, []float64, []float64) {
	r := rand.New(rand.NewPCG(1, 2))
	var x, y []float64
	for i := range 400 {
		xv := 50 + 25*float64(i%9) // transfer of 50..250 USD, 9 levels
		yv := 0.32 - 0.0008*xv + 0.04*r.NormFloat64()
		x = append(x, xv)
		y = append(y, yv)
	}
	return Labels{
		Title:    "Return rate against transfer size",
		X:        "Monthly transfer (USD)",
		Y:        "Households back in poverty (%)",
		YPercent: true,
	}, x, y
}

func fixtureSurvival() (Labels, []Curve) {
	mk := func(name string, hazard float64) Curve {
		c := Curve{Name: name, X: years()}
		s := 1.0
		for i, t := range c.X {
			if i > 0 {
				s *= 1 - hazard*(1+0.05*t)
			}
			w := 0.01 + 0.006*t
			c.Mean = append(c.Mean, s)
			c.Lo = append(c.Lo, math.Max(0, s-w))
			c.Hi = append(c.Hi, math.Min(1, s+w))
		}
		return c
	}
	return Labels{
			Title:    "Staying out of poverty (Kaplan–Meier)",
			X:        "Years since leaving poverty",
			Y:        "Households still out of poverty (%)",
			YPercent: true,
		}, []Curve{
			mk("Baseline", 0.06),
			mk("Cash transfer", 0.045),
			mk("Cash + training", 0.03),
		}
}
