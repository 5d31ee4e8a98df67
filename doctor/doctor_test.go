package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"till/providers"
)

// TestTransportRefusesMoney: only GET, HEAD and a POST to a named token
// path leave the Transport; anything else is refused before a byte is
// sent, and the server never sees it.
func TestTransportRefusesMoney(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Date", time.Now().Add(-5*time.Minute).UTC().Format(http.TimeFormat))
	}))
	defer srv.Close()
	tr := NewTransport(nil, nil)
	hc := tr.Client("flash", "/v4/token")
	for _, c := range []struct {
		method, path string
		ok           bool
	}{
		{http.MethodGet, "/flash/aggregation/4.0/accounts/1/products", true},
		{http.MethodPost, "/flash/v4/token", true},
		{http.MethodPost, "/flash/aggregation/4.0/cellular/pinless/purchase", false},
		{http.MethodPut, "/flutterwave/v3/tokens/x", false},
		{http.MethodDelete, "/x", false},
		{http.MethodPost, "/flash/v4/token/../purchase", false},
	} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, strings.NewReader("{}"))
		resp, err := hc.Do(req)
		var refused *ErrRefused
		switch {
		case c.ok && err != nil:
			t.Errorf("%s %s: %v", c.method, c.path, err)
		case !c.ok && !errors.As(err, &refused):
			t.Errorf("%s %s: not refused (%v)", c.method, c.path, err)
		}
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0] != "GET /flash/aggregation/4.0/accounts/1/products" || seen[1] != "POST /flash/v4/token" {
		t.Errorf("the server saw %q", seen)
	}
	if got := len(tr.Requests()); got != 6 {
		t.Errorf("%d requests noted", got)
	}
	skew := tr.Skews()["flash"]
	if skew > -4*time.Minute || skew < -6*time.Minute {
		t.Errorf("skew %v, want about -5m", skew)
	}
	c := checkClock(tr, DefaultMaxSkew)
	if c.Status != Fail || !strings.Contains(c.Detail, "flash -5m") || c.Fix == "" {
		t.Errorf("clock %+v", c)
	}
}

type fixed []Check

func (f fixed) Check(context.Context) []Check { return f }

// TestRunExitCodes: config beats journal beats the rest; a failed config
// skips every other check.
func TestRunExitCodes(t *testing.T) {
	ok := Check{Name: "config", Status: OK, Detail: "fine"}
	prov := fixed{{Name: "flash", Status: Fail, Detail: "no", Fix: "yes"}}
	dir := t.TempDir()
	open := filepath.Join(dir, "j.db")
	os.WriteFile(open, nil, 0o600)
	wide := filepath.Join(dir, "w.db")
	os.WriteFile(wide, nil, 0o644)
	for _, c := range []struct {
		in   Inputs
		want int
	}{
		{Inputs{Config: ok}, ExitOK},
		{Inputs{Config: ok, Providers: []Prober{prov}}, ExitProvider},
		{Inputs{Config: ok, Providers: []Prober{prov}, Journal: &Journal{Path: wide}}, ExitJournal},
		{Inputs{Config: ok, Journal: &Journal{Path: open, Open: func() (JournalStats, error) { return JournalStats{}, errors.New("locked") }}}, ExitJournal},
		{Inputs{Config: ok, Journal: &Journal{Path: open}}, ExitOK},
		{Inputs{Config: Check{Status: Fail, Detail: "bad"}, Providers: []Prober{prov}}, ExitConfig},
	} {
		rep := Run(context.Background(), c.in)
		if rep.Exit != c.want {
			t.Errorf("%+v: exit %d, want %d (%+v)", c.in, rep.Exit, c.want, rep.Checks)
		}
	}
	rep := Run(context.Background(), Inputs{Config: Check{Status: Fail, Detail: "bad", Fix: "mend it"}, Providers: []Prober{prov}})
	for _, c := range rep.Checks[1:] {
		if c.Status != Skip {
			t.Errorf("after a bad config %s ran", c.Name)
		}
	}
	var b bytes.Buffer
	WriteText(&b, rep)
	if !strings.HasPrefix(b.String(), "FAIL  config     bad — fix: mend it\n") || !strings.Contains(b.String(), "NOT ready: 1 check failed") {
		t.Errorf("text:\n%s", b.String())
	}
	b.Reset()
	WriteJSON(&b, rep)
	var back map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["exit"] != float64(ExitConfig) || len(back["checks"].([]any)) != 5 {
		t.Errorf("json %v %s", err, b.String())
	}
}

type tokenErr struct{ err error }

func (t tokenErr) CheckToken(context.Context) error { return t.err }

// TestTokenFix: a refused credential and an unreachable provider get
// different fixes.
func TestTokenFix(t *testing.T) {
	refused := Token{Name: "oneflow", Display: "1Flow", Keys: "client_secret", Client: tokenErr{&providers.TokenError{Status: 401, Reason: "1Flow refused the client id or secret"}}}.Check(context.Background())[0]
	if refused.Status != Fail || !strings.Contains(refused.Fix, "refused the credentials: set [oneflow] client_secret") {
		t.Errorf("refused: %+v", refused)
	}
	down := Token{Name: "oneflow", Keys: "client_secret", Client: tokenErr{&providers.TokenError{Reason: "the token endpoint did not answer", Err: &providers.TransportError{Kind: providers.FailDial}}}}.Check(context.Background())[0]
	if down.Status != Fail || !strings.Contains(down.Fix, "could not be reached: check [oneflow] base_url") {
		t.Errorf("down: %+v", down)
	}
}
