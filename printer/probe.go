package printer

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
)

// Probe checks that the printer can be reached without printing anything:
// a network printer's port accepts a connection (closed at once, nothing
// written), a device opens for writing, a print file (or, before the first
// job, its directory) is writable. Its error says what to do, as Print's.
func (p *Printer) Probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	var err error
	switch {
	case p.cfg.TCP != "":
		var d net.Dialer
		var conn net.Conn
		if conn, err = d.DialContext(ctx, "tcp", p.cfg.TCP); err == nil {
			err = conn.Close()
		}
	case p.cfg.Device != "":
		err = probeOpen(ctx, p.cfg.Device)
	default:
		err = probeOpen(ctx, p.cfg.File)
		if errors.Is(err, os.ErrNotExist) {
			err = dirWritable(filepath.Dir(p.cfg.File))
		}
	}
	if err != nil {
		return p.explain(err)
	}
	return nil
}

// probeOpen opens path for appending and closes it, writing nothing. A
// printer device can block in open while offline, so the open runs aside.
func probeOpen(ctx context.Context, path string) error {
	done := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err == nil {
			err = f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// dirWritable creates and removes a file in dir.
func dirWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".till-probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
