package screens

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"till/providers"
	"till/providers/oneflow"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
)

// TestSellWaterEndToEnd sells water through the whole real stack — the
// sandbox's 1Flow simulator over loopback HTTP, the 1Flow client, a bbolt
// journal and the engine with its resolver running — typed through the
// TUI: a recharge followed live from PENDING to COMPLETED, then one whose
// answer is lost, handed to a supervisor and settled. Each device is
// recharged exactly once.
func TestSellWaterEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a held answer to time out")
	}
	sim := sandbox.NewOneFlowSim(sandbox.OneFlowOptions{CompleteAfter: 700 * time.Millisecond, HoldMax: 5 * time.Second})
	mux := http.NewServeMux()
	mux.Handle("/oneflow/", http.StripPrefix("/oneflow", sim))
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { sim.Close(); srv.Close() })

	db := openJournal(t, "STORE042", "TILL07", sast)
	of, err := oneflow.New(oneflow.Options{
		BaseURL: srv.URL + "/oneflow", ClientID: sandbox.OneFlowClientID,
		ClientSecret: providers.Secret(sandbox.OneFlowClientSecret), Currency: sale.KES, Timeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	eng := sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{of},
		Config: sale.Config{Backoff: 200 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Tick: 50 * time.Millisecond}})
	startEngine(t, eng)

	app := New(Deps{
		Engine: eng, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header:   receipts.Header{ShopName: "MAJI KIOSK"},
		Location: sast, Cashier: "achieng", ConfirmGrace: 100 * time.Millisecond, Water: oneflowWater{of},
	})
	tf := newTeaFlow(t, app, 80, 24, 10*time.Second)
	tm, waitFor, enter := tf.tm, tf.waitFor, tf.enter
	confirm := func() {
		waitFor("Recharge this water device?")
		time.Sleep(150 * time.Millisecond) // past the dialog's grace period
		enter()
		waitFor("How does the customer pay")
		enter() // cash
		waitFor("Amount tendered")
		enter()
		enter() // a double Enter must not recharge twice
	}

	waitFor("What would you like to do?", "Water")
	tm.Type("1") // Water is the only product on this till
	waitFor("Find the 1Flow customer")
	tm.Type("1")
	tm.Type("0712 345 678")
	waitFor("+254712345678")
	enter()
	waitFor("Jane Doe", "Kiosk tank", "CA254000123")
	tm.Type("1")
	tm.Type("100")
	enter()
	confirm()
	waitFor("PENDING", "the till keeps checking")
	waitFor("COMPLETED", "SUCCESSFUL", "Litres")

	tm.Type("n") // a new sale: the lost initiation
	tm.Type("2")
	tm.Type("68753500140921")
	enter()
	waitFor("Kiosk tank")
	enter() // the looked-up device is preselected
	tm.Type("50.91")
	enter()
	confirm()
	waitFor("NEEDS A SUPERVISOR", "no reference the till could resend")
	tm.Type("v")
	waitFor("Did the customer get it?")
	tm.Type("1")
	tm.Type("amina")
	enter()
	tm.Type("meter shows the credit")
	enter()
	waitFor("Settle as DELIVERED?")
	time.Sleep(150 * time.Millisecond)
	enter()
	waitFor("by a supervisor")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor("What would you like to do?")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	for _, c := range []struct {
		device string
		note   string
	}{{"68753500140920", ""}, {"68753500140921", "meter shows the credit"}} {
		sales, err := db.List(sale.Query{Target: c.device})
		if err != nil {
			t.Fatal(err)
		}
		if len(sales) != 1 || sales[0].State != sale.StateDelivered || sales[0].Note != c.note && c.note != "" {
			t.Fatalf("journal for %s: %+v", c.device, sales)
		}
		if n := sim.Recharges(c.device); n != 1 {
			t.Fatalf("1Flow holds %d recharges of %s, want 1", n, c.device)
		}
	}
}
