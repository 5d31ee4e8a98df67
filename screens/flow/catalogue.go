package flow

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// CatalogueFeed is a flow's copy of a provider's catalogue: the cached one
// at once (so the cashier can start), then a fresh one from the provider,
// kept when the refresh fails. Airtime, the Flash flows, pulsa and bills
// embed it.
type CatalogueFeed struct {
	Loading   bool // a catalogue refresh is running
	CatLoaded bool // a catalogue, cached or fresh, has arrived
	Refreshed bool // the refresh has answered
	Cat       sale.Catalogue
	CatErr    error
}

// LoadCatalogue reads the cached catalogue of provider and asks for a
// fresh one.
func LoadCatalogue(e *kit.Env, provider string) []tea.Cmd {
	return []tea.Cmd{
		kit.CatalogueCmd(e.Ctx, e.D.Engine, provider, false, e.D.CatalogueTimeout),
		kit.CatalogueCmd(e.Ctx, e.D.Engine, provider, true, e.D.CatalogueTimeout),
	}
}

// Refresh asks provider for a fresh catalogue.
func (c *CatalogueFeed) Refresh(e *kit.Env, provider string) tea.Cmd {
	c.Loading = true
	return kit.CatalogueCmd(e.Ctx, e.D.Engine, provider, true, e.D.CatalogueTimeout)
}

// Take learns msg, and reports whether the catalogue shown changed: not for
// another provider, not for a cache read that lost the race with the
// refresh, and not for an empty cache when one is already shown.
func (c *CatalogueFeed) Take(msg kit.CatalogueMsg, provider string) bool {
	if msg.Provider != provider || (!msg.Refresh && c.Refreshed) {
		return false // a cache read that lost the race with the refresh
	}
	if msg.Refresh {
		c.Loading, c.Refreshed, c.CatErr = false, true, msg.Err
	} else if msg.Err != nil && !c.CatLoaded {
		c.CatErr = msg.Err
	}
	if len(msg.Catalogue.Products) == 0 && c.CatLoaded && msg.Err != nil {
		return false // keep what is shown rather than an empty cache
	}
	c.Cat, c.CatLoaded = msg.Catalogue, true
	return true
}

// BrandOf is the product's network as shown, "Other" when the catalogue
// does not say.
func BrandOf(p sale.Product) string {
	if b := strings.TrimSpace(ui.Clean(p.Brand)); b != "" {
		return b
	}
	return "Other"
}

// AmountRange is "R 2.00 – R 1000.00", or "any amount".
func AmountRange(p sale.Product) string {
	switch {
	case p.Min.Minor > 0 && p.Max.Minor > 0:
		return p.Min.String() + " – " + p.Max.String()
	case p.Min.Minor > 0:
		return "from " + p.Min.String()
	case p.Max.Minor > 0:
		return "up to " + p.Max.String()
	}
	return "any amount"
}
