package screens

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"till/providers"
	"till/providers/flowix"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

// TestQRISDepositEndToEnd takes a QRIS deposit through the whole real
// stack — the sandbox's Flowix simulator over loopback HTTP, the Flowix
// client, a bbolt journal and the engine with its resolver — typed through
// the TUI: the code is drawn, the demo key pays it, the receipt shows.
func TestQRISDepositEndToEnd(t *testing.T) {
	sb, base := startSandbox(t, sandbox.Options{})
	db := openJournal(t, "TOKO01", "TILL1", wib)
	c, err := flowix.New(flowix.Options{BaseURL: base + sandbox.FlowixPrefix, APIKey: providers.Secret(sandbox.FlowixAPIKey),
		MerchantID: sandbox.FlowixMerchantID, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{c}})
	startEngine(t, eng)

	app := New(Deps{
		Engine: eng, StoreID: "TOKO01", TerminalID: "TILL1", Demo: true, ReceiptWidth: 32,
		Header: receipts.Header{ShopName: "TOKO DEMO"}, Location: wib, Cashier: "sari", ConfirmGrace: 100 * time.Millisecond,
		Flowix: fxTestAPI{c}, DemoPay: sb.Flowix().PayDeposit,
	})
	tf := newTeaFlow(t, app, 100, 40, 8*time.Second)
	tm, waitFor := tf.tm, tf.waitFor
	key := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	enter := func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }

	waitFor("QRIS deposit", "Rp 5.500.000")
	key("3") // QRIS deposit
	waitFor("QRIS (All Payment)")
	key("1")
	key("50000")
	enter()
	waitFor("Who pays the fee")
	key("1")
	waitFor("Show the code")
	time.Sleep(150 * time.Millisecond) // past the dialog's grace
	enter()
	waitFor("Rp 50.700", "DEP-SBX-", "press a to pay now")
	key("a")
	waitFor("PAID", "Customer paid")
	s, err := db.List(sale.Query{Limit: 1})
	if err != nil || len(s) != 1 || s[0].State != sale.StateDelivered || s[0].Order.Kind != sale.KindDeposit {
		t.Fatalf("journal: %+v %v", s, err)
	}
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("What would you like to do?")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
