package screens

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"till/receipts"
	"till/sale"
	"till/screens/airtime"
	"till/screens/kit"
)

// memJournal is an in-memory sale.Journal for screen tests.
type memJournal struct {
	mu    sync.Mutex
	seq   uint64
	evseq uint64
	sales map[sale.Reference]sale.Sale
	order []sale.Reference
	cats  map[string]sale.Catalogue
	loc   *time.Location
	last  sale.Event // the last event appended
}

var _ sale.Journal = (*memJournal)(nil)

func newMemJournal(loc *time.Location) *memJournal {
	return &memJournal{sales: map[sale.Reference]sale.Sale{}, cats: map[string]sale.Catalogue{}, loc: loc}
}

func (j *memJournal) Create(o sale.Order, at time.Time) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	ref, err := sale.NewReference("STORE042", "TILL07", "x7k2q9", j.seq)
	if err != nil {
		return sale.Sale{}, err
	}
	j.evseq++
	s, err := sale.Sale{}.Apply(sale.Event{Seq: j.evseq, Ref: ref, Type: sale.EventCreated, At: at, State: sale.StateNew, Order: &o})
	if err != nil {
		return s, err
	}
	s.StoreID, s.TerminalID, s.Day = "STORE042", "TILL07", at.In(j.loc).Format("2006-01-02")
	j.sales[ref] = s
	j.order = append(j.order, ref)
	return s, nil
}

func (j *memJournal) Append(e sale.Event) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	s, ok := j.sales[e.Ref]
	if !ok {
		return sale.Sale{}, sale.Errorf(sale.CodeNotFound, "no sale %s", e.Ref)
	}
	j.evseq++
	e.Seq = j.evseq
	ns, err := s.Apply(e)
	if err != nil {
		return s, err
	}
	j.sales[e.Ref] = ns
	j.last = e
	return ns, nil
}

func (j *memJournal) Sale(ref sale.Reference) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	s, ok := j.sales[ref]
	if !ok {
		return s, sale.Errorf(sale.CodeNotFound, "no sale %s", ref)
	}
	return s, nil
}

func (j *memJournal) Events(sale.Reference) ([]sale.Event, error) { return nil, nil }

func (j *memJournal) Unresolved() ([]sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []sale.Sale
	for _, r := range j.order {
		if s := j.sales[r]; s.State.Unresolved() {
			out = append(out, s)
		}
	}
	return out, nil
}

func (j *memJournal) List(q sale.Query) ([]sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []sale.Sale
	for i := len(j.order) - 1; i >= 0; i-- {
		s := j.sales[j.order[i]]
		switch {
		case q.Day != "" && s.Day != q.Day,
			q.State != "" && s.State != q.State,
			q.Target != "" && s.Order.Target.Value != q.Target,
			q.Ref != "" && s.Ref != q.Ref && !strings.HasSuffix(string(s.Ref), "-"+string(q.Ref)):
			continue
		}
		out = append(out, s)
	}
	return out, nil
}

func (j *memJournal) Catalogue(p string) (sale.Catalogue, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.cats[p], nil
}

func (j *memJournal) SaveCatalogue(c sale.Catalogue) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.cats[c.Provider] = c
	return nil
}

// scripted is a sale.Provider (and Cataloguer) whose answers are set by the
// test.
type scripted struct {
	mu       sync.Mutex
	outcomes []sale.Outcome
	products []sale.Product
	prodErr  error
}

func (p *scripted) Name() string { return "flash" }

func (p *scripted) Send(context.Context, sale.Sale) sale.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.outcomes) == 0 {
		return sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "no answer from Flash"}
	}
	o := p.outcomes[0]
	p.outcomes = p.outcomes[1:]
	return o
}

func (p *scripted) Check(context.Context, sale.Sale) sale.Outcome {
	return sale.Outcome{Result: sale.ResultInDoubt}
}

func (p *scripted) Settlement(sale.Sale) sale.Settlement { return sale.SettleResend }
func (p *scripted) Window() time.Duration                { return 0 }

func (p *scripted) Products(context.Context) ([]sale.Product, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.products, p.prodErr
}

func (p *scripted) script(o ...sale.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.outcomes = append(p.outcomes, o...)
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var sast = time.FixedZone("SAST", 2*60*60)

func zar(minor int64) sale.Money { return sale.New(minor, sale.ZAR) }

func testProducts() []sale.Product {
	p := func(code, name, brand string, min, max int64) sale.Product {
		return sale.Product{Provider: "flash", Code: code, Name: name, Kind: sale.KindAirtime, Brand: brand,
			Min: zar(min), Max: zar(max), Active: true}
	}
	return []sale.Product{
		p("VOD-AT", "Vodacom Airtime", "Vodacom", 200, 100000),
		p("MTN-AT", "MTN Airtime", "MTN", 500, 100000),
		p("CELLC-AT", "Cell C Airtime", "Cell C", 500, 50000),
		p("TKM-AT", "Telkom Mobile Airtime", "Telkom", 500, 50000),
		{Provider: "flash", Code: "VOD-DATA", Name: "Vodacom 1GB", Kind: "data", Brand: "Vodacom", Active: true},
		{Provider: "flash", Code: "OLD-AT", Name: "Virgin Airtime", Kind: sale.KindAirtime, Brand: "Virgin", Active: false},
	}
}

// fixture is an App on a memory journal and a scripted provider, at
// 80x24 with a fixed clock.
type fixture struct {
	t       *testing.T
	app     *App
	clock   *clock
	journal *memJournal
	prov    *scripted
	engine  *sale.Engine
	printed []string
}

type fixtureOption func(*Deps)

func withPrinter(f *fixture) fixtureOption {
	return func(d *Deps) {
		d.Print = func(lines []receipts.Line) error { f.printed = append(f.printed, kit.JoinLines(lines)); return nil }
	}
}

func newFixture(t *testing.T, opts ...func(*fixture) fixtureOption) *fixture {
	t.Helper()
	f := &fixture{
		t:       t,
		clock:   &clock{t: time.Date(2025, 11, 23, 14, 5, 9, 0, sast)},
		journal: newMemJournal(sast),
		prov:    &scripted{products: testProducts()},
	}
	f.engine = sale.NewEngine(sale.Options{
		Journal: f.journal, Providers: []sale.Provider{f.prov}, Now: f.clock.Now,
		Jitter: func(time.Duration) time.Duration { return 0 },
	})
	if _, err := f.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := Deps{
		Engine: f.engine, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 42,
		Header:   receipts.Header{ShopName: "CORNER CAFE", Address: []string{"12 Main Rd, Observatory"}},
		Location: sast, Now: f.clock.Now, Cashier: "thandi",
	}
	for _, o := range opts {
		o(f)(&d)
	}
	f.app = New(d)
	t.Cleanup(f.app.Close)
	f.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return f
}

// send delivers msg to the App and returns the command it gave back,
// without running it.
func (f *fixture) send(msg tea.Msg) tea.Cmd {
	f.t.Helper()
	_, cmd := f.app.Update(msg)
	return cmd
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (f *fixture) press(keys ...string) tea.Cmd {
	f.t.Helper()
	var cmd tea.Cmd
	for _, k := range keys {
		cmd = f.send(keyMsg(k))
	}
	return cmd
}

func (f *fixture) typeText(s string) {
	f.t.Helper()
	for _, r := range s {
		if r == ' ' {
			f.press("space")
			continue
		}
		f.press(string(r))
	}
}

// view is the App's screen without escape sequences.
func (f *fixture) view() string {
	return ansi.Strip(f.app.View().Content)
}

// tick advances the clock by d and delivers a ClockMsg.
func (f *fixture) tick(d time.Duration) {
	f.clock.Advance(d)
	f.send(ClockMsg{Now: f.clock.Now()})
}

// unresolved delivers a fresh read of the unresolved sales.
func (f *fixture) unresolved() {
	s, err := f.engine.Unresolved()
	f.send(UnresolvedMsg{Sales: s, Err: err})
}

// catalogue delivers the catalogue the airtime screen asked for.
func (f *fixture) catalogue(refresh bool) {
	f.t.Helper()
	c, err := f.engine.Catalogue(context.Background(), "flash", refresh)
	f.send(CatalogueMsg{Provider: "flash", Refresh: refresh, Catalogue: c, Err: err})
}

// openAirtime goes from home to the airtime product list.
func (f *fixture) openAirtime() {
	f.t.Helper()
	f.press("1")
	f.send(NavigateMsg{To: ScreenAirtime})
	f.catalogue(true)
}

// toConfirm walks the airtime flow up to the confirm dialog.
func (f *fixture) toConfirm(product, mobile, amount string) {
	f.t.Helper()
	if f.app.Active().ID() != ScreenAirtime {
		f.openAirtime()
	}
	f.press(product)
	f.typeText(mobile)
	f.press("enter")
	f.typeText(amount)
	f.press("enter")
}

// toProcessing walks an R 10 Vodacom airtime sale past cash to the
// processing step: the engine publishes the journaled sale before sending
// it, and nothing answers yet.
func (f *fixture) toProcessing() {
	f.t.Helper()
	f.toConfirm("4", "0821234567", "10")
	f.tick(time.Second)
	f.press("enter")
	f.payCash("")
	s, err := f.journal.Create(f.airtime().Order, f.clock.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	f.send(SaleUpdateMsg{Sale: s})
	f.tick(3 * time.Second)
}

// sell confirms and delivers the result of Engine.Sell as the sell
// command would.
func (f *fixture) sell() sale.Sale {
	f.t.Helper()
	f.tick(time.Second) // past the dialog's grace period
	a := f.airtime()
	if a.Step() != airtime.StepConfirm {
		f.t.Fatalf("step %v, want confirm", a.Step())
	}
	f.press("enter")
	f.payCash("")
	if a.Step() != airtime.StepProcessing {
		f.t.Fatalf("step %v after enter, want processing", a.Step())
	}
	s, err := f.engine.Vend(context.Background(), a.Order)
	f.clock.Advance(2 * time.Second)
	f.send(SoldMsg{Order: a.Order, Sale: s, Err: err})
	return s
}

func (f *fixture) airtime() *airtime.Flow {
	f.t.Helper()
	a, ok := f.app.Active().(*airtime.Flow)
	if !ok {
		f.t.Fatalf("active screen is %v", f.app.Active().ID())
	}
	return a
}

// sortedRefs lists the journal's references, oldest first.
func (j *memJournal) sortedRefs() []sale.Reference {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := append([]sale.Reference(nil), j.order...)
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return out
}
