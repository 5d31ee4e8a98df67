package screens

import (
	"time"

	flowixui "till/screens/flowix"

	"till/sale"
	"till/screens/airtime"
	"till/screens/backoffice"
	"till/screens/water"
)

// opening is what a screen is opened with: the App's clock, the
// NavigateMsg that asked for it and the unresolved sales the App knows.
type opening struct {
	now        time.Time
	msg        NavigateMsg
	unresolved []sale.Sale
}

// screenDef is one entry of the registry: how to open the screen (nil:
// the App does not stack it). Its id and name are kit's (kit/ids.go).
type screenDef struct {
	open func(e *env, o opening) Screen
}

// flashFlowDef is the registry entry of a Flash spec flow (flash/specs.go).
var flashFlowDef = screenDef{openFlash}

// screenDefs is the registry: every ScreenID's opener.
var screenDefs = [screenCount]screenDef{
	ScreenHome:    {func(e *env, _ opening) Screen { return newHome(e) }},
	ScreenAirtime: {func(e *env, o opening) Screen { return airtime.New(e, o.now) }},
	ScreenUnresolved: {func(e *env, o opening) Screen {
		return newUnresolved(e, o.now, o.unresolved)
	}},
	ScreenJournal:   {func(e *env, o opening) Screen { return backoffice.NewJournal(e, o.now) }},
	ScreenSale:      {func(e *env, o opening) Screen { return backoffice.NewDetail(e, o.msg.Ref) }},
	ScreenWater:     {func(e *env, o opening) Screen { return water.New(e, o.now) }},
	ScreenSupervise: {func(e *env, o opening) Screen { return backoffice.NewSupervise(e, o.msg.Ref) }},

	ScreenElectricity:     flashFlowDef,
	ScreenVoucherMenu:     flashFlowDef,
	ScreenVoucherBuy:      flashFlowDef,
	ScreenVoucherRedeem:   flashFlowDef,
	ScreenVoucherRefund:   flashFlowDef,
	ScreenVoucherDisburse: flashFlowDef,
	ScreenGiftVoucher:     flashFlowDef,
	ScreenEezi:            flashFlowDef,
	ScreenCashOutMenu:     flashFlowDef,
	ScreenCashOutBuy:      flashFlowDef,
	ScreenCashOutLookup:   flashFlowDef,
	ScreenCashOutCancel:   flashFlowDef,

	ScreenPulsa:   {func(e *env, o opening) Screen { return flowixui.NewPulsa(e, o.now) }},
	ScreenBill:    {func(e *env, o opening) Screen { return flowixui.NewBill(e, o.now) }},
	ScreenDeposit: {func(e *env, o opening) Screen { return flowixui.NewDeposit(e, o.now) }},
	ScreenPayout:  {func(e *env, o opening) Screen { return flowixui.NewPayout(e, o.now) }},

	ScreenEndOfDay: {func(e *env, o opening) Screen { return backoffice.NewEndOfDay(e, o.now) }},
	ScreenDoctor:   {func(e *env, _ opening) Screen { return backoffice.NewDoctor(e) }},
	ScreenPayments: {func(e *env, o opening) Screen { return backoffice.NewPayments(e, o.now) }},
	ScreenSignOut:  {nil},
}

// open builds the screen msg asks for; home when the id opens nothing.
func (o opening) open(e *env) Screen {
	if id := o.msg.To; id >= 0 && id < screenCount && screenDefs[id].open != nil {
		if s := screenDefs[id].open(e, o); s != nil {
			return s
		}
	}
	return newHome(e)
}
