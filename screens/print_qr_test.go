package screens

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
)

// printedMsgOf runs cmd (a key's answer) and returns the message of the
// print it started, or nil.
func printedMsgOf(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if m := printedMsgOf(c); m != nil {
				return m
			}
		}
	case flow.QRISPrintedMsg, flow.CodePrintedMsg:
		return msg
	}
	return nil
}

// TestDepositPrintsItsCode: p on the QRIS deposit's code prints a slip
// whose QR line is the provider's payload; a printer that fails is said,
// and p prints it again.
func TestDepositPrintsItsCode(t *testing.T) {
	f := newFxFixture(t, 80, 24)
	var printed [][]receipts.Line
	fail := true
	f.app.env.D.Print = func(lines []receipts.Line) error {
		if fail {
			return errors.New("print file /nope: its directory does not exist")
		}
		printed = append(printed, lines)
		return nil
	}
	d := f.startDeposit("50000", "1")
	if !d.Pay().KeyMap().Print.Enabled() || !strings.Contains(f.view(), "p print the code") {
		t.Fatalf("no print key on the code:\n%s", f.view())
	}
	msg := printedMsgOf(f.press("p"))
	if msg == nil {
		t.Fatal("p started no print")
	}
	f.send(msg)
	if v := f.view(); !strings.Contains(v, "The code was not printed") || !strings.Contains(v, "Press p to try again") {
		t.Fatalf("failure not said:\n%s", v)
	}
	fail = false
	f.send(printedMsgOf(f.press("p")))
	if len(printed) != 1 {
		t.Fatalf("%d slips", len(printed))
	}
	var qr string
	for _, l := range printed[0] {
		if l.QR != "" {
			qr = l.QR
		}
	}
	if qr != d.Pay().Payload() || !strings.Contains(kit.JoinLines(printed[0]), "SCAN TO PAY - QRIS") ||
		!strings.Contains(kit.JoinLines(printed[0]), "Pay before  2025-11-23 14:20 WIB") {
		t.Fatalf("slip QR %q, payload %q\n%s", qr, d.Pay().Payload(), kit.JoinLines(printed[0]))
	}
	if !strings.Contains(f.view(), "The code is printed") {
		t.Fatalf("not said:\n%s", f.view())
	}
}

// TestTooSmallOffersToPrint: when no glyphs fit, the screen says so and
// offers the printer.
func TestTooSmallOffersToPrint(t *testing.T) {
	f := newFxFixture(t, 70, 20)
	f.app.env.D.Print = func([]receipts.Line) error { return nil }
	f.startDeposit("50000", "1")
	v := f.view()
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "Press p to print it for the customer to scan") || strings.ContainsAny(v, "▀▄") {
		t.Fatalf("too small:\n%s", v)
	}
}

// TestReprintFailureKeepsCopyNumber: a copy the printer refused is not
// journaled; the retry is COPY 1, journaled once printed.
func TestReprintFailureKeepsCopyNumber(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spool")
	slips := filepath.Join(dir, "slips.bin")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, withDeps(func(d *Deps) { d.Print = filePrinter(slips) }))
	f.prov.script(delivered())
	f.toConfirm("4", "0821234567", "10")
	s := f.sell()
	f.run(f.press("p")) // the original
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	f.run(f.press("p")) // COPY 1, refused
	if got, _ := f.journal.Sale(s.Ref); got.Reprints != 0 {
		t.Fatalf("a copy that did not print was journaled: %d", got.Reprints)
	}
	if v := strings.Join(strings.Fields(f.view()), " "); !strings.Contains(v, "COPY 1 not printed") {
		t.Fatalf("not said:\n%s", f.view())
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	f.run(f.press("p"))
	job, _ := os.ReadFile(slips)
	if !bytes.Contains(job, []byte("*** COPY 1 ***")) {
		t.Fatalf("retry printed %q", job)
	}
	if got, _ := f.journal.Sale(s.Ref); got.Reprints != 1 {
		t.Fatalf("copies journaled: %d", got.Reprints)
	}
}

// TestAutoPrint: a delivered cash sale is printed and opens the drawer
// without a key, once; a delivered non-cash sale prints without the
// drawer; a payment (tender sale) and an undelivered sale do nothing.
func TestAutoPrint(t *testing.T) {
	var slips, kicks int
	d := Deps{ReceiptWidth: 32, AutoPrint: true, Location: sast,
		Print: func([]receipts.Line) error { slips++; return nil },
		Kick:  func() error { kicks++; return nil }}.WithDefaults()
	var done autoPrinted
	cash := sale.Sale{Ref: "R1", State: sale.StateDelivered, Order: sale.Order{Kind: sale.KindAirtime,
		Amount: zar(1000), Tender: sale.Tender{Kind: sale.TenderCash}}}
	msg := autoPrintCmd(d, &done, cash)().(autoPrintedMsg)
	if msg.Err != nil || slips != 1 || kicks != 1 {
		t.Fatalf("cash sale: %+v, %d slips, %d kicks", msg, slips, kicks)
	}
	if autoPrintCmd(d, &done, cash) != nil {
		t.Fatal("printed twice")
	}
	card := cash
	card.Ref, card.Order.Tender = "R2", sale.Tender{Kind: sale.TenderCard}
	autoPrintCmd(d, &done, card)()
	if slips != 2 || kicks != 1 {
		t.Fatalf("card sale: %d slips, %d kicks", slips, kicks)
	}
	pay := sale.Sale{Ref: "R3", State: sale.StateDelivered, Order: sale.Order{Kind: sale.KindTenderCard}}
	pending := cash
	pending.Ref, pending.State = "R4", sale.StatePending
	if autoPrintCmd(d, &done, pay) != nil || autoPrintCmd(d, &done, pending) != nil {
		t.Fatal("a payment or an undelivered sale printed on its own")
	}
	// Drawer only, and a failure said.
	d.AutoPrint, d.Kick = false, func() error { return errors.New("printer off") }
	cash.Ref = "R5"
	msg = autoPrintCmd(d, &done, cash)().(autoPrintedMsg)
	if msg.Slip || msg.Err == nil || !strings.Contains(msg.Err.Error(), "open it with its key") {
		t.Fatalf("%+v", msg)
	}
}

// Test3DSPrintsItsLink: p on a card's 3-D Secure code prints the link as a
// QR code slip.
func Test3DSPrintsItsLink(t *testing.T) {
	url := "http://127.0.0.1:8700/flutterwave/v3/_sandbox/3ds?ref=FLW-SBX-00000008"
	f := newPayFixture(t, 24)
	var printed []receipts.Line
	f.app.env.D.Print = func(lines []receipts.Line) error { printed = lines; return nil }
	f.payBy3DS(url)
	f.tick(time.Second)
	msg := printedMsgOf(f.press("p"))
	if msg == nil {
		t.Fatalf("p started no print:\n%s", f.view())
	}
	f.send(msg)
	var qr string
	for _, l := range printed {
		if l.QR != "" {
			qr = l.QR
		}
	}
	if qr != url || !strings.Contains(kit.JoinLines(printed), "APPROVE THE CARD PAYMENT") {
		t.Fatalf("slip QR %q\n%s", qr, kit.JoinLines(printed))
	}
	if v := strings.Join(strings.Fields(f.view()), " "); !strings.Contains(v, "The code is printed") {
		t.Fatalf("not said:\n%s", f.view())
	}
}

// TestAutoPrintThenCopy: the App printed a delivered sale's original by
// itself; p on its result then prints a journaled COPY 1, never a second
// original.
func TestAutoPrintThenCopy(t *testing.T) {
	dir := t.TempDir()
	slips := filepath.Join(dir, "slips.bin")
	f := newFixture(t, withDeps(func(d *Deps) { d.Print = filePrinter(slips); d.AutoPrint = true }))
	f.prov.script(delivered())
	f.toConfirm("4", "0821234567", "10")
	s := f.sell()
	cmd := autoPrintCmd(f.app.env.D, &f.app.printed, s)
	if cmd == nil {
		t.Fatal("no automatic print")
	}
	f.run(cmd)
	first, _ := os.ReadFile(slips)
	if bytes.Contains(first, []byte("COPY")) || !bytes.Contains(first, []byte(string(s.Ref))) {
		t.Fatalf("auto print %q", first)
	}
	if !strings.Contains(f.view(), "Receipt of "+string(s.Ref)+" printed") {
		t.Fatalf("not said:\n%s", f.view())
	}
	f.run(f.press("p"))
	all, _ := os.ReadFile(slips)
	if !bytes.Contains(all[len(first):], []byte("*** COPY 1 ***")) {
		t.Fatalf("p after the automatic print: %q", all[len(first):])
	}
	if got, _ := f.journal.Sale(s.Ref); got.Reprints != 1 {
		t.Fatalf("copies journaled: %d", got.Reprints)
	}
}
