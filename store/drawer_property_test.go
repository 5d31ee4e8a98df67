package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"till/sale"
	"till/store"
)

// scripted is a provider whose answers the test decides: Send answers
// next (delivered unless told otherwise), Check answers what the test set
// for the reference.
type scripted struct {
	name  string
	next  *sale.Result
	check map[sale.Reference]sale.Result
	crash *bool // Send panics after answering (the till dies before recording)
}

func (p *scripted) Name() string { return p.name }
func (p *scripted) Send(_ context.Context, s sale.Sale) sale.Outcome {
	r := *p.next
	*p.next = sale.ResultDelivered
	if *p.crash {
		*p.crash = false
		panic("till killed after the request was written")
	}
	return sale.Outcome{Result: r, Code: string(r), Message: "scripted " + string(r), ProviderRef: "P-" + string(s.Ref)}
}
func (p *scripted) Check(_ context.Context, s sale.Sale) sale.Outcome {
	return sale.Outcome{Result: p.check[s.Ref], Code: "checked"}
}
func (p *scripted) Settlement(sale.Sale) sale.Settlement { return sale.SettleSupervisor }
func (p *scripted) Window() time.Duration                { return 0 }

// model is the drawer the test keeps by hand: per business day and
// currency, the cash that went in less the cash that went out.
type model map[string]map[sale.Currency]int64

func (m model) add(day string, c sale.Currency, minor int64) {
	if m[day] == nil {
		m[day] = map[sale.Currency]int64{}
	}
	m[day][c] += minor
}

// TestDrawerProperty: random days of sales paid in cash (with change),
// by card, M-Pesa, 1Voucher and QRIS; declines after payment; sales left in
// doubt (some by a till killed mid-sale and restarted); redemptions and
// cash-out cancels; refunds given back in cash on a later day; floats,
// drops (a drop larger than the drawer is refused) and paid-ins; restarts
// between them. Each day's Z report says the cash expected the model
// drawer holds, in every currency, and so does the drawer at any moment.
func TestDrawerProperty(t *testing.T) {
	seeds := 12
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { drawerProperty(t, uint64(seed)) })
	}
}

func drawerProperty(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 13))
	path := filepath.Join(t.TempDir(), "journal.db")
	clock := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	next, crash := sale.ResultDelivered, false
	check := map[sale.Reference]sale.Result{}
	var provs []sale.Provider
	for _, n := range []string{"flash", "mpesaflow", "flutterwave", "flowix"} {
		provs = append(provs, &scripted{name: n, next: &next, check: check, crash: &crash})
	}
	var db *store.DB
	var eng *sale.Engine
	open := func() {
		var err error
		if db, err = store.Open(path, store.Options{StoreID: "S1", TerminalID: "T1", Location: time.UTC}); err != nil {
			t.Fatal(err)
		}
		eng = sale.NewEngine(sale.Options{Journal: db, Providers: provs, Now: func() time.Time { return clock }})
		if _, err := eng.Recover(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	open()
	defer func() { db.Close() }()
	restart := func() { db.Close(); open() }

	want := model{}
	today := func() string {
		d, err := db.BusinessDay(clock)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	// held is what was paid for each unresolved sale, to settle it later:
	// the cash it took (+) or will pay out (-) when delivered.
	type pendingSale struct {
		ref  sale.Reference
		cash sale.CashEffect
	}
	var unresolved []pendingSale
	var owed []sale.Reference // refunds due, to give back in cash some day
	ctx := context.Background()
	mobile := func() sale.Target {
		return sale.Target{Kind: sale.TargetMobile, Value: fmt.Sprintf("2782%07d", rng.IntN(10_000_000))}
	}
	outcome := func() sale.Result {
		switch rng.IntN(10) {
		case 0, 1:
			return sale.ResultDeclined
		case 2:
			return sale.ResultInDoubt
		case 3:
			return sale.ResultNotSent
		}
		return sale.ResultDelivered
	}
	sell := func(o sale.Order) sale.Sale {
		t.Helper()
		next = outcome()
		if next == sale.ResultInDoubt && rng.IntN(3) == 0 {
			crash = true // killed after the request went out: recovered in doubt
		}
		var s sale.Sale
		var err error
		func() {
			defer func() {
				if recover() != nil {
					restart()
					list, lerr := db.List(sale.Query{Limit: 1})
					if lerr != nil || len(list) == 0 {
						t.Fatalf("after the crash: %v", lerr)
					}
					s, err = list[0], nil
				}
			}()
			s, err = eng.Vend(ctx, o)
		}()
		if err != nil {
			t.Fatalf("vend %+v: %v", o, err)
		}
		return s
	}
	for day := 0; day < 3; day++ {
		for step := 0; step < 40; step++ {
			clock = clock.Add(time.Minute)
			d := today()
			amt := int64(100 * (1 + rng.IntN(300)))
			switch op := rng.IntN(14); {
			case op < 4: // a cash sale with change
				k := []sale.Kind{sale.KindAirtime, sale.KindCashOut, sale.KindVoucher, sale.KindElectricity}[rng.IntN(4)]
				o := sale.Order{Provider: "flash", Kind: k, Amount: sale.New(amt, sale.ZAR), Target: mobile(), Cashier: "c1",
					Tender: sale.Tender{Kind: sale.TenderCash, Tendered: sale.New(amt+int64(rng.IntN(5))*1000, sale.ZAR)}}
				s := sell(o)
				if !s.GivenBack {
					want.add(d, sale.ZAR, amt) // kept: delivered, in doubt, or owed back
				}
				switch {
				case s.State.Unresolved():
					unresolved = append(unresolved, pendingSale{s.Ref, sale.CashIn})
				case sale.RefundDue(s):
					owed = append(owed, s.Ref)
				}
			case op < 6: // a non-cash tender, then the vend
				tk := []sale.TenderKind{sale.TenderCard, sale.TenderMpesa, sale.TenderVoucher, sale.TenderQRIS}[rng.IntN(4)]
				cur := map[sale.TenderKind]sale.Currency{sale.TenderCard: sale.ZAR, sale.TenderMpesa: sale.KES, sale.TenderVoucher: sale.ZAR, sale.TenderQRIS: sale.IDR}[tk]
				vend := sale.Order{Provider: "flash", Kind: sale.KindAirtime, Amount: sale.New(amt, cur), Target: mobile(), Cashier: "c2"}
				pay := sale.Payment{Kind: tk}
				if tk == sale.TenderMpesa {
					pay.Target = sale.Target{Kind: sale.TargetAccount, Value: fmt.Sprintf("QK%08d", rng.IntN(1e8))}
				}
				next = sale.ResultDelivered
				if rng.IntN(5) == 0 {
					next = sale.ResultDeclined // the payment failed: nothing is sold
				}
				p, err := eng.Pay(ctx, vend, pay)
				if err != nil {
					t.Fatal(err)
				}
				if p.State != sale.StateDelivered {
					continue
				}
				vend.Tender = sale.Tender{Kind: tk, Ref: p.Ref}
				s := sell(vend)
				switch {
				case s.State.Unresolved():
					unresolved = append(unresolved, pendingSale{s.Ref, sale.CashNone})
				case sale.RefundDue(s):
					owed = append(owed, s.Ref)
				}
			case op < 8: // a 1Voucher redeemed for cash, or a cash-out PIN cancelled
				k := []sale.Kind{sale.KindVoucherRedeem, sale.KindCashOutCancel}[rng.IntN(2)]
				s := sell(sale.Order{Provider: "flash", Kind: k, Amount: sale.New(amt, sale.ZAR), Cashier: "c1"})
				switch {
				case s.State == sale.StateDelivered:
					want.add(d, sale.ZAR, -amt)
				case s.State.Unresolved():
					unresolved = append(unresolved, pendingSale{s.Ref, sale.CashOut})
				}
			case op < 10: // float, paid-in or drop
				kind := []sale.CashMoveKind{sale.CashFloat, sale.CashPaidIn, sale.CashDrop}[rng.IntN(3)]
				cur := []sale.Currency{sale.ZAR, sale.ZAR, sale.IDR}[rng.IntN(3)]
				m := sale.New(amt*10, cur)
				_, err := eng.MoveCash(sale.CashRequest{Kind: kind, Amount: m, Reason: "test", By: "c3"})
				switch {
				case kind == sale.CashDrop && m.Minor > want[d][cur]:
					if sale.ErrorCode(err) != sale.CodeSupervised {
						t.Fatalf("a drop of %s with %d expected: %v", m, want[d][cur], err)
					}
				case err != nil:
					t.Fatal(err)
				default:
					want.add(d, cur, kind.Sign()*m.Minor)
				}
			case op < 11 && len(owed) > 0: // a refund due given back from the drawer
				i := rng.IntN(len(owed))
				ref := owed[i]
				owed = append(owed[:i], owed[i+1:]...)
				s, err := eng.SettleRefundWith(ref, "given back at the counter", "sup", true)
				if err != nil {
					t.Fatal(err)
				}
				want.add(d, s.Order.Amount.Currency, -s.Order.Amount.Minor)
			case op < 12:
				restart()
			case op < 13 && len(unresolved) > 0: // a supervisor settles one
				u := unresolved[0]
				unresolved = unresolved[1:]
				delivered := rng.IntN(2) == 0
				s, err := eng.Supervise(u.ref, delivered, "checked with the provider", "sup")
				if err != nil {
					t.Fatal(err)
				}
				if delivered && u.cash == sale.CashOut {
					want.add(s.Day, sale.ZAR, -s.Order.Amount.Minor)
				}
				if sale.RefundDue(s) {
					owed = append(owed, s.Ref)
				}
			default: // the drawer now matches
				r, err := eng.Drawer()
				if err != nil {
					t.Fatal(err)
				}
				same(t, "drawer "+d, r.Cash, want[d])
			}
		}
		// Settle what is still open, then the Z.
		for _, u := range unresolved {
			s, err := eng.Supervise(u.ref, true, "settled before the close", "sup")
			if err != nil {
				t.Fatal(err)
			}
			if u.cash == sale.CashOut {
				want.add(s.Day, sale.ZAR, -s.Order.Amount.Minor)
			}
		}
		unresolved = nil
		d := today()
		z, err := db.CloseDay(d, clock, "sup", false)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "Z of "+d, z.Cash, want[d])
		// Read back after a restart, the report says the same.
		restart()
		x, err := db.DayReport(d)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "X of closed "+d, x.Cash, want[d])
		clock = clock.Add(24 * time.Hour)
	}
	if rep, err := db.Verify(); err != nil || rep.Bad != nil {
		t.Fatalf("verify: %v %+v", err, rep.Bad)
	}
}

// same checks report totals against the model: every currency the model
// moved (a zero total too), none other.
func same(t *testing.T, what string, got []sale.Money, want map[sale.Currency]int64) {
	t.Helper()
	g := map[sale.Currency]int64{}
	for _, m := range got {
		g[m.Currency] = m.Minor
	}
	for c, v := range want {
		if g[c] != v {
			t.Fatalf("%s: cash expected in %s is %d, the model drawer holds %d (report %v)", what, c, g[c], v, got)
		}
	}
	for c, v := range g {
		if _, ok := want[c]; !ok && v != 0 {
			t.Fatalf("%s: cash expected in %s is %d, the model drawer has none", what, c, v)
		}
	}
}
