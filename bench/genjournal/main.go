// Command genjournal writes a journal of N journaled sales quickly, for the
// export and start-up benchmarks (bench/export.sh). Every sale goes through
// the store's own code (store.DB.Bulk: Create and Append in batches of
// 10,000 per fsync'd transaction), so the journal is exactly what a till
// writes, hash chain and indexes included, and passes `till verify`.
//
// The sales are spread evenly over -days business days ending yesterday in
// the shop's time zone (so "today" is empty, as on a till at opening): a mix
// of airtime to mobile numbers, prepaid electricity with a token and
// 1Voucher with a PIN; about 2% declined and 0.1% left in doubt. The PINs
// and tokens are sealed with the till's key, found where the till finds it
// (-key; keys.DefaultFile): a journal for a till must open with its key.
//
// The journal's continuity record (store/continuity.go) is written where
// the till looks for it: -state, else $TILL_STATE_DIR, else
// $XDG_STATE_HOME/till, else ~/.local/state/till ("-state none": no record).
// A store/terminal that already has a record there is refused: its till
// would take the new journal for another one.
//
//	go run ./bench/genjournal -o /tmp/journal.db -n 1000000 -days 365
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"till/keys"
	"till/sale"
	"till/store"
)

func main() {
	out := flag.String("o", "journal.db", "journal `file` to create (must not exist)")
	n := flag.Int("n", 1_000_000, "number of sales")
	days := flag.Int("days", 365, "business days to spread them over, ending yesterday")
	storeID := flag.String("store", "BENCH", "store id")
	terminalID := flag.String("terminal", "T1", "terminal id")
	tz := flag.String("tz", "Africa/Johannesburg", "shop time zone")
	batch := flag.Int("batch", 10_000, "sales per transaction")
	state := flag.String("state", defaultStateDir(), "`directory` of the till's continuity record (none: keep no record)")
	keyFile := flag.String("key", keys.DefaultFile(os.Getenv), "the till's key `file` that seals the PINs and tokens (made if missing, as a till does "+
		"at its first run); \"none\" writes them unsealed, as a journal from before keys")
	closeDays := flag.Bool("close", false, "close every generated business day but the last with its Z report (forced: its in-doubt sales stay in doubt), as a till does each evening")
	settled := flag.Bool("settled", false, "settle what a till settles before it archives: a declined cash sale's cash given back at once (as the engine journals it), an in-doubt sale found delivered by a status check")
	flag.Parse()
	settle = *settled
	if *keyFile == "none" {
		*keyFile = ""
	}
	if err := run(*out, *n, *days, *storeID, *terminalID, *tz, *batch, *keyFile, *state, *closeDays); err != nil {
		fmt.Fprintln(os.Stderr, "genjournal:", err)
		os.Exit(1)
	}
}

// defaultStateDir is where the till keeps its continuity record outside
// demo mode: $TILL_STATE_DIR, $XDG_STATE_HOME/till or ~/.local/state/till.
func defaultStateDir() string {
	if d := os.Getenv("TILL_STATE_DIR"); d != "" {
		return d
	}
	if x := os.Getenv("XDG_STATE_HOME"); x != "" {
		return filepath.Join(x, "till")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "state", "till")
	}
	return ""
}

func run(path string, n, days int, storeID, terminalID, tz string, batch int, keyFile, state string, closeDays bool) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists: remove it or choose another -o", path)
	}
	if n < 0 || days < 1 || batch < 1 {
		return fmt.Errorf("-n, -days and -batch must be positive")
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return err
	}
	if state == "none" {
		state = ""
	}
	if state != "" {
		if _, ok, err := store.ReadRecord(state, storeID, terminalID); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("store %s terminal %s already has a continuity record in %s: choose another -store/-terminal or -state",
				storeID, terminalID, state)
		}
	}
	db, err := store.Open(path, store.Options{StoreID: storeID, TerminalID: terminalID, Location: loc, StateDir: state, KeyFile: keyFile})
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now().In(loc)
	first := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -days)
	rng := rand.New(rand.NewPCG(1, 2))
	// Sales of a day are spread from 07:00 over 14 hours.
	perDay := (n + days - 1) / days
	step := 14 * time.Hour / time.Duration(max(perDay, 1))
	start := time.Now()
	buf := make([]store.BulkSale, 0, batch)
	for i := 0; i < n; i++ {
		day := i / perDay
		at := first.AddDate(0, 0, day).Add(7*time.Hour + time.Duration(i%perDay)*step)
		if closeDays && i > 0 && i%perDay == 0 {
			// The evening before: the Z report of the day before this sale's.
			if len(buf) > 0 {
				if err := db.Bulk(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
			d := first.AddDate(0, 0, day-1)
			if _, err := db.CloseDay(d.Format("2006-01-02"), d.Add(21*time.Hour), "genjournal", true); err != nil {
				return err
			}
		}
		buf = append(buf, makeSale(rng, i, at))
		if len(buf) == batch || i == n-1 {
			if err := db.Bulk(buf); err != nil {
				return err
			}
			buf = buf[:0]
			if (i+1)%100_000 == 0 || i == n-1 {
				fmt.Fprintf(os.Stderr, "genjournal: %d sales in %v\n", i+1, time.Since(start).Round(time.Second))
			}
		}
	}
	st, err := db.Stats()
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "genjournal: %s: %d sales, %d events, %d bytes, in %v\n", path, st.Sales, st.Events, st.Bytes, time.Since(start).Round(time.Second))
	return nil
}

// settle is -settled.
var settle bool

// makeSale returns sale i made at `at`: its order and the events after it.
func makeSale(rng *rand.Rand, i int, at time.Time) store.BulkSale {
	cash := sale.Tender{Kind: sale.TenderCash}
	var o sale.Order
	var items []sale.Item
	switch i % 10 {
	case 0, 1, 2, 3, 4, 5:
		net := []string{"82", "83", "84", "72", "73"}[rng.IntN(5)]
		o = sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "AIR" + net, ProductName: "Airtime " + net,
			Target: sale.Target{Kind: sale.TargetMobile, Value: "27" + net + fmt.Sprintf("%07d", rng.IntN(10_000_000))},
			Amount: sale.New(int64(500+rng.IntN(20)*500), sale.ZAR)}
		items = []sale.Item{{Label: "Network", Value: "Net " + net}}
	case 6, 7, 8:
		o = sale.Order{Provider: "flash", Kind: sale.KindElectricity, Product: "ESKOM", ProductName: "Eskom Prepaid Electricity",
			Target: sale.Target{Kind: sale.TargetMeter, Value: fmt.Sprintf("0%010d", rng.IntN(1_000_000))},
			Amount: sale.New(int64(5000+rng.IntN(40)*1000), sale.ZAR)}
		items = []sale.Item{{Label: "Token", Value: token(rng), Secret: true}, {Label: "Units", Value: strconv.Itoa(20+rng.IntN(300)) + " kWh"}}
	default:
		o = sale.Order{Provider: "flash", Kind: sale.KindVoucher, Product: "1V", ProductName: "1Voucher",
			Amount: sale.New(int64(2000+rng.IntN(50)*1000), sale.ZAR)}
		items = []sale.Item{{Label: "PIN", Value: fmt.Sprintf("%016d", rng.Int64N(1e16)), Secret: true}, {Label: "Serial", Value: "SN" + strconv.Itoa(i)}}
	}
	o.Tender, o.Cashier = cash, "cashier"
	o.Tender.Tendered = o.Amount
	sent := at.Add(20 * time.Millisecond)
	events := []sale.Event{{Type: sale.EventSending, At: sent, State: sale.StateSending, Attempt: 1}}
	switch r := rng.IntN(1000); {
	case r < 1:
		events = append(events, sale.Event{Type: sale.EventOutcome, At: sent.Add(30 * time.Second), State: sale.StateInDoubt,
			Outcome: &sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "no answer within 30s"}})
		if settle {
			events = append(events, sale.Event{Type: sale.EventChecked, At: sent.Add(2 * time.Minute), State: sale.StateDelivered,
				Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0000", Message: "Success (status check)", ProviderRef: "FL-" + strconv.Itoa(90_000_000+i), Items: items}})
		}
	case r < 21:
		events = append(events, sale.Event{Type: sale.EventOutcome, At: sent.Add(time.Second), State: sale.StateDeclined,
			Outcome: &sale.Outcome{Result: sale.ResultDeclined, Code: "2001", Message: "Invalid number for the selected network"}})
		if settle {
			events = append(events, sale.Event{Type: sale.EventGiveBack, At: sent.Add(2 * time.Second), By: "cashier",
				Note: sale.GiveBackNote + ": " + o.Amount.String() + " in cash; the sale was DECLINED"})
		}
	default:
		events = append(events, sale.Event{Type: sale.EventOutcome, At: sent.Add(time.Second), State: sale.StateDelivered,
			Outcome: &sale.Outcome{Result: sale.ResultDelivered, Code: "0000", Message: "Success", ProviderRef: "FL-" + strconv.Itoa(90_000_000+i), Items: items}})
	}
	return store.BulkSale{Order: o, At: at, Events: events}
}

// token is a 20-digit electricity token in groups of four.
func token(rng *rand.Rand) string {
	b := make([]byte, 0, 24)
	for g := 0; g < 5; g++ {
		if g > 0 {
			b = append(b, ' ')
		}
		b = fmt.Appendf(b, "%04d", rng.IntN(10_000))
	}
	return string(b)
}
