package screens

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"till/i18n"
	"till/providers/flash"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
	flashflow "till/screens/flash"
	"till/screens/flow"
)

// idFlashFixture is flashFixture (the sandbox's Flash over loopback HTTP, a
// bbolt journal, the engine) on a till set to Bahasa Indonesia.
func idFlashFixture(t *testing.T) *fixture {
	f, _, _ := flashFixture(t)
	f.app.env.D.Language = i18n.ID
	return f
}

// flashLookup opens a Flash screen, types what its first field asks and
// delivers the lookup's answer.
func (f *fixture) flashLookup(id ScreenID, typed string) {
	f.t.Helper()
	f.open(id)
	f.typeText(typed)
	f.flashRun(f.press("enter"))
}

// toElectricityConfirm looks meter up, types amount and opens the
// confirmation.
func (f *fixture) toElectricityConfirm(meter, amount string) {
	f.t.Helper()
	f.flashLookup(ScreenElectricity, meter)
	f.press("enter")
	f.typeText(amount)
	f.press("enter")
}

// toRedeemConfirm types a 1Voucher PIN and the amount to redeem, leaves the
// SMS empty and opens the confirmation.
func (f *fixture) toRedeemConfirm(pin, amount string) {
	f.t.Helper()
	f.open(ScreenVoucherRedeem)
	f.typeText(pin)
	f.press("enter")
	f.typeText(amount)
	f.press("enter", "enter")
}

// sellCashOut sells a cash-out PIN of amount (paid in cash) and goes home.
func (f *fixture) sellCashOut(amount string) sale.Sale {
	f.t.Helper()
	f.open(ScreenCashOutBuy)
	f.press("enter") // the only cash-out product
	f.typeText(amount)
	f.press("enter")
	s := f.flashVend()
	if s.State != sale.StateDelivered {
		f.t.Fatalf("cash-out: %s %+v", s.State, s.Outcome)
	}
	return s
}

// toCancelConfirm sells a cash-out PIN, opens its cancel by reference (as
// the lookup's c does) and goes on to the confirmation.
func (f *fixture) toCancelConfirm() {
	f.t.Helper()
	co := f.sellCashOut("500")
	f.send(HomeMsg{})
	f.flashRun(f.send(NavigateMsg{To: ScreenCashOutCancel, Ref: co.Ref}))
	f.flashRun(f.app.Active().Init())
	f.press("enter")
}

// flashIDViews are the Flash screens of an Indonesian till at 80×24, by
// name: the menus, each input step (product list, meter and PIN entry,
// the lookups, the amount, the confirmation), the sale in flight and each
// result (delivered with tokens or a PIN, declined with the cash owed
// back, in doubt, a cancel), on the sandbox's Flash.
func flashIDViews(t *testing.T) map[string]func() *fixture {
	sold := func(build func(*fixture)) func() *fixture {
		return func() *fixture {
			f := idFlashFixture(t)
			build(f)
			f.flashVend()
			return f
		}
	}
	return map[string]func() *fixture{
		"fla_voucher_menu_id": func() *fixture {
			f := idFlashFixture(t)
			f.send(NavigateMsg{To: ScreenVoucherMenu})
			return f
		},
		"fla_cashout_menu_id": func() *fixture {
			f := idFlashFixture(t)
			f.send(NavigateMsg{To: ScreenCashOutMenu})
			return f
		},
		"fla_elec_meter_id": func() *fixture {
			f := idFlashFixture(t)
			f.open(ScreenElectricity)
			f.typeText("0712345")
			return f
		},
		"fla_elec_lookup_id": func() *fixture {
			f := idFlashFixture(t)
			f.flashLookup(ScreenElectricity, sandbox.MeterFBE)
			return f
		},
		"fla_elec_arrears_id": func() *fixture {
			f := idFlashFixture(t)
			f.flashLookup(ScreenElectricity, sandbox.MeterArrears)
			return f
		},
		"fla_elec_not_found_id": func() *fixture {
			f := idFlashFixture(t)
			f.flashLookup(ScreenElectricity, sandbox.MeterUnknown)
			return f
		},
		"fla_elec_amount_id": func() *fixture {
			f := idFlashFixture(t)
			f.flashLookup(ScreenElectricity, sandbox.MeterKeyChange)
			f.press("enter")
			f.typeText("4.99") // below the utility's minimum
			f.press("enter")
			return f
		},
		"fla_elec_confirm_id": func() *fixture {
			f := idFlashFixture(t)
			f.toElectricityConfirm(sandbox.MeterFBE, "999.50")
			return f
		},
		"fla_elec_processing_id": func() *fixture {
			f := idFlashFixture(t)
			f.toElectricityConfirm(sandbox.MeterCityPower, "1250")
			f.tick(time.Second)
			f.press("enter")
			f.press("1", "enter") // cash
			if st := f.flow().Step(); st != flashflow.StepProcessing {
				t.Fatalf("step %v, want processing", st)
			}
			f.tick(3 * time.Second)
			return f
		},
		"fla_elec_delivered_id": sold(func(f *fixture) { f.toElectricityConfirm(sandbox.MeterKeyChange, "200") }),
		"fla_elec_declined_id":  sold(func(f *fixture) { f.toElectricityConfirm(sandbox.MeterCityPower, "100.94") }),
		"fla_elec_in_doubt_id":  sold(func(f *fixture) { f.toElectricityConfirm(sandbox.MeterCityPower, "100.92") }),
		"fla_redeem_pin_id": func() *fixture {
			f := idFlashFixture(t)
			f.open(ScreenVoucherRedeem)
			f.typeText("55556666777788")
			return f
		},
		"fla_redeem_amount_id": func() *fixture {
			f := idFlashFixture(t)
			f.open(ScreenVoucherRedeem)
			f.typeText(sandbox.DemoVoucherR250)
			f.press("enter")
			f.typeText("250")
			f.press("f") // the whole voucher
			return f
		},
		"fla_redeem_sms_id": func() *fixture {
			f := idFlashFixture(t)
			f.open(ScreenVoucherRedeem)
			f.typeText(sandbox.DemoVoucherR250)
			f.press("enter")
			f.typeText("50")
			f.press("enter")
			f.typeText("082 12")
			return f
		},
		"fla_redeem_confirm_id": func() *fixture {
			f := idFlashFixture(t)
			f.toRedeemConfirm(sandbox.DemoVoucherR250, "50")
			return f
		},
		"fla_redeem_delivered_id": sold(func(f *fixture) { f.toRedeemConfirm(sandbox.DemoVoucherR250, "50") }),
		"fla_redeem_declined_id":  sold(func(f *fixture) { f.toRedeemConfirm(sandbox.DemoVoucherUsed, "50") }),
		"fla_refund_confirm_id": func() *fixture {
			f := idFlashFixture(t)
			f.open(ScreenVoucherRefund)
			f.typeText("1234.50")
			f.press("enter")
			f.typeText("0821234567")
			f.press("enter")
			return f
		},
		"fla_disburse_delivered_id": sold(func(f *fixture) {
			f.open(ScreenVoucherDisburse)
			f.typeText("75")
			f.press("enter")
		}),
		"fla_gift_products_id": func() *fixture {
			f := idFlashFixture(t)
			f.open(ScreenGiftVoucher)
			return f
		},
		"fla_gift_confirm_id": func() *fixture {
			f := idFlashFixture(t)
			f.open(ScreenGiftVoucher)
			f.press("1")
			f.typeText("250")
			f.press("enter")
			return f
		},
		"fla_cashout_delivered_id": func() *fixture {
			f := idFlashFixture(t)
			f.sellCashOut("500")
			return f
		},
		"fla_cashout_lookup_id": func() *fixture {
			f := idFlashFixture(t)
			f.flashLookup(ScreenCashOutLookup, sandbox.DemoCashOutActive)
			return f
		},
		"fla_cancel_confirm_id": func() *fixture {
			f := idFlashFixture(t)
			f.toCancelConfirm()
			return f
		},
		"fla_cashout_lookup_ours_id": func() *fixture {
			f := idFlashFixture(t)
			co := f.sellCashOut("500")
			f.send(HomeMsg{})
			f.flashLookup(ScreenCashOutLookup, flash.ItemValue(co.Outcome.Items, flash.LabelSerial))
			return f
		},
		"fla_redeem_blocked_id": func() *fixture {
			f := idFlashFixture(t)
			f.toRedeemConfirm(sandbox.DemoVoucherR100, "10.92")
			f.flashVend() // in doubt
			f.send(HomeMsg{})
			f.toRedeemConfirm(sandbox.DemoVoucherR100, "10")
			f.flashVend() // refused: the same voucher has a redemption in doubt
			return f
		},
		"fla_elec_refund_due_id": func() *fixture {
			card := &payProv{name: "flutterwave", outs: []sale.Outcome{{Result: sale.ResultDelivered, ProviderRef: "8412907"}}}
			f := idFlashPayFixture(t, card)
			f.toElectricityConfirm(sandbox.MeterCityPower, "100.94") // Flash declines it after the card paid
			f.flashPayCard()
			fl := f.flow()
			if fl.Step() != flashflow.StepProcessing {
				t.Fatalf("step %v after the card paid, want processing", fl.Step())
			}
			s, err := f.engine.Vend(context.Background(), fl.Order)
			f.send(SoldMsg{Order: fl.Order, Sale: s, Err: err})
			if !sale.RefundDue(s) {
				t.Fatalf("not a refund due: %s %+v", s.State, s.Outcome)
			}
			return f
		},
		"fla_cancel_again_id": func() *fixture {
			f := idFlashFixture(t)
			f.toCancelConfirm()
			f.flashVend()
			ref := f.flow().Order.Params[FlashParamOriginal]
			f.send(HomeMsg{})
			f.flashRun(f.send(NavigateMsg{To: ScreenCashOutCancel, Ref: sale.Reference(ref)}))
			f.flashRun(f.app.Active().Init())
			return f
		},
		"fla_tender_voucher_id": func() *fixture {
			f := idFlashPayFixture(t, &payProv{name: "flutterwave"})
			f.toElectricityConfirm(sandbox.MeterCityPower, "100")
			f.tick(time.Second)
			f.press("enter") // take payment
			f.press("4", "enter")
			f.typeText("11112222333344") // the customer's 1Voucher, two digits short
			return f
		},
		"fla_cancel_delivered_id": func() *fixture {
			f := idFlashFixture(t)
			f.toCancelConfirm()
			f.flashVend()
			return f
		},
	}
}

// flashIDOverrideViews are the supervisor's override dialog over a Flash
// refusal on an Indonesian till: a 1Voucher refund, never sold without one.
func flashIDOverrideViews(t *testing.T) map[string]func() *fixture {
	return map[string]func() *fixture{
		"fla_cancel_override_id": func() *fixture {
			f, _ := flashAuthFixture(t)
			f.app.env.D.Language = i18n.ID
			f.open(ScreenCashOutBuy)
			f.keys("enter") // the only cash-out product
			f.typeText("500")
			f.keys("enter")
			f.tick(time.Second)
			f.keys("enter", "1", "enter") // paid in cash
			co := f.flow().Sold
			f.send(HomeMsg{})
			f.run(f.send(NavigateMsg{To: ScreenCashOutCancel, Ref: co.Ref}))
			f.keys("enter")
			f.confirmRefused(t, f.sales())
			return f.fixture
		},
		"fla_refund_override_id": func() *fixture {
			f, _ := flashAuthFixture(t)
			f.app.env.D.Language = i18n.ID
			f.open(ScreenVoucherRefund)
			f.typeText("25")
			f.keys("enter", "enter") // no SMS
			f.confirmRefused(t, 0)
			return f.fixture
		},
	}
}

// idFlashPayFixture is idFlashFixture whose tender step also takes a
// saved card (card, the engine's card provider) from the customer book.
func idFlashPayFixture(t *testing.T, card *payProv) *fixture {
	f := &fixture{t: t, clock: &clock{t: time.Date(2025, 11, 23, 14, 5, 9, 0, sast)}}
	_, _, db, fl := sandboxFlashWith(t, sandbox.Options{Now: f.clock.Now})
	f.engine = sale.NewEngine(sale.Options{Journal: db, Providers: []sale.Provider{fl, card}, Now: f.clock.Now,
		Jitter: func(time.Duration) time.Duration { return 0 }})
	if _, err := f.engine.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	customers := book{{ID: "C1", Name: "Amina Okafor", Email: "amina.okafor@example.com", Token: "flw-t1nf-ok-secret",
		Brand: "MASTERCARD", Last4: "2950", Expiry: "09/32", TokenCreated: f.clock.Now().AddDate(0, -3, 0)}}
	f.app = New(Deps{Engine: f.engine, StoreID: "STORE042", TerminalID: "TILL07", Demo: true, ReceiptWidth: 32,
		Header: receipts.Header{ShopName: "CORNER CAFE"}, Location: sast, Now: f.clock.Now, Cashier: "thandi",
		Flash: flashBound{fl, f.engine}, Language: i18n.ID, Pay: &PayDeps{Customers: customers, Tenders: sale.Tenders}})
	t.Cleanup(f.app.Close)
	f.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return f
}

// flashPayCard takes the confirmed Flash order's payment with the saved
// card, as the tender step's commands would, up to the sale.
func (f *fixture) flashPayCard() {
	f.t.Helper()
	f.tick(time.Second)
	f.press("enter") // take payment
	tn := f.flow().Tender
	cs, err := f.app.env.D.Pay.Customers.Customers()
	f.send(flow.CustomersMsg{ID: tn.ID(), Customers: cs, Err: err})
	f.press("3", "enter")
	f.tick(time.Second)
	f.press("enter")
	if tn.State().Step != flow.StepPaying {
		f.t.Fatalf("tender step %v, want paying", tn.State().Step)
	}
	s, err := f.engine.Pay(context.Background(), tn.Order(), tn.State().Asked)
	f.clock.Advance(time.Second)
	f.send(flow.TenderPaidMsg{ID: tn.ID(), Sale: s, Err: err})
}

// flashView is the view with the journal's random install tag in
// references replaced by a fixed one (wherever a reference wraps), checked to fill 80×24 exactly.
func flashView(t *testing.T, f *fixture) string {
	t.Helper()
	v := f.view()
	// The tag is random per journal; a reference wrapped after its till id
	// carries it at the start of the next line.
	for _, m := range regexp.MustCompile(`STORE042-TILL07-([0-9A-Za-z]{6})-`).FindAllStringSubmatch(v, -1) {
		v = strings.ReplaceAll(v, m[1]+"-", "K3M9QZ-")
	}
	lines := strings.Split(v, "\n")
	if len(lines) != 24 {
		t.Errorf("view has %d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, w, l)
		}
	}
	return v
}

// TestFlashIndonesianGolden pins every Flash screen of a till set to
// Bahasa Indonesia at 80×24.
func TestFlashIndonesianGolden(t *testing.T) {
	for _, views := range []map[string]func() *fixture{flashIDViews(t), flashIDOverrideViews(t)} {
		for name, build := range views {
			t.Run(name, func(t *testing.T) { golden.RequireEqual(t, flashView(t, build())) })
		}
	}
}

// No Flash screen of an Indonesian till shows an English text of the
// catalogue's Flash keys (or of the shared texts it draws, or of the
// Flash client's outcome messages, said.fla_*), and each shows the
// Indonesian that stands for it. Flash's own words — its quoted messages,
// customers, addresses, product names — are shown as Flash sent them.
func TestFlashSpeaksIndonesian(t *testing.T) {
	en := append(englishOf("fla.", 8), englishOf("tui.fla.", 6)...)
	en = append(en, englishOf("said.fla_", 8)...) // the Flash client's words
	for _, k := range []string{"air.fetching", "air.updated", "air.no_cache", "prod.journaling", "fxr.no_printer",
		"fxr.press_p", "fxr.follow", "outcome.no_resell", "tui.res.delivered", "tui.res.declined", "tui.res.in_doubt",
		"tui.money.prompt", "sig.ov.title"} {
		en = append(en, englishOf(k, 8)...)
	}
	en = append(en, "Reference", "Last answer", "Take payment", "Trans ID", "Key change token", "Credit token",
		"Vend limits", "Free basic", "Meter codes", "Address", "Utility", "Tariff", "Arrears", "Customer ",
		"Amount ", "Serial ", "Expiry", "Value ", "Paid ", "Tender", "Reason", "Brand", "How to redeem", "Terms ",
		" none", " to R", "the least is", "16 digits", "keep typing", "Back ", "Cash ", "refund a sale", "supervisor override",
		"next", "back", "look up", " new", "whole voucher", "DELIVERED", "DECLINED", "IN DOUBT", "NOT DONE", "Cancel ", "Nothing was", "may have gone", "Flash said")
	// The catalogue's own product names, as Flash names them.
	own := strings.NewReplacer("Cash Out PIN", "")
	views := flashIDViews(t)
	for name, build := range flashIDOverrideViews(t) {
		views[name] = build
	}
	for name, build := range views {
		v := build().view()
		left := own.Replace(besideReceipt(v))
		for _, s := range en {
			if strings.Contains(left, s) {
				t.Errorf("%s: Indonesian Flash shows English %q:\n%s", name, s, v)
			}
		}
		if strings.Contains(v, "R 1500.00") || strings.Contains(v, "R 1 500.00") || strings.Contains(v, "R 1 234.50") {
			t.Errorf("%s: an amount is not grouped the Indonesian way:\n%s", name, v)
		}
	}
	for name, want := range map[string]string{
		"fla_voucher_menu_id":        "Tukar 1Voucher",
		"fla_elec_meter_id":          "Nomor meteran pelanggan",
		"fla_elec_lookup_id":         "Meteran ditemukan",
		"fla_elec_not_found_id":      "METERAN TIDAK DITEMUKAN",
		"fla_elec_confirm_id":        "R 999,50",
		"fla_elec_processing_id":     "JANGAN JUAL ULANG",
		"fla_elec_delivered_id":      "Token ganti kunci 1",
		"fla_elec_declined_id":       "GAGAL",
		"fla_elec_in_doubt_id":       "BELUM PASTI",
		"fla_redeem_amount_id":       "SELURUH VOUCHER",
		"fla_redeem_confirm_id":      "Tukar 1Voucher ini?",
		"fla_refund_confirm_id":      "R 1.234,50",
		"fla_cashout_lookup_id":      "Tidak dijual di kasir ini",
		"fla_cancel_confirm_id":      "Batalkan PIN tarik tunai ini?",
		"fla_cancel_delivered_id":    "Kembalikan R 500,00 kepada pelanggan",
		"fla_refund_override_id":     "kembalikan transaksi",
		"fla_cashout_delivered_id":   "BERHASIL",
		"fla_elec_refund_due_id":     "UANG HARUS DIKEMBALIKAN",
		"fla_redeem_blocked_id":      "TIDAK DIPROSES",
		"fla_cashout_lookup_ours_id": "Dijual di kasir ini sebagai",
		"fla_cancel_override_id":     "Pembatalan Cash Out PIN",
		"fla_tender_voucher_id":      "14 dari 16 digit",
	} {
		if v := views[name]().view(); !strings.Contains(v, want) {
			t.Errorf("%s lacks %q:\n%s", name, want, v)
		}
	}
}

// besideReceipt is a view without the receipt a delivered sale shows on
// its right (a slip, which the receipts' own tests check): each line cut
// where a box starts past its first 40 cells.
func besideReceipt(v string) string {
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		r := []rune(l)
		for j := 40; j < len(r); j++ {
			if r[j] == '│' || r[j] == '┌' || r[j] == '└' {
				lines[i] = string(r[:j])
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}
