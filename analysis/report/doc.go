// Package report writes a planner's report of a comparison of scenarios:
// one self-contained HTML file, with the question answered, the headline
// numbers with their intervals, the charts as inline SVG, the tables, a
// readable diff of the scenarios' resolved parameters, the method and the
// provenance needed to reproduce the results. It loads nothing from the
// network, prints on A4 or letter paper and reads on a phone.
//
// It also turns povsim's results into charts ([Chart] and the *Chart
// functions): rates per year, paired differences, cost against effect,
// the breakdown by household type, survival out of poverty and hazards by
// spell length, and, for sweeps, Sobol indices, Morris screening and an
// outcome against a swept parameter.
package report
