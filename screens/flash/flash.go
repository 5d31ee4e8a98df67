package flash

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// Step is where a Flash flow is.
type Step int

// Steps of a Flash flow, in order; a flow skips the ones it has no use for.
const (
	StepProduct    Step = iota // choose the product from the catalogue
	StepInput                  // type the current field
	StepLookup                 // waiting for a lookup's answer
	StepCard                   // what the lookup found
	StepConfirm                // exactly what will be sold, to confirm
	StepTender                 // how the customer pays (flow/tender.go)
	StepProcessing             // the sale is being sent
	StepResult                 // how it ended, and its receipt
)

// Flow is every Flash product flow beyond airtime, driven by its spec
// (specs.go): pick a product, type the fields (a lookup after some:
// the meter, the cash-out PIN), confirm exactly what will be sold, take
// payment, sell through the engine, and show the result and receipt. It
// has the airtime flow's guards: inputs filter as typed, the confirm
// dialog ignores Enter for a grace period and confirms once, the sale
// command is created once, and the App refuses to quit while it is busy.
type Flow struct {
	env           *kit.Env
	spec          *Spec
	step          Step
	width, height int
	now           time.Time
	// Prefill is what the first field starts with (a cancel opened from
	// a lookup names the sale).
	Prefill string

	flow.CatalogueFeed // flow_catalogue.go
	products           []sale.Product
	cursor             int
	product            sale.Product

	field  int
	inputs []flowInput
	notice error // why Enter could not go on, beyond what the field says
	values []string
	money  sale.Money
	full   bool // redeem the whole voucher
	fbe    bool // ask for free basic electricity

	lookSeq     int
	card        []sale.Item
	cardNote    cardNote
	cardErr     error
	limits      sale.Product // the meter's vend limits
	cancellable bool
	cancelOrder sale.Order
	original    sale.Sale

	confirm ui.Confirm
	noteErr error // the cancel's "cancelled by" note could not be journaled

	flow.Run // confirm → tender → sale → result → print (flow/run.go)

	keys flowKeys
}

type flowKeys struct {
	flow.SaleKeys                                        // print, unresolved, scroll, try again, override (widgets.go)
	Up, Down, Pick, Enter, Back, Refresh, Switch, Toggle key.Binding
	NewSale, Cancel, Try                                 key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k flowKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.TryAgain, k.Toggle, k.Switch, k.Cancel, k.Override, k.Print, k.NewSale,
		k.Unresolved, k.Refresh, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k flowKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ kit.Screen               = (*Flow)(nil)
	_ interface{ Busy() bool } = (*Flow)(nil) // the App refuses to quit mid-sale
)

// New is the Flash flow of spec, opened at now.
func New(e *kit.Env, spec *Spec, now time.Time) *Flow {
	f := &Flow{env: e, spec: spec, now: now, Run: flow.NewRun(e),
		CatalogueFeed: flow.CatalogueFeed{Loading: spec.catKind != ""}}
	f.resetInputs()
	f.step = StepInput
	if spec.pick {
		f.step = StepProduct
	}
	f.keys = flowKeys{
		SaleKeys: flow.NewSaleKeys(),
		Up:       e.Keys.Up,
		Down:     e.Keys.Down,
		Pick:     ui.Bind("1-9", "pick", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Enter:    e.Keys.Enter,
		Back:     e.Keys.Back,
		Refresh:  ui.Bind("r", "refresh catalogue", "r", "ctrl+r"),
		Switch:   ui.Bind("tab", "switch", "tab", "shift+tab", "left", "right"),
		Toggle:   ui.Bind("f", "whole voucher", "f"),
		NewSale:  ui.Bind("n", "new", "n"),
		Cancel:   ui.Bind("c", "cancel this PIN", "c"),
	}
	f.UpdateKeys()
	return f
}

// resetInputs starts the fields afresh.
func (f *Flow) resetInputs() {
	f.inputs = make([]flowInput, len(f.spec.fields))
	f.values = make([]string, len(f.spec.fields))
	for i, fs := range f.spec.fields {
		f.inputs[i] = newFlowInput(f.env, fs.kind, f.env.D.Currency)
	}
	f.field, f.money, f.full, f.fbe = 0, sale.Money{}, false, false
	f.applyCheck()
}

// ID names the screen (kit.Screen).
func (f *Flow) ID() kit.ScreenID { return f.spec.id }

// Title is the breadcrumb text (kit.Screen).
func (f *Flow) Title() string { return f.spec.title }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (f *Flow) ShortHelp() []key.Binding {
	if f.step == StepTender && f.Tender != nil {
		return f.Tender.Keys()
	}
	return f.keys.ShortHelp()
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (f *Flow) FullHelp() [][]key.Binding { return f.keys.FullHelp() }

// Init reads the cached catalogue and asks Flash for a fresh one; the
// cash-out screens also write any "cancelled by" note a restart left out,
// and a cancel opened from a lookup looks its sale up at once.
func (f *Flow) Init() tea.Cmd {
	e := f.env
	var cmds []tea.Cmd
	if f.spec.catKind != "" {
		cmds = append(cmds, flow.LoadCatalogue(e, kit.FlashProvider)...)
	}
	if api, ok := e.Flash(); ok && (f.spec.id == kit.ScreenCashOutCancel || f.spec.id == kit.ScreenCashOutLookup) {
		cmds = append(cmds, annotateCancelCmd(api, "", e.D.Cashier))
	}
	if f.Prefill != "" && len(f.inputs) > 0 {
		f.inputs[0].text.SetValue(f.Prefill)
		cmds = append(cmds, f.submitField())
	}
	return tea.Batch(cmds...)
}

// SetSize sets the room the screen has (kit.Component).
func (f *Flow) SetSize(w, h int) {
	f.width, f.height = w, h
	f.confirm.SetSize(w, h-2)
	f.Run.SizeTender(w, h)
	f.Pager.SetHeight(f.pagerHeight())
}

// Update handles one message (kit.Component).
func (f *Flow) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	if f.Tender != nil && f.step == StepTender {
		return f, f.Run.UpdateTender(f, msg, &f.now) // flow/run.go
	}
	cmd := f.Run.Handle(f, msg, &f.now) // flow/run.go: clock, spinner, prints, the sale, overrides
	switch msg := msg.(type) {
	case kit.CatalogueMsg:
		f.onCatalogue(msg)
	case flashLookupMsg:
		f.onLookup(msg)
	case cancelNotedMsg:
		if msg.ref != "" && msg.ref == f.Sold.Ref {
			f.noteErr = msg.err
		}
	case tea.KeyPressMsg:
		f.notice = nil
		cmd = f.onKey(msg)
	case tea.PasteMsg:
		if f.step == StepInput {
			f.inputs[f.field].Update(msg)
		}
	}
	f.UpdateKeys()
	return f, cmd
}

func (f *Flow) onCatalogue(msg kit.CatalogueMsg) {
	if f.spec.catKind == "" || !f.Take(msg, kit.FlashProvider) { // flow_catalogue.go
		return
	}
	code := ""
	if f.cursor < len(f.products) {
		code = f.products[f.cursor].Code
	}
	f.products = f.products[:0]
	for _, p := range msg.Catalogue.Products {
		if p.Active && p.Kind == f.spec.catKind {
			f.products = append(f.products, p)
		}
	}
	f.cursor = 0
	for i, p := range f.products {
		if p.Code == code {
			f.cursor = i
		}
	}
	if f.step >= StepConfirm {
		return // the order is fixed
	}
	switch {
	case !f.spec.pick && len(f.products) > 0:
		f.product = f.products[0]
	case f.product.Code != "":
		for _, p := range f.products {
			if p.Code == f.product.Code {
				f.product = p // fresher limits
			}
		}
	}
	f.applyCheck()
}

// applyCheck sets the amount fields' checks from the product and the
// meter's limits.
func (f *Flow) applyCheck() {
	for i := range f.inputs {
		if f.inputs[i].kind == fieldAmount {
			f.inputs[i].SetCheck(f.allows)
		}
	}
}

// allows checks an amount against what the flow may sell: the product's
// limits (a redemption only its maximum), and a meter's vend limits.
func (f *Flow) allows(m sale.Money) error {
	if f.limits.Name != "" {
		return f.limits.Allows(m) // the utility's own limits for this meter
	}
	p := f.product
	if f.spec.kind == sale.KindVoucherRedeem {
		p.Min = sale.Money{}
	}
	if p.Name != "" {
		return p.Allows(m)
	}
	return nil
}

// NeedsProduct reports whether the flow cannot go on without a catalogue
// product: one it sells by productCode. 1Voucher and electricity take
// none (Flash §2.3, §2.8.2): they sell without one, within its limits when
// the catalogue has one.
func (f *Flow) NeedsProduct() bool {
	switch f.spec.kind {
	case sale.KindGiftVoucher, sale.KindEezi, sale.KindCashOut:
		return true
	}
	return false
}

// showsCatalogue reports whether the flow shows the catalogue's age and
// offers to refresh it: when it sells a catalogue product or its limits.
func (f *Flow) showsCatalogue() bool {
	switch f.spec.kind {
	case sale.KindVoucher, sale.KindVoucherPayout, sale.KindVoucherRefund, sale.KindElectricity:
		return true
	}
	return f.NeedsProduct()
}

// unmapped lists the catalogue's products the till does not sell because
// their Flash productType is not mapped: "3002 Takealot (unknown type 9)".
func (f *Flow) unmapped() []string {
	var out []string
	for _, p := range f.Cat.Products {
		if u := p.Details[sale.FlashDetailUnmapped]; u != "" {
			if n, ok := strings.CutPrefix(u, "unknown type "); ok { // providers/flash: "unknown type N"
				u = f.env.T("fla.unknown_type", n)
			}
			out = append(out, p.Code+" "+p.Name+" ("+u+")")
		}
	}
	return out
}

// fbeEligible reports whether the looked-up meter gets free basic
// electricity.
func (f *Flow) fbeEligible() bool { return f.limits.Details[sale.FlashParamFBE] == "true" }

// UpdateKeys enables exactly the keys that work in the current state.
func (f *Flow) UpdateKeys() {
	k := &f.keys
	kit.Enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Refresh, &k.Switch, &k.Toggle, &k.Print, &k.NewSale, &k.Unresolved, &k.Scroll, &k.ScrollDown, &k.Cancel, &k.TryAgain, &k.Override)
	k.Back.SetHelp("esc", "back")
	k.Enter.SetHelp("enter", "next")
	switch f.step {
	case StepProduct:
		has := len(f.products) > 0
		kit.EnablePick(has, &k.Up, &k.Down, &k.Pick, &k.Enter)
		k.Refresh.SetEnabled(!f.Loading)
		k.Refresh.SetHelp("r", "refresh catalogue")
		k.Back.SetEnabled(true)
	case StepInput:
		k.Enter.SetEnabled(true)
		k.Back.SetEnabled(true)
		k.Refresh.SetEnabled(!f.Loading && f.showsCatalogue() && f.field == 0)
		k.Refresh.SetHelp("ctrl+r", "refresh catalogue")
		if f.spec.kind == sale.KindVoucherRedeem && f.inputs[f.field].kind == fieldAmount {
			k.Toggle.SetEnabled(true)
			k.Toggle.SetHelp("f", map[bool]string{true: "part only", false: "whole voucher"}[f.full])
		}
		if f.inputs[f.field].kind == fieldMeter || f.inputs[f.field].kind == fieldCashOut {
			k.Enter.SetHelp("enter", "look up")
		}
	case StepLookup:
		k.Back.SetEnabled(true)
	case StepCard:
		k.Back.SetEnabled(true)
		k.Enter.SetEnabled(f.cardErr == nil && !f.spec.noSale)
		if f.spec.noSale {
			k.NewSale.SetEnabled(true)
			k.NewSale.SetHelp("n", "another PIN")
			k.Cancel.SetEnabled(f.cardErr == nil && f.cancellable && f.original.Ref != "")
		}
		if f.cardErr == nil && f.fbeEligible() {
			k.Toggle.SetEnabled(true)
			k.Toggle.SetHelp("f", map[bool]string{true: "no free basic", false: "add free basic"}[f.fbe])
		}
	case StepConfirm:
		kit.EnterBack(&k.Enter, &k.Back, "confirm")
		k.Switch.SetEnabled(true)
	case StepResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		r := f.Result()
		k.Print.SetEnabled(f.ShowsReceipt() && f.env.D.Print != nil && !f.Printing)
		k.Scroll.SetEnabled(f.ShowsReceipt() && f.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewSale.SetEnabled(r != flow.ResRefused)
		k.TryAgain.SetEnabled((r == flow.ResNotSent && f.Order.Tender.Ref == "") || r == flow.ResRefused)
		k.Unresolved.SetEnabled(r == flow.ResBlocked || r == flow.ResInDoubt || r == flow.ResPending || r == flow.ResSupervisor)
		k.Override.SetEnabled(f.overridable())
	}
}
