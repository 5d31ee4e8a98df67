//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package doctor

import "errors"

// freeBytes is not known on this system: the free-space check is left out.
func freeBytes(string) (uint64, error) { return 0, errors.New("free space unknown on this system") }
