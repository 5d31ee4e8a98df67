package flash

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

func (f *Flow) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch f.step {
	case StepProduct:
		return f.keyProduct(k)
	case StepInput:
		return f.keyInput(k)
	case StepLookup:
		if key.Matches(k, f.keys.Back) {
			f.lookSeq++ // the answer, when it comes, is for nobody
			f.step = StepInput
		}
	case StepCard:
		return f.keyCard(k)
	case StepConfirm:
		switch f.confirm.Update(k) {
		case ui.ConfirmYes:
			if f.spec.tender {
				return f.openTender()
			}
			return f.StartSale()
		case ui.ConfirmNo:
			f.step, f.field = StepInput, len(f.inputs)-1
			if f.spec.fields[f.field].then != lookupNone {
				f.step = StepCard
			}
		}
	case StepResult:
		return f.keyResult(k)
	}
	// fsProcessing: every key is ignored until the provider answers.
	return nil
}

func (f *Flow) keyProduct(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, f.keys.Back):
		return kit.BackCmd
	case key.Matches(k, f.keys.Refresh):
		return f.refreshFlash()
	}
	keys := flow.PickList{Up: f.keys.Up, Down: f.keys.Down, Pick: f.keys.Pick, Enter: f.keys.Enter}
	if i, _ := keys.Key(k, &f.cursor, len(f.products)); i >= 0 {
		f.choose(f.products[i])
	}
	return nil
}

// refreshFlash asks Flash for a fresh catalogue.
func (f *Flow) refreshFlash() tea.Cmd { return f.Refresh(f.env, kit.FlashProvider) }

// choose takes p as the product and moves on to the first field.
func (f *Flow) choose(p sale.Product) {
	if p.Code != f.product.Code {
		f.resetInputs()
	}
	f.product = p
	f.applyCheck()
	f.step, f.field = StepInput, 0
}

func (f *Flow) keyInput(k tea.KeyPressMsg) tea.Cmd {
	in := &f.inputs[f.field]
	switch {
	case key.Matches(k, f.keys.Back):
		return f.back()
	case key.Matches(k, f.keys.Enter):
		return f.submitField()
	case k.String() == "ctrl+r" && f.keys.Refresh.Enabled():
		return f.refreshFlash()
	case key.Matches(k, f.keys.Toggle) && f.keys.Toggle.Enabled():
		f.full = !f.full
	default:
		in.Update(k)
	}
	return nil
}

// back goes to the step before the current field, or leaves the flow.
func (f *Flow) back() tea.Cmd {
	switch {
	case f.field > 0 && f.spec.fields[f.field-1].then != lookupNone:
		f.field--
		f.step = StepCard
	case f.field > 0:
		f.field--
	case f.spec.pick:
		f.step = StepProduct
	default:
		return kit.BackCmd
	}
	return nil
}

// submitField validates the current field for Enter and goes on: to its
// lookup, the next field, or the confirmation.
func (f *Flow) submitField() tea.Cmd {
	if f.NeedsProduct() && f.product.Code == "" {
		f.notice = sale.Errorf(sale.CodeUnavailable, "%s", f.env.T("fla.no_product", f.what()))
		return nil
	}
	in := &f.inputs[f.field]
	if in.kind == fieldAmount {
		v, err := in.Amount()
		if err != nil {
			return nil
		}
		f.money, f.values[f.field] = v, v.Plain()
	} else {
		v, err := in.Submit()
		if err != nil {
			return nil
		}
		f.values[f.field] = v
	}
	if then := f.spec.fields[f.field].then; then != lookupNone {
		return f.startLookup(then)
	}
	return f.next()
}

// next moves to the field after the current one, or to the confirmation.
func (f *Flow) next() tea.Cmd {
	if f.field+1 < len(f.inputs) {
		f.field++
		f.step = StepInput
		return nil
	}
	f.OpenConfirm()
	return nil
}

// startLookup asks Flash (and, for a cancel, the journal) about what was
// typed. Nothing is journaled: a lookup moves no money.
func (f *Flow) startLookup(kind lookupKind) tea.Cmd {
	api, ok := f.env.Flash()
	if !ok {
		f.notice = sale.Errorf(sale.CodeUnavailable, "%s", f.env.T("fla.not_configured"))
		return nil
	}
	f.lookSeq++
	f.card, f.cardNote, f.cardErr, f.cancellable = nil, cardNote{}, nil, false
	f.limits, f.original, f.cancelOrder, f.fbe = sale.Product{}, sale.Sale{}, sale.Order{}, false
	f.applyCheck()
	f.step = StepLookup
	e, v := f.env, f.values[f.field]
	switch kind {
	case lookupMeter:
		amount := f.product.Min
		if amount.Minor <= 0 {
			amount = sale.New(1000, sale.ZAR) // the lookup needs an amount: R 10, the least most utilities sell
		}
		return meterLookupCmd(e.Ctx, api, f.spec.id, f.lookSeq, v, amount)
	case lookupCashOut:
		if ref, _ := splitCancelKey(v); ref != "" {
			f.step, f.inputs[f.field].err = StepInput, sale.Errorf(sale.CodeInvalid, "%s", e.T("fla.err.not_ref"))
			return nil
		}
		return cashOutLookupCmd(e.Ctx, api, f.spec.id, f.lookSeq, v, f.product.Code, e.D.Cashier)
	default:
		return cancelLookupCmd(e.Ctx, e, api, f.spec.id, f.lookSeq, v, e.D.Cashier)
	}
}

func (f *Flow) onLookup(msg flashLookupMsg) {
	if msg.screen != f.spec.id || msg.seq != f.lookSeq || f.step != StepLookup {
		return
	}
	f.step = StepCard
	f.card, f.cardNote, f.cardErr, f.cancellable = msg.card, msg.note, msg.err, msg.cancellable
	f.limits, f.original, f.cancelOrder = msg.limits, msg.original, msg.order
	f.fbe = f.fbeEligible()
	f.applyCheck()
}

func (f *Flow) keyCard(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, f.keys.Back):
		f.step = StepInput
	case key.Matches(k, f.keys.Toggle) && f.keys.Toggle.Enabled():
		f.fbe = !f.fbe
	case key.Matches(k, f.keys.Cancel) && f.keys.Cancel.Enabled():
		return kit.NavigateCmd(kit.ScreenCashOutCancel, f.original.Ref)
	case key.Matches(k, f.keys.NewSale) && f.keys.NewSale.Enabled():
		f.resetInputs()
		f.step = StepInput
	case key.Matches(k, f.keys.Enter) && f.keys.Enter.Enabled():
		return f.next()
	}
	return nil
}

// OpenConfirm fixes the order and shows it for confirmation.
func (f *Flow) OpenConfirm() {
	e := f.env
	o, title, rows, note := f.spec.order(f)
	f.Order = o
	f.Tender, f.Payment = nil, sale.Sale{}
	c := ui.NewConfirm(e.St, e.D.Now, title, f.rows(rows))
	c.Yes, c.No, c.Grace = e.T(f.spec.yes, e.Money(o.Amount)), e.Tr("Back"), e.D.ConfirmGrace
	if f.spec.tender {
		c.Yes = e.Tr("Take payment")
	}
	c.Note = note
	c.SetSize(f.width, f.height-2)
	f.confirm = c
	f.step = StepConfirm
}

// openTender moves from the confirmation to the tender step.
func (f *Flow) openTender() tea.Cmd {
	f.step = StepTender
	return f.Run.OpenTender(f.env, f.now, f.width, f.height)
}

// StartSale moves to processing before the sale command exists, so no
// second key can reach the confirmation: the order is sold at most once.
func (f *Flow) StartSale() tea.Cmd {
	cmd := f.Begin(f.env)
	if cmd != nil {
		f.step, f.noteErr = StepProcessing, nil
	}
	return cmd
}

// OnSold takes the sale\'s answer (flow.Steps).
func (f *Flow) OnSold(msg kit.SoldMsg) tea.Cmd {
	if !f.Selling || msg.Order.Kind != f.Order.Kind || msg.Order.Amount != f.Order.Amount || msg.Order.Target != f.Order.Target {
		return nil
	}
	f.Landed(msg)
	f.Progress.SetNow(f.env.D.Now())
	f.Progress.Stop()
	f.step = StepResult
	return tea.Batch(f.ReceiptCmd(f.env.D), f.NoteCancel(), f.refusedCmd())
}

// NoteCancel journals "cancelled by" on the sale a delivered cancel
// cancelled.
func (f *Flow) NoteCancel() tea.Cmd {
	api, ok := f.env.Flash()
	if !ok || f.Sold.Order.Kind != sale.KindCashOutCancel || f.Sold.State != sale.StateDelivered {
		return nil
	}
	return annotateCancelCmd(api, f.Sold.Ref, f.env.D.Cashier)
}

// OnSaleUpdate learns the reference while the sale is being sent, and
// follows the sale's settling while its result is shown.
func (f *Flow) OnSaleUpdate(s sale.Sale) tea.Cmd {
	switch {
	case f.step == StepProcessing && f.Ref == "":
		if f.Journaling(s, false) {
			f.Ref = s.Ref
		}
	case f.step == StepResult && f.Newer(s):
		was := f.Sold.State
		f.Sold = s
		cmd := f.ReceiptCmd(f.env.D)
		if was != sale.StateDelivered {
			cmd = tea.Batch(cmd, f.NoteCancel())
		}
		return cmd
	}
	return nil
}

func (f *Flow) keyResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, f.keys.NewSale):
		f.reset()
	case key.Matches(k, f.keys.Override):
		return f.askOverride() // override.go
	case key.Matches(k, f.keys.TryAgain):
		f.OpenConfirm() // a refused sale is confirmed afresh, even when paid
	default:
		cmd, _ := f.ResultKey(f, k, f.keys.SaleKeys, f.keys.Back, f.env.D) // flow/run.go
		return cmd
	}
	return nil
}

// reset starts a new sale with the catalogue already loaded.
func (f *Flow) reset() {
	f.step = StepInput
	if f.spec.pick {
		f.step, f.product = StepProduct, sale.Product{}
	}
	f.resetInputs()
	f.card, f.cardNote, f.cardErr, f.limits = nil, cardNote{}, nil, sale.Product{}
	f.original, f.cancelOrder, f.Order = sale.Sale{}, sale.Order{}, sale.Order{}
	f.ClearSale()
	f.noteErr = nil
	f.Tender, f.Payment, f.Override = nil, sale.Sale{}, nil
	f.Pager.SetContent("")
	if !f.spec.pick && len(f.products) > 0 {
		f.product = f.products[0]
		f.applyCheck()
	}
}
