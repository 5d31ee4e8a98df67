//go:build unix

package providers

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestFailpointAfterSend runs this test binary as a child with
// TILL_FAILPOINT=after-send and checks that it dies by SIGKILL after the
// server received the whole request and before it could read an answer.
func TestFailpointAfterSend(t *testing.T) {
	if url := os.Getenv("TILL_TEST_FAILPOINT_URL"); url != "" {
		c := NewClient(ClientOptions{})
		// A token or catalogue call (no Ref) does not fire it.
		_, _ = c.Do(context.Background(), Request{Method: http.MethodPost, URL: url + "/token", Body: []byte("grant_type=client_credentials")})
		_, _ = c.Do(context.Background(), Request{Method: http.MethodPost, URL: url, Body: []byte(`{"reference":"R1"}`), Ref: "R1"})
		os.Exit(0) // reached only if the failpoint did not fire
	}
	var got, tokens atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/token" {
			tokens.Add(1)
			_, _ = w.Write([]byte("ok"))
			return
		}
		if string(b) == `{"reference":"R1"}` {
			got.Add(1)
		}
		time.Sleep(200 * time.Millisecond) // the answer comes too late for the child
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestFailpointAfterSend$")
	cmd.Env = append(os.Environ(), "TILL_TEST_FAILPOINT_URL="+srv.URL, FailpointEnv+"="+FailpointAfterSend)
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("child: %v, want killed", err)
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want SIGKILL", ee)
	}
	// The child is dead once its request bytes were written; the server may
	// still be reading them from its socket. Wait (bounded) for the handler.
	for deadline := time.Now().Add(5 * time.Second); got.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if got.Load() != 1 || tokens.Load() != 1 {
		t.Errorf("server saw %d complete sales and %d token calls, want 1 and 1", got.Load(), tokens.Load())
	}

	// Without the variable, or with another value, nothing happens.
	t.Setenv(FailpointEnv, "before-send")
	Failpoint(FailpointAfterSend)
}
