// Package calibrate fits povsim's parameters to published figures.
//
// A targets file (LoadTargets) names the parameters to fit by their config
// paths, with a range and a prior, and the figures to fit them to: each an
// outcome povsim reports (by year or span of years, overall or for a
// household type) with its published value, uncertainty, a pre-registered
// tolerance, its source and reliability mark.
//
// Two methods fit them:
//
//   - SMD, simulated minimum distance: every candidate runs on the same
//     random numbers (common random numbers), so the distance is a
//     deterministic function of the parameters that gonum's Nelder–Mead
//     minimizes; standard errors come from the Jacobian of the moments
//     (finite differences, again on common random numbers) and the moments'
//     covariance (observation plus Monte Carlo).
//   - ABC, sequential Monte Carlo approximate Bayesian computation: weighted
//     parameter draws, with per-round tolerance, acceptance rate and
//     effective sample size.
//
// The distance divides each target's squared miss by its observation
// variance plus the Monte Carlo variance of the simulated moment.
package calibrate
