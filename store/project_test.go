package store

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"till/sale"
)

// TestEachSaleForExport: the projection gives every column an export
// writes exactly as EachSale does, decodes no secret without secrets (no
// item, no order secret, nothing to open) and opens them with secrets.
func TestEachSaleForExport(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(filepath.Join(dir, "journal.db"), keyedOptions(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	yearsFixture(t, db, 30)
	sellSecrets(t, db, archiveAt)
	var full []sale.Sale
	if err := db.EachSale("", "", func(s sale.Sale) error { full = append(full, s); return nil }); err != nil {
		t.Fatal(err)
	}
	row := func(s sale.Sale) sale.Sale { // what an export row reads
		return sale.Sale{Ref: s.Ref, StoreID: s.StoreID, TerminalID: s.TerminalID, Day: s.Day, State: s.State, Attempts: s.Attempts,
			Reprints: s.Reprints, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, ProviderRef: s.ProviderRef,
			Order: sale.Order{Provider: s.Order.Provider, Kind: s.Order.Kind, Product: s.Order.Product, ProductName: s.Order.ProductName,
				Target: s.Order.Target, Amount: s.Order.Amount, Tender: s.Order.Tender},
			Outcome: sale.Outcome{Result: s.Outcome.Result, Message: s.Outcome.Message}}
	}
	for _, secrets := range []bool{false, true} {
		var got []sale.Sale
		if err := db.EachSaleForExport("", "", secrets, func(s sale.Sale) error { got = append(got, s); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(full) || len(full) < 60 {
			t.Fatalf("%d sales, want %d", len(got), len(full))
		}
		for i := range got {
			g := got[i]
			if !secrets && (g.Outcome.Items != nil || g.Order.Secrets != nil || g.Order.Params != nil) {
				t.Fatalf("sale %s: decoded %+v %+v without secrets", g.Ref, g.Outcome.Items, g.Order.Secrets)
			}
			if secrets && !reflect.DeepEqual(g.Outcome.Items, full[i].Outcome.Items) {
				t.Fatalf("sale %s items %+v, want %+v", g.Ref, g.Outcome.Items, full[i].Outcome.Items)
			}
			for _, it := range g.Outcome.Items {
				if strings.HasPrefix(it.Value, "enc:") {
					t.Fatalf("sale %s: item %s not opened", g.Ref, it.Label)
				}
			}
			g.Outcome.Items = nil
			if !reflect.DeepEqual(row(g), row(full[i])) {
				t.Fatalf("sale %d:\n got %+v\nwant %+v", i, row(g), row(full[i]))
			}
		}
	}
}
