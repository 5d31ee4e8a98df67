package screens

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	flowixui "till/screens/flowix"

	tea "charm.land/bubbletea/v2"

	"till/i18n"
	"till/receipts"
	"till/sale"
	"till/screens/flow"
)

// fxID is a Flowix till set to Bahasa Indonesia at 80×24.
func fxID(t *testing.T, opts ...func(*Deps)) *fxFixture {
	return newFxFixture(t, 80, 24, append([]func(*Deps){indonesian}, opts...)...)
}

// fxPrinter gives the till a printer that takes every slip.
func fxPrinter(d *Deps) { d.Print = func([]receipts.Line) error { return nil } }

// fxNoPaper gives the till a printer that prints nothing.
func fxNoPaper(d *Deps) {
	d.Print = func([]receipts.Line) error { return errors.New("print file /nope: its directory does not exist") }
}

// billTo walks the bill flow of an Indonesian till to the bill check of
// customer no at service svc, and delivers Flowix's answer.
func (f *fxFixture) billTo(svc, no string) {
	f.t.Helper()
	f.open(ScreenBill)
	f.typeText(svc)
	f.press("enter")
	f.typeText(no)
	f.press("enter")
	bl, err := f.api.BillCheck(f.ctx(), svc, no)
	f.send(flowixui.BillMsg{Service: svc, Customer: no, Bill: bl, Err: err})
}

// refusal is what the till's wiring hands a screen when Flowix refuses a
// check with its own words (wire's flowixError; wire's
// TestFlowixRefusalsSpeakIndonesian pins it against the sandbox).
func refusal(what, theirs string) error {
	return &sale.Error{Code: sale.CodeNotFound, Message: what + " was refused. Flowix: " + theirs, Key: "fx_refused", Args: []any{theirs}}
}

// payoutTo walks the payout flow to the account check of account no at
// the first bank (BCA), and delivers Flowix's answer.
func (f *fxFixture) payoutTo(no string) {
	f.t.Helper()
	f.open(ScreenPayout)
	f.press("1")
	f.typeText(no)
	f.press("enter")
	pe, err := f.api.AccountInquiry(f.ctx(), "BCA", no)
	f.send(flowixui.PayeeMsg{Bank: "BCA", Account: no, Payee: pe, Err: err})
}

// payoutSend confirms the holder of account no, sends amount and delivers
// Flowix's first answer.
func (f *fxFixture) payoutSend(no, amount string) sale.Sale {
	f.t.Helper()
	f.payoutTo(no)
	f.confirm()
	f.typeText(amount)
	f.press("enter")
	f.confirm()
	return f.sold(&active[*flowixui.Payout](f).Sale)
}

// deliverPrints runs cmd (a key's or a message's answer) and delivers
// the answers of the prints it started, and the status lines they set.
func (f *fxFixture) deliverPrints(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			f.deliverPrints(c)
		}
	case PrintedMsg, ReprintedMsg, StatusMsg, ErrorMsg:
		f.deliverPrints(f.send(msg))
	}
}

// flowixIDViews are the Flowix and QRIS screens of an Indonesian till at
// 80×24 that TestLanguageGolden does not pin already: every input step,
// the checks, the sale in flight and each result of a bill, a payout, a
// QRIS deposit, a PLN token's meter and QRIS as a sale's tender.
func flowixIDViews(t *testing.T) map[string]func() *fxFixture {
	return map[string]func() *fxFixture{
		"fx_bill_services_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenBill)
			return f
		},
		"fx_bill_customer_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenBill)
			f.typeText("BPJSKS")
			f.press("enter")
			f.typeText("000123456")
			return f
		},
		"fx_bill_short_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenBill)
			f.typeText("BPJSKS")
			f.press("enter")
			f.typeText("123")
			f.press("enter")
			return f
		},
		"fx_bill_checking_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenBill)
			f.typeText("PLNPASCA")
			f.press("enter")
			f.typeText("512345678901")
			f.press("enter")
			f.tick(2 * time.Second)
			return f
		},
		"fx_bill_refused_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenBill)
			f.typeText("PLNPASCA")
			f.press("enter")
			f.typeText("5123456700")
			f.press("enter")
			f.send(flowixui.BillMsg{Service: "PLNPASCA", Customer: "5123456700", Err: refusal("the bill check", "Nomor pelanggan tidak ditemukan.")})
			return f
		},
		"fx_bill_paying_id": func() *fxFixture {
			f := fxID(t)
			f.billTo("PLNPASCA", "512345678901")
			f.confirm()
			return f
		},
		"fx_bill_paid_id": func() *fxFixture {
			f := fxID(t, fxPrinter)
			f.billTo("PLNPASCA", "512345678901")
			f.confirm()
			s := f.sold(&active[*flowixui.Bill](f).Sale)
			f.clock.Advance(4 * time.Second)
			f.settle(s.Ref)
			return f
		},
		"fx_bill_printed_id":      billPrinted(t, 1, fxPrinter),
		"fx_bill_copy_id":         billPrinted(t, 2, fxPrinter),
		"fx_bill_print_failed_id": billPrinted(t, 1, fxNoPaper),
		"fx_bill_declined_id": func() *fxFixture {
			f := fxID(t)
			f.billTo("PDAMJKT", "1001234594") // ends 94: Flowix declines
			f.confirm()
			f.sold(&active[*flowixui.Bill](f).Sale)
			return f
		},
		"fx_payout_banks_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPayout)
			return f
		},
		"fx_payout_account_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPayout)
			f.press("5")
			f.typeText("0812345678")
			return f
		},
		"fx_payout_checking_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPayout)
			f.press("1")
			f.typeText("1234567890")
			f.press("enter")
			return f
		},
		"fx_payout_not_found_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPayout)
			f.press("1")
			f.typeText("1234567800")
			f.press("enter")
			f.send(flowixui.PayeeMsg{Bank: "BCA", Account: "1234567800", Err: refusal("the account check", "Rekening tidak ditemukan.")})
			return f
		},
		"fx_payout_holder_id": func() *fxFixture {
			f := fxID(t)
			f.payoutTo("1234567890")
			return f
		},
		"fx_payout_amount_id": func() *fxFixture {
			f := fxID(t)
			f.payoutTo("1234567890")
			f.confirm()
			f.typeText("250000")
			return f
		},
		"fx_payout_too_little_id": func() *fxFixture {
			f := fxID(t)
			f.payoutTo("1234567890")
			f.confirm()
			f.typeText("5000")
			f.press("enter")
			return f
		},
		"fx_payout_confirm_id": func() *fxFixture {
			f := fxID(t)
			f.payoutTo("1234567890")
			f.confirm()
			f.typeText("250000")
			f.press("enter")
			return f
		},
		"fx_payout_sending_id": func() *fxFixture {
			f := fxID(t)
			f.payoutTo("1234567890")
			f.confirm()
			f.typeText("250000")
			f.press("enter")
			f.confirm()
			return f
		},
		"fx_payout_pending_id": func() *fxFixture {
			f := fxID(t)
			f.payoutSend("1234567890", "250000")
			return f
		},
		"fx_payout_sent_id": func() *fxFixture {
			f := fxID(t)
			s := f.payoutSend("1234567890", "250000")
			f.clock.Advance(4 * time.Second)
			f.settle(s.Ref)
			return f
		},
		"fx_payout_declined_id": func() *fxFixture {
			f := fxID(t)
			f.payoutSend("1234567894", "250000") // ends 94: Flowix declines
			return f
		},
		"fx_deposit_methods_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenDeposit)
			return f
		},
		"fx_deposit_amount_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenDeposit)
			f.press("1")
			f.typeText("1500000")
			return f
		},
		"fx_deposit_fee_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenDeposit)
			f.press("1")
			f.typeText("1500000")
			f.press("enter")
			return f
		},
		"fx_deposit_confirm_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenDeposit)
			f.press("1")
			f.typeText("1500000")
			f.press("enter", "2")
			return f
		},
		"fx_qris_printed_id": func() *fxFixture {
			f := fxID(t, fxPrinter)
			f.startDeposit("1500000", "1")
			f.send(printedMsgOf(f.press("p")))
			return f
		},
		"fx_qris_cancel_id": func() *fxFixture {
			f := fxID(t)
			f.startDeposit("1500000", "1")
			f.press("x")
			return f
		},
		"fx_qris_cancelling_id": func() *fxFixture {
			f := fxID(t)
			f.startDeposit("1500000", "1")
			f.press("x")
			f.tick(time.Second)
			f.press("enter")
			return f
		},
		"fx_qris_checked_id": func() *fxFixture {
			f := fxID(t)
			d := f.startDeposit("1500000", "1")
			f.tick(3 * time.Second)
			ns, err := f.engine.SettleNow(f.ctx(), d.Pay().Sale().Ref) // as c (check now) does
			f.send(flow.QRISSettledMsg{ID: d.Pay().ID(), Sale: ns, Err: err})
			f.tick(5 * time.Second)
			return f
		},
		"fx_qris_va_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenDeposit)
			f.press("3") // BCA virtual account
			f.typeText("100000")
			f.press("enter", "2")
			f.confirm()
			d := active[*flowixui.Deposit](f)
			s, err := f.engine.Sell(f.ctx(), d.Pay().Started())
			f.send(flow.QRISSoldMsg{ID: d.Pay().ID(), Sale: s, Err: err})
			return f
		},
		"fx_deposit_cancelled_id": func() *fxFixture {
			f := fxID(t)
			d := f.startDeposit("1500000", "1")
			f.press("x")
			f.tick(time.Second)
			f.send(f.press("enter")())
			ns, _ := f.engine.SettleNow(f.ctx(), d.Pay().Sale().Ref)
			f.send(f.send(flow.QRISSettledMsg{ID: d.Pay().ID(), Sale: ns})())
			return f
		},
		"fx_deposit_printed_id": func() *fxFixture {
			f := fxID(t, fxPrinter)
			d := f.startDeposit("1500000", "1")
			if err := f.sb.Flowix().PayDeposit(d.Pay().Sale().PendingID); err != nil {
				t.Fatal(err)
			}
			ns, err := f.engine.SettleNow(f.ctx(), d.Pay().Sale().Ref)
			if err != nil {
				t.Fatal(err)
			}
			done := f.send(flow.QRISSettledMsg{ID: d.Pay().ID(), Sale: ns})
			f.deliverPrints(f.send(done())) // the receipt prints itself once paid
			return f
		},
		"fx_deposit_paid_80x24_id": func() *fxFixture {
			f := fxID(t)
			d := f.startDeposit("1500000", "1")
			f.payDeposit(d)
			return f
		},
		"fx_pulsa_meter_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPulsa)
			f.typeText("PLN50")
			f.press("enter")
			f.typeText("1234 5678 901")
			return f
		},
		"fx_pulsa_meter_confirm_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPulsa)
			f.typeText("PLN50")
			f.press("enter")
			f.typeText("12345678901")
			f.press("enter")
			return f
		},
		"fx_pln_token_id": func() *fxFixture {
			f := fxID(t)
			s := f.sellPulsa("PLN20", "12345678901")
			f.clock.Advance(4 * time.Second)
			f.settle(s.Ref)
			return f
		},
		"fx_pulsa_meter_bad_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPulsa)
			f.typeText("PLN50")
			f.press("enter")
			f.typeText("12345")
			f.press("enter")
			return f
		},
		"fx_pulsa_game_bad_id": func() *fxFixture {
			f := fxID(t)
			f.open(ScreenPulsa)
			f.typeText("ML86")
			f.press("enter")
			f.press("enter")
			return f
		},
		"fx_tender_qris_id": func() *fxFixture {
			f := fxID(t)
			f.startTenderQRIS()
			return f
		},
		"fx_tender_qris_printed_id": func() *fxFixture {
			f := fxID(t, fxPrinter)
			f.startTenderQRIS()
			f.send(printedMsgOf(f.press("p")))
			return f
		},
	}
}

// billPrinted is a paid bill of an Indonesian till with printer, its
// receipt printed n times (the first the original, then copies).
func billPrinted(t *testing.T, n int, printer func(*Deps)) func() *fxFixture {
	return func() *fxFixture {
		f := fxID(t, printer)
		f.billTo("PLNPASCA", "512345678901")
		f.confirm()
		s := f.sold(&active[*flowixui.Bill](f).Sale)
		f.clock.Advance(4 * time.Second)
		f.settle(s.Ref)
		for range n {
			f.deliverPrints(f.press("p"))
		}
		return f
	}
}

// TestFlowixIndonesianGolden pins the Flowix and QRIS screens of a till
// set to Bahasa Indonesia at 80×24. Regenerate with:
// go test ./screens -run TestFlowixIndonesianGolden -update
func TestFlowixIndonesianGolden(t *testing.T) {
	for name, build := range flowixIDViews(t) {
		t.Run(name, func(t *testing.T) { requireSized(t, build(), 80, 24) })
	}
}

// ungrouped is a rupiah amount of four digits or more with no grouping.
var ungrouped = regexp.MustCompile(`Rp \d{4}`)

// TestFlowixSpeaksIndonesian: no Flowix or QRIS screen of an Indonesian
// till shows an English text of the catalogue's Flowix keys (fxr.*, the
// QRIS tender's tnd.*), nor an English word the flows used to write, and
// each shows the Indonesian that stands for it. Amounts are grouped the
// Indonesian way.
func TestFlowixSpeaksIndonesian(t *testing.T) {
	en := append(englishOf("fxr.", 8), englishOf("tnd.", 8)...)
	for _, k := range []string{"outcome.no_resell", "tui.res.delivered", "tui.res.declined", "tui.res.processing", "tui.res.paid"} {
		en = append(en, i18n.EN.T(k))
	}
	en = append(en, "Customer", "Reference", "Account or", "Account name", "Amount", "Inquiry", "Paying ", "Sending ",
		" to ", " for ", "fee ", "Bills", "Cancel", "Keep waiting", "Who pays", "pays ", "balance gets",
		"e-wallet", " or ", "Press ", "press ", "checked", "printed", "being journaled", "Flowix says", "Nothing",
		"nothing", " the ", "Holder", "Done", "Name ", "VA number", "refused", "internal error")
	views := flowixIDViews(t)
	for name, build := range views {
		v := build().view()
		for _, s := range en {
			if strings.Contains(v, s) {
				t.Errorf("%s: Indonesian Flowix shows English %q:\n%s", name, s, v)
			}
		}
		for _, l := range strings.Split(v, "\n") {
			// An amount as typed is echoed in its input box (│ Rp 250000 │).
			if m := ungrouped.FindString(l); m != "" && !strings.Contains(l, "│ Rp") {
				t.Errorf("%s: %q is not grouped the Indonesian way:\n%s", name, m, v)
			}
		}
	}
	for name, want := range map[string]string{
		"fx_bill_customer_id":       "Nomor pelanggan (dari tagihan)",
		"fx_bill_short_id":          "6 sampai 20 digit",
		"fx_bill_checking_id":       "belum ada yang dibayar",
		"fx_bill_paid_id":           "BERHASIL",
		"fx_bill_declined_id":       "GAGAL",
		"fx_payout_banks_id":        "dompet digital",
		"fx_payout_account_id":      "Nomor rekening atau dompet digital",
		"fx_payout_not_found_id":    "Ditolak oleh Flowix: Rekening tidak ditemukan.",
		"fx_bill_refused_id":        "Ditolak oleh Flowix: Nomor pelanggan tidak ditemukan.",
		"fx_payout_holder_id":       "pemilik rekening",
		"fx_payout_too_little_id":   "Rp 10.000",
		"fx_payout_confirm_id":      "Kirim Rp 250.000",
		"fx_payout_pending_id":      "DIPROSES",
		"fx_payout_sent_id":         "BERHASIL",
		"fx_payout_declined_id":     "GAGAL",
		"fx_deposit_amount_id":      "Jumlah deposit",
		"fx_deposit_fee_id":         "Biaya dibayar pelanggan",
		"fx_qris_printed_id":        "Kode sudah tercetak",
		"fx_qris_cancel_id":         "Batalkan pembayaran QRIS ini?",
		"fx_qris_cancelling_id":     "Membatalkan di Flowix",
		"fx_qris_checked_id":        "Dicek ke Flowix 5 dtk lalu",
		"fx_bill_printed_id":        "Struk tercetak. Berikan kepada pelanggan.",
		"fx_bill_copy_id":           "SALINAN 1 tercetak.",
		"fx_deposit_printed_id":     "Struk deposit tercetak. Berikan kepada pelanggan.",
		"fx_qris_va_id":             "Nomor VA",
		"fx_deposit_methods_id":     "biaya 0,5%",
		"fx_tender_qris_id":         "Total dibayar  Rp 10.500",
		"fx_deposit_cancelled_id":   "DIBATALKAN",
		"fx_pulsa_meter_id":         "Nomor meter PLN",
		"fx_pulsa_meter_bad_id":     "bukan nomor meter PLN",
		"fx_pulsa_meter_confirm_id": "Meteran",
		"fx_pln_token_id":           "bacakan token",
	} {
		if v := views[name]().view(); !strings.Contains(v, want) {
			t.Errorf("%s lacks %q:\n%s", name, want, v)
		}
	}
}

// What the confirmation of a payout over the per-sale limit tells an
// Indonesian cashier before the cash is taken, and what the supervisor is
// asked, is Indonesian with the amounts grouped.
func TestCashGateInIndonesian(t *testing.T) {
	eng := sale.NewEngine(sale.Options{Journal: newMemJournal(wib), Providers: []sale.Provider{namedProvider{&scripted{}, flowixProvider}},
		Limits: sale.Limits{PerSale: map[sale.Kind]sale.Money{sale.KindPayout: sale.New(1000000, sale.IDR)}}})
	e := &env{D: Deps{Engine: eng, Language: i18n.ID}}
	o := sale.Order{Provider: flowixProvider, Kind: sale.KindPayout, Product: "BCA", ProductName: "BANK CENTRAL ASIA", Amount: sale.New(2000000, sale.IDR),
		Target: sale.Target{Kind: sale.TargetAccount, Value: "1234567890"}, Tender: sale.Tender{Kind: sale.TenderCash}}
	g := flowixui.CashGate{Tag: "payout"}
	note := g.Check(e, o)
	if !strings.HasPrefix(note, "! JANGAN terima uang tunai: Rp 2.000.000 melebihi batas") || strings.Contains(note, "Do NOT") {
		t.Errorf("note %q", note)
	}
	req, ok := g.Ask(e, o)().(OverrideRequestMsg)
	if !ok || req.Title != "Rp 2.000.000 transfer dana ke 1234567890" || req.Rows[1][1] != "Rp 2.000.000" || !strings.Contains(req.Rows[0][1], " ke ") {
		t.Errorf("asked %q %q", req.Title, req.Rows)
	}
	e.D.Language = i18n.EN
	if note := g.Check(e, o); !strings.HasPrefix(note, "! Do NOT take the cash: ") {
		t.Errorf("en note %q", note)
	}
}
