package providers

import (
	"crypto/tls"
	"net"
	"os"
	"sync/atomic"
	"time"
)

// FailpointEnv is the environment variable naming the failpoint to fire.
const FailpointEnv = "TILL_FAILPOINT"

// FailpointAfterSend fires once a money request's bytes (a Request with a
// Ref; token and catalogue calls do not count) have been fully written to
// the socket and before any byte of its answer is read: the crash that
// leaves a sale applied at the provider and in doubt at the till.
const FailpointAfterSend = "after-send"

// FailpointActive reports whether $TILL_FAILPOINT names this failpoint.
func FailpointActive(name string) bool {
	v := os.Getenv(FailpointEnv)
	return v != "" && v == name
}

// Failpoint kills the process with SIGKILL, at once and without cleanup, if
// $TILL_FAILPOINT equals name. It does nothing when the variable is unset,
// which is always the case outside crash tests.
func Failpoint(name string) {
	if FailpointActive(name) {
		killSelf()
	}
}

// failpointConn carries the after-send failpoint to the socket. httptrace's
// WroteRequest fires when the request is serialized into the transport's
// buffer, before the buffer is flushed; killing there could lose the
// request. So WroteRequest arms the connection, and the flush that follows
// (a Write) or the first Read of the answer fires it. If neither comes, a
// fallback fires after a second.
type failpointConn struct {
	net.Conn
	armed atomic.Bool
}

func (c *failpointConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if c.armed.Load() {
		killSelf()
	}
	return n, err
}

func (c *failpointConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if c.armed.Load() {
		killSelf()
	}
	return n, err
}

func (c *failpointConn) arm() {
	c.armed.Store(true)
	time.AfterFunc(time.Second, killSelf)
}

// asFailpointConn finds our wrapper under a connection from GotConn.
func asFailpointConn(c net.Conn) *failpointConn {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	fc, _ := c.(*failpointConn)
	return fc
}

// afterSend is called from WroteRequest with the request's connection.
func afterSend(conn *failpointConn) {
	if !FailpointActive(FailpointAfterSend) {
		return
	}
	if conn == nil { // a transport we did not build: kill at once
		killSelf()
	}
	conn.arm()
}
