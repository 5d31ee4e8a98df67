package backoffice

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Settling a sale by hand needs the supervisor's own PIN: with sale.Auth,
// the supervisor settlement screen asks for a sale.ActionSettle override
// once the settlement is confirmed, and journals it through
// Engine.SuperviseWith under that override (its supervisor, its reason).

// overrideTagSettle tags the settlement screen's override requests.
const overrideTagSettle = "settle"

// askOverride asks the supervisor to authorise the confirmed settlement;
// the note typed is the reason, the id typed picks the supervisor.
func (v *SuperviseScreen) askOverride() tea.Cmd {
	verdict := v.env.T("sup.verdict_not")
	if v.delivered {
		verdict = v.env.T("sup.verdict_delivered")
	}
	return kit.RequestOverrideCmd(kit.OverrideRequestMsg{
		Tag: overrideTagSettle, Action: sale.ActionSettle, Subject: string(v.ref),
		Title:      v.env.T("sup.ov_title", string(v.ref), verdict),
		Rows:       [][2]string{{"What", kit.SaleWhat(v.sale)}, {"Settle as", verdict}},
		Reason:     strings.TrimSpace(ui.Clean(v.note.Value())),
		Supervisor: strings.TrimSpace(v.by.Value()),
	})
}

// onOverride journals the settlement once the supervisor authorised it;
// a cancelled dialog goes back to the confirmation.
func (v *SuperviseScreen) onOverride(msg kit.OverrideMsg) tea.Cmd {
	if msg.Tag != overrideTagSettle || v.step != SupConfirm {
		return nil
	}
	if msg.Cancelled {
		v.openConfirm()
		return nil
	}
	ov := msg.Override
	if ov.Subject != string(v.ref) {
		return nil
	}
	v.step = SupSaving
	return superviseCmd(v.env.D.Engine, Supervision{
		Ref: v.ref, Delivered: v.delivered, Note: ov.Reason, By: ov.Supervisor, Override: &ov,
	})
}
