//go:build !faultinject

package fileset

// crashPoint marks a point where a write can be interrupted; binaries built
// with -tags faultinject can be made to kill themselves there (see
// crash_on.go), which is how the tests check every point.
func crashPoint(string) {}
