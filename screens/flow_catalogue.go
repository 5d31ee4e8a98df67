package screens

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
)

// catalogueFeed is a flow's copy of a provider's catalogue: the cached one
// at once (so the cashier can start), then a fresh one from the provider,
// kept when the refresh fails. Airtime, the Flash flows, pulsa and bills
// embed it.
type catalogueFeed struct {
	loading   bool // a catalogue refresh is running
	catLoaded bool // a catalogue, cached or fresh, has arrived
	refreshed bool // the refresh has answered
	cat       sale.Catalogue
	catErr    error
}

// loadCatalogue reads the cached catalogue of provider and asks for a
// fresh one.
func loadCatalogue(e *env, provider string) []tea.Cmd {
	return []tea.Cmd{
		kit.CatalogueCmd(e.Ctx, e.D.Engine, provider, false, e.D.CatalogueTimeout),
		kit.CatalogueCmd(e.Ctx, e.D.Engine, provider, true, e.D.CatalogueTimeout),
	}
}

// refresh asks provider for a fresh catalogue.
func (c *catalogueFeed) refresh(e *env, provider string) tea.Cmd {
	c.loading = true
	return kit.CatalogueCmd(e.Ctx, e.D.Engine, provider, true, e.D.CatalogueTimeout)
}

// take learns msg, and reports whether the catalogue shown changed: not for
// another provider, not for a cache read that lost the race with the
// refresh, and not for an empty cache when one is already shown.
func (c *catalogueFeed) take(msg CatalogueMsg, provider string) bool {
	if msg.Provider != provider || (!msg.Refresh && c.refreshed) {
		return false // a cache read that lost the race with the refresh
	}
	if msg.Refresh {
		c.loading, c.refreshed, c.catErr = false, true, msg.Err
	} else if msg.Err != nil && !c.catLoaded {
		c.catErr = msg.Err
	}
	if len(msg.Catalogue.Products) == 0 && c.catLoaded && msg.Err != nil {
		return false // keep what is shown rather than an empty cache
	}
	c.cat, c.catLoaded = msg.Catalogue, true
	return true
}
