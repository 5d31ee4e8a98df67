package store

import (
	"os"
	"syscall"
)

// datasync is fdatasync(2), what bbolt calls on Linux at every commit.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
