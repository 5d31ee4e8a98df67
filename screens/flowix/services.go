package flowix

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// serviceList is the Flowix service list with a search line: typing
// filters it by code, name, brand, category and type (every word typed must
// match one of them), the arrows move, enter picks. It shows the services
// of some kinds (KindPulsa for prabayar, KindBill for pascabayar); services
// Flowix marks unavailable are shown but cannot be picked.
type serviceList struct {
	env    *kit.Env
	st     *ui.Styles
	kinds  []sale.Kind
	search ui.Field
	all    []sale.Product
	shown  []sale.Product
	cursor int
	width  int
	height int
}

func newServiceList(e *kit.Env, kinds ...sale.Kind) serviceList {
	st := e.St
	l := serviceList{env: e, st: st, kinds: kinds, search: ui.NewField(st, 24, searchText)}
	l.search.SetPlaceholder(e.T("fxs.search"))
	l.search.SetPrefix("/ ")
	l.search.SetWidth(44)
	return l
}

// SetSize sets the room the list has.
func (l *serviceList) SetSize(w, h int) {
	l.width, l.height = w, h
	l.search.SetWidth(min(44, max(w-4, 10)))
}

// SetCatalogue replaces the services, keeping the selection when it is
// still there.
func (l *serviceList) SetCatalogue(c sale.Catalogue) {
	l.all = l.all[:0]
	for _, p := range c.Products {
		if slices.Contains(l.kinds, p.Kind) {
			l.all = append(l.all, p)
		}
	}
	slices.SortStableFunc(l.all, func(a, b sale.Product) int {
		return cmp.Or(
			cmp.Compare(serviceCategory(a), serviceCategory(b)),
			cmp.Compare(strings.ToLower(flow.BrandOf(a)), strings.ToLower(flow.BrandOf(b))),
			cmp.Compare(a.Price.Minor, b.Price.Minor),
			cmp.Compare(a.Code, b.Code),
		)
	})
	l.filter()
}

// Len is how many services the catalogue holds for these kinds.
func (l serviceList) Len() int { return len(l.all) }

// Query is what has been typed in the search line.
func (l serviceList) Query() string { return l.search.Value() }

// filter applies the search line.
func (l *serviceList) filter() {
	sel := l.selected()
	words := strings.Fields(strings.ToLower(l.search.Value()))
	l.shown = l.shown[:0]
	for _, p := range l.all {
		hay := strings.ToLower(strings.Join([]string{p.Code, p.Name, p.Brand, p.Details["category"], p.Details["type"]}, " "))
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			l.shown = append(l.shown, p)
		}
	}
	l.cursor = 0
	for i, p := range l.shown {
		if p.Code == sel.Code {
			l.cursor = i
		}
	}
}

// selected is the service under the cursor.
func (l serviceList) selected() sale.Product {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return sale.Product{}
	}
	return l.shown[l.cursor]
}

// Update handles a key: arrows move, enter picks, anything else edits the
// search. It returns the picked service (ok) and whether the key was used.
func (l *serviceList) Update(msg tea.Msg) (picked sale.Product, ok, used bool) {
	if k, isKey := msg.(tea.KeyPressMsg); isKey {
		n := len(l.shown)
		switch k.String() {
		case "up":
			if n > 0 {
				l.cursor = (l.cursor + n - 1) % n
			}
			return sale.Product{}, false, true
		case "down":
			if n > 0 {
				l.cursor = (l.cursor + 1) % n
			}
			return sale.Product{}, false, true
		case "pgup":
			l.cursor = max(l.cursor-max(l.rows()-1, 1), 0)
			return sale.Product{}, false, true
		case "pgdown":
			l.cursor = min(l.cursor+max(l.rows()-1, 1), max(n-1, 0))
			return sale.Product{}, false, true
		case "enter":
			p := l.selected()
			return p, p.Code != "" && p.Active, true
		}
	}
	before := l.search.Value()
	used = l.search.Update(msg)
	if l.search.Value() != before {
		l.filter()
	}
	return sale.Product{}, false, used
}

// ClearSearch empties the search line; it reports whether there was one.
func (l *serviceList) ClearSearch() bool {
	if l.search.Value() == "" {
		return false
	}
	l.search.Reset()
	l.filter()
	return true
}

// rows is how many services fit under the search line.
func (l serviceList) rows() int { return max(l.height-4, 3) }

// View draws the search line and the services, grouped by category.
func (l serviceList) View() string {
	st := l.st
	var b strings.Builder
	b.WriteString(l.search.View())
	if len(l.all) == 0 {
		return b.String()
	}
	count := l.env.T("fxs.count", len(l.shown), len(l.all))
	b.WriteString("  " + st.Muted.Render(count) + "\n")
	if len(l.shown) == 0 {
		b.WriteString("\n" + st.Warning.Render(l.env.T("fxs.no_match", ui.Clean(l.search.Value()))))
		return b.String()
	}
	var rows []flow.ListRow
	cat := ""
	for i, p := range l.shown {
		if c := serviceCategory(p); c != cat {
			cat = c
			rows = append(rows, flow.ListRow{Text: st.Group.Render(strings.ToUpper(l.env.Tr(c))), Index: -1})
		}
		rows = append(rows, flow.ListRow{Text: l.row(i, p), Index: i})
	}
	lines := flow.GroupedWindow(l.env, rows, l.cursor, l.rows())
	b.WriteString(strings.Join(lines, "\n"))
	return b.String()
}

// row draws one service: code, name, brand and price (or "sold out").
func (l serviceList) row(i int, p sale.Product) string {
	st := l.st
	price := servicePrice(l.env, p)
	if !p.Active {
		price = l.env.T("fxs.sold_out")
	}
	code := ui.Pad(ui.Clean(p.Code), 9)
	brand := ui.Pad(flow.BrandOf(p), 15)
	nameW := max(l.width-4-9-15-lipgloss.Width(price)-4, 8)
	text := " " + code + " " + ui.Pad(ui.Clean(p.Name), nameW) + " " + brand + " " + price + " "
	switch {
	case i == l.cursor:
		return st.Marker.Render("›") + " " + st.Selected.Render(text)
	case !p.Active:
		return "  " + st.Muted.Render(text)
	}
	return "  " + st.Text.Render(text)
}

// serviceCategory is the service's category as shown ("Pulsa", "PLN").
func serviceCategory(p sale.Product) string {
	if c := strings.TrimSpace(ui.Clean(p.Details["category"])); c != "" {
		return c
	}
	if p.Kind == sale.KindBill {
		return "Bills"
	}
	return "Other"
}

// servicePrice is a prepaid service's price, or what a bill service says
// about its price, in the till's language.
func servicePrice(e *kit.Env, p sale.Product) string {
	switch {
	case p.Price.Minor > 0:
		return e.Money(p.Price)
	case p.Kind == sale.KindBill && p.Details["price"] != "":
		return e.T("fxs.admin", ui.Clean(p.Details["price"]))
	case p.Kind == sale.KindBill:
		return e.T("fxs.by_check")
	}
	return "-"
}

// catalogueNote says how fresh a Flowix service list is.
func fxCatalogueNote(e *kit.Env, loading, loaded bool, err error, n int, age string) string {
	st := e.St
	switch {
	case loading && !loaded:
		return st.Muted.Render(e.T("fxs.fetching"))
	case loading:
		return st.Muted.Render(e.T("fxs.refreshing", age))
	case err != nil && n > 0:
		return st.Warning.Render(e.T("fxs.offline", age))
	case err == nil && loaded:
		return st.Muted.Render(e.T("fxs.updated", age))
	}
	return ""
}

// searchText is the Flowix service search's filter: any printable
// character but '?', which no service name or code holds, so `?` opens
// the key map while the search line has the cursor.
func searchText(_ string, r rune) (rune, bool) { return r, r >= 0x20 && r != '?' }

// enableKeys enables the keys of the service list's step: pick and enter
// when a service is shown, refresh unless it is loading, and esc, which
// clears a search before it goes back.
func (l *serviceList) enableKeys(sel, enter, refresh, back *key.Binding, loading bool) {
	has := len(l.shown) > 0
	sel.SetEnabled(has)
	enter.SetEnabled(has)
	enter.SetHelp("enter", "choose")
	refresh.SetEnabled(!loading)
	back.SetEnabled(true)
	if l.Query() != "" {
		back.SetHelp("esc", "clear search")
	}
}
