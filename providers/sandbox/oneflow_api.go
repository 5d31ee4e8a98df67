package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"till/providers"
	"till/sale"
)

// handleToken is "1. Obtaining an Access Token": HTTP Basic, empty body.
func (o *OneFlowSim) handleToken(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok || id != OneFlowClientID || secret != OneFlowClientSecret {
		w.Header().Set("WWW-Authenticate", `Basic realm="1flow-sandbox"`)
		ofError(w, http.StatusUnauthorized, "Invalid client credentials")
		return
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	tok := "sbx." + hex.EncodeToString(b[:])
	now := o.now()
	o.mu.Lock()
	for t, exp := range o.tokens {
		if !now.Before(exp) {
			delete(o.tokens, t)
		}
	}
	o.tokens[tok] = now.Add(o.opt.TokenTTL)
	o.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "Bearer", "expires_in": max(int64(o.opt.TokenTTL/time.Second), 1),
	})
}

// authed refuses a request without a live bearer token.
func (o *OneFlowSim) authed(h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		o.mu.Lock()
		exp, ok := o.tokens[tok]
		ok = ok && o.now().Before(exp)
		o.mu.Unlock()
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="1flow-sandbox"`)
			ofError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		h(w, r, tok)
	}
}

// handleLookup is "Customer Lookup" by phoneNumber (E.164), deviceId or
// cardId (the last is our assumption; see oneflow.LookupCard).
func (o *OneFlowSim) handleLookup(w http.ResponseWriter, r *http.Request, _ string) {
	f, ok := ofFields(w, r)
	if !ok {
		return
	}
	phone, pok := ofString(f, "phoneNumber")
	dev, dok := ofString(f, "deviceId")
	card, cok := ofString(f, "cardId")
	if n := btoi(pok) + btoi(dok) + btoi(cok); n != 1 {
		ofError(w, http.StatusBadRequest, "Give exactly one of phoneNumber, deviceId or cardId")
		return
	}
	var c ofCustomer
	var found bool
	switch {
	case pok:
		if !ofValidPhone(phone) {
			ofError(w, http.StatusBadRequest, "phoneNumber must be in E.164 form, like +254712345678")
			return
		}
		c, found = ofFindPhone(phone)
	default:
		serial, typ := dev, "DEVICE"
		if cok {
			serial, typ = card, "CARD"
		}
		var d ofDevice
		c, d, found = ofFind(serial)
		found = found && d.Type == typ
	}
	if !found {
		ofError(w, http.StatusNotFound, "Customer not found")
		return
	}
	devices := make([]map[string]any, 0, len(c.Devices))
	for _, d := range c.Devices {
		m := map[string]any{"serialNumber": d.Serial, "deviceType": d.Type, "name": d.Name}
		if len(d.Cards) > 0 {
			m["cardIds"] = d.Cards
		}
		devices = append(devices, m)
	}
	o.ok(w, http.StatusOK, map[string]any{"name": c.Name, "phoneNumber": c.Phone, "devices": devices})
}

// handleRecharge is "Initiate Recharge": deviceId or cardId, and a positive
// JSON number amount with at most two decimals. It answers 202 PENDING
// with a new recharge id, misbehaving as the device or the cents say.
func (o *OneFlowSim) handleRecharge(w http.ResponseWriter, r *http.Request, tok string) {
	f, ok := ofFields(w, r)
	if !ok {
		return
	}
	dev, dok := ofString(f, "deviceId")
	card, cok := ofString(f, "cardId")
	if dok == cok {
		ofError(w, http.StatusBadRequest, "Give exactly one of deviceId or cardId")
		return
	}
	serial, typ := dev, "DEVICE"
	if cok {
		serial, typ = card, "CARD"
	}
	c, d, found := ofFind(serial)
	if !found || d.Type != typ {
		msg := "Device not found"
		if cok {
			msg = "Card not found"
		}
		ofError(w, http.StatusNotFound, msg)
		return
	}
	raw := bytes.TrimSpace(f["amount"])
	amount, err := providers.MoneyFromMajor(json.Number(raw), sale.Currency(d.Currency))
	if len(raw) == 0 || raw[0] == '"' || err != nil || amount.Minor <= 0 {
		ofError(w, http.StatusBadRequest, "amount must be a positive number with at most 2 decimals")
		return
	}
	if amount.Minor > 100_000_00 {
		ofError(w, http.StatusUnprocessableEntity, "amount exceeds the largest recharge (100000)")
		return
	}
	fault := ofFaultFor(d, amount.Minor)
	o.mu.Lock()
	switch fault {
	case FaultDecline:
		o.mu.Unlock()
		ofError(w, http.StatusUnprocessableEntity, "Device is suspended; recharge refused")
		return
	case FaultUnauthorized:
		key := serial + "|" + strconv.FormatInt(amount.Minor, 10)
		if !o.once401[key] {
			o.once401[key] = true
			delete(o.tokens, tok) // as if it had just expired
			err := o.persist()
			o.mu.Unlock()
			if err != nil {
				ofError(w, http.StatusInternalServerError, "sandbox could not save its state")
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="1flow-sandbox", error="invalid_token"`)
			ofError(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		delete(o.once401, key)
	}
	o.seq++
	rec := &ofRecharge{Seq: o.seq, ID: ofUUID(), Serial: serial, DeviceType: typ, Currency: d.Currency,
		Amount: amount.Minor, Price: d.Price, Status: ofPending, CreatedAt: o.now().UTC()}
	o.recharges[rec.ID] = rec
	err = o.persist()
	body := o.answer(rec, c, true, false)
	noID := o.answer(rec, c, true, true)
	o.mu.Unlock()
	if err != nil {
		ofError(w, http.StatusInternalServerError, "sandbox could not save its state")
		return
	}
	switch fault {
	case FaultLostAnswer:
		o.hold(r, o.opt.HoldMax)
		abort(w)
	case FaultServerError:
		ofError(w, http.StatusInternalServerError, "Internal server error")
	case FaultGarbage:
		writeBody(w, http.StatusAccepted, body[:len(body)/2])
	case FaultSlow:
		if !o.hold(r, o.opt.SlowDelay) {
			abort(w)
			return
		}
		writeBody(w, http.StatusAccepted, body)
	case FaultReset:
		abort(w)
	case FaultUpstreamError:
		writeBody(w, http.StatusAccepted, noID)
	default:
		writeBody(w, http.StatusAccepted, body)
	}
}

// hold waits d, or less if the client gives up or the simulator closes; it
// reports whether the whole d passed.
func (o *OneFlowSim) hold(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-o.closed:
	case <-o.opt.done:
	}
	return false
}

// handleStatus is "Verify Recharge". A PENDING recharge completes (or
// fails) when a query finds it older than CompleteAfter.
func (o *OneFlowSim) handleStatus(w http.ResponseWriter, r *http.Request, _ string) {
	id := r.PathValue("id")
	o.mu.Lock()
	rec := o.recharges[id]
	if rec == nil {
		o.mu.Unlock()
		ofError(w, http.StatusNotFound, "Recharge not found")
		return
	}
	var err error
	if o.due(rec) {
		o.finish(rec, false)
		err = o.persist()
	}
	c, _, _ := ofFind(rec.Serial)
	body := o.answer(rec, c, false, false)
	o.mu.Unlock()
	if err != nil {
		ofError(w, http.StatusInternalServerError, "sandbox could not save its state")
		return
	}
	writeBody(w, http.StatusOK, body)
}

// due reports whether a PENDING recharge should complete now; the caller
// holds o.mu.
func (o *OneFlowSim) due(rec *ofRecharge) bool {
	_, d, _ := ofFind(rec.Serial)
	if rec.Status != ofPending || o.opt.ManualComplete || d.Outcome == ofOutcomeStuck {
		return false
	}
	return !o.now().Before(rec.CreatedAt.Add(max(o.opt.CompleteAfter, 0)))
}

// finish completes rec: litres = amount / price per litre (to the
// millilitre, rounded down), added to the device's balance. A device whose
// outcome is FAILED, or fail, makes it FAILED. The caller holds o.mu.
func (o *OneFlowSim) finish(rec *ofRecharge, fail bool) {
	_, d, _ := ofFind(rec.Serial)
	rec.CompletedAt = o.now().UTC()
	if fail || d.Outcome == ofOutcomeFail {
		rec.Status = ofFailed
		return
	}
	rec.Status = ofCompleted
	if rec.Price > 0 {
		rec.Millilitres = rec.Amount * 1000 / rec.Price
	}
	o.balances[rec.Serial] += rec.Millilitres
	rec.Balance = o.balances[rec.Serial]
}

// answer is rec as 1Flow's envelope, shaped like the document's examples:
// the initiation answer (initiate) has no currency; the status answer adds
// currency, pricePerLitre and, once COMPLETED, litres, balance and
// completedAt. noID leaves the id out (FaultUpstreamError). The caller
// holds o.mu.
func (o *OneFlowSim) answer(rec *ofRecharge, c ofCustomer, initiate, noID bool) []byte {
	data := map[string]any{
		"serialNumber": rec.Serial, "deviceType": rec.DeviceType, "status": rec.Status,
		"amount": ofNumber(rec.Amount, 2), "createdAt": rec.CreatedAt.Format(time.RFC3339Nano),
		"customer": map[string]string{"name": c.Name, "phoneNumber": c.Phone},
	}
	if !noID {
		data["id"] = rec.ID
	}
	if !initiate {
		data["currency"] = rec.Currency
		data["pricePerLitre"] = ofNumber(rec.Price, 2)
	}
	if rec.Status == ofCompleted {
		data["litres"] = ofNumber(rec.Millilitres, 3)
		data["balance"] = json.Number(strconv.FormatInt(rec.Balance, 10))
	}
	if !rec.CompletedAt.IsZero() {
		data["completedAt"] = rec.CompletedAt.Format(time.RFC3339Nano)
	}
	b, _ := json.Marshal(map[string]any{
		"success": true, "timestamp": o.now().UnixMilli(), "message": "success", "data": data,
	})
	return b
}

// ok writes a success envelope around data.
func (o *OneFlowSim) ok(w http.ResponseWriter, status int, data any) {
	writeJSON(w, status, map[string]any{"success": true, "timestamp": o.now().UnixMilli(), "message": "success", "data": data})
}

// ofFields reads a JSON object body (at most 4 KiB) into its raw fields,
// answering 400 itself when it cannot.
func ofFields(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	var f map[string]json.RawMessage
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&f); err != nil || f == nil || dec.More() {
		ofError(w, http.StatusBadRequest, "The body must be one JSON object")
		return nil, false
	}
	return f, true
}

// ofString returns a non-empty JSON string field.
func ofString(f map[string]json.RawMessage, key string) (string, bool) {
	var s string
	if raw, ok := f[key]; !ok || json.Unmarshal(raw, &s) != nil || s == "" {
		return "", false
	}
	return s, true
}

// ofError writes 1Flow's error envelope.
func ofError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"success": false, "timestamp": time.Now().UnixMilli(), "message": msg, "data": nil})
}

// ofNumber formats minor units with dec decimals as a JSON number without
// trailing zeros, as 1Flow's examples do: 10050 → 100.5, 500 → 5.
func ofNumber(minor int64, dec int) json.Number {
	s := strconv.FormatInt(minor, 10)
	for len(s) <= dec {
		s = "0" + s
	}
	whole, frac := s[:len(s)-dec], strings.TrimRight(s[len(s)-dec:], "0")
	if frac == "" {
		return json.Number(whole)
	}
	return json.Number(whole + "." + frac)
}

// ofUUID returns a random version 4 UUID, like 1Flow's recharge ids.
func ofUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
