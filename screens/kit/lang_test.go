package kit

import (
	"strings"
	"testing"
	"time"

	"till/i18n"
	"till/sale"
)

// TestErrInTheTillsLanguage: a refusal of the domain reaches the cashier
// in the till's language (an Indonesian till: Indonesian, rupiah grouped),
// and as the domain wrote it in English.
func TestErrInTheTillsLanguage(t *testing.T) {
	err := &sale.Error{Code: sale.CodeExposure, Message: "unresolved sales already add up to IDR 900000; with this sale they would pass the limit of IDR 1000000: settle some before selling again",
		Key: "exposure_value", Args: []any{sale.New(900000, sale.IDR), sale.New(1000000, sale.IDR)}}
	id := &Env{D: Deps{Language: i18n.ID}}
	if got := id.Err(err); !strings.Contains(got, "Rp 900.000") || !strings.Contains(got, "selesaikan sebagian dulu") {
		t.Errorf("id: %q", got)
	}
	en := &Env{D: Deps{Language: i18n.EN}}
	if got := en.Err(err); got != err.Message {
		t.Errorf("en: %q", got)
	}
}

// Elapsed writes Indonesian units out ("h" would read as hari, days), and
// is ui's in English.
func TestElapsedInTheTillsLanguage(t *testing.T) {
	id, en := &Env{D: Deps{Language: i18n.ID}}, &Env{D: Deps{Language: i18n.EN}}
	for _, c := range []struct {
		d      time.Duration
		en, id string
	}{
		{2 * time.Second, "2s", "2 dtk"},
		{65 * time.Second, "1m05s", "1 mnt 05 dtk"},
		{time.Hour + 2*time.Minute, "1h02m", "1 jam 02 mnt"},
	} {
		if got := en.Elapsed(c.d); got != c.en {
			t.Errorf("en %v: %q, want %q", c.d, got, c.en)
		}
		if got := id.Elapsed(c.d); got != c.id {
			t.Errorf("id %v: %q, want %q", c.d, got, c.id)
		}
	}
}

// Said and Reason show the till's own client messages in Indonesian, a
// provider's own words as sent, and the code after them.
func TestReasonInTheTillsLanguage(t *testing.T) {
	id := &Env{D: Deps{Language: i18n.ID}}
	s := sale.Sale{Outcome: sale.Outcome{Code: "processing", Message: "Flowix is processing the sale; the till will check it."}}
	if got := id.Reason(s); got != "Flowix sedang memproses transaksi; kasir akan mengeceknya. (processing)" {
		t.Errorf("id: %q", got)
	}
	s.Outcome.Message = "Saldo deposit tidak cukup\x1b[2J"
	if got := id.Reason(s); !strings.HasPrefix(got, "Saldo deposit tidak cukup") || !strings.HasSuffix(got, " (processing)") || strings.ContainsRune(got, 0x1b) {
		t.Errorf("a provider's words: %q", got)
	}
	if got := id.LastWord(sale.Sale{}); got != "" {
		t.Errorf("no answer: %q, want none (the screen says jnl.no_answer)", got)
	}
}

// The engine's refund notes read Indonesian, written from the sale's
// facts; a note a person typed stays as typed; English is the note.
func TestNoteInTheTillsLanguage(t *testing.T) {
	id, en := &Env{D: Deps{Language: i18n.ID}}, &Env{D: Deps{Language: i18n.EN}}
	s := sale.Sale{State: sale.StateDeclined, Order: sale.Order{Amount: sale.New(2000, sale.ZAR),
		Tender: sale.Tender{Kind: sale.TenderCard, Ref: "S-T-abc-2"}},
		Note: "refund due: R 20.00 paid by Card (payment S-T-abc-2); the sale was DECLINED"}
	if got := id.Note(s); got != "uang harus dikembalikan: R 20,00 dibayar dengan Kartu (pembayaran S-T-abc-2); transaksinya GAGAL" {
		t.Errorf("id: %q", got)
	}
	if got := en.Note(s); got != s.Note {
		t.Errorf("en: %q", got)
	}
	s.Note = "refund settled: reversed on the dashboard"
	if got := id.Note(s); got != "pengembalian beres: reversed on the dashboard" {
		t.Errorf("settled: %q", got)
	}
	s.Note = "checked the meter"
	if got := id.Note(s); got != "checked the meter" {
		t.Errorf("typed: %q", got)
	}
}
