package flow

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// QRIS as a tender reuses the Flowix QRIS component (QRISPay, qris.go): a
// deposit of Kind tender-qris for the sale's amount, journaled with the
// sale it pays for in Params[sale.ParamFor] (sale.TenderOrder), drawn as a
// QR code and polled until it is paid, expires or is cancelled. The
// component journals the deposit itself (Engine.Sell), so the step first
// asks Engine.CanPay whether the sale would be accepted, as Engine.Pay does.

// TenderQRISReadyMsg answers whether the sale a QRIS code is for would be
// accepted (nil) or not.
type TenderQRISReadyMsg struct {
	ID  int64
	Err error
}

// startQRIS checks the sale can be paid for, then starts the QRIS payment.
func (t *Tender) startQRIS() tea.Cmd {
	o, err := sale.TenderOrder(t.order, t.payment)
	if err != nil {
		t.step, t.notice = StepChoose, t.env.T("tnd.qris.not", sale.ErrorMessage(err))
		return nil
	}
	t.qris = NewQRISPay(t.env, QRISRequest{Amount: o.Amount, Kind: o.Kind, ProductName: o.ProductName, Params: o.Params})
	t.step, t.paying = StepQRIS, true
	t.SetSize(t.width, t.height)
	e, id, vend, ov := t.env.D.Engine, t.id, t.order, t.override
	return func() tea.Msg { return TenderQRISReadyMsg{ID: id, Err: e.CanPayWith(vend, ov)} }
}

// updateQRIS runs the QRIS step: the component gets every message, and its
// end decides the tender's.
func (t *Tender) updateQRIS(msg tea.Msg) (TenderAction, tea.Cmd) {
	switch msg := msg.(type) {
	case TenderQRISReadyMsg:
		if msg.ID != t.id || !t.paying {
			return TenderNone, nil
		}
		t.paying = false
		if msg.Err != nil {
			t.step, t.qris = StepChoose, nil
			t.notice = t.env.T("tnd.qris.not", sale.ErrorMessage(msg.Err))
			return TenderNone, nil
		}
		return TenderNone, t.qris.Start()
	case QRISDoneMsg:
		if msg.ID != t.qris.ID() {
			return TenderNone, nil
		}
		return t.qrisDone(msg)
	case tea.KeyPressMsg:
		if key.Matches(msg, t.keys.Back) && !t.qris.Dialog() && !t.Busy() && !t.qris.Waiting() {
			t.step = StepChoose
			return TenderNone, nil
		}
	}
	if t.paying {
		return TenderNone, nil // the check comes first
	}
	return TenderNone, t.qris.Update(msg)
}

// qrisDone ends the QRIS step: paid, or back to the choice saying why.
func (t *Tender) qrisDone(msg QRISDoneMsg) (TenderAction, tea.Cmd) {
	t.paid = msg.Sale
	switch msg.Outcome {
	case QRISPaid:
		t.order.Tender = sale.Tender{Kind: sale.TenderQRIS, Ref: msg.Sale.Ref}
		return TenderPaid, nil
	case QRISUnresolved:
		t.notice = t.env.T("tnd.qris.lost", string(msg.Sale.Ref))
	case QRISExpired:
		t.notice = t.env.T("tnd.qris.expired")
	case QRISCancelled:
		t.notice = t.env.T("tnd.qris.cancelled")
	default:
		why := sale.ErrorMessage(msg.Err)
		if why == "" {
			why = t.env.Said(msg.Sale.Outcome.Message)
		}
		t.notice = t.env.T("tnd.qris.not", why)
	}
	t.step, t.qris = StepChoose, nil
	return TenderNone, nil
}
