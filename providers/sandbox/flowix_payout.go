package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// handleAccount is GET /account: the demo merchant and its live balance.
func (f *FlowixSim) handleAccount(w http.ResponseWriter, r *http.Request, _ map[string]json.RawMessage) {
	f.mu.Lock()
	bal := f.st.Balance
	f.mu.Unlock()
	f.fxOK(w, r, "Account details retrieved successfully.", map[string]any{
		"username": "toko_demo", "email": "demo@toko.example", "phone": "6281234567890", "level": "Enterprise",
		"balance": bal, "balance_limit": 1_000_000_000, "currency": "IDR", "status": "active",
		"kyc": "verified", "kyc_level": "CORP_STD", "verified": true, "security_2fa": true,
		"ip_whitelist": []string{"127.0.0.1"}, "joined_at": "2023-01-01 12:00:00", "last_active": fxTime(f.opt.Now()),
	})
}

// handleServices is GET /services?type=prabayar|pascabayar.
func (f *FlowixSim) handleServices(w http.ResponseWriter, r *http.Request, _ map[string]json.RawMessage) {
	typ := r.URL.Query().Get("type")
	if typ == "" {
		typ = flowixPrepaid
	}
	if typ != flowixPrepaid && typ != flowixPostpaid {
		fxFail(w, http.StatusBadRequest, fxBadRequest, "type must be prabayar or pascabayar.")
		return
	}
	list := []map[string]any{}
	for _, s := range fxServices {
		if s.Postpaid == (typ == flowixPostpaid) {
			list = append(list, map[string]any{"code": s.Code, "name": s.Name, "category": s.Category,
				"brand": s.Brand, "type": s.Type, "price": s.Price, "status": s.Status})
		}
	}
	f.fxOK(w, r, "Service list ("+typ+") retrieved.", list)
}

// handleBanks is GET /payout/banks.
func (f *FlowixSim) handleBanks(w http.ResponseWriter, r *http.Request, _ map[string]json.RawMessage) {
	list := make([]map[string]string, 0, len(fxBanks))
	for _, b := range fxBanks {
		list = append(list, map[string]string{"code": b.Code, "name": b.Name, "type": b.Type})
	}
	f.fxOK(w, r, "Bank list retrieved.", list)
}

// handlePayoutInquiry is payout/inquiry: the holder of a demo account.
func (f *FlowixSim) handlePayoutInquiry(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	bank, no := fxStr(fields, "bank_code"), fxStr(fields, "account_number")
	if _, ok := fxBank(bank); !ok {
		fxFail(w, http.StatusNotFound, fxNotFound, "Bank not found.")
		return
	}
	name, ok := fxAccountName(bank, no)
	if !ok {
		fxFail(w, http.StatusNotFound, fxNotFound, "Rekening tidak ditemukan.")
		return
	}
	f.fxOK(w, r, "Account valid.", map[string]string{"account_name": name, "account_number": no, "bank_code": bank})
}

// payoutData is what payout/status answers.
func (rec *fxRecord) payoutData() map[string]any {
	bankName, _ := fxBank(rec.Bank)
	return map[string]any{
		"ref_id": rec.Ref, "method": rec.Bank, "bank_name": bankName, "account_number": rec.Target,
		"account_name": rec.Name, "amount": rec.Amount, "fee": rec.Fee, "total_deduction": rec.Price,
		"status": rec.Status, "note": rec.Note, "created_at": fxTime(rec.CreatedAt),
	}
}

// handlePayoutCreate is payout/create, idempotent on ref_id like
// transaction/create.
func (f *FlowixSim) handlePayoutCreate(w http.ResponseWriter, r *http.Request, fields map[string]json.RawMessage) {
	bank, no, name, ref := fxStr(fields, "bank_code"), fxStr(fields, "account_number"), fxStr(fields, "account_name"), fxStr(fields, "ref_id")
	amount, okAmount := jsonInt(fields["amount"])
	if !validFlashRef(ref) || bank == "" || no == "" || !okAmount {
		fxFail(w, http.StatusBadRequest, fxBadRequest, "bank_code, account_number, amount and ref_id are required.")
		return
	}
	fp := bank + "|" + no + "|" + strconv.FormatInt(amount, 10)
	f.mu.Lock()
	f.seen[ref]++
	if rec := f.st.Records[ref]; rec != nil {
		if rec.Kind != "payout" || rec.Fingerprint != fp {
			f.failUnlock(w, http.StatusConflict, fxDuplicate, "ref_id already used.")
			return
		}
		data := map[string]any{"ref_id": ref, "status": rec.Status}
		f.mu.Unlock()
		f.fxOK(w, r, "Payout already exists.", data)
		return
	}
	_, bankOK := fxBank(bank)
	holder, acctOK := fxAccountName(bank, no)
	fault := fxFault(no)
	switch {
	case !bankOK:
		f.failUnlock(w, http.StatusNotFound, fxNotFound, "Bank not found.")
		return
	case !acctOK:
		f.failUnlock(w, http.StatusNotFound, fxNotFound, "Rekening tidak ditemukan.")
		return
	case name != "" && !strings.EqualFold(strings.TrimSpace(name), holder):
		f.failUnlock(w, http.StatusUnprocessableEntity, fxInvalid, "Nama pemilik rekening tidak sesuai.")
		return
	case amount < 10_000:
		f.failUnlock(w, http.StatusUnprocessableEntity, fxInvalid, "Minimal payout Rp 10.000.")
		return
	case fault == fxDecline || f.st.Balance < amount+fxPayoutFee:
		f.failUnlock(w, http.StatusPaymentRequired, fxInsufficientBalance, "Saldo tidak mencukupi.")
		return
	case fault == fxDropped && !f.st.Dropped[ref]:
		f.dropUnlock(w, ref)
		return
	}
	now := f.opt.Now()
	rec := &fxRecord{Kind: "payout", Ref: ref, Fingerprint: fp, Bank: bank, Target: no, Name: holder,
		Price: amount + fxPayoutFee, Amount: amount, Fee: fxPayoutFee, Status: "processing", Final: "success",
		Applied: 1, CreatedAt: now, SettleAt: now.Add(f.opt.ProcessDelay)}
	if fault == fxFails {
		rec.Final = "failed"
	}
	f.storeUnlock(w, r, rec, fault, "Payout request accepted.", func() any {
		return map[string]any{"ref_id": ref, "status": rec.Status}
	})
}
