package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"till/providers"
)

// handleMethods is GET /deposit/methods.
func (f *FlowixSim) handleMethods(w http.ResponseWriter, r *http.Request, _ map[string]json.RawMessage) {
	list := make([]map[string]any, 0, len(fxMethods))
	for _, m := range fxMethods {
		list = append(list, map[string]any{"code": m.Code, "name": m.Name, "type": m.Type, "min_amount": m.Min,
			"max_amount": m.Max, "fee": m.Fee, "fee_percent": json.Number(m.Percent), "image": nil})
	}
	f.fxOK(w, r, "Deposit methods retrieved.", list)
}

// depositCreated is what deposit/create answers.
func (rec *fxRecord) depositCreated() map[string]any {
	pd := map[string]any{"qr": nil, "pay_url": nil, "va_number": nil, "bank_account": nil, "bank_name": nil, "account_name": nil}
	if rec.QR != "" {
		pd["qr"] = map[string]any{"image": nil, "string": rec.QR}
	} else {
		pd["va_number"], pd["bank_name"], pd["account_name"] = "8808"+fxDigits(rec.Ref, 10), "BCA", "FLOWIX TOKO DEMO"
	}
	return map[string]any{
		"ref_id": rec.Ref, "amount_request": rec.Amount, "amount_total": rec.Total, "amount_received": rec.Received,
		"fee_charged": rec.Fee, "expired_at": fxTime(rec.ExpiresAt), "payment_data": pd,
	}
}

// depositStatus is what deposit/status answers.
func (rec *fxRecord) depositStatus() map[string]any {
	pd := map[string]any{"va_number": nil, "bank_name": nil, "pay_url": nil, "qr_string": nil}
	if rec.QR != "" {
		pd["qr_string"] = rec.QR
	}
	return map[string]any{
		"ref_id": rec.Ref, "method": rec.Method, "type": "qris", "amount_billing": rec.Total,
		"amount_received": rec.Received, "fee": rec.Fee, "status": rec.Status, "payment_details": pd,
		"created_at": fxTime(rec.CreatedAt), "expired_at": fxTime(rec.ExpiresAt), "paid_at": fxTime(rec.PaidAt),
	}
}

// handleDepositCreate is deposit/create. It carries no reference of the
// client's, so every request makes a new ticket, as Flowix's does; the
// fault is chosen by the last two digits of the amount.
func (f *FlowixSim) handleDepositCreate(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	amount, okAmount := jsonInt(fields["amount"])
	method := fxStr(fields, "method_code")
	var feeByCustomer bool
	if raw, ok := fields["fee_by_customer"]; ok && json.Unmarshal(raw, &feeByCustomer) != nil {
		fxFail(w, http.StatusBadRequest, fxBadRequest, "fee_by_customer must be a boolean.")
		return
	}
	m, okMethod := fxMethodByCode(method)
	fault := fxFault(strconv.FormatInt(amount, 10))
	switch {
	case !okAmount || method == "":
		fxFail(w, http.StatusBadRequest, fxBadRequest, "amount and method_code are required.")
		return
	case !okMethod:
		fxFail(w, http.StatusNotFound, fxNotFound, "Deposit method not found.")
		return
	case amount < m.Min || amount > m.Max || fault == fxDecline:
		fxFail(w, http.StatusUnprocessableEntity, fxInvalid,
			fmt.Sprintf("Nominal deposit harus antara %d dan %d.", m.Min, m.Max))
		return
	case fault == fxDropped:
		abort(w)
		return
	}
	now := f.opt.Now()
	fee := m.fee(amount)
	total, received := amount, amount-fee
	if feeByCustomer {
		total, received = amount+fee, amount
	}
	f.mu.Lock()
	ref := fmt.Sprintf("DEP-SBX-%s-%06d", now.In(wib).Format("060102"), f.st.NextDep)
	f.st.NextDep++
	f.seen[ref]++
	rec := &fxRecord{Kind: "deposit", Ref: ref, Method: m.Code, Amount: amount, Fee: fee, Total: total, Received: received,
		Status: "pending", CreatedAt: now, ExpiresAt: now.Add(f.opt.DepositTTL)}
	if m.Type == "qris" {
		rec.QR = fxQRIS(ref, total)
	}
	if fault != fxFails && f.opt.PayDelay > 0 {
		rec.SettleAt = now.Add(f.opt.PayDelay)
	}
	f.storeUnlock(w, r, rec, fault, "Deposit created successfully.", func() any { return rec.depositCreated() })
}

// handleDepositCancel is deposit/cancel: only a pending deposit.
func (f *FlowixSim) handleDepositCancel(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	ref := fxStr(fields, "ref_id")
	f.mu.Lock()
	rec := f.st.Records[ref]
	switch {
	case rec == nil || rec.Kind != "deposit":
		f.failUnlock(w, http.StatusNotFound, fxNotFound, "Deposit not found.")
		return
	case rec.Status != "pending":
		f.failUnlock(w, http.StatusUnprocessableEntity, fxInvalid, "Deposit tidak dapat dibatalkan (status "+rec.Status+").")
		return
	}
	rec.Status = "cancel"
	f.enqueueLocked(rec)
	err := f.persist()
	f.mu.Unlock()
	if err != nil {
		fxFail(w, http.StatusInternalServerError, fxServerError, "sandbox could not save its state")
		return
	}
	f.fxOK(w, r, "Deposit canceled.", nil)
}

// payLocked marks a deposit paid at at and credits the balance. The
// caller holds f.mu.
func (f *FlowixSim) payLocked(rec *fxRecord, at time.Time) {
	rec.Status, rec.PaidAt, rec.Applied = "paid", at, 1
	f.st.Balance += rec.Received
}

// PayDeposit pays a pending deposit now, as a customer scanning its QR
// would (the demo's "pay now" key; also POST
// /_sandbox/flowix/deposit/pay?ref_id=). It fails for an unknown, paid,
// cancelled or expired deposit.
func (f *FlowixSim) PayDeposit(ref string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advanceLocked()
	rec := f.st.Records[ref]
	if rec == nil || rec.Kind != "deposit" {
		return fmt.Errorf("no deposit %s", providers.CleanMax(ref, 40))
	}
	if rec.Status != "pending" {
		return fmt.Errorf("deposit %s is %s", rec.Ref, rec.Status)
	}
	f.payLocked(rec, f.opt.Now())
	f.enqueueLocked(rec)
	return f.persist()
}

func (f *FlowixSim) handlePay(w http.ResponseWriter, r *http.Request) {
	if err := f.PayDeposit(r.URL.Query().Get("ref_id")); err != nil {
		writeJSON(w, http.StatusConflict, map[string]any{"paid": false, "error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"paid": true})
}
