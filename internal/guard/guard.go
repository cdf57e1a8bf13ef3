// Package guard keeps a damaged file from crashing povsim: third-party
// readers (Parquet) can panic on bytes they do not expect, and Recover turns
// such a panic into an error that names the file.
package guard

import (
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"
)

// Recover, deferred in a function that reads path and returns err, turns a
// panic of the reader into err, which starts with path (if not "").
//
//	defer guard.Recover(path, &err)
func Recover(path string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("damaged, or not a file povsim wrote or can read (the reader failed: %v)", r)
		if path != "" {
			*err = fmt.Errorf("%s: %w", path, *err)
		}
	}
}

// OpenParquet opens a Parquet file for reading; close releases it. Errors
// name the file. Defer Recover in the reader: reading can still panic.
func OpenParquet(path string) (pf *parquet.File, close func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err == nil {
		pf, err = parquet.OpenFile(f, st.Size())
	}
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return pf, f.Close, nil
}
