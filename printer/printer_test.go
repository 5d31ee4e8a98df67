package printer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var job = []byte("\x1b@hello\n\x1bd\x04\x1dV\x01")

func TestOpenChecksConfig(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "exactly one"},
		{Config{Device: "/dev/usb/lp0", File: "x"}, "exactly one"},
		{Config{Device: "usb/lp0"}, "full path"},
		{Config{TCP: "printer:port"}, "not host:port"},
		{Config{TCP: "10.0.0.1:99999"}, "not host:port"},
		{Config{File: "x", Timeout: -time.Second}, "negative"},
	} {
		if _, err := Open(c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%+v) = %v, want %q", c.cfg, err, c.want)
		}
	}
	for in, want := range map[string]string{"192.168.1.50": "192.168.1.50:9100", "printer.local:9101": "printer.local:9101", "fe80::1": "[fe80::1]:9100"} {
		p, err := Open(Config{TCP: in})
		if err != nil || p.String() != "printer "+want {
			t.Errorf("Open(tcp %q) = %v %v, want %s", in, p, err, want)
		}
	}
}

func TestPrintToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "slips.bin")
	p, err := Open(Config{File: path})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := p.Print(context.Background(), job); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, append(append([]byte{}, job...), job...)) {
		t.Fatalf("file holds %q", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("print file mode %v", fi.Mode().Perm())
	}
}

func TestPrintToDevice(t *testing.T) {
	// A device is opened without O_CREATE: a missing one is not created.
	p, _ := Open(Config{Device: filepath.Join(t.TempDir(), "lp0")})
	err := p.Print(context.Background(), job)
	if err == nil || !strings.Contains(err.Error(), "no such device — is the printer plugged in") {
		t.Fatalf("missing device: %v", err)
	}
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %T does not unwrap to ErrNotExist", err)
	}
	// An existing device path (a plain file here) is appended to.
	dev := filepath.Join(t.TempDir(), "lp1")
	if err := os.WriteFile(dev, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p, _ = Open(Config{Device: dev})
	if err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dev); !bytes.Equal(got, job) {
		t.Fatalf("device got %q", got)
	}
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
	if err := os.Chmod(dev, 0o400); err != nil {
		t.Fatal(err)
	}
	err = p.Print(context.Background(), job)
	if err == nil || err.Error() != "printer "+dev+": permission denied — add the till user to the lp group (sudo usermod -aG lp $USER, then log in again)" {
		t.Fatalf("read-only device: %v", err)
	}
}

func TestPrintTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- b
	}()
	p, err := Open(Config{TCP: ln.Addr().String(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if !bytes.Equal(b, job) {
			t.Fatalf("printer got %q", b)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the printer got nothing")
	}
}

func TestPrintTCPRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	p, _ := Open(Config{TCP: addr, Timeout: time.Second})
	err = p.Print(context.Background(), job)
	if err == nil || err.Error() != "printer "+addr+": connection refused — is the printer on, and is its raw printing port (usually 9100) right?" {
		t.Fatalf("refused: %v", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("%v does not unwrap to ECONNREFUSED", err)
	}
}

// TestPrintTCPStalled: a printer that accepts the connection but takes no
// bytes (out of paper, cover open) fails the job at the deadline.
func TestPrintTCPStalled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	held := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			held <- c // never read
		}
	}()
	defer func() {
		select {
		case c := <-held:
			c.Close()
		default:
		}
	}()
	p, _ := Open(Config{TCP: ln.Addr().String(), Timeout: 300 * time.Millisecond})
	start := time.Now()
	err = p.Print(context.Background(), make([]byte, 64<<20)) // more than the socket buffers hold
	if err == nil || !strings.Contains(err.Error(), "no answer within 300ms") {
		t.Fatalf("stalled printer: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("gave up after %v", d)
	}
}

func TestPrintCancelled(t *testing.T) {
	p, _ := Open(Config{File: filepath.Join(t.TempDir(), "x")})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// The write to a plain file is quick; cancellation may or may not win,
	// but a job must never hang or panic.
	_ = p.Print(ctx, job)
}
