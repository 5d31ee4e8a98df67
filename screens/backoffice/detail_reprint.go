package backoffice

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
)

// Reprinting a receipt that carries a PIN or token from an earlier day
// (sale.ReprintNeedsOverride) needs a supervisor: a copy of an old voucher
// PIN is value in someone's hand.

// overrideTagReprint tags the sale screen's reprint override requests.
const overrideTagReprint = "reprint"

// needsReprintOverride reports whether reprinting the sale on screen needs
// a supervisor.
func (d *Detail) needsReprintOverride() bool {
	dp := d.env.D
	return dp.Auth != nil && sale.ReprintNeedsOverride(d.sale, dp.Today(dp.Now()))
}

// askReprint asks a supervisor to authorise a copy of the sale's receipt.
func (d *Detail) askReprint() tea.Cmd {
	s := d.sale
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: overrideTagReprint, Action: sale.ActionReprint, Subject: string(s.Ref),
		Title: d.env.T("jnl.reprint_title"),
		Why:   d.env.T("jnl.reprint_why", s.Day),
		Rows:  [][2]string{{"Sale", string(s.Ref)}, {"What", kit.SaleWhat(s)}, {"Copies so far", strconv.Itoa(s.Reprints)}},
	})
}

// onOverride reprints once a supervisor authorised it.
func (d *Detail) onOverride(msg kit.OverrideMsg) tea.Cmd {
	if msg.Tag != overrideTagReprint || msg.Cancelled || msg.Override.Subject != string(d.ref) || d.reprinting {
		return nil
	}
	ov := msg.Override
	d.reprinting = true
	return reprintWithCmd(d.env.D, d.ref, &ov)
}

// reprintWithCmd is reprintCmd through Engine.ReprintWith: the copy is
// journaled only if it needs no supervisor or ov authorises it.
func reprintWithCmd(d kit.Deps, ref sale.Reference, ov *sale.Override) tea.Cmd {
	return func() tea.Msg {
		s, err := d.Engine.ReprintWith(ref, d.Cashier, d.Today(d.Now()), ov)
		return kit.JournaledCopy(d, ref, s, err) // screens/kit/commands.go
	}
}
