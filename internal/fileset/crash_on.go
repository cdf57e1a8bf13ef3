//go:build faultinject

package fileset

import (
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
)

var points atomic.Int64

// crashPoint kills the process with SIGKILL at the Nth crash point it
// reaches, N from POVSIM_FAULT_CRASH_AT (tests only: the variable exists only
// in binaries built with -tags faultinject). Each point reached is logged to
// the file POVSIM_FAULT_LOG names, so a test knows how many there are.
func crashPoint(what string) {
	n := points.Add(1)
	if log := os.Getenv("POVSIM_FAULT_LOG"); log != "" {
		if f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			f.WriteString(strconv.FormatInt(n, 10) + " " + what + "\n")
			f.Close()
		}
	}
	if at, err := strconv.ParseInt(os.Getenv("POVSIM_FAULT_CRASH_AT"), 10, 64); err == nil && at == n {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
}
