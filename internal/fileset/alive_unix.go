//go:build unix

package fileset

import (
	"errors"
	"syscall"
)

// alive reports whether a process pid runs on this machine (a temporary
// file of a running povsim is not stale).
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
