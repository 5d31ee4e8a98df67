package screens

import (
	"strings"
	"testing"
	"time"

	flowixui "till/screens/flowix"

	"till/sale"
	"till/screens/flow"
)

func TestQRISDepositPaidInDemo(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	d := f.startDeposit("50000", "1")
	q := d.Pay()
	if !q.Waiting() || q.Payload() == "" || q.Problem() != "" {
		t.Fatalf("waiting %v payload %q problem %q", q.Waiting(), q.Payload(), q.Problem())
	}
	v := f.view()
	for _, want := range []string{"TOKO DEMO, JAKARTA", "Rp 50.000", "Rp 700 (customer pays)", "Rp 50.700",
		"DEP-SBX-251123-000001", "Expires in    15:00", "press a to pay now", "█"} {
		if !strings.Contains(v, want) {
			t.Errorf("QR screen lacks %q:\n%s", want, v)
		}
	}
	f.tick(61 * time.Second)
	if !strings.Contains(f.view(), "13:59") {
		t.Errorf("countdown did not move:\n%s", f.view())
	}
	// The demo's pay key, then the poll it triggers.
	cmd := f.press("a")
	if cmd == nil || len(f.paid) != 0 {
		t.Fatal("a did not start the demo payment")
	}
	msg := cmd()
	if len(f.paid) != 1 {
		t.Fatalf("paid %v", f.paid)
	}
	f.send(msg)
	ns, err := f.engine.SettleNow(f.ctx(), q.Sale().Ref)
	if err != nil || ns.State != sale.StateDelivered {
		t.Fatalf("after paying: %v %v", ns.State, err)
	}
	done := f.send(flow.QRISSettledMsg{ID: q.ID(), Sale: ns})
	f.send(done())
	if d.Step() != flowixui.DepositResult || d.Done().Outcome != flow.QRISPaid || d.Receipt() == "" {
		t.Fatalf("step %v outcome %v", d.Step(), d.Done().Outcome)
	}
	if strings.Contains(d.Receipt(), "000201") {
		t.Errorf("the receipt prints the QRIS payload:\n%s", d.Receipt())
	}
	for _, want := range []string{"PAID", "DEPOSIT", "Customer paid", "Rp 50.700"} {
		if !strings.Contains(f.view(), want) {
			t.Errorf("result lacks %q:\n%s", want, f.view())
		}
	}
}

func TestQRISCancel(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	d := f.startDeposit("25000", "2")
	f.press("x")
	if !d.Pay().Dialog() {
		t.Fatal("x did not ask to cancel")
	}
	f.tick(time.Second)
	cmd := f.press("enter")
	if cmd == nil {
		t.Fatal("no cancel command")
	}
	f.send(cmd())
	ns, _ := f.engine.SettleNow(f.ctx(), d.Pay().Sale().Ref)
	done := f.send(flow.QRISSettledMsg{ID: d.Pay().ID(), Sale: ns})
	f.send(done())
	if d.Done().Outcome != flow.QRISCancelled || ns.State != sale.StateDeclined {
		t.Fatalf("outcome %v state %v", d.Done().Outcome, ns.State)
	}
	if !strings.Contains(f.view(), "CANCELLED") {
		t.Errorf("view:\n%s", f.view())
	}
}

// A payload that fails its CRC is refused with a clear message and never
// drawn.
func TestQRISBadPayloadNotDrawn(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	f.open(ScreenDeposit)
	f.press("1")
	f.typeText("50000")
	f.press("enter", "1")
	f.confirm()
	d := active[*flowixui.Deposit](f)
	good := "00020101021226650016ID.CO.FLOWIX.WWW01189360099900000000170212FLX0000000170303UMI" +
		"51440014ID.CO.QRIS.WWW0215ID10230000000170303UMI5204599953033605405507005802ID" +
		"5909TOKO DEMO6007JAKARTA61051011062330121DEP-SBX-231025-0000010704TILL6304"
	bad := good + "0000" // wrong CRC
	s := sale.Sale{Ref: "TOKO01-TILL1-x7k2q9-1", State: sale.StatePending, PendingID: "DEP-SBX-251123-000009",
		Order: d.Pay().Started(), Outcome: sale.Outcome{Result: sale.ResultPending, Code: "pending",
			Items: []sale.Item{{Label: FlowixItemTotal, Value: "Rp 50.700"}, {Label: FlowixItemQRIS, Value: bad}}}}
	f.send(flow.QRISSoldMsg{ID: d.Pay().ID(), Sale: s})
	v := f.view()
	if strings.Contains(v, "█") || d.Pay().Problem() == "" {
		t.Fatalf("a bad payload was drawn:\n%s", v)
	}
	if !strings.Contains(v, "failed its check") || !strings.Contains(v, "CRC") {
		t.Errorf("no clear refusal:\n%s", v)
	}
	if d.Pay().KeyMap().Pay.Enabled() || !d.Pay().KeyMap().Cancel.Enabled() {
		t.Error("pay must be off and cancel on for a refused code")
	}
}

func TestPulsaPendingThenPLNToken(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	f.open(ScreenPulsa)
	f.typeText("pln 20")
	f.press("enter")
	p := active[*flowixui.Pulsa](f)
	if p.Step() != flowixui.PulsaTargetStep || p.Product().Code != "PLN20" {
		t.Fatalf("step %v product %q", p.Step(), p.Product().Code)
	}
	f.typeText("12345678901")
	f.press("enter")
	f.confirm()
	f.payCash()
	s := f.sold(&p.Sale)
	if s.State != sale.StatePending || p.Step() != flowixui.PulsaResult {
		t.Fatalf("state %v step %v", s.State, p.Step())
	}
	if !strings.Contains(f.view(), "PROCESSING") {
		t.Errorf("view:\n%s", f.view())
	}
	f.clock.Advance(4 * time.Second)
	ns := f.settle(s.Ref)
	if ns.State != sale.StateDelivered {
		t.Fatalf("state %v", ns.State)
	}
	v := f.view()
	tok := flow.ItemValue(ns.Outcome.Items, FlowixItemToken)
	if tok == "" || !strings.Contains(v, tok) || !strings.Contains(v, "DELIVERED") {
		t.Errorf("token %q not shown:\n%s", tok, v)
	}
}

func TestPulsaSearch(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	f.open(ScreenPulsa)
	p := active[*flowixui.Pulsa](f)
	n := len(p.Shown())
	f.typeText("telkomsel")
	if got := len(p.Shown()); got != 4 || got >= n {
		t.Errorf("telkomsel: %d of %d", got, n)
	}
	f.press("esc")
	f.typeText("games")
	if got := len(p.Shown()); got != 3 {
		t.Errorf("games: %d", got)
	}
	f.press("esc")
	f.typeText("isat25")
	if len(p.Shown()) != 1 || p.Shown()[0].Code != "ISAT25" {
		t.Errorf("code search: %v", p.Shown())
	}
	f.press("esc")
	if cmd := f.press("esc"); cmd != nil {
		f.send(cmd())
	}
	if f.app.Active().ID() != ScreenHome {
		t.Error("esc with an empty search should go back")
	}
}

func TestPulsaTarget(t *testing.T) {
	mobile := sale.Product{Code: "TSEL10", Details: map[string]string{"type": "pulsa", "category": "Pulsa"}}
	meter := sale.Product{Code: "PLN20", Details: map[string]string{"type": "pln"}}
	game := sale.Product{Code: "ML86", Details: map[string]string{"type": "game"}}
	for _, c := range []struct {
		p       sale.Product
		in, out string
		ok      bool
	}{
		{mobile, "+62 812-3456-7890", "081234567890", true},
		{mobile, "6281234567890", "081234567890", true},
		{mobile, "0812345", "", false},
		{mobile, "0212345678", "", false},
		{mobile, "-081234567890", "", false},
		{mobile, "0812345678901234", "", false},
		{mobile, "0812abc67890", "", false},
		{meter, "1234 5678 901", "12345678901", true},
		{meter, "123456", "", false},
		{game, "12345678(1234)", "12345678(1234)", true},
		{game, "12a45", "", false},
	} {
		got, _, err := flowixui.PulsaTarget(c.p, c.in)
		if (err == nil) != c.ok || got != c.out {
			t.Errorf("%s %q: %q %v", c.p.Code, c.in, got, err)
		}
	}
}

func TestBillCheckConfirmPay(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	f.open(ScreenBill)
	f.typeText("PLNPASCA")
	f.press("enter")
	b := active[*flowixui.Bill](f)
	f.typeText("512345678901")
	f.press("enter")
	if b.Step() != flowixui.BillChecking {
		t.Fatalf("step %v", b.Step())
	}
	bl, err := f.api.BillCheck(f.ctx(), "PLNPASCA", "512345678901")
	f.send(flowixui.BillMsg{Service: "PLNPASCA", Customer: "512345678901", Bill: bl, Err: err})
	v := f.view()
	for _, want := range []string{"BUDI SANTOSO", "2023-10", "Rp 54.500", "Rp 2.500", "Rp 57.000"} {
		if !strings.Contains(v, want) {
			t.Errorf("confirm lacks %q:\n%s", want, v)
		}
	}
	f.confirm()
	s := f.sold(&b.Sale)
	if s.Order.Params[FlowixParamInquiryID] != bl.InquiryID || s.Order.Amount != flowixui.Rupiah(57000) {
		t.Fatalf("order %+v", s.Order)
	}
	f.clock.Advance(4 * time.Second)
	if ns := f.settle(s.Ref); ns.State != sale.StateDelivered {
		t.Fatalf("state %v", ns.State)
	}
	if !strings.Contains(b.Sale.Receipt, "BUDI SANTOSO") {
		t.Errorf("receipt:\n%s", b.Sale.Receipt)
	}
}

func TestPayoutHolderConfirmed(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	f.open(ScreenPayout)
	f.press("1") // BCA
	f.typeText("1234567890")
	f.press("enter")
	p := active[*flowixui.Payout](f)
	pe, err := f.api.AccountInquiry(f.ctx(), "BCA", "1234567890")
	f.send(flowixui.PayeeMsg{Bank: "BCA", Account: "1234567890", Payee: pe, Err: err})
	if p.Step() != flowixui.PayoutHolder || !strings.Contains(f.view(), "DANI JOEST") {
		t.Fatalf("step %v:\n%s", p.Step(), f.view())
	}
	f.confirm()
	f.typeText("5000")
	f.press("enter")
	if p.Step() != flowixui.PayoutAmount || !strings.Contains(f.view(), "at least Rp 10.000") {
		t.Fatalf("Rp 5.000 accepted:\n%s", f.view())
	}
	f.press("backspace", "backspace", "backspace", "backspace")
	f.typeText("100000")
	f.press("enter")
	f.confirm()
	s := f.sold(&p.Sale)
	f.clock.Advance(4 * time.Second)
	if ns := f.settle(s.Ref); ns.State != sale.StateDelivered {
		t.Fatalf("state %v", ns.State)
	}
	for _, want := range []string{"TRANSFER", "DANI JOEST", "Rp 100.000"} {
		if !strings.Contains(p.Sale.Receipt, want) {
			t.Errorf("receipt lacks %q:\n%s", want, p.Sale.Receipt)
		}
	}
}

func TestHomeFlowixAccount(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	f.account()
	v := f.view()
	for _, want := range []string{"Pulsa & PPOB", "Pay a bill", "QRIS deposit", "Bank payout", "Flowix balance", "Rp 5.500.000", "active"} {
		if !strings.Contains(v, want) {
			t.Errorf("home lacks %q:\n%s", want, v)
		}
	}
	f.send(flowixui.AccountMsg{Account: FlowixAccount{Balance: flowixui.Rupiah(5000), Status: "active"}, At: f.clock.Now()})
	if !strings.Contains(f.view(), "cannot cover a sale") {
		t.Errorf("no low-balance warning:\n%s", f.view())
	}
	if cmd := f.press("r"); cmd == nil {
		t.Error("r does not refresh the account")
	}
}

func TestUnresolvedResendWebhook(t *testing.T) {
	f := newFxFixture(t, 100, 40)
	d := f.startDeposit("50000", "1")
	f.send(HomeMsg{})
	f.send(NavigateMsg{To: ScreenUnresolved})
	f.unresolved()
	u := active[*unresolved](f)
	resend := false
	for _, b := range u.ShortHelp() {
		resend = resend || b.Enabled() && b.Help().Key == "w"
	}
	if !resend {
		t.Fatal("resend webhook is off for a pending deposit")
	}
	cmd := f.press("w")
	msg := cmd().(fxResentMsg)
	if msg.Err != nil || msg.Ref != d.Pay().Sale().Ref {
		t.Fatalf("resend: %+v", msg)
	}
	st := f.send(msg)
	sm, ok := st().(StatusMsg)
	if !ok {
		t.Fatalf("status %v", st())
	}
	f.send(sm)
	if !strings.Contains(f.view(), "Flowix will send its webhook again.") {
		t.Errorf("status %+v not on screen:\n%s", sm, f.view())
	}
	if fxWebhookRef(d.Pay().Sale()) != d.Pay().Sale().PendingID {
		t.Error("a deposit's webhook is resent by its DEP reference")
	}
}
