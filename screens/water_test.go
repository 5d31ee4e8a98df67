package screens

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/providers/oneflow"
	"till/receipts"
	"till/sale"
	"till/screens/flow"
	"till/screens/water"
)

// fakeWater is a scripted 1Flow: a sale.Provider whose answers the test
// sets, with 1Flow's settlement rule, and a customer lookup.
type fakeWater struct {
	mu        sync.Mutex
	sends     []sale.Outcome
	checks    []sale.Outcome
	sent      int // initiations the engine asked for
	customers map[WaterKey]WaterCustomer
}

var _ WaterAPI = (*fakeWater)(nil)

func (p *fakeWater) Name() string            { return oneflowProvider }
func (p *fakeWater) Currency() sale.Currency { return sale.KES }
func (p *fakeWater) Window() time.Duration   { return 0 }

// Settlement is 1Flow's: poll a known recharge, a supervisor otherwise.
func (p *fakeWater) Settlement(s sale.Sale) sale.Settlement {
	if s.PendingID != "" {
		return sale.SettleQuery
	}
	return sale.SettleSupervisor
}

func (p *fakeWater) Send(context.Context, sale.Sale) sale.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent++
	if len(p.sends) == 0 {
		return sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "1Flow did not answer in time."}
	}
	o := p.sends[0]
	p.sends = p.sends[1:]
	return o
}

func (p *fakeWater) Check(_ context.Context, s sale.Sale) sale.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.checks) == 0 {
		return sale.Outcome{Result: sale.ResultPending, Code: "pending", PendingID: s.PendingID,
			Message: "1Flow is still applying the recharge."}
	}
	o := p.checks[0]
	p.checks = p.checks[1:]
	return o
}

func (p *fakeWater) Lookup(_ context.Context, k WaterKey) (WaterCustomer, error) {
	if c, ok := p.customers[k]; ok {
		return c, nil
	}
	return WaterCustomer{}, sale.Errorf(sale.CodeNotFound, "1Flow has no customer with %s %s", k.By, k.Value)
}

func (p *fakeWater) NormalizePhone(phone, country string) (string, error) {
	return oneflow.NormalizePhone(phone, country)
}

func (p *fakeWater) CheckTargetID(id string) error { return oneflow.CheckTargetID(id) }

const testRecharge = "898244db-532a-49a0-a8e5-fc878f0832ca"

var jane = WaterCustomer{Name: "Jane Doe", Phone: "+254712345678", Devices: []WaterDevice{
	{ID: "68753500140920", Type: "DEVICE", Name: "Home meter", CardIDs: []string{"CA254000123"}},
	{ID: "68753500140921", Type: "DEVICE", Name: "Kiosk tank"},
	{ID: "CA254000123", Type: "CARD", Name: "Water card"},
}}

func accepted() sale.Outcome {
	return sale.Outcome{Result: sale.ResultPending, Code: "pending", PendingID: testRecharge, ProviderRef: testRecharge,
		Message: "1Flow accepted the recharge; waiting for the device to confirm it.",
		Items:   []sale.Item{{Label: "Recharge ID", Value: testRecharge}, {Label: "Device", Value: "68753500140920"}}}
}

func completed(minor int64) sale.Outcome {
	amount := sale.New(minor, sale.KES)
	return sale.Outcome{Result: sale.ResultDelivered, Code: "completed", Message: "Recharge completed",
		PendingID: testRecharge, ProviderRef: testRecharge, Amount: amount,
		Items: []sale.Item{
			{Label: "Recharge ID", Value: testRecharge},
			{Label: "Device", Value: "68753500140920"},
			{Label: "Customer", Value: "Jane Doe"},
			{Label: "Amount", Value: amount.String()},
			{Label: "Currency", Value: "KES"},
			{Label: "Litres", Value: "200"},
			{Label: "Price per litre", Value: "0.5"},
			{Label: "Balance", Value: "330000"},
			{Label: "Completed", Value: "2025-11-23T12:05:16Z"},
		}}
}

func lostAnswer() sale.Outcome {
	return sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout",
		Message: "1Flow did not answer in time. The sale may have gone through; the till will check it. 1Flow recharges cannot be resent safely: a supervisor will check the device."}
}

// waterFixture is an App on a memory journal and a scripted 1Flow at 80x24.
type waterFixture struct {
	*fixture
	water  *fakeWater
	events *recJournal
}

// recJournal records every event appended, for the supervisor tests.
type recJournal struct {
	*memJournal
	mu     sync.Mutex
	events []sale.Event
}

func (j *recJournal) Append(e sale.Event) (sale.Sale, error) {
	s, err := j.memJournal.Append(e)
	if err == nil {
		j.mu.Lock()
		j.events = append(j.events, e)
		j.mu.Unlock()
	}
	return s, err
}

func (j *recJournal) count() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.events)
}

func (j *recJournal) last() sale.Event {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.events[len(j.events)-1]
}

func newWaterFixture(t *testing.T) *waterFixture {
	t.Helper()
	w := &fakeWater{customers: map[WaterKey]WaterCustomer{
		{By: WaterByPhone, Value: "+254712345678"}:   jane,
		{By: WaterByDevice, Value: "68753500140921"}: jane,
	}}
	f := &fixture{t: t, clock: &clock{t: time.Date(2025, 11, 23, 14, 5, 9, 0, sast)}, journal: newMemJournal(sast)}
	rec := &recJournal{memJournal: f.journal}
	f.engine = sale.NewEngine(sale.Options{
		Journal: rec, Providers: []sale.Provider{w}, Now: f.clock.Now,
		Jitter: func(time.Duration) time.Duration { return 0 },
	})
	if _, err := f.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.app = New(Deps{
		Engine: f.engine, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header:   receipts.Header{ShopName: "MAJI KIOSK", Address: []string{"Moi Avenue, Nairobi"}},
		Location: sast, Now: f.clock.Now, Cashier: "achieng", Currency: sale.KES, Water: w,
	})
	t.Cleanup(f.app.Close)
	f.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return &waterFixture{fixture: f, water: w, events: rec}
}

func (f *waterFixture) screen() *water.Flow {
	f.t.Helper()
	w, ok := f.app.Active().(*water.Flow)
	if !ok {
		f.t.Fatalf("active screen is %v", f.app.Active().ID())
	}
	return w
}

// open goes from home to the water flow.
func (f *waterFixture) open() {
	f.t.Helper()
	f.send(NavigateMsg{To: ScreenWater})
}

// lookup types key for method (1 phone, 2 device, 3 card), presses Enter
// and delivers the lookup's answer as the command would.
func (f *waterFixture) lookup(method, typed string) {
	f.t.Helper()
	f.press(method)
	f.typeText(typed)
	f.press("enter")
	w := f.screen()
	if !w.Looking() {
		f.t.Fatalf("no lookup started: %v", w.InputErr())
	}
	c, err := f.water.Lookup(context.Background(), w.LookupKey())
	f.send(water.LookupMsg{Seq: w.LookupSeq(), Key: w.LookupKey(), Customer: c, Err: err})
}

// toConfirm walks to the confirmation of amount for device pick.
func (f *waterFixture) toConfirm(pick, amount string) {
	f.t.Helper()
	f.open()
	f.lookup("1", "0712 345 678")
	f.press(pick)
	f.typeText(amount)
	f.press("enter")
}

// sell confirms and delivers Engine.Sell's answer as the sell command would.
func (f *waterFixture) sell() sale.Sale {
	f.t.Helper()
	f.tick(time.Second) // past the dialog's grace period
	w := f.screen()
	if w.Step() != water.StepConfirm {
		f.t.Fatalf("step %v, want confirm", w.Step())
	}
	f.press("enter") // confirm: the tender step
	if w.Step() != water.StepTender {
		f.t.Fatalf("step %v after enter, want tender", w.Step())
	}
	f.press("1", "enter") // cash, the exact amount: sell
	f.press("enter")      // a double Enter must not sell twice
	if w.Step() != water.StepSending {
		f.t.Fatalf("step %v after paying, want sending", w.Step())
	}
	s, err := f.engine.Vend(context.Background(), w.Order)
	f.clock.Advance(2 * time.Second)
	f.send(SoldMsg{Order: w.Order, Sale: s, Err: err})
	return s
}

// settle runs the resolver's look at ref now and delivers the update.
func (f *waterFixture) settle(ref sale.Reference) sale.Sale {
	f.t.Helper()
	s, err := f.engine.SettleNow(context.Background(), ref)
	if err != nil {
		f.t.Fatal(err)
	}
	f.send(SaleUpdateMsg{Sale: s})
	return s
}

func TestWaterGolden(t *testing.T) {
	t.Run("find", func(t *testing.T) {
		f := newWaterFixture(t)
		f.open()
		requireView(t, f.fixture)
	})
	t.Run("phone", func(t *testing.T) {
		f := newWaterFixture(t)
		f.open()
		f.press("1")
		f.typeText("0712 345 678")
		requireView(t, f.fixture)
	})
	t.Run("not_found", func(t *testing.T) {
		f := newWaterFixture(t)
		f.open()
		f.lookup("2", "68753500149999")
		if f.screen().Step() != water.StepKey {
			t.Fatal("an unknown device was accepted")
		}
		requireView(t, f.fixture)
	})
	t.Run("device_pick", func(t *testing.T) {
		f := newWaterFixture(t)
		f.open()
		f.lookup("1", "0712345678")
		f.press("down")
		requireView(t, f.fixture)
	})
	t.Run("amount", func(t *testing.T) {
		f := newWaterFixture(t)
		f.open()
		f.lookup("1", "0712345678")
		f.press("1")
		f.typeText("100")
		requireView(t, f.fixture)
	})
	t.Run("confirm", func(t *testing.T) {
		f := newWaterFixture(t)
		f.toConfirm("1", "100")
		requireView(t, f.fixture)
	})
	t.Run("sending", func(t *testing.T) {
		f := newWaterFixture(t)
		f.toConfirm("1", "100")
		f.tick(time.Second)
		f.press("enter")
		f.press("1", "enter") // cash, the exact amount
		s, err := f.journal.Create(f.screen().Order, f.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		f.send(SaleUpdateMsg{Sale: s})
		f.tick(3 * time.Second)
		requireView(t, f.fixture)
	})
	t.Run("pending", func(t *testing.T) {
		f := newWaterFixture(t)
		f.water.sends = []sale.Outcome{accepted()}
		f.toConfirm("1", "100")
		f.sell()
		f.tick(12 * time.Second)
		requireView(t, f.fixture)
	})
	t.Run("completed_receipt", func(t *testing.T) {
		f := newWaterFixture(t)
		f.water.sends = []sale.Outcome{accepted()}
		f.water.checks = []sale.Outcome{completed(10000)}
		f.toConfirm("1", "100")
		s := f.sell()
		f.tick(5 * time.Second)
		f.settle(s.Ref)
		requireView(t, f.fixture)
	})
	t.Run("lost_initiation", func(t *testing.T) {
		f := newWaterFixture(t)
		f.water.sends = []sale.Outcome{lostAnswer()}
		f.toConfirm("2", "50.91")
		f.sell()
		requireView(t, f.fixture)
	})
	t.Run("needs_supervisor", func(t *testing.T) {
		f := newWaterFixture(t)
		f.water.sends = []sale.Outcome{lostAnswer()}
		f.toConfirm("2", "50.91")
		s := f.sell()
		f.settle(s.Ref)
		requireView(t, f.fixture)
	})
}

func TestWaterPendingFollowsLive(t *testing.T) {
	f := newWaterFixture(t)
	f.water.sends = []sale.Outcome{accepted()}
	f.water.checks = []sale.Outcome{{Result: sale.ResultPending, PendingID: testRecharge}, completed(10000)}
	f.toConfirm("1", "100")
	s := f.sell()
	w := f.screen()
	if w.Outcome() != water.Pending || s.PendingID != testRecharge {
		t.Fatalf("after the 202: %v %s %q", w.Outcome(), s.State, s.PendingID)
	}
	f.tick(7 * time.Second)
	if v := f.view(); !strings.Contains(v, "PENDING") || !strings.Contains(v, "9s") ||
		!strings.Contains(v, "the till keeps checking") || !strings.Contains(v, testRecharge) {
		t.Fatalf("pending view:\n%s", v)
	}
	// A poll that learns nothing new changes nothing on screen.
	f.settle(s.Ref)
	if w.Outcome() != water.Pending {
		t.Fatalf("after an unchanged poll: %v", w.Outcome())
	}
	f.settle(s.Ref)
	if w.Outcome() != water.Delivered || !strings.Contains(w.Receipt, "Litres") {
		t.Fatalf("after COMPLETED: %v\n%s", w.Outcome(), w.Receipt)
	}
	if v := f.view(); !strings.Contains(v, "COMPLETED") || !strings.Contains(v, "330000") {
		t.Fatalf("completed view:\n%s", v)
	}
	if f.water.sent != 1 {
		t.Fatalf("1Flow was asked to recharge %d times, want 1", f.water.sent)
	}
}

func TestWaterLostInitiationIsNeverResent(t *testing.T) {
	f := newWaterFixture(t)
	f.water.sends = []sale.Outcome{lostAnswer(), accepted()} // a second send would be accepted
	f.toConfirm("2", "50.91")
	s := f.sell()
	if s.State != sale.StateInDoubt || s.PendingID != "" {
		t.Fatalf("lost initiation: %s %q", s.State, s.PendingID)
	}
	v := f.view()
	for _, want := range []string{"IN DOUBT", "no reference the till could resend safely", "supervisor"} {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
			t.Errorf("in-doubt view lacks %q:\n%s", want, v)
		}
	}
	for range 3 {
		f.clock.Advance(time.Hour)
		s = f.settle(s.Ref)
	}
	if s.State != sale.StateNeedsSupervisor || f.water.sent != 1 {
		t.Fatalf("after settling: %s, %d initiations; want NEEDS_SUPERVISOR after 1", s.State, f.water.sent)
	}
	// A second recharge of the same device is refused until it is settled.
	f.press("n")
	f.lookup("1", "0712345678")
	f.press("2")
	f.typeText("20")
	f.press("enter")
	f.tick(time.Second)
	f.press("enter") // the tender step refuses it before the customer pays
	if m := f.screen(); m.Step() != water.StepTender || m.Tender.State().Step != flow.StepRefused || f.water.sent != 1 {
		t.Fatalf("resell to the same device: step %v, %d initiations\n%s", m.Step(), f.water.sent, f.view())
	}
	if v := f.view(); !strings.Contains(v, "TAKE NO PAYMENT") {
		t.Errorf("the refusal:\n%s", v)
	}
}

func TestWaterLookupByDevicePreselects(t *testing.T) {
	f := newWaterFixture(t)
	f.open()
	f.lookup("2", "68753500140921")
	w := f.screen()
	if w.Step() != water.StepDevice || w.Cursor() != 1 {
		t.Fatalf("step %v cursor %d, want the device pick on the looked-up device", w.Step(), w.Cursor())
	}
	f.press("enter")
	if w.Device().ID != "68753500140921" || w.Step() != water.StepAmount {
		t.Fatalf("picked %q at %v", w.Device().ID, w.Step())
	}
}

func TestWaterCleansProviderText(t *testing.T) {
	f := newWaterFixture(t)
	evil := jane
	evil.Name = "Jane\x1b[2J\x07 Doe\u202e"
	f.water.customers[WaterKey{By: WaterByPhone, Value: "+254712345678"}] = evil
	f.water.sends = []sale.Outcome{{Result: sale.ResultDeclined, Code: "http_422", Message: "Device\x1b]0;pwned\x07 is suspended"}}
	f.toConfirm("1", "10")
	f.sell()
	v := f.view()
	if strings.ContainsAny(v, "\x1b\x07\u202e") || !strings.Contains(v, "Jane Doe") || !strings.Contains(v, "Device is suspended") {
		t.Fatalf("provider text not cleaned:\n%q", v)
	}
}

func TestWaterRefusesBadInput(t *testing.T) {
	f := newWaterFixture(t)
	f.open()
	f.press("1")
	f.typeText("12345")
	f.press("enter")
	w := f.screen()
	if w.Looking() || w.InputErr() == nil || w.Step() != water.StepKey {
		t.Fatalf("a bad phone number was looked up: looking %v err %v", w.Looking(), w.InputErr())
	}
	f.press("esc", "2")
	f.typeText("bad id!") // the filter drops ' ' and '!'
	if got := w.Typed(); got != "badid" {
		t.Fatalf("device field holds %q", got)
	}
}
