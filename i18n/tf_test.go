package i18n

import (
	"testing"
	"time"

	"till/sale"
)

// Tf writes the domain's values in the reader's words in Indonesian, and
// leaves them as they print themselves in English (the command line's
// English stays byte for byte what it was).
func TestTf(t *testing.T) {
	key := "cli.resolve.line"
	args := []any{"R-1", sale.StateInDoubt, sale.KindPulsa, "081******892", sale.New(10500, sale.IDR), 2, "msg"}
	if got, want := EN.Tf(key, args...), "R-1  IN_DOUBT  pulsa to 081******892  Rp 10.500  attempts 2  msg"; got != want {
		t.Errorf("en = %q, want %q", got, want)
	}
	if got, want := ID.Tf(key, args...), "R-1  BELUM_PASTI  pulsa ke 081******892  Rp 10.500  percobaan 2  msg"; got != want {
		t.Errorf("id = %q, want %q", got, want)
	}
	for d, want := range map[time.Duration]string{30 * time.Second: "30 detik", 2 * time.Minute: "2 menit", time.Hour: "1 jam", 1500 * time.Millisecond: "1.5s"} {
		if got := ID.Tf("cli.follow", "R-1", "Flowix", d); got != "R-1 DIPROSES di Flowix; dipantau paling lama "+want {
			t.Errorf("id %v: %q", d, got)
		}
	}
	if got := EN.Tf("cli.follow", "R-1", "Flowix", 30*time.Second); got != "R-1 PENDING at Flowix; following it for up to 30s" {
		t.Errorf("en follow = %q", got)
	}
	tender := []any{sale.TenderMpesa, sale.New(25000, sale.KES)}
	if got := EN.Tf("cli.give_back.refund_tender", tender...); got != "Refund due: M-Pesa KES 250.00" {
		t.Errorf("en tender = %q", got)
	}
	if got := ID.Tf("cli.give_back.refund_tender", sale.TenderCash, sale.New(25000, sale.KES)); got != "Uang harus dikembalikan: Tunai KES 250,00" {
		t.Errorf("id tender = %q", got)
	}
	if got := ID.Tf("no.such.key", 1); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	if got := ID.Tf("cli.water.no_resend"); got == EN.Tf("cli.water.no_resend") || got == "" {
		t.Errorf("a text without arguments: %q", got)
	}
}
