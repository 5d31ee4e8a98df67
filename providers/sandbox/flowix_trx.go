package sandbox

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fxRecord is one applied request: a transaction, bill payment, payout or
// deposit, keyed by its ref_id (ours, the inquiry id, or DEP-…).
type fxRecord struct {
	Kind        string    `json:"kind"` // trx, bill, payout, deposit
	Ref         string    `json:"ref"`
	Fingerprint string    `json:"fingerprint,omitempty"`
	TrxID       int64     `json:"trxId,omitempty"`
	Service     string    `json:"service,omitempty"`
	Product     string    `json:"product,omitempty"`
	Target      string    `json:"target,omitempty"`
	Name        string    `json:"name,omitempty"` // customer or account holder
	Bank        string    `json:"bank,omitempty"` // payout bank code
	Price       int64     `json:"price"`          // debited from the balance
	Amount      int64     `json:"amount,omitempty"`
	Fee         int64     `json:"fee,omitempty"`
	Total       int64     `json:"total,omitempty"`    // deposit: what the customer pays
	Received    int64     `json:"received,omitempty"` // deposit: what the balance gets
	Method      string    `json:"method,omitempty"`
	QR          string    `json:"qr,omitempty"`
	Status      string    `json:"status"`
	Final       string    `json:"final,omitempty"` // what "processing" becomes
	SN          string    `json:"sn,omitempty"`    // revealed on success
	Note        string    `json:"note,omitempty"`
	Applied     int       `json:"applied"`
	CreatedAt   time.Time `json:"createdAt"`
	SettleAt    time.Time `json:"settleAt,omitzero"` // processing ends; deposit paid (zero: never)
	ExpiresAt   time.Time `json:"expiresAt,omitzero"`
	PaidAt      time.Time `json:"paidAt,omitzero"`
}

// fxInquiry is a bill check, payable until it expires.
type fxInquiry struct {
	ID         string    `json:"id"`
	Service    string    `json:"service"`
	CustomerNo string    `json:"customerNo"`
	Name       string    `json:"name"`
	Period     string    `json:"period"`
	Bill       int64     `json:"bill"`
	Admin      int64     `json:"admin"`
	ExpiresAt  time.Time `json:"expiresAt"`
}

// fxTime formats t as Flowix does.
func fxTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(wib).Format("2006-01-02 15:04:05")
}

// trxData is what transaction/create, transaction/status and bill/pay answer.
func (rec *fxRecord) trxData() map[string]any {
	sn := ""
	if rec.Status == "success" {
		sn = rec.SN
	}
	return map[string]any{
		"trx_id": rec.TrxID, "ref_id": rec.Ref, "product": rec.Product, "target": rec.Target,
		"price": rec.Price, "status": rec.Status, "sn": sn, "note": rec.Note, "created_at": fxTime(rec.CreatedAt),
	}
}

// advanceLocked plays every timed change that is due: processing becomes
// success or failed (refunding the balance), deposits are paid or expire.
// Each change queues a webhook. The caller holds f.mu.
func (f *FlowixSim) advanceLocked() {
	now := f.opt.Now()
	refs := make([]string, 0, len(f.st.Records))
	for ref := range f.st.Records {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	changed := false
	for _, ref := range refs {
		rec := f.st.Records[ref]
		switch {
		case rec.Kind != "deposit" && rec.Status == "processing" && !now.Before(rec.SettleAt):
			rec.Status = rec.Final
			if rec.Final == "failed" {
				f.st.Balance += rec.Price
				rec.Note = "Transaksi Gagal"
			} else {
				rec.Note = "Transaksi Berhasil"
			}
		case rec.Kind == "deposit" && rec.Status == "pending" && !rec.SettleAt.IsZero() &&
			!now.Before(rec.SettleAt) && rec.SettleAt.Before(rec.ExpiresAt):
			f.payLocked(rec, rec.SettleAt)
		case rec.Kind == "deposit" && rec.Status == "pending" && !now.Before(rec.ExpiresAt):
			rec.Status = "expired"
		default:
			continue
		}
		changed = true
		f.enqueueLocked(rec)
	}
	if changed {
		if err := f.persist(); err != nil {
			f.log.Error("sandbox flowix: saving state", "err", err)
		}
	}
}

// deliver writes the first answer of an applied request, misbehaving as
// the fault says. Later requests with the same ref_id get the record as it
// is.
func (f *FlowixSim) deliver(w http.ResponseWriter, r *http.Request, fault string, body []byte) {
	switch fault {
	case fxLost:
		t := time.NewTimer(f.opt.HoldMax)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-f.done:
		case <-t.C:
		}
		abort(w)
	case fx5xx:
		fxFail(w, http.StatusServiceUnavailable, fxMaintenance, "Service temporarily unavailable.")
	case fxGarbage:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)/2])
	case fxSlow:
		t := time.NewTimer(f.opt.SlowDelay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			abort(w)
		case <-f.done:
			abort(w)
		case <-t.C:
			writeBody(w, http.StatusOK, body)
		}
	case fxReset:
		abort(w)
	case fxUnknown:
		fxFail(w, http.StatusOK, 599, "Terjadi kesalahan pada sistem.")
	default:
		writeBody(w, http.StatusOK, body)
	}
}

// failUnlock releases f.mu and writes a failure envelope.
func (f *FlowixSim) failUnlock(w http.ResponseWriter, status int, code flowixCode, msg string) {
	f.mu.Unlock()
	fxFail(w, status, code, msg)
}

// storeUnlock stores an applied record, debits the balance, releases f.mu
// and answers as the fault says.
func (f *FlowixSim) storeUnlock(w http.ResponseWriter, r *http.Request, rec *fxRecord, fault, msg string, data func() any) {
	f.st.Balance -= rec.Price
	f.st.Records[rec.Ref] = rec
	err := f.persist()
	body := f.fxBody(r, msg, data())
	f.mu.Unlock()
	f.log.LogAttrs(r.Context(), slog.LevelInfo, "sandbox flowix request applied",
		slog.String("kind", rec.Kind), slog.String("ref", rec.Ref), slog.Int64("price", rec.Price), slog.String("fault", fault))
	if err != nil {
		fxFail(w, http.StatusInternalServerError, fxServerError, "sandbox could not save its state")
		return
	}
	f.deliver(w, r, fault, body)
}

// handleTrxCreate is transaction/create, idempotent on ref_id: a repeat
// with the same content gets the transaction as it is now, applied once; a
// repeat with other content is refused with 409.
func (f *FlowixSim) handleTrxCreate(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	code, target, ref := fxStr(fields, "service_code"), fxStr(fields, "target"), fxStr(fields, "ref_id")
	if !validFlashRef(ref) || code == "" || target == "" {
		fxFail(w, http.StatusBadRequest, fxBadRequest, "service_code, target and ref_id are required.")
		return
	}
	fp := code + "|" + target
	f.mu.Lock()
	f.seen[ref]++
	if rec := f.st.Records[ref]; rec != nil {
		if rec.Kind != "trx" || rec.Fingerprint != fp {
			f.failUnlock(w, http.StatusConflict, fxDuplicate, "ref_id already used for another transaction.")
			return
		}
		data := rec.trxData()
		f.mu.Unlock()
		f.fxOK(w, r, "Transaction already exists.", data)
		return
	}
	svc, ok := fxServiceByCode(code)
	fault := fxFault(target)
	switch {
	case !ok || svc.Postpaid:
		f.failUnlock(w, http.StatusNotFound, fxNotFound, "Service not found.")
		return
	case svc.Status != "available":
		f.failUnlock(w, 423, fxProductClosed, "Produk sedang gangguan.")
		return
	case !fxValidTarget(svc, target):
		f.failUnlock(w, http.StatusUnprocessableEntity, fxInvalid, "Nomor tujuan tidak valid.")
		return
	case fault == fxDecline || f.st.Balance < svc.Price:
		f.failUnlock(w, http.StatusPaymentRequired, fxInsufficientBalance, "Saldo tidak mencukupi.")
		return
	case fault == fxDropped && !f.st.Dropped[ref]:
		f.dropUnlock(w, ref)
		return
	}
	now := f.opt.Now()
	rec := &fxRecord{Kind: "trx", Ref: ref, Fingerprint: fp, TrxID: f.st.NextTrx, Service: svc.Code, Product: svc.Name,
		Target: target, Price: svc.Price, Status: "processing", Final: "success", Applied: 1,
		CreatedAt: now, SettleAt: now.Add(f.opt.ProcessDelay)}
	f.st.NextTrx++
	if fault == fxFails {
		rec.Final = "failed"
	}
	switch svc.Type {
	case "pln":
		d := fxDigits(ref, 20)
		rec.SN = d[0:4] + "-" + d[4:8] + "-" + d[8:12] + "-" + d[12:16] + "-" + d[16:20] + "/PELANGGAN DEMO/R1/1300VA/" +
			strconv.FormatInt(svc.Price/1450, 10) + ",0kWh"
	default:
		rec.SN = fxDigits(ref, 18)
	}
	f.storeUnlock(w, r, rec, fault, "Transaction processing.", func() any {
		return map[string]any{"trx_id": rec.TrxID, "ref_id": ref, "status": rec.Status, "price": rec.Price, "sn": ""}
	})
}

// fxStatus is one of Flowix's three status endpoints, transaction/status,
// payout/status and deposit/status (POST body or GET ?ref_id=): each
// answers for the records of its kinds, with that kind's data.
type fxStatus struct {
	kinds []string                       // the record kinds it answers for
	noun  string                         // "Transaction": "Transaction not found."
	data  func(*fxRecord) map[string]any // the answer's data
}

// Flowix's status endpoints. transaction/status answers for prepaid
// transactions by ref_id and bill payments by inquiry id.
var (
	fxTrxStatus     = fxStatus{[]string{"trx", "bill"}, "Transaction", (*fxRecord).trxData}
	fxPayoutStatus  = fxStatus{[]string{"payout"}, "Payout", (*fxRecord).payoutData}
	fxDepositStatus = fxStatus{[]string{"deposit"}, "Deposit", (*fxRecord).depositStatus}
)

// handleStatus answers st's endpoint.
func (f *FlowixSim) handleStatus(st fxStatus) func(http.ResponseWriter, *http.Request, map[string]json.RawMessage) {
	return func(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
		if r.Method != http.MethodPost && r.Method != http.MethodGet {
			fxFail(w, http.StatusMethodNotAllowed, fxBadRequest, "Method not allowed.")
			return
		}
		ref := fxStr(fields, "ref_id")
		f.mu.Lock()
		rec := f.st.Records[ref]
		if rec == nil || !slices.Contains(st.kinds, rec.Kind) {
			f.failUnlock(w, http.StatusNotFound, fxNotFound, st.noun+" not found.")
			return
		}
		data := st.data(rec)
		f.mu.Unlock()
		f.fxOK(w, r, st.noun+" status retrieved successfully.", data)
	}
}

// handleBillCheck is bill/check: an inquiry valid for 30 minutes.
func (f *FlowixSim) handleBillCheck(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	code, no := fxStr(fields, "service_code"), fxStr(fields, "customer_no")
	svc, ok := fxServiceByCode(code)
	if !ok || !svc.Postpaid {
		fxFail(w, http.StatusNotFound, fxNotFound, "Service not found.")
		return
	}
	cust, ok := fxBill(svc, no)
	if !ok {
		fxFail(w, http.StatusNotFound, fxNotFound, "Nomor pelanggan tidak ditemukan.")
		return
	}
	now := f.opt.Now()
	f.mu.Lock()
	inq := &fxInquiry{ID: "INQ-" + strconv.FormatInt(1_700_000_000+f.st.NextInq, 10), Service: svc.Code, CustomerNo: no,
		Name: cust.Name, Period: cust.Period, Bill: cust.Bill, Admin: svc.Price, ExpiresAt: now.Add(DefaultFlowixInquiryTTL)}
	f.st.NextInq++
	f.st.Inquiries[inq.ID] = inq
	err := f.persist()
	f.mu.Unlock()
	if err != nil {
		fxFail(w, http.StatusInternalServerError, fxServerError, "sandbox could not save its state")
		return
	}
	f.fxOK(w, r, "Bill inquiry successful.", map[string]any{
		"inquiry_id": inq.ID, "customer_name": inq.Name, "customer_no": no, "period": inq.Period,
		"admin_fee": inq.Admin, "bill_amount": inq.Bill, "detail": map[string]any{"service": svc.Name, "lembar": 1},
	})
}

// handleBillPay is bill/pay, keyed by inquiry id: paying an inquiry again
// gets the payment as it is now, applied once.
func (f *FlowixSim) handleBillPay(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	code, no, id := fxStr(fields, "service_code"), fxStr(fields, "customer_no"), fxStr(fields, "inquiry_id")
	if code == "" || no == "" || id == "" {
		fxFail(w, http.StatusBadRequest, fxBadRequest, "service_code, customer_no and inquiry_id are required.")
		return
	}
	f.mu.Lock()
	f.seen[id]++
	if rec := f.st.Records[id]; rec != nil {
		if rec.Kind != "bill" || rec.Service != code || rec.Target != no {
			f.failUnlock(w, http.StatusConflict, fxDuplicate, "Inquiry already used.")
			return
		}
		data := rec.trxData()
		f.mu.Unlock()
		f.fxOK(w, r, "Bill payment already processed.", data)
		return
	}
	inq := f.st.Inquiries[id]
	fault := fxFault(no)
	switch {
	case inq == nil:
		f.failUnlock(w, http.StatusNotFound, fxNotFound, "Inquiry not found.")
		return
	case inq.Service != code || inq.CustomerNo != no:
		f.failUnlock(w, http.StatusBadRequest, fxBadRequest, "Inquiry does not match the customer.")
		return
	case !f.opt.Now().Before(inq.ExpiresAt):
		f.failUnlock(w, http.StatusGone, fxExpired, "Inquiry expired, please check the bill again.")
		return
	case fault == fxDecline || f.st.Balance < inq.Bill+inq.Admin:
		f.failUnlock(w, http.StatusPaymentRequired, fxInsufficientBalance, "Saldo tidak mencukupi.")
		return
	case fault == fxDropped && !f.st.Dropped[id]:
		f.dropUnlock(w, id)
		return
	}
	now := f.opt.Now()
	svc, _ := fxServiceByCode(code)
	rec := &fxRecord{Kind: "bill", Ref: id, TrxID: f.st.NextTrx, Service: code, Product: svc.Name, Target: no, Name: inq.Name,
		Price: inq.Bill + inq.Admin, Amount: inq.Bill, Fee: inq.Admin, Status: "processing", Final: "success", Applied: 1,
		CreatedAt: now, SettleAt: now.Add(f.opt.ProcessDelay),
		SN: "REF" + fxDigits(id, 16) + "/" + strings.ReplaceAll(inq.Name, "/", " ") + "/" + inq.Period}
	f.st.NextTrx++
	if fault == fxFails {
		rec.Final = "failed"
	}
	f.storeUnlock(w, r, rec, fault, "Bill payment processing.", func() any {
		return map[string]any{"trx_id": rec.TrxID, "ref_id": id, "status": rec.Status, "sn": ""}
	})
}
