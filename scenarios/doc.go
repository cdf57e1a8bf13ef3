// Package scenarios is povsim's scenario library and its loader. A scenario
// is a YAML file: a name and description, the field study it comes from, an
// optional scenario it extends, any model parameter to override (by the keys
// of sim.Params), and a timeline of changes from given years on. A
// scenario's own settings start in its first year: the warm-up year before
// it runs on the values they replaced in the scenario it extends
// (sim.Config.Before, which a file's before: mapping overrides and a
// resolved scenario lists), so that scenarios compared start from the same
// households; Override's settings hold from the warm-up year on.
//
// Loading is strict: unknown keys, wrong types, out-of-range values, timeline
// years outside the simulated years and cycles in extends are errors that
// name the file, the line, the key, the value and what was expected, all
// problems of a file in one message. The library is embedded in the binary.
package scenarios
