// Package pgtest runs a real PostgreSQL for tests: the one named by
// $TILL_TEST_PG_URL (an admin connection; .ci/run starts one), or else a
// throw-away server of its own (initdb in a temporary directory, pg_ctl on
// a free loopback port, as an unprivileged user when the tests run as root,
// since PostgreSQL refuses to run as root). Each test gets a database of
// its own. Only when neither is possible do tests skip, saying why.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names an admin URL of a PostgreSQL to test against.
const EnvURL = "TILL_TEST_PG_URL"

// Server is a PostgreSQL for tests.
type Server struct {
	// URL connects as a superuser to the postgres database.
	URL string

	bin, dir, data, sock, log string
	port                      int
	runAs                     string // "" when not root
}

// Start returns the server of $TILL_TEST_PG_URL, or starts one. skip is
// set (and err nil) when PostgreSQL is not installed here.
func Start() (s *Server, skip string, err error) {
	if u := os.Getenv(EnvURL); u != "" {
		return &Server{URL: u}, "", nil
	}
	bin := binDir()
	if bin == "" {
		return nil, "PostgreSQL is not installed (apt-get install postgresql, or set " + EnvURL + " to a server's admin URL)", nil
	}
	s = &Server{bin: bin}
	if os.Geteuid() == 0 {
		s.runAs = "nobody"
		if _, err := user.Lookup("postgres"); err == nil {
			s.runAs = "postgres"
		}
	}
	if s.dir, err = os.MkdirTemp("", "till-pg-"); err != nil {
		return nil, "", err
	}
	s.data, s.sock, s.log = filepath.Join(s.dir, "data"), filepath.Join(s.dir, "sock"), filepath.Join(s.dir, "postgres.log")
	if err := os.Mkdir(s.sock, 0o700); err != nil {
		return nil, "", err
	}
	if s.runAs != "" {
		if out, err := exec.Command("chown", "-R", s.runAs, s.dir).CombinedOutput(); err != nil {
			return nil, "", fmt.Errorf("chown %s: %v: %s", s.dir, err, out)
		}
	}
	if out, err := s.run("initdb", "-D", s.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		s.Close()
		return nil, "", fmt.Errorf("initdb: %v: %s", err, out)
	}
	if s.port, err = freePort(); err != nil {
		s.Close()
		return nil, "", err
	}
	s.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
	if err := s.Up(); err != nil {
		s.Close()
		return nil, "", err
	}
	return s, "", nil
}

// Main runs a test binary's tests with a server: m.Run's code. Tests get
// it from T (or skip, saying why).
func Main(m *testing.M) int {
	s, skip, err := Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: cannot start PostgreSQL: %v\n", err)
		return 1
	}
	shared, skipWhy = s, skip
	defer s.Close()
	return m.Run()
}

var (
	shared  *Server
	skipWhy string
)

// T returns the server started by Main, or skips t saying why there is
// none.
func T(t testing.TB) *Server {
	t.Helper()
	if shared == nil {
		if skipWhy == "" {
			skipWhy = "pgtest.Main was not run by this package's TestMain"
		}
		t.Skip("no PostgreSQL: " + skipWhy)
	}
	return shared
}

// Own reports whether the server was started here (and so can be stopped
// and started again by a test).
func (s *Server) Own() bool { return s != nil && s.bin != "" }

// Up starts (or restarts) the server and waits until it accepts
// connections.
func (s *Server) Up() error {
	out, err := s.run("pg_ctl", "-D", s.data, "-l", s.log, "-w", "-t", "60", "-o",
		fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", s.port, s.sock), "start")
	if err != nil {
		logTail, _ := os.ReadFile(s.log)
		return fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, logTail)
	}
	return nil
}

// Down stops the server (fast shutdown: connections are closed).
func (s *Server) Down() error {
	if out, err := s.run("pg_ctl", "-D", s.data, "-m", "fast", "-w", "stop"); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Close stops a server started here and removes its files.
func (s *Server) Close() {
	if !s.Own() || s.dir == "" {
		return
	}
	if _, err := os.Stat(filepath.Join(s.data, "postmaster.pid")); err == nil {
		_, _ = s.run("pg_ctl", "-D", s.data, "-m", "immediate", "-w", "stop")
	}
	_ = os.RemoveAll(s.dir)
}

// DB creates a database of its own for t and returns its URL; it is
// dropped when t ends.
func (s *Server) DB(t testing.TB) string {
	t.Helper()
	name := "till_" + strings.ToLower(randHex(6))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, s.URL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if admin, err := pgx.Connect(ctx, s.URL); err == nil {
			_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			admin.Close(ctx)
		}
	})
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}

// Bin is the directory of the server's programs (psql, pg_ctl), or "".
func (s *Server) Bin() string { return s.bin }

func (s *Server) run(prog string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, prog)
	cmd := exec.Command(path, args...)
	if s.runAs != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.runAs, "--", path}, args...)...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// binDir finds PostgreSQL's programs: pg_config --bindir, or the newest
// /usr/lib/postgresql/N/bin.
func binDir() string {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		d := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(errors.New("pgtest: no randomness"))
	}
	return hex.EncodeToString(b)
}

// New returns a server for t alone (stopped and removed when t ends), or
// the one of $TILL_TEST_PG_URL, or skips t saying why there is none. For a
// package without a TestMain of its own.
func New(t testing.TB) *Server {
	t.Helper()
	s, skip, err := Start()
	if err != nil {
		t.Fatalf("pgtest: cannot start PostgreSQL: %v", err)
	}
	if skip != "" {
		t.Skip("no PostgreSQL: " + skip)
	}
	t.Cleanup(s.Close)
	return s
}
