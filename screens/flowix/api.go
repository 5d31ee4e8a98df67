package flowix

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
)

// Rupiah is n whole Rupiah.
func Rupiah(n int64) sale.Money { return sale.New(n, sale.IDR) }

// AccountMsg carries the Flowix account, or why it could not be read.
type AccountMsg struct {
	Account kit.FlowixAccount
	At      time.Time
	Err     error
}

// flowixAccountCmd reads the Flowix account.
func flowixAccountCmd(e *kit.Env) tea.Cmd {
	api, timeout, now := e.D.Flowix, e.D.CatalogueTimeout, e.D.Now
	ctx := e.Ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		a, err := api.Account(ctx)
		return AccountMsg{Account: a, At: now(), Err: err}
	}
}

// SettledMsg carries the result of a status query a Flowix screen asked
// for (its own message, so other screens do not take it for theirs).
type SettledMsg struct {
	Ref  sale.Reference
	Sale sale.Sale
	Err  error
}

// fxPollMsg asks a Flowix screen to query a pending sale again.
type fxPollMsg struct{ Ref sale.Reference }

// fxPollEvery is how often a screen following a pending Flowix sale asks
// for its status (the resolver keeps checking too, with its backoff).
const fxPollEvery = 2 * time.Second

// fxPollCmd waits, then asks for the next poll of ref.
func fxPollCmd(ref sale.Reference, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return fxPollMsg{Ref: ref} })
}

// fxSettleCmd queries a pending sale now, through the engine, so that any
// change is journaled.
func fxSettleCmd(e *kit.Env, ref sale.Reference) tea.Cmd {
	eng, ctx := e.D.Engine, e.Ctx
	return func() tea.Msg {
		s, err := eng.SettleNow(ctx, ref)
		return SettledMsg{Ref: ref, Sale: s, Err: err}
	}
}
