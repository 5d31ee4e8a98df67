//go:build unix

package backoffice

import (
	"fmt"
	"os"
	"syscall"
)

// Supported: unix sockets, owners and modes are what this package relies on.
const Supported = true

func fileOwner(fi os.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// samePeer is the server's check of a connecting uid against its own.
func samePeer(peer, self int) error {
	if peer != self {
		return fmt.Errorf("back office: refused a connection from uid %d: only the till's own user (uid %d) may use it", peer, self)
	}
	return nil
}
