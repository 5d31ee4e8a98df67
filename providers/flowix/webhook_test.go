package flowix

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"till/providers"
	"till/sale"
)

const testWHSecret providers.Secret = "whsec_test"

var whNow = time.Date(2023, 10, 25, 7, 0, 0, 0, time.UTC)

// whBody is a webhook body; refKey is "reff_id" (documented) or "ref_id".
func whBody(id, event, refKey, ref, status string, ts time.Time) string {
	return fmt.Sprintf(`{"id":%q,"event":%q,"timestamp":%d,"data":{%q:%q,"product":"PLN20","target":"512345678901","status":%q,"sn":"1234-5678-9012-3456-7890/BUDI/R1/900VA/12.5kWh","note":"Transaksi Berhasil"}}`,
		id, event, ts.Unix(), refKey, ref, status)
}

// memSink journals events into a map of sale states, moving only Forward.
type memSink struct {
	mu     sync.Mutex
	states map[string]sale.State
	calls  int
	fail   error
	block  chan struct{}
}

func (m *memSink) sink(_ context.Context, e Event) error {
	if m.block != nil {
		<-m.block
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.fail != nil {
		return m.fail
	}
	next, err := sale.StateFor(e.Result())
	if err != nil {
		return err
	}
	if Forward(m.states[e.Ref], next) {
		m.states[e.Ref] = next
	}
	return nil
}

func post(t *testing.T, h http.Handler, body, sig string, hdr map[string]string) int {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/webhook/flowix", strings.NewReader(body))
	if sig != "" {
		r.Header.Set(HeaderSignature, sig)
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

func newWH(m *memSink, opts ...WebhookOption) *WebhookHandler {
	return NewWebhookHandler(testWHSecret, m.sink, append([]WebhookOption{WithClock(func() time.Time { return whNow })}, opts...)...)
}

func TestWebhookGoodBadReplayed(t *testing.T) {
	m := &memSink{states: map[string]sale.State{"S1-T1-abc-1": sale.StatePending}}
	h := newWH(m)
	good := whBody("evt_1", EventTransaction, "reff_id", "S1-T1-abc-1", "success", whNow.Add(-time.Minute))
	sig := Signature(testWHSecret, []byte(good))

	if c := post(t, h, good, sig, nil); c != http.StatusOK {
		t.Fatalf("good event: %d", c)
	}
	if m.states["S1-T1-abc-1"] != sale.StateDelivered || m.calls != 1 {
		t.Fatalf("state %s after %d calls", m.states["S1-T1-abc-1"], m.calls)
	}
	// The same delivery again (Flowix lost our 200): acknowledged, not re-applied.
	if c := post(t, h, good, sig, nil); c != http.StatusOK || m.calls != 1 {
		t.Fatalf("replay: %d, %d sink calls", c, m.calls)
	}
	// Bad signatures: missing, wrong secret, for another body, not hex.
	other := whBody("evt_2", EventTransaction, "reff_id", "S1-T1-abc-1", "failed", whNow)
	for name, s := range map[string]string{
		"missing":      "",
		"wrong secret": Signature("other", []byte(other)),
		"other body":   sig,
		"not hex":      "zz" + sig[2:],
		"short":        sig[:10],
	} {
		if c := post(t, h, other, s, nil); c != http.StatusForbidden {
			t.Errorf("%s signature: %d, want 403", name, c)
		}
	}
	if m.calls != 1 || m.states["S1-T1-abc-1"] != sale.StateDelivered {
		t.Fatalf("a refused event reached the sink: %d calls, %s", m.calls, m.states["S1-T1-abc-1"])
	}
}

func TestWebhookRefusesStaleMalformedAndWrongMethod(t *testing.T) {
	m := &memSink{states: map[string]sale.State{"R-1": sale.StatePending}}
	h := newWH(m, WithMerchant("MID-1"))
	signed := func(b string) string { return Signature(testWHSecret, []byte(b)) }
	cases := map[string]struct {
		body string
		hdr  map[string]string
		want int
	}{
		"stale":          {whBody("evt_a", EventTransaction, "reff_id", "R-1", "success", whNow.Add(-6*time.Minute)), nil, 400},
		"future":         {whBody("evt_b", EventTransaction, "reff_id", "R-1", "success", whNow.Add(6*time.Minute)), nil, 400},
		"not json":       {`{"id":"evt_c",`, nil, 400},
		"no ref":         {`{"id":"evt_d","event":"transaction.status","timestamp":` + fmt.Sprint(whNow.Unix()) + `,"data":{"status":"success"}}`, nil, 400},
		"unknown event":  {whBody("evt_e", "balance.changed", "reff_id", "R-1", "success", whNow), nil, 400},
		"header differs": {whBody("evt_f", EventTransaction, "reff_id", "R-1", "success", whNow), map[string]string{HeaderEvent: EventDeposit}, 400},
		"other merchant": {whBody("evt_g", EventTransaction, "reff_id", "R-1", "success", whNow), map[string]string{HeaderMerchant: "MID-2"}, 403},
		"trailing data":  {whBody("evt_h", EventTransaction, "reff_id", "R-1", "success", whNow) + "{}", nil, 400},
	}
	for name, c := range cases {
		if got := post(t, h, c.body, signed(c.body), c.hdr); got != c.want {
			t.Errorf("%s: %d, want %d", name, got, c.want)
		}
	}
	if m.calls != 0 {
		t.Fatalf("sink called %d times", m.calls)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", w.Code)
	}
	// ref_id (without the doc's double f) is accepted too.
	b := whBody("evt_i", EventTransaction, "ref_id", "R-1", "success", whNow)
	if got := post(t, h, b, signed(b), map[string]string{HeaderMerchant: "MID-1", HeaderEvent: EventTransaction}); got != 200 || m.states["R-1"] != sale.StateDelivered {
		t.Fatalf("ref_id event: %d, %s", got, m.states["R-1"])
	}
}

func TestWebhookSinkFailureIsRetried(t *testing.T) {
	m := &memSink{states: map[string]sale.State{"DEP-1": sale.StatePending}, fail: errors.New("journal unavailable")}
	h := newWH(m)
	b := whBody("evt_x", EventDeposit, "reff_id", "DEP-1", "paid", whNow)
	if c := post(t, h, b, Signature(testWHSecret, []byte(b)), nil); c != http.StatusInternalServerError {
		t.Fatalf("sink error: %d, want 500", c)
	}
	m.fail = nil
	if c := post(t, h, b, Signature(testWHSecret, []byte(b)), nil); c != http.StatusOK || m.states["DEP-1"] != sale.StateDelivered {
		t.Fatalf("retry: %d, %s", c, m.states["DEP-1"])
	}
}

func TestWebhookConcurrentDuplicate(t *testing.T) {
	m := &memSink{states: map[string]sale.State{"R-2": sale.StatePending}, block: make(chan struct{})}
	h := newWH(m)
	b := whBody("evt_y", EventTransaction, "reff_id", "R-2", "success", whNow)
	sig := Signature(testWHSecret, []byte(b))
	first := make(chan int)
	go func() { first <- post(t, h, b, sig, nil) }()
	deadline := time.Now().Add(2 * time.Second)
	for {
		h.mu.Lock()
		busy := h.inflight["evt_y"]
		h.mu.Unlock()
		if busy || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if c := post(t, h, b, sig, nil); c != http.StatusConflict {
		t.Errorf("duplicate in flight: %d, want 409", c)
	}
	close(m.block)
	if c := <-first; c != http.StatusOK || m.calls != 1 {
		t.Fatalf("first: %d, calls %d", c, m.calls)
	}
}

// An older "processing" arriving after "success" must not move the sale back.
func TestWebhookOutOfOrder(t *testing.T) {
	m := &memSink{states: map[string]sale.State{"R-3": sale.StateInDoubt}}
	h := newWH(m)
	success := whBody("evt_20", EventTransaction, "reff_id", "R-3", "success", whNow.Add(-10*time.Second))
	processing := whBody("evt_10", EventTransaction, "reff_id", "R-3", "processing", whNow.Add(-20*time.Second))
	failed := whBody("evt_30", EventTransaction, "reff_id", "R-3", "failed", whNow)
	for _, b := range []string{success, processing, failed} {
		if c := post(t, h, b, Signature(testWHSecret, []byte(b)), nil); c != http.StatusOK {
			t.Fatalf("%d", c)
		}
	}
	if m.states["R-3"] != sale.StateDelivered {
		t.Fatalf("state = %s, want DELIVERED", m.states["R-3"])
	}
}

func TestForward(t *testing.T) {
	cases := []struct {
		from, to sale.State
		want     bool
	}{
		{sale.StatePending, sale.StateDelivered, true},
		{sale.StatePending, sale.StateDeclined, true},
		{sale.StateInDoubt, sale.StatePending, true},
		{sale.StateInDoubt, sale.StateDelivered, true},
		{sale.StateNeedsSupervisor, sale.StateDelivered, true},
		{sale.StatePending, sale.StatePending, false},
		{sale.StateDelivered, sale.StatePending, false},
		{sale.StateDelivered, sale.StateDeclined, false},
		{sale.StateDeclined, sale.StateDelivered, false},
		{sale.StatePending, sale.StateInDoubt, false},
		{sale.StateNotSent, sale.StateDelivered, false},
		{"", sale.StateDelivered, false},
	}
	for _, c := range cases {
		if got := Forward(c.from, c.to); got != c.want {
			t.Errorf("Forward(%s, %s) = %v", c.from, c.to, got)
		}
	}
}

func TestEventOutcomeTokenIsSecret(t *testing.T) {
	e, err := parseEvent([]byte(whBody("evt_t", EventTransaction, "reff_id", "R-4", "SUCCESS", whNow)))
	if err != nil {
		t.Fatal(err)
	}
	out := e.Outcome()
	if out.Result != sale.ResultDelivered || len(out.Items) != 2 {
		t.Fatalf("%+v", out)
	}
	if it := out.Items[0]; it.Label != ItemToken || !it.Secret || it.Value != "1234 5678 9012 3456 7890" {
		t.Fatalf("token item = %+v", it)
	}
	if e, _ := parseEvent([]byte(whBody("evt_d", EventDeposit, "reff_id", "DEP-9", "expired", whNow))); e.Result() != sale.ResultDeclined {
		t.Fatalf("expired deposit = %s", e.Result())
	}
}
