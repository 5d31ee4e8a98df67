package flow

import (
	tea "charm.land/bubbletea/v2"

	"till/receipts"
)

// Printing a payment code: the QR code on a slip (receipts.CodeLines,
// drawn by the printer's own QR command or as a raster image, [printer]
// qr), for a customer whose phone cannot read the screen, or a window too
// small to draw it. The slip is not a receipt and is not journaled: it
// carries no COPY number, and a failed print can be tried again at once.

// print prints the code, once at a time.
func (q *QRISPay) print() tea.Cmd {
	if q.printing || q.env.D.Print == nil || q.payload == "" {
		return nil
	}
	l := q.env.D.Language
	code := receipts.DepositCode{Method: q.req.Method.Name, Total: l.Money(q.total()), Reference: q.sold.PendingID, Sale: string(q.sold.Ref)}
	if q.info.MerchantName != "" {
		code.PayTo = q.info.MerchantName + ", " + q.info.MerchantCity
	}
	slip := receipts.DepositCodeSlip(l, code, q.payload)
	slip.At, slip.Expires = q.env.D.Now(), q.expires
	lines, err := receipts.CodeLines(slip, q.codeOptions())
	if err != nil {
		q.note, q.noteBad = q.env.T("fxr.code.unprintable", q.env.Err(err)), true
		return nil
	}
	q.printing = true
	q.note, q.noteBad = q.env.T("fxr.code.printing"), false
	print, id := q.env.D.Print, q.id
	return func() tea.Msg { return QRISPrintedMsg{id: id, err: print(lines)} }
}

// printed reports how printing the code went.
func (q *QRISPay) printed(err error) {
	q.printing = false
	if err != nil {
		q.note, q.noteBad = q.env.T("fxr.code.not_printed", err.Error()), true
		return
	}
	q.note, q.noteBad = q.env.T("fxr.code.printed"), false
}

// codeOptions are the slip settings of a printed code.
func (q *QRISPay) codeOptions() receipts.Options {
	d := q.env.D
	return receipts.Options{Width: d.ReceiptWidth, Header: d.Header, Location: d.Location, Cashier: d.Cashier, Language: d.Language}
}
