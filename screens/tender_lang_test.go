package screens

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"till/i18n"
	"till/sale"
	"till/screens/flow"
)

// TestTenderIndonesianGolden pins the tender screen in Bahasa Indonesia at
// 80×24: how an Indonesian shop's customer pays a pulsa sale (the choice,
// cash with its change), and each other step of the tender as a South
// African or Kenyan till set to Indonesian draws it.
func TestTenderIndonesianGolden(t *testing.T) {
	t.Run("fx", func(t *testing.T) {
		f := newFxFixture(t, 80, 24, indonesian)
		f.toPulsaConfirm("TSEL10", "0812 3456 7890")
		t.Run("choose_id", func(t *testing.T) { requireSized(t, f, 80, 24) })
		f.press("1")
		t.Run("cash_exact_id", func(t *testing.T) { requireSized(t, f, 80, 24) })
		f.typeText("20000")
		t.Run("cash_change_id", func(t *testing.T) { requireSized(t, f, 80, 24) })
	})
	t.Run("card", func(t *testing.T) {
		f := newPayFixture(t, 24)
		f.app.env.D.Language = i18n.ID
		f.toConfirm("1", "0821234567", "10")
		f.tick(time.Second)
		f.press("enter")
		f.customers()
		t.Run("choose_zar_id", func(t *testing.T) { requireView(t, f.fixture) })
		f.press("3")
		t.Run("customers_id", func(t *testing.T) { requireView(t, f.fixture) })
		f.press("enter")
		t.Run("confirm_id", func(t *testing.T) { requireView(t, f.fixture) })
	})
	t.Run("steps", func(t *testing.T) {
		f := newPayFixture(t, 24)
		f.app.env.D.Language = i18n.ID
		f.toConfirm("1", "0821234567", "10")
		f.tick(time.Second)
		f.press("enter")
		tn := f.tenderStep()
		f.press("4")
		f.typeText("1234567890")
		f.press("enter")
		t.Run("voucher_short_id", func(t *testing.T) { requireView(t, f.fixture) })
		st := tn.State()
		st.Step, st.Asked = flow.StepPaying, sale.Payment{Kind: sale.TenderVoucher}
		tn.SetState(st)
		t.Run("paying_id", func(t *testing.T) { requireView(t, f.fixture) })
		st.Step = flow.StepWaiting
		st.Paid = sale.Sale{Ref: "TILL1-000042", State: sale.StateInDoubt, Order: sale.Order{Kind: sale.KindTenderVoucher, Amount: tn.Order().Amount},
			Outcome: sale.Outcome{Message: "gateway timeout", Code: "504"}}
		st.Checking = true
		tn.SetState(st)
		t.Run("in_doubt_id", func(t *testing.T) { requireView(t, f.fixture) })
		st.Step, st.GateErr = flow.StepRefused, sale.Errorf(sale.CodeInvalid, "over the per-sale limit")
		tn.SetState(st)
		t.Run("gate_id", func(t *testing.T) { requireView(t, f.fixture) })
	})
}

// Every step of the tender says in Indonesian what it says in English: no
// English sentence of the tender is left on an Indonesian screen.
func TestTenderSpeaksIndonesian(t *testing.T) {
	f := newPayFixture(t, 24)
	ie := *f.app.env
	ie.D.Language = i18n.ID
	kes := sale.Order{Provider: "flash", Kind: sale.KindAirtime, ProductName: "Vodacom Airtime",
		Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: sale.New(150000, sale.KES)}
	views := map[string]string{}
	tn := flow.NewTender(&ie, kes, f.clock.Now())
	tn.SetSize(78, 20)
	views["choose"] = tn.View()
	tn.Update(keyMsg("1"))
	views["cash"] = tn.View()
	tn.Update(keyMsg("esc"))
	tn.Update(keyMsg("2"))
	views["mpesa"] = tn.View()
	for _, st := range []sale.State{sale.StateInDoubt, sale.StatePending, sale.StateNeedsSupervisor} {
		ts := tn.State()
		ts.Step, ts.Paid = flow.StepWaiting, sale.Sale{Ref: "P-1", State: st, Order: sale.Order{Kind: sale.KindTenderMpesa, Amount: kes.Amount}}
		tn.SetState(ts)
		views["waiting "+string(st)] = tn.View()
	}
	ts := tn.State()
	ts.Notice = ""
	ts.Paid.State = sale.StateInDoubt
	tn.SetState(ts)
	tn.Update(keyMsg("esc")) // on the wait: back to the choice, the payment still in doubt
	views["still"] = tn.View()
	ts = tn.State()
	ts.Step, ts.GateErr = flow.StepRefused, errors.New("limit")
	tn.SetState(ts)
	views["gate"] = tn.View()
	for name, v := range views {
		for _, en := range []string{"How does the customer pay", "Amount tendered", "Change due", "Amount due", "Notes:",
			"M-Pesa receipt code", "Phone number it was paid from", "Check the customer", "PAYMENT", "Nothing is sold",
			"is still", "must not pay", "NOT SOLD", " to 082", "for Vodacom", "notes and coins", "Payment"} {
			if strings.Contains(v, en) {
				t.Errorf("%s: Indonesian tender shows English %q:\n%s", name, en, v)
			}
		}
		if strings.Contains(v, "KES 1500.00") || (name == "choose" && !strings.Contains(v, "KES 1.500,00")) {
			t.Errorf("%s: the amount is not written the Indonesian way:\n%s", name, v)
		}
	}
	if v := views["choose"]; !strings.Contains(v, "Pelanggan bayar KES 1.500,00 dengan apa?") || !strings.Contains(v, "Tunai") {
		t.Errorf("choose:\n%s", v)
	}
	if v := views["still"]; !strings.Contains(v, "Pembayaran P-1 masih BELUM PASTI") {
		t.Errorf("still:\n%s", v)
	}
	golden.RequireEqual(t, ansi.Strip(views["mpesa"]))
}
