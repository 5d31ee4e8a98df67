package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"till/providers"
	"till/providers/flowix"
	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// answered is one webhook answer, with the watched sale's state in the
// journal at the moment the status line was written.
type answered struct {
	status int
	state  sale.State
	events int
	body   []byte
}

// watcher wraps the webhook handler and records, when each answer's status
// is written, what the journal holds for the watched sale: the proof that
// the journal was written before the 2xx.
type watcher struct {
	h  http.Handler
	db *store.DB

	mu   sync.Mutex
	ref  sale.Reference
	seen []answered
}

func (w *watcher) watch(ref sale.Reference) { w.mu.Lock(); w.ref = ref; w.mu.Unlock() }

func (w *watcher) answers() []answered {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]answered(nil), w.seen...)
}

func (w *watcher) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	w.h.ServeHTTP(&statusHook{ResponseWriter: rw, hook: func(code int) {
		w.mu.Lock()
		defer w.mu.Unlock()
		a := answered{status: code, body: body}
		if s, err := w.db.Sale(w.ref); err == nil {
			a.state, a.events = s.State, s.Events
		}
		w.seen = append(w.seen, a)
	}}, r)
}

type statusHook struct {
	http.ResponseWriter
	hook func(int)
	done bool
}

func (s *statusHook) WriteHeader(code int) {
	if !s.done {
		s.done = true
		s.hook(code)
	}
	s.ResponseWriter.WriteHeader(code)
}

// webhookEnv is a till's engine, bbolt journal and webhook listener, and
// the sandbox delivering Flowix's webhooks to it.
type webhookEnv struct {
	clock  *providertest.Clock
	sb     *sandbox.Server
	db     *store.DB
	engine *sale.Engine
	w      *watcher
	ws     *webhookServer
}

func newWebhookEnv(t *testing.T) *webhookEnv {
	t.Helper()
	e := &webhookEnv{clock: providertest.NewClock(time.Now())}
	e.sb = sandbox.New(sandbox.Options{Now: e.clock.Now})
	base, err := e.sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.sb.Close() })
	e.db, err = store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "S1", TerminalID: "T1", Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.db.Close() })
	c, err := flowix.New(flowix.Options{BaseURL: base + sandbox.FlowixPrefix, APIKey: providers.Secret(sandbox.FlowixAPIKey),
		MerchantID: sandbox.FlowixMerchantID, WebhookSecret: providers.Secret(sandbox.FlowixWebhookSecret), Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// No resolver runs: only the webhook can move a sale here.
	e.engine = sale.NewEngine(sale.Options{Journal: e.db, Providers: []sale.Provider{c}, Now: e.clock.Now})
	if _, err := e.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	sink := &webhookSink{engine: e.engine, log: slog.New(slog.DiscardHandler), now: e.clock.Now}
	e.w = &watcher{db: e.db, h: c.WebhookHandler(sink.Sink, flowix.WithMerchant(sandbox.FlowixMerchantID), flowix.WithClock(e.clock.Now))}
	e.ws, err = startWebhook("127.0.0.1:0", e.w)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.ws.Close() })
	return e
}

// pending sells a pulsa to number and checks Flowix left it PENDING.
func (e *webhookEnv) pending(t *testing.T, number string) sale.Sale {
	t.Helper()
	s, err := e.engine.Sell(context.Background(), sale.Order{Provider: "flowix", Kind: sale.KindPulsa, Product: "TSEL10",
		ProductName: "Telkomsel 10k", Target: sale.Target{Kind: sale.TargetMobile, Value: number}, Amount: sale.New(10500, sale.IDR)})
	if err != nil || s.State != sale.StatePending {
		t.Fatalf("sell: %v %v", s.State, err)
	}
	return s
}

// post sends body to the listener signed with secret.
func (e *webhookEnv) post(t *testing.T, body []byte, secret string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.ws.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(flowix.HeaderSignature, flowix.Signature(providers.Secret(secret), body))
	req.Header.Set(flowix.HeaderEvent, flowix.EventTransaction)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func event(id string, ref sale.Reference, status string, at time.Time) []byte {
	b, _ := json.Marshal(map[string]any{"id": id, "event": flowix.EventTransaction, "timestamp": at.Unix(),
		"data": map[string]any{"reff_id": string(ref), "status": status, "sn": "FORGED-SN", "product": "TSEL10"}})
	return b
}

// A signed event from the sandbox moves a pending sale forward — through
// a status query, journaled before the 2xx — and a replay of it changes
// nothing.
func TestWebhookMovesPendingSaleForward(t *testing.T) {
	e := newWebhookEnv(t)
	if err := e.sb.Flowix().SetWebhookURL(e.ws.URL); err != nil {
		t.Fatal(err)
	}
	s := e.pending(t, "081234567890")
	e.w.watch(s.Ref)
	e.clock.Advance(4 * time.Second) // Flowix finishes the sale and sends its webhook

	deadline := time.Now().Add(10 * time.Second)
	for {
		cur, _ := e.db.Sale(s.Ref)
		if cur.State == sale.StateDelivered {
			if sn := cur.Outcome.Items; len(sn) == 0 || sn[0].Value == "FORGED-SN" {
				t.Errorf("items %v: the SN must come from the status query", sn)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sale still %s after the webhook", cur.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The handler writes its 2xx just after the journal commit the loop
	// above saw: wait for it.
	var ok *answered
	for ok == nil {
		for _, a := range e.w.answers() {
			if a.status == http.StatusOK {
				ok = &a
				break
			}
		}
		if ok == nil && time.Now().After(deadline) {
			t.Fatalf("no 2xx answer: %+v", e.w.answers())
		}
		if ok == nil {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if ok.state != sale.StateDelivered {
		t.Errorf("the 2xx was written while the journal said %s: it must be journaled first", ok.state)
	}
	evs, _ := e.db.Events(s.Ref)
	last := evs[len(evs)-1]
	if last.Type != sale.EventChecked || last.State != sale.StateDelivered {
		t.Errorf("last event %s %s, want a checked DELIVERED", last.Type, last.State)
	}

	// The same delivery again (Flowix retrying after a lost answer): 200,
	// nothing new journaled.
	before, _ := e.db.Sale(s.Ref)
	if code := e.post(t, ok.body, sandbox.FlowixWebhookSecret); code != http.StatusOK {
		t.Errorf("replay: %d", code)
	}
	// An older "processing" arriving late does not move it back.
	if code := e.post(t, event("evt_late1", s.Ref, "processing", e.clock.Now()), sandbox.FlowixWebhookSecret); code != http.StatusOK {
		t.Errorf("late event: %d", code)
	}
	after, _ := e.db.Sale(s.Ref)
	if after.Events != before.Events || after.State != sale.StateDelivered {
		t.Errorf("replayed or late events changed the sale: %d→%d events, %s", before.Events, after.Events, after.State)
	}
}

// A bad signature is refused and changes nothing; a good signature whose
// claim the status query does not confirm moves nothing but is journaled.
func TestWebhookBadSignatureChangesNothing(t *testing.T) {
	e := newWebhookEnv(t)
	s := e.pending(t, "081234567880")
	e.w.watch(s.Ref)
	for i, secret := range []string{"not-the-secret", ""} {
		body := event(fmt.Sprintf("evt_forged%d", i), s.Ref, "success", e.clock.Now())
		if code := e.post(t, body, secret); code != http.StatusForbidden {
			t.Errorf("forged event %d: %d, want 403", i, code)
		}
	}
	cur, _ := e.db.Sale(s.Ref)
	if cur.State != sale.StatePending || cur.Events != s.Events {
		t.Fatalf("a forged event changed the sale: %s, %d→%d events", cur.State, s.Events, cur.Events)
	}

	// Correctly signed "success" while Flowix still says processing: the
	// body is not trusted, so the sale stays PENDING; the event is
	// journaled as a note before the 2xx.
	if code := e.post(t, event("evt_early1", s.Ref, "success", e.clock.Now()), sandbox.FlowixWebhookSecret); code != http.StatusOK {
		t.Fatalf("signed event: %d", code)
	}
	cur, _ = e.db.Sale(s.Ref)
	if cur.State != sale.StatePending || cur.Events != s.Events+1 {
		t.Fatalf("state %s, events %d→%d", cur.State, s.Events, cur.Events)
	}
	evs, _ := e.db.Events(s.Ref)
	if last := evs[len(evs)-1]; last.Type != sale.EventNote || last.State != "" {
		t.Errorf("last event %+v, want a note", last)
	}
	a := e.w.answers()
	if got := a[len(a)-1]; got.status != http.StatusOK || got.events != s.Events+1 {
		t.Errorf("the 2xx came before the note was journaled: %+v", got)
	}
	if sb := e.sb.Flowix(); sb.CredentialLeaks() != 0 {
		t.Errorf("credential leaks: %d", sb.CredentialLeaks())
	}
}

func TestStartWebhookRefusesBadAddress(t *testing.T) {
	if _, err := startWebhook("8701", http.NotFoundHandler()); err == nil {
		t.Error("a port without a host was accepted")
	}
}
