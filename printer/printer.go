// Package printer sends print jobs (ESC/POS bytes from receipts.ESCPOS) to
// a receipt printer: a local device such as /dev/usb/lp0, a network printer
// on its raw TCP port (host:9100), or a file (for testing, or "print to
// file"). Each job opens the device, connection or file, writes the whole
// job and closes it, so a printer that is switched off, unplugged or out of
// paper between jobs costs one failed job, never a stuck till.
//
// A failed print never loses a sale: callers print after the sale is
// journaled, show the error (whose message says what to do) and let the
// cashier reprint later.
package printer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DefaultTimeout bounds one print job when Config.Timeout is zero: the
// connect and the whole write.
const DefaultTimeout = 10 * time.Second

// Config says where the printer is. Exactly one of Device, TCP and File is
// set.
type Config struct {
	// Device is a character device the printer appears as, e.g.
	// /dev/usb/lp0. It is opened write-only, append, per job.
	Device string
	// TCP is a network printer's raw port, "host:port"; a missing port
	// means 9100.
	TCP string
	// File is a file each job is appended to (created 0600 if missing).
	File string
	// Timeout bounds one job: connecting and writing. Zero means
	// DefaultTimeout.
	Timeout time.Duration
}

// Printer is a configured printer. It holds no open file or connection
// between jobs and is safe for concurrent use (jobs to a device or file are
// serialised by the kernel's append writes; keep one job in flight per
// printer so slips do not interleave).
type Printer struct {
	cfg  Config
	name string // "printer /dev/usb/lp0", for messages
}

// Open checks cfg and returns the printer. It does no I/O: a printer that
// is off now may be on by the first job.
func Open(cfg Config) (*Printer, error) {
	set := 0
	for _, v := range []string{cfg.Device, cfg.TCP, cfg.File} {
		if v != "" {
			set++
		}
	}
	if set != 1 {
		return nil, errors.New("printer: set exactly one of device, tcp and file")
	}
	if cfg.Timeout < 0 {
		return nil, errors.New("printer: timeout must not be negative")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	p := &Printer{cfg: cfg}
	switch {
	case cfg.Device != "":
		if !filepath.IsAbs(cfg.Device) {
			return nil, fmt.Errorf("printer device %q: give the full path, e.g. /dev/usb/lp0", cfg.Device)
		}
		p.name = "printer " + cfg.Device
	case cfg.TCP != "":
		addr, err := tcpAddr(cfg.TCP)
		if err != nil {
			return nil, err
		}
		p.cfg.TCP = addr
		p.name = "printer " + addr
	default:
		p.name = "print file " + cfg.File
	}
	return p, nil
}

// tcpAddr checks host:port and adds the raw printing port 9100 when the
// port is missing ("192.168.1.50", "printer.local", "fe80::1").
func tcpAddr(s string) (string, error) {
	bad := fmt.Errorf("printer tcp %q is not host:port, e.g. 192.168.1.50:9100", s)
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		if strings.Contains(s, ":") && net.ParseIP(s) == nil {
			return "", bad
		}
		host, port = s, "9100"
	}
	if host == "" || port == "" || strings.ContainsAny(host, " /") {
		return "", bad
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", bad
	}
	return net.JoinHostPort(host, port), nil
}

// String names the printer for messages: "printer /dev/usb/lp0",
// "printer 192.168.1.50:9100" or "print file /tmp/slips.bin".
func (p *Printer) String() string { return p.name }

// Print sends one job: it opens the device, connection or file, writes b
// in full and closes it, within the configured timeout and ctx. The error
// says what to do about it ("printer /dev/usb/lp0: permission denied — add
// the till user to the lp group").
func (p *Printer) Print(ctx context.Context, b []byte) error {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	var err error
	switch {
	case p.cfg.TCP != "":
		err = p.printTCP(ctx, b)
	case p.cfg.Device != "":
		err = p.printFile(ctx, p.cfg.Device, os.O_WRONLY|os.O_APPEND, b)
	default:
		err = p.printFile(ctx, p.cfg.File, os.O_WRONLY|os.O_APPEND|os.O_CREATE, b)
	}
	if err != nil {
		return p.explain(err)
	}
	return nil
}

func (p *Printer) printTCP(ctx context.Context, b []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.cfg.TCP)
	if err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetWriteDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetWriteDeadline(time.Unix(1, 0)) })
	defer stop()
	_, werr := conn.Write(b)
	cerr := conn.Close()
	if werr != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return werr
	}
	return cerr
}

// printFile writes b to a device or file. A write to a printer device can
// block while the printer is offline, and character devices cannot be given
// deadlines, so the write runs aside and the job gives up at the deadline,
// closing the file to release it.
func (p *Printer) printFile(ctx context.Context, path string, flag int, b []byte) error {
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		_, err := f.Write(b)
		done <- err
	}()
	select {
	case err := <-done:
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	case <-ctx.Done():
		_ = f.Close()
		return ctx.Err()
	}
}

// explain turns an I/O error into a message that says what to do.
func (p *Printer) explain(err error) error {
	hint := ""
	switch {
	case errors.Is(err, os.ErrPermission):
		if p.cfg.Device != "" {
			hint = "permission denied — add the till user to the lp group (sudo usermod -aG lp $USER, then log in again)"
		} else {
			hint = "permission denied — check the file's and its directory's permissions"
		}
	case errors.Is(err, os.ErrNotExist):
		if p.cfg.Device != "" {
			hint = "no such device — is the printer plugged in and switched on?"
		} else {
			hint = "its directory does not exist"
		}
	case errors.Is(err, syscall.EBUSY):
		hint = "the device is busy — another program is printing to it"
	case errors.Is(err, syscall.ENXIO), errors.Is(err, syscall.ENODEV), errors.Is(err, syscall.EIO):
		hint = "the printer does not answer — is it switched on, with paper, and its cover closed?"
	case errors.Is(err, syscall.ECONNREFUSED):
		hint = "connection refused — is the printer on, and is its raw printing port (usually 9100) right?"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		hint = "no route to it — check the printer's address and the network"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		hint = fmt.Sprintf("no answer within %v — is it switched on, connected, with paper and its cover closed?", p.cfg.Timeout)
	case errors.Is(err, context.Canceled):
		hint = "printing was cancelled"
	case errors.Is(err, io.ErrShortWrite), errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNRESET):
		hint = "the printer stopped taking the job part way — check it and print again"
	}
	var dnsErr *net.DNSError
	if hint == "" && errors.As(err, &dnsErr) {
		hint = "unknown host " + dnsErr.Name + " — check the printer's address"
	}
	if hint == "" {
		return &Error{Printer: p.name, Err: err, Message: p.name + ": " + err.Error()}
	}
	return &Error{Printer: p.name, Err: err, Message: p.name + ": " + hint}
}

// Error is a failed print job. Its message names the printer and what to
// do; Err is the underlying I/O error, for errors.Is.
type Error struct {
	Printer string
	Message string
	Err     error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying I/O error.
func (e *Error) Unwrap() error { return e.Err }
