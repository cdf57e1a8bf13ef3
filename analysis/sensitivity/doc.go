// Package sensitivity builds experimental designs for povsim parameter sweeps
// and analyses the resulting model outputs to tell which parameters matter.
//
// The workflow is always the same: describe the swept parameters as
// [Factor] values, build a [Design] (a list of points in parameter space),
// run the simulation once per design point in the order given by
// Design.Points, and hand the outputs back to an analysis function.
//
// Designs:
//
//   - [Grid]: full factorial over discrete levels, for exhaustive sweeps.
//   - [LatinHypercube]: space-filling random design (one point per stratum
//     in every dimension), for surrogate fitting and exploration.
//   - [Saltelli]: the radial A, B, AB_i scheme of Saltelli et al. (2010)
//     that feeds [Sobol].
//   - [Morris]: one-at-a-time trajectories (Morris 1991) that feed
//     [ElementaryEffects].
//
// Analyses:
//
//   - [Sobol]: variance-based first-order (S1) and total (ST) indices with
//     bootstrap percentile confidence intervals. Expensive (n(k+2) runs) but
//     quantitative.
//   - [ElementaryEffects]: Morris screening measures μ, μ* and σ
//     (Campolongo et al. 2007). Cheap (r(k+1) runs); use it to discard
//     inert parameters before a Sobol study.
//
// Everything is deterministic given a uint64 seed: random numbers come from
// math/rand/v2's PCG generator seeded explicitly, never from the global
// generator or the clock, so a design or an interval can be reproduced
// exactly from the seed recorded in Design.Seed.
//
// References:
//
//   - Morris, M. D. (1991). Factorial sampling plans for preliminary
//     computational experiments. Technometrics 33(2), 161–174.
//   - Jansen, M. J. W. (1999). Analysis of variance designs for model output.
//     Computer Physics Communications 117, 35–43.
//   - Campolongo, F., Cariboni, J., Saltelli, A. (2007). An effective
//     screening design for sensitivity analysis of large models.
//     Environmental Modelling & Software 22, 1509–1518.
//   - Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M.,
//     Tarantola, S. (2010). Variance based sensitivity analysis of model
//     output. Design and estimator for the total sensitivity index.
//     Computer Physics Communications 181, 259–270.
package sensitivity
