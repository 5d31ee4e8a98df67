package screens

import (
	"strings"
	"testing"
	"time"

	flowixui "till/screens/flowix"

	"till/i18n"
	"till/sale"
	"till/screens/flow"
)

func indonesian(d *Deps) { d.Language = i18n.ID }

// TestLanguageGolden pins the TUI's frame in both languages at 80×24: the
// home menu of a South African and of an Indonesian till, and a pulsa sale
// on its result screen (banner, help line, receipt) in Bahasa Indonesia.
func TestLanguageGolden(t *testing.T) {
	t.Run("home_en", func(t *testing.T) {
		f := newFixture(t)
		f.unresolved()
		requireView(t, f)
	})
	t.Run("home_id", func(t *testing.T) {
		f := newFixture(t, func(*fixture) fixtureOption { return indonesian })
		f.unresolved()
		requireView(t, f)
	})
	t.Run("fx_home_en", func(t *testing.T) {
		f := newFxFixture(t, 80, 24)
		f.account()
		f.unresolved()
		requireSized(t, f, 80, 24)
	})
	t.Run("fx_home_id", func(t *testing.T) {
		f := newFxFixture(t, 80, 24, indonesian)
		f.account()
		f.unresolved()
		requireSized(t, f, 80, 24)
	})
	t.Run("fx_pulsa_id", func(t *testing.T) {
		f := newFxFixture(t, 100, 40, indonesian)
		f.sellPulsa("TSEL10", "0812 3456 7890")
		requireSized(t, f, 100, 40)
	})
	t.Run("fx_pulsa_list_80x24_id", func(t *testing.T) {
		f := newFxFixture(t, 80, 24, indonesian)
		f.open(ScreenPulsa)
		requireSized(t, f, 80, 24)
	})
	t.Run("fx_pulsa_search_80x24_id", func(t *testing.T) {
		f := newFxFixture(t, 80, 24, indonesian)
		f.open(ScreenPulsa)
		f.typeText("zzz")
		requireSized(t, f, 80, 24)
	})
	t.Run("fx_qris_80x24_id", func(t *testing.T) {
		f := newFxFixture(t, 80, 24, indonesian)
		f.startDeposit("1500000", "1")
		f.tick(75 * time.Second)
		requireSized(t, f, 80, 24)
	})
	t.Run("fx_deposit_paid_id", func(t *testing.T) {
		f := newFxFixture(t, 100, 40, indonesian)
		d := f.startDeposit("1500000", "1")
		f.payDeposit(d)
		requireSized(t, f, 100, 40)
	})
	t.Run("fx_bill_confirm_id", func(t *testing.T) {
		f := newFxFixture(t, 80, 24, indonesian)
		f.open(ScreenBill)
		f.typeText("BPJSKS")
		f.press("enter")
		f.typeText("0001234567890")
		f.press("enter")
		bl, err := f.api.BillCheck(f.ctx(), "BPJSKS", "0001234567890")
		f.send(flowixui.BillMsg{Service: "BPJSKS", Customer: "0001234567890", Bill: bl, Err: err})
		requireSized(t, f, 80, 24)
	})
	t.Run("fx_pulsa_delivered_id", func(t *testing.T) {
		f := newFxFixture(t, 100, 40, indonesian)
		s := f.sellPulsa("TSEL10", "0812 3456 7890")
		f.clock.Advance(4 * time.Second)
		f.settle(s.Ref)
		requireSized(t, f, 100, 40)
	})
}

// The Indonesian home says what the English one says, in Indonesian.
func TestHomeInIndonesian(t *testing.T) {
	f := newFxFixture(t, 80, 24, indonesian)
	f.account()
	f.unresolved()
	v := f.view()
	for _, want := range []string{"Mau melakukan apa?", "Beranda", "Jurnal", "Keluar", "semua beres", "Min 23 Nov"} {
		if !strings.Contains(v, want) {
			t.Errorf("Indonesian home lacks %q:\n%s", want, v)
		}
	}
	for _, en := range []string{"What would you like to do?", "all settled", "Journal", "Sun 23 Nov"} {
		if strings.Contains(v, en) {
			t.Errorf("Indonesian home shows English %q:\n%s", en, v)
		}
	}
}

// What a failed sale owes back is said in the till's language, the amount
// grouped; English stays as it was.
func TestPaidNoteIn(t *testing.T) {
	cash := sale.Order{Kind: sale.KindPulsa, Amount: sale.New(1510500, sale.IDR), Tender: sale.Tender{Kind: sale.TenderCash}}
	if got := flow.PaidNoteIn(i18n.ID, cash, true, false); !strings.HasPrefix(got, "KEMBALIKAN Rp 1.510.500 TUNAI") {
		t.Errorf("id give back = %q", got)
	}
	if got := flow.PaidNoteIn(i18n.EN, cash, true, false); !strings.HasPrefix(got, "GIVE BACK Rp 1.510.500 IN CASH: nothing was sold") {
		t.Errorf("en give back = %q", got)
	}
	card := cash
	card.Tender = sale.Tender{Kind: sale.TenderCard, Ref: "T-1"}
	if got := flow.PaidNoteIn(i18n.ID, card, true, false); !strings.HasPrefix(got, "UANG HARUS DIKEMBALIKAN: Rp 1.510.500 dibayar dengan Kartu (pembayaran T-1)") {
		t.Errorf("id refund due = %q", got)
	}
}
