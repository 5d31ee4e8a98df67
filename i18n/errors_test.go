package i18n

import (
	"errors"
	"strings"
	"testing"
	"time"

	"till/sale"
)

// TestDomainErrorsInIndonesian: every refusal the domain keys has both
// languages, takes the arguments the domain gives, and an Indonesian till
// shows it in Indonesian with its amounts grouped the Indonesian way; an
// English till shows the domain's own English.
func TestDomainErrorsInIndonesian(t *testing.T) {
	over := &sale.Error{Code: sale.CodeOverLimit, Message: "IDR 600000 is over the per-sale limit of IDR 500000 for pulsa: a supervisor must authorise it",
		Key: "over_limit", Args: []any{sale.New(600000, sale.IDR), sale.New(500000, sale.IDR), sale.KindPulsa}}
	got := ID.Error(over)
	if !strings.Contains(got, "melebihi batas per transaksi") || !strings.Contains(got, "Rp 500.000") || !strings.Contains(got, "untuk pulsa") {
		t.Errorf("id: %q", got)
	}
	if got := EN.Error(over); got != over.Message {
		t.Errorf("en: %q, want the domain's English", got)
	}
	lock := &sale.Error{Code: sale.CodeLocked, Message: "wrong PIN for Sari 3 times: locked out for 15 minutes, until 10:15",
		Key: "pin_lockout", Args: []any{"Sari", 3, 15 * time.Minute, "10:15"}}
	if got := ID.Error(lock); got != "PIN Sari salah 3 kali: terkunci selama 15 menit, sampai pukul 10:15" {
		t.Errorf("id lockout: %q", got)
	}
	// Without a key, or not the domain's: as sale.ErrorMessage says it.
	if got := ID.Error(sale.Errorf(sale.CodeInvalid, "bad")); got != "bad" {
		t.Errorf("no key: %q", got)
	}
	if got := ID.Error(errors.New("disk")); got != "internal error: disk" {
		t.Errorf("not the domain's: %q", got)
	}
}

// TestDomainErrorKeysExist: every key the domain gives a refusal (errork
// in sale/limits.go and sale/auth.go, with the number of arguments it
// passes) has a catalogue entry whose verbs take them.
func TestDomainErrorKeysExist(t *testing.T) {
	for key, n := range map[string]int{
		"exposure_count": 2, "exposure_value": 2, "over_most": 2, "override_used": 1, "supervised": 1,
		"over_limit": 3, "same_target": 4, "over_limit_same_target": 7, "pin_locked": 3, "pin_wrong": 2,
		"pin_lockout": 4, "cashier_disabled": 1, "not_supervisor": 1,
	} {
		tx, ok := catalogue["err."+key]
		if !ok {
			t.Errorf("err.%s missing", key)
			continue
		}
		if c := strings.Count(tx.ID, "%"); c != n {
			t.Errorf("err.%s: %d verbs in Indonesian, the domain gives %d arguments", key, c, n)
		}
	}
}

// What sale.ParseMoney refuses reads Indonesian on an Indonesian till —
// the CLI's --amount and the TUI's amount fields alike — and as before in
// English.
func TestAmountRefusalsSpeakIndonesian(t *testing.T) {
	for _, c := range []struct {
		in   string
		cur  sale.Currency
		want string
	}{
		{"1.2.3", sale.ZAR, `jumlah tidak valid: "1.2.3" bukan jumlah biasa seperti 10 atau 10.50`},
		{"", sale.ZAR, "jumlah tidak valid: kosong"},
		{"10.001", sale.ZAR, `jumlah tidak valid: "10.001" punya lebih dari 2 angka desimal`},
		{"5.5", sale.IDR, "jumlah tidak valid: IDR tidak memakai sen; ketik angka bulat seperti 50000"},
		{"0", sale.IDR, "jumlah tidak valid: harus lebih dari nol"},
		{"99999999999999999", sale.IDR, `jumlah tidak valid: "99999999999999999" terlalu besar`},
	} {
		_, err := sale.ParseMoney(c.in, c.cur)
		if err == nil {
			t.Fatalf("%q accepted", c.in)
		}
		if got := ID.Error(err); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
		if got := EN.Error(err); got != sale.ErrorMessage(err) || !strings.HasPrefix(got, "invalid amount: ") {
			t.Errorf("%q in English: %q", c.in, got)
		}
	}
}

// A provider's numbered label keeps its number and translates its words.
func TestNumberedLabel(t *testing.T) {
	for in, want := range map[string]string{"Key change token 1": "Token ganti kunci 1", "Credit token 2": "Token kredit 2",
		"Credit token": "Token kredit", "Token 1A": "Token 1A", "Unknown 3": "Unknown 3"} {
		if got := ID.Label(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
		if got := EN.Label(in); got != in {
			t.Errorf("English %q: %q", in, got)
		}
	}
}
