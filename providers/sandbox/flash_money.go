package sandbox

import (
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"time"
)

// flashAnswer is a money answer (§3.1.3–§3.1.14): the fields every answer
// has, and the product's own part.
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
	Voucher         *flashVoucherAns  `json:"voucher,omitempty"`
	*flashUtilityAns
}

type flashRecharge struct {
	RechargeType   string `json:"rechargeType"`
	CallCentre     string `json:"callCentre"`
	RechargeVendor string `json:"rechargeVendor"`
}

// sast is South African Standard Time, in which Flash dates its answers.
var sast = time.FixedZone("SAST", 2*60*60)

// flashOp is a validated money request: the fields every request has and
// how to apply it. apply runs with f.mu held, after the fault table, with
// the transaction id the sale gets; it returns the product's part of the
// answer (with its amount), or a code from the table when the state of a
// voucher, PIN or meter refuses the request (nothing is applied then).
// first, if set, rewrites the first answer only: a fault of the product's
// own (a token lost on the way), which a resend does not repeat.
type flashOp struct {
	account  string
	amount   int64 // cents, for the fault table
	store    string
	terminal string
	metadata map[string]string
	apply    func(txn int64, now time.Time) (flashAnswer, flashCode)
	first    func(stored flashAnswer) flashAnswer
}

// flashValidator checks a request's fields as its table says. It runs with
// f.mu held, so it may read the simulator's state, but changes nothing.
type flashValidator func(fields map[string]json.RawMessage) (flashOp, flashCode)

// money returns the handler of a money endpoint, idempotent on reference
// (§1.2.2): the first request of a reference is validated, applied (or
// declined) and its answer stored; every later request with the same
// content gets that stored answer byte-for-byte and applies nothing. A
// later request with the same reference but different content is refused
// with CodeReferenceConflict: the document only promises "the response of
// the initial request", and a provider that silently answered a different
// request with another sale's result would be worse than one that
// refuses, so we assume Flash refuses.
func (f *flashSim) money(validate flashValidator) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ref, fields, fp, ok := f.readRequest(w, r)
		if !ok {
			return
		}
		f.mu.Lock()
		f.seen[ref]++
		if rec := f.records[ref]; rec != nil {
			f.mu.Unlock()
			if rec.Fingerprint != fp {
				writeJSON(w, http.StatusBadRequest, f.decline(fcReferenceConflict, ref, ""))
				return
			}
			writeBody(w, rec.Status, rec.Body)
			return
		}
		op, code := validate(fields)
		if code != fcSuccess {
			f.storeAndAnswer(w, ref, fp, http.StatusBadRequest, f.decline(code, ref, op.account))
			return
		}
		fault := FaultFor(op.amount)
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
			f.storeAndAnswer(w, ref, fp, http.StatusOK, f.decline(fcInsufficientBalance, ref, op.account))
			return
		}
		now := f.srv.now()
		ans, code := op.apply(f.nextTxn, now)
		if code != fcSuccess {
			f.storeAndAnswer(w, ref, fp, http.StatusOK, f.decline(code, ref, op.account))
			return
		}
		txn := f.nextTxn
		f.nextTxn++
		ans.ResponseCode, ans.ResponseMessage, ans.AccountNumber, ans.Reference = 0, "Success", op.account, ref
		ans.TransactionDate, ans.TransactionID = now.In(sast).Format("2006-01-02T15:04:05-07:00"), txn
		ans.Metadata, ans.StoreID, ans.TerminalID = op.metadata, op.store, op.terminal
		b, _ := json.Marshal(ans)
		rec := &flashRecord{Fingerprint: fp, Status: http.StatusOK, Body: b, Applied: 1, At: now}
		f.records[ref] = rec
		err := f.persist()
		f.mu.Unlock()
		f.srv.log.LogAttrs(r.Context(), slog.LevelInfo, "sandbox flash sale applied", slog.String("ref", ref),
			slog.String("path", r.URL.Path), slog.Int64("amount", op.amount), slog.String("fault", fault.String()))
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "sandbox could not save its state"})
			return
		}
		if op.first != nil && fault == FaultNone {
			writeJSON(w, http.StatusOK, op.first(ans))
			return
		}
		f.deliver(w, r, fault, rec, ref)
	}
}

// readRequest checks the bearer token and the body of a POST and returns
// its reference, fields and content fingerprint; otherwise it has answered.
func (f *flashSim) readRequest(w http.ResponseWriter, r *http.Request) (string, map[string]json.RawMessage, string, bool) {
	if !f.bearerOK(r) {
		writeUnauthorized(w)
		return "", nil, "", false
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeJSON(w, http.StatusBadRequest, f.decline(fcInvalidRequest, "", ""))
		return "", nil, "", false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, f.decline(fcInvalidRequest, "", ""))
		return "", nil, "", false
	}
	fields, fp, err := decodeFields(body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, f.decline(fcInvalidRequest, "", ""))
		return "", nil, "", false
	}
	ref, ok := jsonString(fields["reference"])
	if !ok || !validFlashRef(ref) {
		writeJSON(w, http.StatusBadRequest, f.decline(fcInvalidReference, "", ""))
		return "", nil, "", false
	}
	return ref, fields, fp, true
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

// lookupHandler returns the handler of a lookup endpoint (a meter, a
// cash-out PIN): authenticated and validated like a money request, but
// answered from the current state, never stored and never faulted — a
// lookup moves no money.
func (f *flashSim) lookupHandler(answer func(ref string, fields map[string]json.RawMessage, now time.Time) (int, flashAnswer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ref, fields, _, ok := f.readRequest(w, r)
		if !ok {
			return
		}
		f.mu.Lock()
		status, ans := answer(ref, fields, f.srv.now())
		f.mu.Unlock()
		writeJSON(w, status, ans)
	}
}

// validatePinless checks a cellular pinless purchase (§2.6.1).
// mobileNumber must be a JSON string and productCode a JSON integer (see
// the client's note on the document's inconsistency).
func (f *flashSim) validatePinless(fields map[string]json.RawMessage) (flashOp, flashCode) {
	op, code := validateCommon(fields, true)
	if code != fcSuccess {
		return op, code
	}
	prod, code := productOf(fields, ftAirtime, op.amount)
	if code != fcSuccess {
		return op, code
	}
	mobile, ok := jsonString(fields["mobileNumber"])
	if !ok || !validMobile(mobile) {
		return op, fcInvalidMobileNumber
	}
	if code := checkPayment(fields, true); code != fcSuccess {
		return op, code
	}
	op.apply = func(int64, time.Time) (flashAnswer, flashCode) {
		return flashAnswer{Amount: op.amount, RechargeDetails: &flashRecharge{
			RechargeType: "Pinless airtime", CallCentre: prod.CallCentre, RechargeVendor: prod.Vendor}}, fcSuccess
	}
	return op, fcSuccess
}

// validateCommon checks accountNumber and, when withAmount, a positive
// integer amount. storeId, terminalId and metadata are checked when sent
// (callers refuse them where the document does not list them).
func validateCommon(fields map[string]json.RawMessage, withAmount bool) (flashOp, flashCode) {
	var op flashOp
	account, ok := jsonString(fields["accountNumber"])
	if !ok || account != FlashAccount {
		return op, fcInvalidAccount
	}
	op.account = account
	if withAmount {
		amount, ok := jsonInt(fields["amount"])
		if !ok || amount <= 0 {
			return op, fcInvalidAmount
		}
		op.amount = amount
	}
	for _, key := range []string{"storeId", "terminalId"} {
		raw, present := fields[key]
		if !present {
			continue
		}
		v, ok := jsonString(raw)
		if !ok || !alnum(v) {
			return op, fcInvalidStoreTerminal
		}
		if key == "storeId" {
			op.store = v
		} else {
			op.terminal = v
		}
	}
	if raw, present := fields["metadata"]; present {
		md, ok := validMetadata(raw)
		if !ok {
			return op, fcInvalidMetadata
		}
		op.metadata = md
	}
	return op, fcSuccess
}

// productOf checks productCode: a JSON integer naming an active product of
// type t whose limits allow amount (checked when amount > 0).
func productOf(fields map[string]json.RawMessage, t flashType, amount int64) (flashProduct, flashCode) {
	code, ok := jsonInt(fields["productCode"])
	if !ok || code <= 0 {
		return flashProduct{}, fcInvalidProduct
	}
	prod, ok := flashProductByCode(code)
	if !ok || prod.Type != t {
		return flashProduct{}, fcInvalidProduct
	}
	if !prod.Active {
		return prod, fcProductUnavailable
	}
	if amount > 0 && (amount < prod.Min || amount > prod.Max) {
		return prod, fcAmountOutOfRange
	}
	return prod, fcSuccess
}

// checkPayment checks paymentMethod (alphanumeric) when the request takes
// one, and refuses it when it does not.
func checkPayment(fields map[string]json.RawMessage, takes bool) flashCode {
	if raw, present := fields["paymentMethod"]; present {
		if v, ok := jsonString(raw); !takes || !ok || !alnum(v) {
			return fcInvalidRequest
		}
	}
	return fcSuccess
}
