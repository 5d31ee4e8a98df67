package backoffice

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func serve(t *testing.T, h Handler) *Server {
	t.Helper()
	srv, err := Listen(filepath.Join(t.TempDir(), ".journal.db.sock"), h, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// TestSessionRelaysEverything: the request, stdin, a PIN asked for on the
// terminal, stdout and stderr in order (more than a frame's worth), and the
// exit code.
func TestSessionRelaysEverything(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 200_000) // 3.2 MB: several frames
	srv := serve(t, func(s *Session) int {
		in, err := io.ReadAll(s.Stdin)
		if err != nil {
			return 9
		}
		fmt.Fprintf(s.Stderr, "PIN: ")
		pin, err := s.Ask(false)
		if err != nil {
			return 8
		}
		fmt.Fprintf(s.Stdout, "%s %v cwd=%s user=%s stdin=%q pin=%q\n", s.Command, s.Args, s.Cwd, s.Env["USER"], in, pin)
		io.WriteString(s.Stdout, big)
		fmt.Fprintln(s.Stderr, "done")
		return 3
	})
	conn, err := Dial(srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	asked := 0
	code, err := Run(conn, Request{Command: "export", Args: []string{"--format", "csv"}, Cwd: "/home/shop", Env: map[string]string{"USER": "thabo"}},
		strings.NewReader("line one\nline two\n"), &out, &errb, func(echo bool) (string, error) {
			asked++
			if echo {
				t.Error("a PIN asked with echo")
			}
			return "4321", nil
		})
	// StdinTTY was false: the server's Ask refuses (the handler's 8), it
	// does not hang or read the running till's own terminal.
	if err != nil || code != 8 {
		t.Fatalf("code %d err %v", code, err)
	}
	if asked != 0 || !strings.HasPrefix(errb.String(), "PIN: ") {
		t.Fatalf("asked %d stderr %q", asked, errb.String())
	}
	// With a terminal: no stdin is forwarded, the PIN is asked for.
	conn, err = Dial(srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	code, err = Run(conn, Request{Command: "export", Args: []string{"--format", "csv"}, Cwd: "/home/shop", Env: map[string]string{"USER": "thabo"}, StdinTTY: true},
		strings.NewReader("never sent"), &out, &errb, func(echo bool) (string, error) { asked++; return "4321", nil })
	if err != nil || code != 3 || asked != 1 {
		t.Fatalf("code %d err %v asked %d", code, err, asked)
	}
	want := "export [--format csv] cwd=/home/shop user=thabo stdin=\"\" pin=\"4321\"\n" + big
	if out.String() != want {
		t.Fatalf("stdout: %d bytes, want %d; starts %q", out.Len(), len(want), out.String()[:min(out.Len(), 120)])
	}
	if errb.String() != "PIN: done\n" {
		t.Fatalf("stderr %q", errb.String())
	}
}

func TestSessionStdin(t *testing.T) {
	srv := serve(t, func(s *Session) int {
		in, _ := io.ReadAll(s.Stdin)
		s.Stdout.Write(in)
		return 0
	})
	conn, err := Dial(srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	code, err := Run(conn, Request{Command: "x"}, strings.NewReader("1234\n5678\n"), &out, io.Discard, nil)
	if err != nil || code != 0 || out.String() != "1234\n5678\n" {
		t.Fatalf("code %d err %v out %q", code, err, out.String())
	}
}

// TestSocketModeAndOwner: the server makes the socket 0600; the client
// refuses one anybody can open, and a file that is not a socket.
func TestSocketModeAndOwner(t *testing.T) {
	srv := serve(t, func(s *Session) int { return 0 })
	fi, err := os.Lstat(srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || fi.Mode().Type() != os.ModeSocket {
		t.Fatalf("socket mode %v", fi.Mode())
	}
	if err := os.Chmod(srv.Path(), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err = Dial(srv.Path())
	var ue *UnsafeError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "has mode 0666") {
		t.Fatalf("dial a 0666 socket: %v", err)
	}
	plain := filepath.Join(t.TempDir(), "plain")
	os.WriteFile(plain, nil, 0o600)
	if _, err := Dial(plain); !errors.As(err, &ue) || !strings.Contains(err.Error(), "is not a socket") {
		t.Fatalf("dial a file: %v", err)
	}
	if _, err := Dial(filepath.Join(t.TempDir(), "none")); !errors.Is(err, ErrNoTill) {
		t.Fatalf("dial nothing: %v", err)
	}
	// Another user's socket: the owner check on what Lstat says.
	if err := checkSocketFile(fi, os.Getuid()+1); err == nil || !strings.Contains(err.Error(), "belongs to uid") {
		t.Fatalf("another uid's socket: %v", err)
	}
	if err := checkSocketFile(fi, os.Getuid()); err != nil {
		t.Fatal(err)
	}
}

// TestPeerUIDCheck: the server's check of the connecting uid.
func TestPeerUIDCheck(t *testing.T) {
	if err := samePeer(1000, 1000); err != nil {
		t.Fatal(err)
	}
	if err := samePeer(1001, 1000); err == nil || !strings.Contains(err.Error(), "refused a connection from uid 1001") {
		t.Fatalf("another uid: %v", err)
	}
}

// TestStaleSocketIsReplaced: a till killed without removing its socket
// leaves a file nobody answers; the next till replaces it and command
// lines meanwhile run on their own (ErrNoTill). A live one is not taken.
func TestStaleSocketIsReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".j.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	os.Chmod(path, 0o600)
	if _, err := Listen(path, func(*Session) int { return 0 }, nil); err == nil || !strings.Contains(err.Error(), "another till serves") {
		t.Fatalf("took a live socket: %v", err)
	}
	ln.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Fatal("the stale socket should still be there")
	}
	if _, err := Dial(path); !errors.Is(err, ErrNoTill) {
		t.Fatalf("dial a stale socket: %v", err)
	}
	srv, err := Listen(path, func(*Session) int { return 7 }, nil)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := Dial(path)
	if err != nil {
		t.Fatal(err)
	}
	code, err := Run(conn, Request{Command: "x"}, nil, io.Discard, io.Discard, nil)
	if err != nil || code != 7 {
		t.Fatalf("code %d err %v", code, err)
	}
	srv.Close()
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left after Close: %v", err)
	}
}

// TestClientGoneCancelsSession: a client that hangs up cancels the
// session's context; the server is not stuck.
func TestClientGoneCancelsSession(t *testing.T) {
	started := make(chan struct{})
	ended := make(chan error, 1)
	srv := serve(t, func(s *Session) int {
		close(started)
		<-s.Context().Done()
		ended <- s.Context().Err()
		return 0
	})
	conn, err := Dial(srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	go Run(conn, Request{Command: "x"}, nil, io.Discard, io.Discard, nil)
	<-started
	conn.Close()
	if err := <-ended; err == nil {
		t.Fatal("no cancel")
	}
}

// TestSlowReaderNeverHoldsTheTill: a command line that stops reading (a
// pager left open) does not block the command's writes — so a journal read
// transaction ends when the command does — and does not keep the till from
// closing.
func TestSlowReaderNeverHoldsTheTill(t *testing.T) {
	done := make(chan struct{})
	path := filepath.Join(t.TempDir(), ".j.sock")
	srv, err := Listen(path, func(s *Session) int {
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for i := 0; i < 160; i++ { // 10 MB, far more than a socket buffers
			if _, err := s.Stdout.Write(chunk); err != nil {
				break
			}
		}
		close(done)
		return 0
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := Dial(path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	p, _ := json.Marshal(Request{Version: Version, Command: "export"})
	if err := writeFrame(conn, frameRequest, p); err != nil {
		t.Fatal(err)
	}
	<-done // the command finished though nobody read its output
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
}
