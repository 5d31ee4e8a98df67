package screens

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"till/providers"
	"till/providers/mpesaflow"
	"till/providers/oneflow"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

// TestWaterPaidByMpesaVendsOnlyOnceDelivered pays a water recharge by
// M-Pesa through the whole real stack — the sandbox's MpesaFlow and 1Flow
// simulators over loopback HTTP, a bbolt journal, the engine with its
// resolver — typed through the TUI. The M-Pesa record is held at the
// sandbox's door: while it is, no recharge is journaled nor sent to 1Flow.
// Once the payment is DELIVERED the recharge is sold on it, exactly once.
func TestWaterPaidByMpesaVendsOnlyOnceDelivered(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for 1Flow to complete the recharge")
	}
	sb := sandbox.New(sandbox.Options{})
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	var oneflowPosts int // recharges sent to 1Flow
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, sandbox.MpesaFlowPrefix+"/transactions"):
			once.Do(func() { close(held) })
			<-release
		case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, sandbox.OneFlowPrefix) && strings.HasSuffix(r.URL.Path, "/recharge"):
			mu.Lock()
			oneflowPosts++
			mu.Unlock()
		}
		sb.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(func() { _ = sb.Close(); srv.Close() })
	var released sync.Once
	free := func() { released.Do(func() { close(release) }) }
	t.Cleanup(free)

	db := openJournal(t, "STORE042", "TILL07", sast)
	of, err := oneflow.New(oneflow.Options{
		BaseURL: srv.URL + sandbox.OneFlowPrefix, ClientID: sandbox.OneFlowClientID,
		ClientSecret: providers.Secret(sandbox.OneFlowClientSecret), Currency: sale.KES, Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	mf, err := mpesaflow.New(mpesaflow.Options{BaseURL: srv.URL + sandbox.MpesaFlowPrefix,
		APIKey: providers.Secret(sandbox.MpesaFlowAPIKey), Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{of, mf},
		Config: sale.Config{Backoff: 200 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Tick: 50 * time.Millisecond}})
	startEngine(t, eng)

	app := New(Deps{
		Engine: eng, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header:   receipts.Header{ShopName: "MAJI KIOSK"},
		Location: sast, Cashier: "achieng", ConfirmGrace: 100 * time.Millisecond, Currency: sale.KES, Water: oneflowWater{of},
		Pay: &PayDeps{ValidReceipt: mpesaflow.ValidReceiptCode, NormalizePhone: mpesaflow.NormalizePhoneKE},
	})
	tf := newTeaFlow(t, app, 100, 40, 30*time.Second)
	tm, waitFor, enter := tf.tm, tf.waitFor, tf.enter

	waitFor("What would you like to do?")
	tm.Send(NavigateMsg{To: ScreenWater})
	waitFor("Find the 1Flow customer")
	tm.Type("1")
	tm.Type("0712 345 678")
	waitFor("+254712345678")
	enter()
	waitFor("Jane Doe", "CA254000123")
	tm.Type("1")
	tm.Type("100")
	enter()
	waitFor("Recharge this water device?")
	time.Sleep(150 * time.Millisecond) // past the dialog's grace period
	enter()
	waitFor("How does the customer pay", "M-Pesa")
	tm.Type("2") // M-Pesa
	tm.Type("SBX4DEMO01")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type("0712 345 678")
	enter()
	enter() // a double Enter must not pay (or recharge) twice

	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatal("the M-Pesa payment never reached MpesaFlow")
	}
	// The payment is in flight: nothing of the recharge exists yet.
	time.Sleep(300 * time.Millisecond)
	all, err := db.List(sale.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Order.Kind != sale.KindTenderMpesa {
			t.Fatalf("%s %s journaled while its payment is in flight", s.Order.Kind, s.Ref)
		}
	}
	mu.Lock()
	posts := oneflowPosts
	mu.Unlock()
	if len(all) != 1 || posts != 0 {
		t.Fatalf("while paying: %d sales journaled, %d requests to 1Flow; want the payment only", len(all), posts)
	}
	free()
	waitFor("COMPLETED", "SUCCESSFUL")

	sales, err := db.List(sale.Query{Target: "68753500140920"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sales) != 1 || sales[0].State != sale.StateDelivered {
		t.Fatalf("journal for the device: %+v", sales)
	}
	w := sales[0]
	pay, err := db.Sale(w.Order.Tender.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if w.Order.Tender.Kind != sale.TenderMpesa || pay.Order.Kind != sale.KindTenderMpesa || pay.State != sale.StateDelivered {
		t.Fatalf("recharge tender %+v, payment %s %s", w.Order.Tender, pay.Order.Kind, pay.State)
	}
	if w.CreatedAt.Before(pay.UpdatedAt) {
		t.Fatalf("recharge journaled at %v, before its payment was delivered at %v", w.CreatedAt, pay.UpdatedAt)
	}
	mu.Lock()
	posts = oneflowPosts
	mu.Unlock()
	if posts != 1 {
		t.Fatalf("%d recharges sent to 1Flow, want 1", posts)
	}
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("What would you like to do?")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
