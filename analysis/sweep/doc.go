// Package sweep runs parameter sweeps of the household model: a sweep file
// names a base scenario, the parameters to vary (by their dotted config
// paths, with ranges or levels), an experimental design (full grid, Latin
// hypercube, Saltelli or Morris, from package sensitivity), replications per
// point or a precision target, the outcomes and years to record, and a seed.
//
// Every design point is run with the sweep's seed, so all points share their
// random draws wherever the parameters do not change them (common random
// numbers): differences between points are the parameters' effects, not
// noise, which is what sensitivity analysis needs.
//
// Results of each point are kept in a cache folder, keyed by the SHA-256 of
// (analysis.Version, ModelFingerprint, resolved model config, seed): each
// run appends the points it finishes to a segment file of its own, one
// record per point with a checksum, written in one call. A sweep that is interrupted at any moment
// (even by SIGKILL) and run again reuses every finished point, and any later
// sweep or shard that runs the same config with the same seed reuses it too.
// The output (Parquet or CSV, one tidy row per point × replication × year ×
// outcome, plus a summary table per point) is assembled in design order from
// those points, so a resumed sweep, a sweep run in shards and merged, and an
// uninterrupted sweep write the same bytes.
//
// docs/SWEEPS.md describes the sweep file, the output schema, sharding,
// Slurm and Kubernetes.
package sweep
