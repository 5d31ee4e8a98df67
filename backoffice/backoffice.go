// Package backoffice lets back-office command lines work while the till
// runs. The process that holds the journal (the TUI) serves a local socket
// that only the till's own user can open; a command line that finds the
// journal held sends its command there, and the running till runs the very
// same command function against its own journal and engine, streaming back
// the command's stdout, stderr and exit code. The bytes a user sees are the
// bytes the command writes when nothing holds the journal.
//
// Access: the socket is created mode 0600 in a directory of the till's own
// (beside the journal); the client refuses a socket that is not a socket,
// has group or other permission bits, or belongs to another user; on Linux
// the server also checks each peer's uid with SO_PEERCRED and refuses any
// other uid. Windows has no back-office socket (Supported is false): the
// command lines there need the till closed, as before.
//
// The protocol is frames over the stream: a kind byte, a big-endian uint32
// length and the payload. The client sends one request frame, then stdin
// frames; the server sends stdout, stderr and ask frames and ends with the
// exit frame.
package backoffice

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Version is the protocol version a request carries; a server refuses
// another.
const Version = 1

// Request is what a command line sends: its command and arguments, and
// what the command needs of the client's side.
type Request struct {
	Version int `json:"version"`
	// Command is the subcommand (eod, export, ...) and Args its arguments.
	// An empty Command asks only who the running till is (Hello).
	Command string   `json:"command,omitempty"`
	Args    []string `json:"args,omitempty"`
	// Cashier is the global --cashier flag (their PIN is asked for).
	Cashier string `json:"cashier,omitempty"`
	// Journal is the journal the client's config names (absolute): the
	// server refuses a request for a journal it does not hold.
	Journal string `json:"journal"`
	// Cwd resolves the relative paths of the command (export -o, backup).
	Cwd string `json:"cwd"`
	// Env is the client's USER and LOGNAME (who a journaled action is by).
	Env map[string]string `json:"env,omitempty"`
	// Which of the client's streams are terminals. With StdinTTY the client
	// forwards no stdin; PINs and answers are asked for with ask frames.
	StdinTTY  bool `json:"stdinTTY,omitempty"`
	StdoutTTY bool `json:"stdoutTTY,omitempty"`
	StderrTTY bool `json:"stderrTTY,omitempty"`
}

// Frame kinds.
const (
	frameRequest = 'r' // client: the Request, JSON
	frameStdin   = 'i' // client: stdin bytes; empty = end of stdin
	frameAnswer  = 'a' // client: the line typed in answer to an ask
	frameStdout  = 'o' // server: stdout bytes
	frameStderr  = 'e' // server: stderr bytes
	frameAsk     = '?' // server: read a line on the terminal; payload "echo" or "noecho"
	frameExit    = 'x' // server: the exit code, 4 bytes; the last frame
)

// maxFrame bounds a frame's payload (a request, a chunk of output).
const maxFrame = 1 << 20

func writeFrame(w io.Writer, kind byte, p []byte) error {
	if len(p) > maxFrame {
		return fmt.Errorf("backoffice: frame of %d bytes is too long", len(p))
	}
	var hdr [5]byte
	hdr[0] = kind
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(p)))
	if _, err := w.Write(append(hdr[:], p...)); err != nil {
		return err
	}
	return nil
}

func readFrame(r io.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > maxFrame {
		return 0, nil, fmt.Errorf("backoffice: frame of %d bytes is too long", n)
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		return 0, nil, fmt.Errorf("backoffice: short frame: %w", err)
	}
	return hdr[0], p, nil
}

// maxSocketPath is the longest unix socket path every supported OS takes
// (macOS: 104 bytes with the terminating NUL).
const maxSocketPath = 100

// SocketPath is where the till holding journal (an absolute path) serves
// the back office: beside the journal, in its owner-only directory; or,
// when that path is too long for a socket, in the temporary directory under
// a name made of the user's id and a hash of the journal's path.
func SocketPath(journal string) string {
	p := filepath.Join(filepath.Dir(journal), "."+filepath.Base(journal)+".sock")
	if len(p) <= maxSocketPath {
		return p
	}
	sum := sha256.Sum256([]byte(journal))
	return filepath.Join(os.TempDir(), fmt.Sprintf("till-%d-%s.sock", os.Getuid(), hex.EncodeToString(sum[:8])))
}

// ErrNoTill: no till serves the socket (none, or a stale one left by a till
// that was killed). The command runs on its own.
var ErrNoTill = errors.New("no running till serves the back office")

// UnsafeError: a socket is there but the client must not trust it.
type UnsafeError struct {
	Path, Reason string
}

func (e *UnsafeError) Error() string {
	return fmt.Sprintf("the back-office socket %s %s: refusing to use it (it must be a socket of your own with mode 0600; remove it if no till is running)", e.Path, e.Reason)
}
