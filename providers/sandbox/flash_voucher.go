package sandbox

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// flashVoucher is a 1Voucher the simulator knows, by PIN: the demo
// vouchers and every one it issued (purchase, disbursement, refund, change).
type flashVoucher struct {
	Serial string `json:"serial"`
	Amount int64  `json:"amount"` // what it still holds, cents
	Expiry string `json:"expiry"` // YYYY-MM-DD, the last day it can be redeemed
	Status string `json:"status"` // Active or Redeemed
}

// flashCashOut is a cash-out PIN the simulator issued, by serial number.
type flashCashOut struct {
	PIN     string `json:"pin"`
	Product int64  `json:"product"`
	Amount  int64  `json:"amount"`
	Expiry  string `json:"expiry"`
	Status  string `json:"status"` // Active, Cancelled, Redeemed
}

// flashVoucherAns is the voucher of an answer.
type flashVoucherAns struct {
	Amount       int64         `json:"amount"`
	ExpiryDate   string        `json:"expiryDate,omitempty"`
	PIN          string        `json:"pin,omitempty"`
	SerialNumber string        `json:"serialNumber,omitempty"`
	Status       string        `json:"status,omitempty"`
	Content      *flashContent `json:"content,omitempty"`
}

type flashContent struct {
	RedemptionInstructions string `json:"redemptionInstructions"`
	TermsAndConditions     string `json:"termsAndConditions"`
}

// Demo 1Vouchers and cash-out PINs (docs/SANDBOX.md). They are back after
// every reset.
const (
	DemoVoucherR100     = "1111222233334444" // R 100.00, redeemable
	DemoVoucherR250     = "5555666677778888" // R 250.00, redeem part of it for a change voucher
	DemoVoucherUsed     = "1234123412341234" // already redeemed
	DemoVoucherExpired  = "9999000099990000" // expired on 2024-01-31
	DemoCashOutActive   = "CO5000000001"     // R 500.00, can be looked up and cancelled
	DemoCashOutRedeemed = "CO5000000002"     // R 300.00, already paid out
)

// demoVouchers is the vouchers a fresh simulator knows.
func demoVouchers() map[string]*flashVoucher {
	return map[string]*flashVoucher{
		DemoVoucherR100:    {Serial: "1V0000000100", Amount: 10000, Expiry: "2099-12-31", Status: "Active"},
		DemoVoucherR250:    {Serial: "1V0000000250", Amount: 25000, Expiry: "2099-12-31", Status: "Active"},
		DemoVoucherUsed:    {Serial: "1V0000000001", Amount: 0, Expiry: "2099-12-31", Status: "Redeemed"},
		DemoVoucherExpired: {Serial: "1V0000000002", Amount: 5000, Expiry: "2024-01-31", Status: "Active"},
	}
}

func demoCashOuts() map[string]*flashCashOut {
	return map[string]*flashCashOut{
		DemoCashOutActive:   {PIN: "480173925561", Product: 5001, Amount: 50000, Expiry: "2099-12-31", Status: "Active"},
		DemoCashOutRedeemed: {PIN: "771920384456", Product: 5001, Amount: 30000, Expiry: "2099-12-31", Status: "Redeemed"},
	}
}

// digits derives n decimal digits from seed, so every PIN, serial and
// token the simulator issues follows from its transaction id alone (a
// replayed answer is the stored one; a fresh sandbox issues the same
// numbers in the same order, which keeps golden receipts stable).
func digits(seed string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("flash-sandbox/%s/%d", seed, i)))
		for _, c := range sum {
			if b.Len() == n {
				break
			}
			b.WriteByte('0' + c%10)
		}
	}
	return b.String()
}

// expired reports whether a voucher whose last day is expiry has expired
// at now (SAST).
func expired(expiry string, now time.Time) bool {
	return expiry < now.In(sast).Format(time.DateOnly)
}

// content is a product's redemption instructions and terms.
func content(p flashProduct) *flashContent {
	return &flashContent{RedemptionInstructions: p.Redeem, TermsAndConditions: p.Terms}
}

// issue1Voucher makes a new 1Voucher of amount for transaction txn and
// returns its answer; the PIN is left out when it is sent by SMS.
func (f *flashSim) issue1Voucher(txn, amount int64, now time.Time, sms string) *flashVoucherAns {
	p, _ := flashProductByCode(flashProduct1Voucher)
	pin := digits(fmt.Sprintf("1v-pin-%d", txn), 16)
	v := &flashVoucher{Serial: "1V" + digits(fmt.Sprintf("1v-serial-%d", txn), 10), Amount: amount,
		Expiry: now.In(sast).AddDate(3, 0, 0).Format(time.DateOnly), Status: "Active"}
	f.vouchers[pin] = v
	ans := &flashVoucherAns{Amount: amount, ExpiryDate: v.Expiry, PIN: pin, SerialNumber: v.Serial, Status: v.Status, Content: content(p)}
	if sms != "" {
		ans.PIN, ans.Status = "", "Sent by SMS"
	}
	return ans
}

// flashProduct1Voucher is the catalogue product whose limits the 1Voucher
// endpoints (which take no product code) apply.
const flashProduct1Voucher = 2001

// validate1Voucher checks a 1Voucher purchase (§2.3.1), disbursement
// (§2.3.2) or refund (§2.3.4): an amount within the 1Voucher product's
// limits, a paymentMethod only on a purchase, a mobile number only on a
// refund.
func (f *flashSim) validate1Voucher(kind string) flashValidator {
	return func(fields map[string]json.RawMessage) (flashOp, flashCode) {
		op, code := validateCommon(fields, true)
		if code != fcSuccess {
			return op, code
		}
		p, _ := flashProductByCode(flashProduct1Voucher)
		if op.amount < p.Min || op.amount > p.Max {
			return op, fcAmountOutOfRange
		}
		if code := checkPayment(fields, kind == "purchase"); code != fcSuccess {
			return op, code
		}
		mobile, code := optionalMobile(fields, kind == "refund")
		if code != fcSuccess {
			return op, code
		}
		op.apply = func(txn int64, now time.Time) (flashAnswer, flashCode) {
			return flashAnswer{Amount: op.amount, Voucher: f.issue1Voucher(txn, op.amount, now, mobile)}, fcSuccess
		}
		return op, fcSuccess
	}
}

// optionalMobile reads mobileNumber where the request takes one (11 digits,
// 27 and no leading 0), and refuses it where it does not.
func optionalMobile(fields map[string]json.RawMessage, takes bool) (string, flashCode) {
	raw, present := fields["mobileNumber"]
	if !present {
		return "", fcSuccess
	}
	m, ok := jsonString(raw)
	if !takes || !ok || !validMobile(m) {
		return "", fcInvalidMobileNumber
	}
	return m, fcSuccess
}

// validateRedeem checks a 1Voucher redemption (§2.3.3): a 16-digit PIN and
// an amount of 0 (the whole voucher) or more. The voucher's state is
// checked when it is applied: unknown (1030), already redeemed (1031),
// expired (1032), or holding less than the amount (1034). A partial
// redemption issues a change voucher for the rest, returned in the answer
// or, with a mobile number, "sent by SMS" (its PIN left out).
func (f *flashSim) validateRedeem(fields map[string]json.RawMessage) (flashOp, flashCode) {
	op, code := validateCommon(fields, false)
	if code != fcSuccess {
		return op, code
	}
	pin, ok := jsonString(fields["pin"])
	if !ok || len(pin) != 16 || strings.Trim(pin, "0123456789") != "" {
		return op, fcVoucherInvalidPIN
	}
	amount, ok := jsonInt(fields["amount"])
	if !ok || amount < 0 {
		return op, fcInvalidAmount
	}
	mobile, code := optionalMobile(fields, true)
	if code != fcSuccess {
		return op, code
	}
	if code := checkPayment(fields, false); code != fcSuccess {
		return op, code
	}
	op.amount = amount
	if v := f.vouchers[pin]; amount == 0 && v != nil {
		op.amount = v.Amount // a full redemption plays the fault of what it redeems
	}
	op.apply = func(txn int64, now time.Time) (flashAnswer, flashCode) {
		v := f.vouchers[pin]
		switch {
		case v == nil:
			return flashAnswer{}, fcVoucherNotFound
		case v.Status == "Redeemed" || v.Amount <= 0:
			return flashAnswer{}, fcVoucherRedeemed
		case expired(v.Expiry, now):
			return flashAnswer{}, fcVoucherExpired
		case amount > v.Amount:
			return flashAnswer{}, fcVoucherInsufficient
		}
		redeemed := amount
		if redeemed == 0 {
			redeemed = v.Amount
		}
		change := v.Amount - redeemed
		v.Amount, v.Status = 0, "Redeemed"
		ans := flashAnswer{Amount: redeemed}
		if change > 0 {
			ans.Voucher = f.issue1Voucher(txn, change, now, mobile)
		} else {
			ans.Voucher = &flashVoucherAns{Amount: 0, SerialNumber: v.Serial, ExpiryDate: v.Expiry, Status: "Redeemed"}
		}
		return ans, fcSuccess
	}
	return op, fcSuccess
}

// validateProductVoucher checks the purchase of a voucher chosen by
// product code: a gift voucher (§2.4.1), an Eezi voucher (§2.7.1) or a
// cash-out PIN (§2.5.1).
func (f *flashSim) validateProductVoucher(t flashType) flashValidator {
	return func(fields map[string]json.RawMessage) (flashOp, flashCode) {
		op, code := validateCommon(fields, true)
		if code != fcSuccess {
			return op, code
		}
		prod, code := productOf(fields, t, op.amount)
		if code != fcSuccess {
			return op, code
		}
		if code := checkPayment(fields, true); code != fcSuccess {
			return op, code
		}
		op.apply = func(txn int64, now time.Time) (flashAnswer, flashCode) {
			seed := fmt.Sprintf("%d-%d", prod.Code, txn)
			v := &flashVoucherAns{Amount: op.amount, Status: "Active", Content: content(prod)}
			switch t {
			case ftGiftVoucher:
				v.PIN = giftCode(seed)
				v.SerialNumber = "GV" + digits("gift-serial-"+seed, 10)
				v.ExpiryDate = now.In(sast).AddDate(3, 0, 0).Format(time.DateOnly)
			case ftEezi:
				v.PIN = digits("eezi-pin-"+seed, 12)
				v.SerialNumber = "EZ" + digits("eezi-serial-"+seed, 10)
				v.ExpiryDate = now.In(sast).AddDate(1, 0, 0).Format(time.DateOnly)
			case ftCashOut:
				v.PIN = digits("cashout-pin-"+seed, 12)
				v.SerialNumber = "CO" + digits("cashout-serial-"+seed, 10)
				v.ExpiryDate = now.In(sast).AddDate(0, 0, 30).Format(time.DateOnly)
				f.cashOuts[v.SerialNumber] = &flashCashOut{PIN: v.PIN, Product: prod.Code, Amount: op.amount,
					Expiry: v.ExpiryDate, Status: "Active"}
			}
			return flashAnswer{Amount: op.amount, Voucher: v}, fcSuccess
		}
		return op, fcSuccess
	}
}

// giftCode is a gift voucher code: 16 capitals and digits without the
// easily confused 0, O, 1 and I.
func giftCode(seed string) string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	d := digits("gift-pin-"+seed, 32)
	var b strings.Builder
	for i := 0; i < 16; i++ {
		b.WriteByte(alphabet[(int(d[2*i]-'0')*10+int(d[2*i+1]-'0'))%len(alphabet)])
	}
	return b.String()
}

// cashOutOf reads serialNumber and productCode (a cash-out product) and
// finds the PIN; it is nil when the serial is unknown.
func (f *flashSim) cashOutOf(fields map[string]json.RawMessage) (string, *flashCashOut, flashCode) {
	serial, ok := jsonString(fields["serialNumber"])
	if !ok || serial == "" || !alnum(serial) || len(serial) > 40 {
		return "", nil, fcInvalidRequest
	}
	if _, code := productOf(fields, ftCashOut, 0); code != fcSuccess {
		return serial, nil, code
	}
	return serial, f.cashOuts[serial], fcSuccess
}

// validateCancel checks a cash-out PIN cancellation (§2.5.2). It plays the
// fault of the PIN's amount (the request carries none): unknown serial
// 1042, already cancelled 1040, paid out 1041, expired 1043.
func (f *flashSim) validateCancel(fields map[string]json.RawMessage) (flashOp, flashCode) {
	op, code := validateCommon(fields, false)
	if code != fcSuccess {
		return op, code
	}
	if _, present := fields["amount"]; present {
		return op, fcInvalidRequest
	}
	if code := checkPayment(fields, false); code != fcSuccess {
		return op, code
	}
	serial, c, code := f.cashOutOf(fields)
	if code != fcSuccess {
		return op, code
	}
	if c != nil {
		op.amount = c.Amount
	}
	op.apply = func(_ int64, now time.Time) (flashAnswer, flashCode) {
		switch {
		case c == nil:
			return flashAnswer{}, fcCashOutNotFound
		case c.Status == "Cancelled":
			return flashAnswer{}, fcCashOutCancelled
		case c.Status == "Redeemed":
			return flashAnswer{}, fcCashOutRedeemed
		case expired(c.Expiry, now):
			return flashAnswer{}, fcCashOutExpired
		}
		c.Status = "Cancelled"
		return flashAnswer{Amount: c.Amount, Voucher: &flashVoucherAns{Amount: c.Amount, ExpiryDate: c.Expiry,
			SerialNumber: serial, Status: c.Status}}, fcSuccess
	}
	return op, fcSuccess
}

// answerCashOutLookup is §2.5.3: the PIN's state, as the document shows it
// (with the PIN itself, which the till does not keep).
func (f *flashSim) answerCashOutLookup(ref string, fields map[string]json.RawMessage, now time.Time) (int, flashAnswer) {
	op, code := validateCommon(fields, false)
	if code != fcSuccess {
		return http.StatusBadRequest, f.decline(code, ref, op.account)
	}
	serial, c, code := f.cashOutOf(fields)
	switch {
	case code != fcSuccess:
		return http.StatusBadRequest, f.decline(code, ref, op.account)
	case c == nil:
		return http.StatusOK, f.decline(fcCashOutNotFound, ref, op.account)
	}
	status := c.Status
	if status == "Active" && expired(c.Expiry, now) {
		status = "Expired"
	}
	return http.StatusOK, flashAnswer{ResponseCode: 0, ResponseMessage: "Success", AccountNumber: op.account, Reference: ref,
		TransactionDate: now.In(sast).Format("2006-01-02T15:04:05-07:00"), Metadata: op.metadata,
		Voucher: &flashVoucherAns{Amount: c.Amount, ExpiryDate: c.Expiry, PIN: c.PIN, SerialNumber: serial, Status: status}}
}
