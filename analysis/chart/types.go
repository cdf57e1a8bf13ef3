package chart

// Band is one series with a 95% band, e.g. a scenario's return-to-poverty
// rate per year: Mean[i] at X[i], between Lo[i] and Hi[i]. X must
// increase. Lo and Hi may both be empty for a series without a band;
// otherwise all four slices have the same length.
type Band struct {
	Name            string
	X, Mean, Lo, Hi []float64
}

// Curve is a survival curve (Kaplan–Meier): S(t) = Mean[i] from X[i] up to
// X[i+1], with an optional 95% band Lo, Hi. Values are in [0, 1].
type Curve = Band

// CostPoint is one labelled scenario on a cost-effect chart: its mean
// cost and effect, each with a 95% interval.
type CostPoint struct {
	Name                       string
	Cost, CostLo, CostHi       float64
	Effect, EffectLo, EffectHi float64
}

// Bar is one bar with a 95% interval, e.g. the rate of one household type
// (Name) in one scenario (Group), or the Sobol index S1 or ST (Name) of one
// parameter (Group). A bar with Lo == Hi == Value has no whisker.
type Bar struct {
	Group, Name   string
	Value, Lo, Hi float64
}
