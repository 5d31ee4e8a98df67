package screens

import (
	"strings"
	"testing"
	"time"

	"till/i18n"
	"till/sale"
)

// TestJournalIndonesianGolden pins the journal, a sale's detail and the
// unresolved list in Bahasa Indonesia at 80×24: an Indonesian shop's pulsa
// sale in rupiah, and the airtime sales of the South African fixture.
func TestJournalIndonesianGolden(t *testing.T) {
	id := func(*fixture) fixtureOption { return indonesian }
	t.Run("journal_id", func(t *testing.T) {
		f := newFixture(t, id)
		sellThree(f)
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		requireView(t, f)
	})
	t.Run("journal_search_id", func(t *testing.T) {
		f := newFixture(t, id)
		sellThree(f)
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		f.press("/")
		f.typeText("083 123 4567")
		f.press("enter")
		f.journalList()
		requireView(t, f)
	})
	t.Run("sale_detail_id", func(t *testing.T) {
		f := newFixture(t, id)
		f.prov.script(delivered())
		f.toConfirm("4", "0821234567", "10")
		s := f.sell()
		f.send(NavigateMsg{To: ScreenSale, Ref: s.Ref})
		f.saleRead(s.Ref)
		requireView(t, f)
	})
	t.Run("unresolved_id", func(t *testing.T) {
		f := newFixture(t, id)
		f.prov.script(
			sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "Flash did not answer in time."},
			sale.Outcome{Result: sale.ResultPending, Code: "pending", Message: "Accepted, awaiting the network."},
		)
		f.toConfirm("4", "0821234567", "10")
		f.sell()
		f.press("n")
		f.toConfirm("2", "0831234567", "55")
		f.sell()
		f.send(HomeMsg{})
		f.send(NavigateMsg{To: ScreenUnresolved})
		f.unresolved()
		f.tick(5 * time.Second)
		requireView(t, f)
	})
	t.Run("keymap_id", func(t *testing.T) {
		f := newFixture(t, id)
		sellThree(f)
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		f.press("?")
		requireView(t, f)
		v := f.view()
		for _, en := range []string{"Keys:", "close this", "quit (asks first)", "Press ? or esc", "close the key map"} {
			if strings.Contains(v, en) {
				t.Errorf("Indonesian key map shows English %q:\n%s", en, v)
			}
		}
	})
	t.Run("fx_journal_id", func(t *testing.T) {
		f := newFxFixture(t, 80, 24, indonesian)
		s := f.sellPulsa("TSEL10", "0812 3456 7890")
		f.clock.Advance(4 * time.Second)
		f.settle(s.Ref)
		f.send(HomeMsg{})
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		requireSized(t, f, 80, 24)
		v := f.view()
		for _, en := range []string{"Today's sales", "delivered", "Reference", "DELIVERED", "Sun 23 Nov"} {
			if strings.Contains(v, en) {
				t.Errorf("Indonesian journal shows English %q:\n%s", en, v)
			}
		}
		for _, want := range []string{"Transaksi hari ini", "1 berhasil", "Rp 10.500", "BERHASIL", "Min 23 Nov 2025"} {
			if !strings.Contains(v, want) {
				t.Errorf("Indonesian journal lacks %q:\n%s", want, v)
			}
		}
	})
}

// The spans and dates the lists show read the Indonesian way, and stay as
// they were in English.
func TestSpansIn(t *testing.T) {
	now := time.Date(2025, 11, 23, 14, 5, 0, 0, time.UTC)
	en, id := &env{D: Deps{Language: "en"}}, &env{}
	indonesian(&id.D)
	for _, c := range []struct {
		got, want string
	}{
		{en.Ago(now, now.Add(-2*time.Hour)), "2h ago"},
		{id.Ago(now, now.Add(-2*time.Hour)), "2 jam lalu"},
		{id.Ago(now, now.Add(-3*24*time.Hour)), "3 hari lalu"},
		{id.Ago(now, now.Add(-time.Second)), "baru saja"},
		{en.Until(now, now.Add(12*time.Second)), "in 12s"},
		{id.Until(now, now.Add(12*time.Second)), "dalam 12 dtk"},
		{id.Until(now, now), "sekarang"},
		{en.Date(now, "15:04"), "23 Nov 2025 14:05"},
		{id.Date(now.AddDate(0, -6, 0), ""), "23 Mei 2025"},
		{checkingNote(en, sale.Sale{Attempts: 2}), "in doubt — the till is checking · 2 attempts"},
		{checkingNote(id, sale.Sale{Attempts: 1}), "belum pasti — kasir sedang mengecek · 1 percobaan"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestPaymentsIndonesianGolden pins the payments that need a person in
// Bahasa Indonesia at 80×24: on the unresolved screen, in their own list,
// and the supervisor's refund-due form.
func TestPaymentsIndonesianGolden(t *testing.T) {
	f := newPayFixture(t, 24)
	f.app.env.D.Language = i18n.ID
	paidNotSold(t, f)
	f.send(NavigateMsg{To: ScreenUnresolved})
	f.unresolved()
	is, _ := f.engine.TenderIssues()
	f.send(PaymentsMsg{Issues: is})
	t.Run("unresolved_id", func(t *testing.T) { requireView(t, f.fixture) })
	f.send(NavigateMsg{To: ScreenPayments})
	f.send(PaymentsMsg{Issues: is})
	t.Run("list_id", func(t *testing.T) { requireView(t, f.fixture) })
	f.press("down", "r")
	f.typeText("sup1")
	f.press("enter")
	f.typeText("pelanggan pergi")
	t.Run("refund_form_id", func(t *testing.T) { requireView(t, f.fixture) })
}
