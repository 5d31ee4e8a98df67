package backoffice

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"
)

// Session is one command line's request on the running till.
type Session struct {
	Request
	// Stdout and Stderr reach the client's stdout and stderr, in order.
	// Writes never wait for the client: output is queued, so a slow reader
	// never holds the journal open.
	Stdout, Stderr io.Writer
	// Stdin is the client's stdin when it is not a terminal (else empty).
	Stdin io.Reader
	ctx   context.Context
	ask   func(echo bool) (string, error)
}

// Context is cancelled when the client goes away or the server closes.
func (s *Session) Context() context.Context { return s.ctx }

// Ask reads one line typed on the client's terminal (StdinTTY), without
// echo when echo is false (a PIN). The prompt is written to Stderr first.
func (s *Session) Ask(echo bool) (string, error) { return s.ask(echo) }

// Handler runs a session's command and returns its exit code.
type Handler func(s *Session) int

// Server serves the back office on a unix socket.
type Server struct {
	ln      net.Listener
	path    string
	handler Handler
	log     *slog.Logger
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// Listen serves handler at path (SocketPath) with mode 0600. A socket left
// behind by a till that was killed is replaced; one a live till still
// serves is an error.
func Listen(path string, handler Handler, log *slog.Logger) (*Server, error) {
	if !Supported {
		return nil, fmt.Errorf("backoffice: %w on this system", errors.ErrUnsupported)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != os.ModeSocket {
			return nil, fmt.Errorf("backoffice: %s exists and is not a socket", path)
		}
		if c, err := net.Dial("unix", path); err == nil {
			c.Close()
			return nil, fmt.Errorf("backoffice: another till serves %s", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("backoffice: stale socket: %w", err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("backoffice: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("backoffice: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{ln: ln, path: path, handler: handler, log: log, ctx: ctx, cancel: cancel}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Close stops accepting, cancels the sessions' contexts, waits for their
// commands to finish and removes the socket.
func (s *Server) Close() error {
	s.cancel()
	err := s.ln.Close() // removes the socket file (net.UnixListener unlinks it)
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serve(conn)
		}()
	}
}

// outbox queues frames for the client so a command's writes never block
// on it; a goroutine sends them in order.
type outbox struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  [][]byte
	closed bool
	err    error
}

func newOutbox() *outbox {
	o := &outbox{}
	o.cond = sync.NewCond(&o.mu)
	return o
}

func (o *outbox) put(kind byte, p []byte) error {
	for len(p) > 0 || kind != frameStdout && kind != frameStderr {
		n := min(len(p), maxFrame)
		f := make([]byte, 5+n)
		f[0] = kind
		binary.BigEndian.PutUint32(f[1:], uint32(n))
		copy(f[5:], p[:n])
		o.mu.Lock()
		if o.err != nil {
			o.mu.Unlock()
			return o.err
		}
		o.queue = append(o.queue, f)
		o.cond.Signal()
		o.mu.Unlock()
		p = p[n:]
		if kind != frameStdout && kind != frameStderr {
			break
		}
	}
	return nil
}

// pump sends queued frames until close has been called and the queue is
// empty, or a write fails.
func (o *outbox) pump(w io.Writer) {
	for {
		o.mu.Lock()
		for len(o.queue) == 0 && !o.closed {
			o.cond.Wait()
		}
		if len(o.queue) == 0 {
			o.mu.Unlock()
			return
		}
		f := o.queue[0]
		o.queue[0] = nil
		o.queue = o.queue[1:]
		o.mu.Unlock()
		if _, err := w.Write(f); err != nil {
			o.mu.Lock()
			o.err, o.queue = err, nil
			o.mu.Unlock()
			return
		}
	}
}

func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.cond.Signal()
	o.mu.Unlock()
}

type frameWriter struct {
	o    *outbox
	kind byte
}

func (w frameWriter) Write(p []byte) (int, error) {
	if err := w.o.put(w.kind, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (s *Server) serve(conn net.Conn) {
	defer conn.Close()
	// The request is read (a bounded frame) before the peer is judged, so
	// a refused client reads why instead of a broken pipe.
	kind, p, err := readFrame(conn)
	if err != nil || kind != frameRequest {
		return
	}
	if err := checkPeer(conn); err != nil {
		s.log.Warn("back office: connection refused", "err", err)
		_ = writeFrame(conn, frameStderr, []byte("till: "+err.Error()+"\n"))
		_ = writeFrame(conn, frameExit, exitBytes(4))
		return
	}
	var req Request
	if err := json.Unmarshal(p, &req); err != nil || req.Version != Version {
		_ = writeFrame(conn, frameStderr, []byte(fmt.Sprintf("till: the running till speaks back-office protocol %d: use the same till binary as the one running\n", Version)))
		_ = writeFrame(conn, frameExit, exitBytes(4))
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	stdinR, stdinW := io.Pipe()
	if req.StdinTTY { // stdin is the client's terminal: only Ask reads it
		stdinW.Close()
	}
	go func() {
		// The till closing (or the client gone) ends the session: a command
		// reading stdin gets an error, and output the client no longer
		// reads stops being sent, so the till never waits on a client.
		<-ctx.Done()
		stdinW.CloseWithError(context.Canceled)
		_ = conn.SetDeadline(time.Now())
	}()
	answers := make(chan string, 1)
	go func() { // the client's frames: stdin and answers
		defer cancel()
		defer close(answers)
		for {
			kind, p, err := readFrame(conn)
			if err != nil {
				stdinW.CloseWithError(io.EOF)
				return
			}
			switch kind {
			case frameStdin:
				if len(p) == 0 {
					stdinW.Close()
					continue
				}
				if _, err := stdinW.Write(p); err != nil {
					continue // the command stopped reading stdin
				}
			case frameAnswer:
				select {
				case answers <- string(p):
				default: // an answer nobody asked for
				}
			}
		}
	}()
	out := newOutbox()
	pumped := make(chan struct{})
	go func() { out.pump(conn); close(pumped) }()
	sess := &Session{Request: req, Stdout: frameWriter{out, frameStdout}, Stderr: frameWriter{out, frameStderr},
		Stdin: stdinR, ctx: ctx}
	sess.ask = func(echo bool) (string, error) {
		if !req.StdinTTY {
			return "", errors.New("stdin is not a terminal")
		}
		mode := "noecho"
		if echo {
			mode = "echo"
		}
		if err := out.put(frameAsk, []byte(mode)); err != nil {
			return "", err
		}
		select {
		case a, ok := <-answers:
			if !ok {
				return "", io.EOF
			}
			return a, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	code := s.run(sess)
	_ = out.put(frameExit, exitBytes(code))
	out.close()
	<-pumped
	stdinR.Close()
	cancel()
}

// run runs the handler; a panic in a command is the command's failure, not
// the running till's.
func (s *Server) run(sess *Session) (code int) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("back office: command panicked", "command", sess.Command, "panic", fmt.Sprint(r))
			fmt.Fprintf(sess.Stderr, "till: internal error in the running till's %s: %v\n", sess.Command, r)
			code = 4
		}
	}()
	return s.handler(sess)
}

func exitBytes(code int) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(int32(code)))
	return b[:]
}
