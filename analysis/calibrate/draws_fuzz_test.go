package calibrate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// FuzzReadDrawsParquet: a Parquet draws file of any bytes is read or
// refused with its file named, never with a panic (the Parquet reader
// panics on some damaged files). Seeds: a small draws table and copies
// with 4 bytes overwritten.
func FuzzReadDrawsParquet(f *testing.F) {
	type row struct {
		Weight float64 `parquet:"weight"`
		Find   float64 `parquet:"labor.local_job_find"`
	}
	var buf bytes.Buffer
	if err := parquet.Write(&buf, []row{{0.5, 0.3}, {0.25, 0.35}, {0.25, 0.4}}); err != nil {
		f.Fatal(err)
	}
	b := buf.Bytes()
	f.Add(b)
	for i := 1; i <= 30; i++ {
		d := bytes.Clone(b)
		copy(d[4+(len(b)-12)*i/31:], []byte{0xff, 0xff, 0xff, 0xff})
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "d.parquet")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadDraws(p); err != nil && !strings.Contains(err.Error(), p) {
			t.Fatalf("error without the file: %v", err)
		}
	})
}
