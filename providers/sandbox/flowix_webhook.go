package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"till/providers"
)

// fxMaxDeliveries is how many times a webhook is tried.
const fxMaxDeliveries = 5

// fxDelivery is one webhook waiting to be delivered.
type fxDelivery struct {
	event    string
	body     []byte
	attempts int
	next     time.Time
}

// SetWebhookURL makes the simulator deliver signed webhooks to u, which
// must be an http(s) URL on a loopback host; "" stops delivery.
func (f *FlowixSim) SetWebhookURL(u string) error {
	var parsed *url.URL
	if u != "" {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || !providers.IsLoopback(p.Hostname()) {
			return errors.New("sandbox flowix: the webhook URL must be http(s) on a loopback host such as 127.0.0.1")
		}
		parsed = p
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return errors.New("sandbox flowix: closed")
	}
	f.hook = parsed
	if parsed != nil && !f.pumping {
		f.pumping = true
		f.wg.Add(1)
		go f.pump()
	}
	return nil
}

// enqueueLocked queues a webhook about rec's current status. The caller
// holds f.mu.
func (f *FlowixSim) enqueueLocked(rec *fxRecord) {
	if f.hook == nil {
		return
	}
	event := flowixEventTransaction
	data := map[string]any{"reff_id": rec.Ref, "status": rec.Status, "note": rec.Note}
	switch rec.Kind {
	case "trx", "bill":
		data["product"], data["target"] = rec.Service, rec.Target
		if rec.Status == "success" {
			data["sn"] = rec.SN
		} else {
			data["sn"] = ""
		}
	case "payout":
		event = flowixEventPayout
		data["amount"], data["bank_code"], data["account_number"] = rec.Amount, rec.Bank, rec.Target
	case "deposit":
		event = flowixEventDeposit
		data["amount"], data["amount_received"], data["paid_at"] = rec.Total, rec.Received, fxTime(rec.PaidAt)
	}
	id := fmt.Sprintf("evt_sbx%08d", f.st.NextEvent)
	f.st.NextEvent++
	body, _ := json.Marshal(map[string]any{"id": id, "event": event, "timestamp": f.opt.Now().Unix(), "data": data})
	f.queue = append(f.queue, &fxDelivery{event: event, body: body})
}

// pump plays timed changes and delivers webhooks until Close.
func (f *FlowixSim) pump() {
	defer f.wg.Done()
	client := &http.Client{Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	t := time.NewTicker(f.opt.WebhookEvery)
	defer t.Stop()
	for {
		select {
		case <-f.done:
			return
		case <-t.C:
		}
		f.mu.Lock()
		f.advanceLocked()
		hook := f.hook
		now := time.Now()
		var due []*fxDelivery
		rest := f.queue[:0]
		for _, d := range f.queue {
			if hook != nil && !now.Before(d.next) {
				due = append(due, d)
			} else {
				rest = append(rest, d)
			}
		}
		f.queue = rest
		f.mu.Unlock()
		for _, d := range due {
			if f.post(client, hook, d) {
				continue
			}
			d.attempts++
			if d.attempts >= fxMaxDeliveries {
				f.log.Warn("sandbox flowix: webhook given up", "event", d.event, "attempts", d.attempts)
				continue
			}
			d.next = time.Now().Add(time.Duration(1<<d.attempts) * 500 * time.Millisecond)
			f.mu.Lock()
			f.queue = append(f.queue, d)
			f.mu.Unlock()
		}
	}
}

// post delivers one webhook, signed; true on a 2xx answer.
func (f *FlowixSim) post(client *http.Client, hook *url.URL, d *fxDelivery) bool {
	req, err := http.NewRequest(http.MethodPost, hook.String(), bytes.NewReader(d.body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(flowixHeaderSignature, flowixSignature(FlowixWebhookSecret, d.body))
	req.Header.Set(flowixHeaderMerchant, FlowixMerchantID)
	req.Header.Set(flowixHeaderEvent, d.event)
	req.Header.Set("X-Flowix-Key", FlowixAPIKey) // as documented; receivers must not need it
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

// handleWebhookResend is webhook/resend: queue the webhook of a
// transaction, payout or deposit again, as it is now.
func (f *FlowixSim) handleWebhookResend(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	ref := fxStr(fields, "ref_id")
	f.mu.Lock()
	rec := f.st.Records[ref]
	if rec == nil {
		f.failUnlock(w, http.StatusNotFound, fxNotFound, "Transaction not found.")
		return
	}
	f.enqueueLocked(rec)
	err := f.persist()
	f.mu.Unlock()
	if err != nil {
		fxFail(w, http.StatusInternalServerError, fxServerError, "sandbox could not save its state")
		return
	}
	f.fxOK(w, r, "Webhook transaction sent successfully.", nil)
}
