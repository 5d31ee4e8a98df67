package screens

import (
	"sync"
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

// TestPulsaPaidByQRISVendsOnlyOnceDelivered pays a pulsa by QRIS through
// the whole real stack — the sandbox's Flowix simulator over loopback HTTP,
// a bbolt journal, the engine with its resolver — typed through the TUI.
// While the QRIS code is unpaid nothing of the pulsa is journaled or sent
// to Flowix; once the customer pays it (the demo's p) and the deposit is
// DELIVERED, the pulsa is sold on it, once.
func TestPulsaPaidByQRISVendsOnlyOnceDelivered(t *testing.T) {
	if testing.Short() {
		t.Skip("follows a Flowix sale in real time")
	}
	sb, base := startSandbox(t, sandbox.Options{})
	db := openJournal(t, "TOKO01", "TILL1", wib)
	c, err := flowix.New(flowix.Options{BaseURL: base + sandbox.FlowixPrefix, APIKey: providers.Secret(sandbox.FlowixAPIKey),
		MerchantID: sandbox.FlowixMerchantID, WebhookSecret: providers.Secret(sandbox.FlowixWebhookSecret), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{c},
		Config: sale.Config{Backoff: 200 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Tick: 50 * time.Millisecond}})
	startEngine(t, eng)

	var mu sync.Mutex
	var before []sale.Sale // the journal as the customer pays
	app := New(Deps{
		Engine: eng, StoreID: "TOKO01", TerminalID: "TILL1", Demo: true, ReceiptWidth: 32,
		Header: receipts.Header{ShopName: "TOKO DEMO"}, Location: wib, Cashier: "sari",
		ConfirmGrace: 100 * time.Millisecond, Currency: sale.IDR, Flowix: fxTestAPI{c},
		DemoPay: func(dep string) error {
			all, err := db.List(sale.Query{})
			if err != nil {
				return err
			}
			mu.Lock()
			before = all
			mu.Unlock()
			return sb.Flowix().PayDeposit(dep)
		},
	})
	tf := newTeaFlow(t, app, 100, 40, 30*time.Second)
	tm, waitFor, enter := tf.tm, tf.waitFor, tf.enter

	waitFor("What would you like to do?")
	tm.Send(NavigateMsg{To: ScreenPulsa})
	waitFor("Choose the service", "TSEL10")
	tm.Type("TSEL10")
	enter()
	tm.Type("0812 3456 7890")
	enter()
	waitFor("Sell this?")
	time.Sleep(150 * time.Millisecond) // past the dialog's grace period
	enter()
	waitFor("How does the customer pay", "QRIS")
	tm.Type("2") // QRIS
	waitFor("Show a QRIS code for")
	time.Sleep(150 * time.Millisecond)
	enter()
	waitFor("press a to pay now")

	// The code is shown and unpaid: only the deposit is journaled.
	all, err := db.List(sale.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Order.Kind != sale.KindTenderQRIS || all[0].State != sale.StatePending {
		t.Fatalf("journal before the customer pays: %+v", all)
	}
	tm.Type("a")
	waitFor("DELIVERED", "Paid by")

	mu.Lock()
	defer mu.Unlock()
	if len(before) != 1 || before[0].Order.Kind != sale.KindTenderQRIS {
		t.Fatalf("journal as the customer paid: %+v", before)
	}
	sales, err := db.List(sale.Query{Target: "081234567890"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sales) != 1 || sales[0].Order.Kind != sale.KindPulsa || sales[0].State != sale.StateDelivered {
		t.Fatalf("journal for the number: %+v", sales)
	}
	p := sales[0]
	pay, err := db.Sale(p.Order.Tender.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if p.Order.Tender.Kind != sale.TenderQRIS || pay.Order.Kind != sale.KindTenderQRIS || pay.State != sale.StateDelivered {
		t.Fatalf("pulsa tender %+v, payment %s %s", p.Order.Tender, pay.Order.Kind, pay.State)
	}
	if p.CreatedAt.Before(pay.UpdatedAt) {
		t.Fatalf("pulsa journaled at %v, before its payment was delivered at %v", p.CreatedAt, pay.UpdatedAt)
	}
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("What would you like to do?")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
