package sim

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"go/scanner"
	"go/token"
	"io/fs"
	"strings"
	"sync"
)

// source is the package's own Go files: the model's mechanisms and
// defaults as they are written.
//
//go:embed *.go
var source embed.FS

// Fingerprint identifies the model that produced a result: the SHA-256 (16
// hex digits) of the tokens of package sim's Go files (tests left out),
// which state every mechanism and default. Any change to the model's code
// changes it, also to a mechanism that is off at the defaults, so a cache
// keyed by it never serves another model's results; comments and layout
// are not tokens, so rewording or reformatting the code does not change it.
var Fingerprint = sync.OnceValue(func() string { return fingerprint(source) })

// fingerprint hashes the tokens of the .go files (but tests) of fsys, in
// name order.
func fingerprint(fsys fs.FS) string {
	names, err := fs.Glob(fsys, "*.go")
	if err != nil {
		panic(err) // "*.go" is a valid pattern
	}
	h := sha256.New()
	for _, name := range names { // fs.Glob sorts
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err) // an embedded file is always readable
		}
		h.Write([]byte(name + "\x00"))
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(name, -1, len(src)), src, nil, 0) // comments skipped
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.SEMICOLON {
				continue // written or inserted at a line end: layout
			}
			h.Write([]byte(tok.String() + "\x00" + lit + "\x00"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
