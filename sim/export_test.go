package sim

// SetNoLean sends every year through the general household-year (step.go)
// while set, for tests that compare it with the lean one (lean.go).
func SetNoLean(on bool) { noLean = on }
