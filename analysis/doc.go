// Package analysis turns replications of the household model into answers:
// Monte Carlo ensembles over a bounded pool of workers, summaries with 95%
// intervals, paired comparisons of scenarios with their costs, sweeps and
// sensitivity analyses, and the files, charts and reports they are written
// to. It consumes sim's results and never changes the model.
package analysis
