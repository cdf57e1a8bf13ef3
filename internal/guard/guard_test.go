package guard

import (
	"strings"
	"testing"
)

func read(path string, fail bool) (err error) {
	defer Recover(path, &err)
	if fail {
		var s []int
		_ = s[3] // what a reader of damaged bytes does
	}
	return nil
}

func TestRecover(t *testing.T) {
	if err := read("ok.parquet", false); err != nil {
		t.Errorf("no panic: %v", err)
	}
	err := read("bad.parquet", true)
	if err == nil || !strings.HasPrefix(err.Error(), "bad.parquet: damaged") || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("panic: %v", err)
	}
}
