package backoffice

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// TestAnotherUserIsRefused connects, as root's test, from a process running
// as the user nobody to a socket it has been let open (mode 0666, for the
// test): the server's SO_PEERCRED check refuses it and runs nothing.
func TestAnotherUserIsRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run a process as another user")
	}
	dir, err := os.MkdirTemp("", "till-backoffice-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	var ran atomic.Int32
	srv, err := Listen(filepath.Join(dir, ".journal.db.sock"), func(s *Session) int { ran.Add(1); return 0 }, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	os.Chmod(srv.Path(), 0o666) // what a careless umask or admin might leave
	exe := filepath.Join(dir, "test.bin")
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, self, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestHelperOtherUser$")
	cmd.Env = append(os.Environ(), "TILL_BACKOFFICE_HELPER="+srv.Path())
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "code 4 stderr \"till: back office: refused a connection from uid 65534") {
		t.Fatalf("helper saw:\n%s", out)
	}
	if ran.Load() != 0 {
		t.Fatal("the server ran a command for another user")
	}
	// The same socket from this user works.
	conn, err := net.Dial("unix", srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	if code, err := Run(conn, Request{Command: "x"}, nil, io.Discard, io.Discard, nil); err != nil || code != 0 || ran.Load() != 1 {
		t.Fatalf("own user: code %d err %v ran %d", code, err, ran.Load())
	}
}

// TestHelperOtherUser is the other user's side of TestAnotherUserIsRefused.
func TestHelperOtherUser(t *testing.T) {
	path := os.Getenv("TILL_BACKOFFICE_HELPER")
	if path == "" {
		t.Skip("helper process only")
	}
	conn, err := net.Dial("unix", path) // past the client's own checks, on purpose
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code, err := Run(conn, Request{Command: "export"}, nil, io.Discard, &stderr, nil)
	fmt.Printf("uid %d: code %d stderr %q err %v\n", os.Getuid(), code, stderr.String(), err)
}
