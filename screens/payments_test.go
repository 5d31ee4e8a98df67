package screens

import (
	"context"
	"strings"
	"testing"

	"till/sale"
)

// paidNotSold leaves a card payment for R 10 airtime that no sale used,
// and a declined sale paid by card (refund due).
func paidNotSold(t *testing.T, f *payFixture) (unused, declined sale.Sale) {
	t.Helper()
	ctx := context.Background()
	f.card.outs = []sale.Outcome{{Result: sale.ResultDelivered}, {Result: sale.ResultDelivered}}
	card := sale.Payment{Kind: sale.TenderCard, Target: sale.Target{Kind: sale.TargetAccount, Value: "C1"},
		Params: map[string]string{CardParamEmail: "amina.okafor@example.com"}, Secrets: map[string]string{CardSecretToken: "t"}}
	o := f.order("10")
	unused, err := f.engine.Pay(ctx, o, card)
	if err != nil {
		t.Fatal(err)
	}
	o2 := f.order("20")
	o2.Target.Value = "27831234567"
	p2, err := f.engine.Pay(ctx, o2, card)
	if err != nil {
		t.Fatal(err)
	}
	f.prov.script(sale.Outcome{Result: sale.ResultDeclined, Code: "1007", Message: "Product unavailable"})
	o2.Tender = sale.Tender{Kind: sale.TenderCard, Ref: p2.Ref}
	declined, err = f.engine.Vend(ctx, o2)
	if err != nil || !sale.RefundDue(declined) {
		t.Fatalf("declined = %+v, %v", declined, err)
	}
	return unused, declined
}

func TestPaymentsScreen(t *testing.T) {
	f := newPayFixture(t, 24)
	unused, declined := paidNotSold(t, f)
	f.press("4") // Unresolved sales on the home menu
	if f.app.Active().ID() != ScreenUnresolved {
		f.send(NavigateMsg{To: ScreenUnresolved})
	}
	f.unresolved()
	is, _ := f.engine.TenderIssues()
	f.send(PaymentsMsg{Issues: is})
	t.Run("unresolved", func(t *testing.T) { requireView(t, f.fixture) })
	f.send(NavigateMsg{To: ScreenPayments})
	f.send(PaymentsMsg{Issues: is})
	t.Run("list", func(t *testing.T) { requireView(t, f.fixture) })

	p := f.app.Active().(*payments)
	// The newest first: the refund due, then the unused payment.
	if p.Issues()[0].Sale.Ref != declined.Ref || p.Issues()[1].Sale.Ref != unused.Ref {
		t.Fatalf("issues = %+v", p.Issues())
	}
	f.press("down", "r")
	f.typeText("sup1")
	f.press("enter")
	f.typeText("customer left")
	t.Run("refund_form", func(t *testing.T) { requireView(t, f.fixture) })
	cmd := f.press("enter")
	msg := cmd().(paymentActedMsg)
	if msg.Err != nil || !sale.RefundDue(msg.Sale) || !strings.Contains(msg.Sale.Note, "customer left") {
		t.Fatalf("refund = %+v", msg)
	}
	f.send(msg)
	is, _ = f.engine.TenderIssues()
	f.send(PaymentsMsg{Issues: is})
	if len(p.Issues()) != 2 || p.Issues()[1].Kind != sale.IssueRefundDue {
		t.Fatalf("after marking: %+v", p.Issues())
	}
	// Settle the refund given back.
	f.press("g")
	f.typeText("sup1")
	f.press("enter")
	f.typeText("reversed on the dashboard")
	msg = f.press("enter")().(paymentActedMsg)
	if msg.Err != nil || sale.RefundDue(msg.Sale) {
		t.Fatalf("settled = %+v", msg)
	}
}

func TestPaymentsCompleteSale(t *testing.T) {
	f := newPayFixture(t, 24)
	unused, _ := paidNotSold(t, f)
	f.send(NavigateMsg{To: ScreenPayments})
	is, _ := f.engine.TenderIssues()
	f.send(PaymentsMsg{Issues: is})
	f.press("down")
	f.prov.script(delivered())
	msg := f.press("c")().(paymentActedMsg)
	if msg.Err != nil || msg.Sale.State != sale.StateDelivered || msg.Sale.Order.Tender.Ref != unused.Ref {
		t.Fatalf("completed = %+v", msg)
	}
	if is, _ := f.engine.TenderIssues(); len(is) != 1 {
		t.Fatalf("issues left = %+v", is)
	}
}

// TestPaymentsRefundedInCash: a card refund due given back in cash from the
// drawer (b) is journaled with the cash it took out of the drawer.
func TestPaymentsRefundedInCash(t *testing.T) {
	f := newPayFixture(t, 24)
	_, declined := paidNotSold(t, f)
	f.send(NavigateMsg{To: ScreenPayments})
	is, _ := f.engine.TenderIssues()
	f.send(PaymentsMsg{Issues: is})
	p := f.app.Active().(*payments)
	if p.Issues()[0].Sale.Ref != declined.Ref {
		t.Fatalf("issues = %+v", p.Issues())
	}
	f.press("b")
	f.typeText("sup1")
	f.press("enter")
	f.typeText("cash from the till")
	msg := f.press("enter")().(paymentActedMsg)
	if msg.Err != nil || sale.RefundDue(msg.Sale) {
		t.Fatalf("settled = %+v", msg)
	}
	last := f.journal.last
	if last.Ref != declined.Ref || last.Type != sale.EventRefundSettled || last.Cash == nil || last.Cash.Kind != sale.CashRefundPaid || last.Cash.Amount != declined.Order.Amount {
		t.Fatalf("the settlement does not carry the cash paid out: %+v %+v", last, last.Cash)
	}
}
