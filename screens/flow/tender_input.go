package flow

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The tender step's inputs: cash tendered, the M-Pesa receipt code and
// phone, the customer book for a card, the 1Voucher PIN (tender.go).

func (t *Tender) keyCash(k tea.KeyPressMsg) (TenderAction, tea.Cmd) {
	switch {
	case key.Matches(k, t.keys.Back):
		t.step = StepChoose
	case key.Matches(k, t.keys.Exact):
		t.cash.SetValue(t.order.Amount.Plain())
	case key.Matches(k, t.keys.Next):
		t.cash.SetValue(nextNote(t.order.Amount, t.cashValue()).Plain())
	case key.Matches(k, t.keys.Notes2):
		notes := cashNotes(t.order.Amount.Currency)
		if i := int(k.Code - tea.KeyF1); i >= 0 && i < len(notes) {
			t.cash.SetValue(notes[i].Plain())
		}
	case key.Matches(k, t.keys.Enter):
		t.order.Tender = sale.Tender{Kind: sale.TenderCash} // exact: no change
		if t.cash.Value() != "" {
			v, err := t.cash.Submit()
			if err != nil {
				return TenderNone, nil
			}
			t.order.Tender.Tendered = v
		}
		return TenderPaid, nil
	default:
		t.cash.Update(k)
	}
	return TenderNone, nil
}

// cashValue is the amount typed so far, or zero.
func (t *Tender) cashValue() sale.Money {
	v, err := sale.ParseMoney(strings.TrimSuffix(t.cash.Value(), "."), t.order.Amount.Currency)
	if err != nil {
		return sale.New(0, t.order.Amount.Currency)
	}
	return v
}

func (t *Tender) keyMpesa(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, t.keys.Back):
		t.step = StepChoose
	case key.Matches(k, t.keys.Switch):
		t.focusPhone(!t.onPhone)
	case key.Matches(k, t.keys.Enter):
		if !t.onPhone {
			if err := t.receiptErr(); err != nil {
				t.refused = t.env.Err(err)
				return nil
			}
			t.focusPhone(true)
			return nil
		}
		return t.submitMpesa()
	default:
		f := &t.receipt
		if t.onPhone {
			f = &t.phone
		}
		if f.Update(k) {
			t.refused = ""
		}
	}
	return nil
}

func (t *Tender) focusPhone(on bool) {
	t.onPhone, t.refused = on, ""
	if on {
		t.receipt.Blur()
		t.phone.Focus()
	} else {
		t.phone.Blur()
		t.receipt.Focus()
	}
}

// receiptErr checks the receipt code as typed.
func (t *Tender) receiptErr() error {
	if err := t.env.D.Pay.ValidReceipt(t.receipt.Value()); err != nil {
		return sale.Errorf(sale.CodeInvalid, "%s", err.Error())
	}
	return nil
}

// phoneNumber is the payer's phone as MpesaFlow sends it.
func (t *Tender) phoneNumber() (string, error) {
	if t.phone.Value() == "" {
		return "", sale.Keyed(sale.CodeInvalid, "tnd_payer_phone", nil, "type the phone number the customer paid from")
	}
	p, err := t.env.D.Pay.NormalizePhone(t.phone.Value())
	if err != nil {
		return "", sale.Errorf(sale.CodeInvalid, "%s", err.Error())
	}
	return p, nil
}

func (t *Tender) submitMpesa() tea.Cmd {
	if err := t.receiptErr(); err != nil {
		t.focusPhone(false)
		t.refused = t.env.Err(err)
		return nil
	}
	phone, err := t.phoneNumber()
	if err != nil {
		t.refused = t.env.Err(err)
		return nil
	}
	code := t.receipt.Value()
	t.payment = sale.Payment{Kind: sale.TenderMpesa, Target: sale.Target{Kind: sale.TargetAccount, Value: code},
		Params: map[string]string{sale.MpesaParamReceipt: code, sale.MpesaParamPhone: phone}}
	return t.pay()
}

func (t *Tender) submitVoucher() tea.Cmd {
	pin := t.pin.Value()
	if len(pin) != kit.VoucherPINDigits {
		t.refused = t.env.T("tnd.v.length", strconv.Itoa(len(pin)))
		return nil
	}
	t.payment = sale.Payment{Kind: sale.TenderVoucher, Secrets: map[string]string{sale.FlashSecretPIN: pin}}
	return t.pay()
}

func (t *Tender) keyCard(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, t.keys.Back) {
		t.step = StepChoose
		return nil
	}
	keys := PickList{t.keys.Up, t.keys.Down, t.keys.Pick, t.keys.Enter}
	if i, _ := keys.Key(k, &t.custAt, len(t.customers)); i >= 0 {
		t.pickCustomer(t.customers[i])
	}
	return nil
}

// pickCustomer asks to confirm the charge of c's card.
func (t *Tender) pickCustomer(c sale.Customer) {
	now := t.env.D.Now()
	if err := c.CardUsable(now); err != nil {
		t.refused = t.env.Err(err)
		return
	}
	if c.Currency != "" && c.Currency != t.order.Amount.Currency {
		t.refused = t.env.T("tnd.card.currency", c.Name, string(c.Currency), string(t.order.Amount.Currency))
		return
	}
	t.refused = ""
	t.payment = sale.Payment{Kind: sale.TenderCard, Target: sale.Target{Kind: sale.TargetAccount, Value: c.ID},
		Params:  map[string]string{sale.CardParamEmail: c.Email, sale.CardParamFullName: c.Name},
		Secrets: map[string]string{sale.CardSecretToken: c.Token}}
	e := t.env
	note := e.T("tnd.card.once")
	if w := c.CardWarning(now); w != "" {
		note = e.T("tnd.card.note", w)
	}
	t.openConfirm(e.T("tnd.card.confirm", e.Money(t.order.Amount), c.Name), [][2]string{
		{"Customer", c.Name + " (" + c.ID + ")"},
		{"Card", c.MaskedCard()},
		{"Email", c.Email},
		{"Charge", e.Money(t.order.Amount)},
		{"For", kit.OrderLineIn(e, t.order)},
	}, e.T("tnd.card.charge", e.Money(t.order.Amount)), note)
}

func (t *Tender) openConfirm(title string, rows [][2]string, yes, note string) {
	c := ui.NewConfirm(t.env.St, t.env.D.Now, title, rows)
	c.Yes, c.No, c.Grace, c.Note = yes, "Back", t.env.D.ConfirmGrace, note
	t.env.Localise(&c)
	c.SetSize(t.width, t.height)
	t.confirm, t.prev, t.step = c, t.step, StepConfirm
}
