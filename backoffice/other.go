//go:build !unix

package backoffice

import (
	"errors"
	"net"
	"os"
)

// Supported is false: on Windows the command lines need the till closed.
const Supported = false

func fileOwner(os.FileInfo) (int, bool) { return 0, false }

func checkPeer(net.Conn) error { return errors.ErrUnsupported }
