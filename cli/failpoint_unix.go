//go:build unix

package cli

import (
	"os"
	"syscall"
)

// killSelf ends the process the way a power cut would: SIGKILL, which runs
// no deferred function and flushes nothing.
func killSelf() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) }
