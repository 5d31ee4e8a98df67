package backoffice

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
)

// Dial connects to the till serving path. It returns ErrNoTill when no
// till serves it (no socket, or a stale one), and an *UnsafeError when the
// socket is not one this user can trust.
func Dial(path string) (net.Conn, error) {
	if !Supported {
		return nil, ErrNoTill
	}
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoTill
	}
	if err != nil {
		return nil, &UnsafeError{Path: path, Reason: "cannot be checked: " + err.Error()}
	}
	if err := checkSocketFile(fi, os.Getuid()); err != nil {
		return nil, &UnsafeError{Path: path, Reason: err.Error()}
	}
	conn, err := net.Dial("unix", path)
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoTill
	}
	if err != nil {
		return nil, fmt.Errorf("back-office socket %s: %w", path, err)
	}
	return conn, nil
}

// checkSocketFile checks what Lstat says of a back-office socket: a socket,
// owned by uid, with no permission for group or others.
func checkSocketFile(fi os.FileInfo, uid int) error {
	if fi.Mode().Type() != os.ModeSocket {
		return errors.New("is not a socket")
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("has mode %04o", perm)
	}
	if owner, ok := fileOwner(fi); ok && owner != uid {
		return fmt.Errorf("belongs to uid %d, not you (uid %d)", owner, uid)
	}
	return nil
}

// Terminal reads a line typed on the client's terminal, with or without
// echo, for the server's ask frames.
type Terminal func(echo bool) (string, error)

// ErrLost: the connection ended before the exit code arrived.
var ErrLost = errors.New("the running till closed the connection before the command finished")

// Run sends req on conn and relays the session: stdin (when req.StdinTTY is
// false and stdin is not nil) to the server, stdout and stderr frames to
// stdout and stderr, asks to term. It returns the command's exit code, or
// ErrLost. It closes conn.
func Run(conn net.Conn, req Request, stdin io.Reader, stdout, stderr io.Writer, term Terminal) (int, error) {
	defer conn.Close()
	req.Version = Version
	p, err := json.Marshal(req)
	if err != nil {
		return 0, err
	}
	var wmu sync.Mutex
	send := func(kind byte, p []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		return writeFrame(conn, kind, p)
	}
	// A request that cannot be written fully is not fatal yet: a server
	// that refuses the connection has said why, which is read below.
	_ = send(frameRequest, p)
	if req.StdinTTY || stdin == nil {
		// Nothing to forward: the command sees an empty stdin. (A command
		// that has already finished may have closed the connection: its
		// frames are still read below.)
		_ = send(frameStdin, nil)
	} else {
		go func() {
			buf := make([]byte, 32<<10)
			for {
				n, err := stdin.Read(buf)
				if n > 0 && send(frameStdin, buf[:n]) != nil {
					return
				}
				if err != nil {
					_ = send(frameStdin, nil)
					return
				}
			}
		}()
	}
	r := bufio.NewReader(conn)
	for {
		kind, p, err := readFrame(r)
		if err != nil {
			return 0, fmt.Errorf("%w: %v", ErrLost, err)
		}
		switch kind {
		case frameStdout:
			_, _ = stdout.Write(p)
		case frameStderr:
			_, _ = stderr.Write(p)
		case frameAsk:
			line := ""
			if term != nil {
				line, err = term(string(p) == "echo")
				if err != nil {
					line = ""
				}
			}
			if err := send(frameAnswer, []byte(line)); err != nil {
				return 0, fmt.Errorf("%w: %v", ErrLost, err)
			}
		case frameExit:
			if len(p) != 4 {
				return 0, fmt.Errorf("%w: a bad exit frame", ErrLost)
			}
			return int(int32(binary.BigEndian.Uint32(p))), nil
		}
	}
}
