// Package sim is the household model of povsim: one Monte Carlo replication
// of rural households that were lifted out of poverty by 2020 (and marginal
// households close to the line), simulated year by year under a policy
// scenario.
//
// A replication is a pure function of (Config, seed, replication index): no
// globals, no wall clock, no file or network access. Random numbers come from
// streams keyed by (seed, replication, entity, year, purpose), so two
// scenarios run with one seed share every draw that neither of them changes
// (common random numbers), whatever the number of workers.
//
// Use New to validate a Config, Model.NewRunner for one Runner per goroutine,
// and Runner.Run for each replication. docs/MODEL.md states every equation
// and default.
package sim
