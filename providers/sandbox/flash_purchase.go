package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"till/providers/flash"
)

// flashAnswer is a purchase answer (§3.1.11).
type flashAnswer struct {
	ResponseCode    int               `json:"responseCode"`
	ResponseMessage string            `json:"responseMessage"`
	AccountNumber   string            `json:"accountNumber,omitempty"`
	Reference       string            `json:"reference,omitempty"`
	TransactionDate string            `json:"transactionDate,omitempty"`
	TransactionID   int64             `json:"transactionId,omitempty"`
	Metadata        map[string]string `json:"metadata,omitempty"`
	StoreID         string            `json:"storeId,omitempty"`
	TerminalID      string            `json:"terminalId,omitempty"`
	Amount          int64             `json:"amount,omitempty"`
	RechargeDetails *flashRecharge    `json:"rechargeDetails,omitempty"`
}

type flashRecharge struct {
	RechargeType   string `json:"rechargeType"`
	CallCentre     string `json:"callCentre"`
	RechargeVendor string `json:"rechargeVendor"`
}

// pinless is a validated cellular pinless purchase.
type pinless struct {
	account  string
	amount   int64
	product  flashProduct
	mobile   string
	store    string
	terminal string
	metadata map[string]string
}

var sast = time.FixedZone("SAST", 2*60*60)

// handlePinless is §2.6.1, idempotent on reference (§1.2.2): the first
// request of a reference is validated, applied (or declined) and its answer
// stored; every later request with the same content gets that stored
// answer byte-for-byte and applies nothing. A later request with the same
// reference but different content is refused with CodeReferenceConflict:
// the document only promises "the response of the initial request", and a
// provider that silently answered a different request with another sale's
// result would be worse than one that refuses, so we assume Flash refuses.
func (f *flashSim) handlePinless(w http.ResponseWriter, r *http.Request) {
	if !f.bearerOK(r) {
		writeUnauthorized(w)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeJSON(w, http.StatusBadRequest, flashDecline(flash.CodeInvalidRequest, "", ""))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, flashDecline(flash.CodeInvalidRequest, "", ""))
		return
	}
	fields, fp, err := decodeFields(body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, flashDecline(flash.CodeInvalidRequest, "", ""))
		return
	}
	ref, ok := jsonString(fields["reference"])
	if !ok || !validFlashRef(ref) {
		writeJSON(w, http.StatusBadRequest, flashDecline(flash.CodeInvalidReference, "", ""))
		return
	}

	f.mu.Lock()
	f.seen[ref]++
	if rec := f.records[ref]; rec != nil {
		f.mu.Unlock()
		if rec.Fingerprint != fp {
			writeJSON(w, http.StatusBadRequest, flashDecline(flash.CodeReferenceConflict, ref, ""))
			return
		}
		writeBody(w, rec.Status, rec.Body)
		return
	}
	req, code := validatePinless(fields)
	if code != flash.CodeSuccess {
		f.storeAndAnswer(w, ref, fp, http.StatusBadRequest, flashDecline(code, ref, req.account))
		return
	}
	fault := FaultFor(req.amount)
	switch {
	case fault == FaultUnauthorized && !f.once401[ref]:
		f.once401[ref] = true
		err := f.persist()
		f.mu.Unlock()
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "sandbox could not save its state"})
			return
		}
		writeUnauthorized(w)
		return
	case fault == FaultDecline:
		f.storeAndAnswer(w, ref, fp, http.StatusOK, flashDecline(flash.CodeInsufficientBalance, ref, req.account))
		return
	}

	now := f.srv.now()
	txn := f.nextTxn
	f.nextTxn++
	b, _ := json.Marshal(flashAnswer{
		ResponseCode: 0, ResponseMessage: "Success", AccountNumber: req.account, Reference: ref,
		TransactionDate: now.In(sast).Format("2006-01-02T15:04:05-07:00"), TransactionID: txn,
		Metadata: req.metadata, StoreID: req.store, TerminalID: req.terminal, Amount: req.amount,
		RechargeDetails: &flashRecharge{RechargeType: "Pinless airtime", CallCentre: req.product.CallCentre, RechargeVendor: req.product.Vendor},
	})
	rec := &flashRecord{Fingerprint: fp, Status: http.StatusOK, Body: b, Applied: 1, At: now}
	f.records[ref] = rec
	err = f.persist()
	f.mu.Unlock()
	f.srv.log.LogAttrs(r.Context(), slog.LevelInfo, "sandbox flash sale applied",
		slog.String("ref", ref), slog.Int64("amount", req.amount), slog.String("fault", fault.String()))
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "sandbox could not save its state"})
		return
	}
	f.deliver(w, r, fault, rec, ref)
}

// storeAndAnswer stores a decline as the reference's answer and writes it.
// The caller holds f.mu; it is released here.
func (f *flashSim) storeAndAnswer(w http.ResponseWriter, ref, fp string, status int, ans flashAnswer) {
	b, _ := json.Marshal(ans)
	f.records[ref] = &flashRecord{Fingerprint: fp, Status: status, Body: b, At: f.srv.now()}
	err := f.persist()
	f.mu.Unlock()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "sandbox could not save its state"})
		return
	}
	writeBody(w, status, b)
}

// deliver writes the first answer of an applied sale, misbehaving as the
// fault says. Later requests get rec as it is.
func (f *flashSim) deliver(w http.ResponseWriter, r *http.Request, fault Fault, rec *flashRecord, ref string) {
	switch fault {
	case FaultLostAnswer:
		t := time.NewTimer(f.srv.opts.HoldMax)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-f.srv.done:
		case <-t.C:
		}
		abort(w)
	case FaultServerError:
		writeJSON(w, http.StatusServiceUnavailable, wso2Fault(101503, "Error connecting to the back end"))
	case FaultGarbage:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(rec.Body[:len(rec.Body)/2])
	case FaultSlow:
		t := time.NewTimer(f.srv.opts.SlowDelay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			abort(w)
		case <-f.srv.done:
			abort(w)
		case <-t.C:
			writeBody(w, rec.Status, rec.Body)
		}
	case FaultReset:
		abort(w)
	case FaultUpstreamError:
		writeJSON(w, http.StatusOK, flashDecline(flash.CodeUpstreamError, ref, FlashAccount))
	default:
		writeBody(w, rec.Status, rec.Body)
	}
}

// flashDecline is an unsuccessful answer with a code from flash's table.
func flashDecline(code flash.Code, ref, account string) flashAnswer {
	msg := "Error"
	if info, ok := flash.Lookup(code); ok {
		msg = strings.ReplaceAll(info.Name, "_", " ")
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return flashAnswer{ResponseCode: int(code), ResponseMessage: msg, Reference: ref, AccountNumber: account}
}

// validatePinless checks a request as §2.6.1 describes. mobileNumber must
// be a JSON string and productCode a JSON integer (see the client's note on
// the document's inconsistency).
func validatePinless(fields map[string]json.RawMessage) (pinless, flash.Code) {
	var p pinless
	account, ok := jsonString(fields["accountNumber"])
	if !ok || account != FlashAccount {
		return p, flash.CodeInvalidAccount
	}
	p.account = account
	amount, ok := jsonInt(fields["amount"])
	if !ok || amount <= 0 {
		return p, flash.CodeInvalidAmount
	}
	p.amount = amount
	code, ok := jsonInt(fields["productCode"])
	if !ok || code <= 0 {
		return p, flash.CodeInvalidProduct
	}
	prod, ok := flashProductByCode(code)
	if !ok || prod.Type != flash.ProductTypeCellularPinless {
		return p, flash.CodeInvalidProduct
	}
	if !prod.Active {
		return p, flash.CodeProductUnavailable
	}
	p.product = prod
	if amount < prod.Min || amount > prod.Max {
		return p, flash.CodeAmountOutOfRange
	}
	mobile, ok := jsonString(fields["mobileNumber"])
	if !ok || !validMobile(mobile) {
		return p, flash.CodeInvalidMobileNumber
	}
	p.mobile = mobile
	for key, dst := range map[string]*string{"storeId": &p.store, "terminalId": &p.terminal} {
		raw, present := fields[key]
		if !present {
			continue
		}
		v, ok := jsonString(raw)
		if !ok || !alnum(v) {
			return p, flash.CodeInvalidStoreTerminal
		}
		*dst = v
	}
	if raw, present := fields["paymentMethod"]; present {
		if v, ok := jsonString(raw); !ok || !alnum(v) {
			return p, flash.CodeInvalidRequest
		}
	}
	if raw, present := fields["metadata"]; present {
		md, ok := validMetadata(raw)
		if !ok {
			return p, flash.CodeInvalidMetadata
		}
		p.metadata = md
	}
	return p, flash.CodeSuccess
}

// decodeFields decodes a JSON object and returns its fields and a
// fingerprint of its content that ignores key order and spacing.
func decodeFields(body []byte) (map[string]json.RawMessage, string, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, "", err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, "", err
	}
	canon, err := json.Marshal(v)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(canon)
	return fields, hex.EncodeToString(sum[:]), nil
}

func jsonString(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// jsonInt accepts only a JSON integer literal: not a string, not 10.0.
func jsonInt(raw json.RawMessage) (int64, bool) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || strings.TrimLeft(strings.TrimPrefix(s, "-"), "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func validFlashRef(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '=') {
			return false
		}
	}
	return true
}

func validMobile(s string) bool {
	if len(s) != 11 || !strings.HasPrefix(s, "27") || s[2] == '0' {
		return false
	}
	return strings.TrimLeft(s, "0123456789") == ""
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// validMetadata checks the documented limits: up to 9 properties, names up
// to 10 characters, values up to 43 characters, values strings.
func validMetadata(raw json.RawMessage) (map[string]string, bool) {
	var md map[string]string
	if json.Unmarshal(raw, &md) != nil || len(md) > 9 {
		return nil, false
	}
	for k, v := range md {
		if n := utf8.RuneCountInString(k); n == 0 || n > 10 || utf8.RuneCountInString(v) > 43 {
			return nil, false
		}
	}
	return md, true
}
