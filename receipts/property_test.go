package receipts

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"till/sale"
)

// nasty are fragments that break naive receipt code: escape sequences,
// controls, wide and combining characters, invalid UTF-8, long words.
var nasty = []string{
	"\x1b[1;31m", "\x1b]0;pwned\x07", "\x1b]8;;http://x\x1b\\", "\x1b", "\x1d", "\x1dV\x00", "\x1b@",
	"\x00", "\x07", "\t", "\r\n", "\n", "\x7f", "\u009b", "\u200b", "\u202e", "\ufeff", "\u00ad",
	"\u00e9", "e\u0301", "\u00df", "\u2026", "\u201c", "\u4e2d\u6587", "\U0001F600", "\xff", "\xc3",
	"Vodacom", "R 10.00", "-", "/", " ", "  ", "*135#",
	strings.Repeat("9", 61), strings.Repeat("ab-", 30), strings.Repeat("W", 49),
}

// randomText returns up to n fragments of nasty text and random bytes.
func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := r.IntN(n + 1); i > 0; i-- {
		switch r.IntN(4) {
		case 0:
			for j := r.IntN(20); j > 0; j-- {
				b.WriteByte(byte(r.IntN(256)))
			}
		case 1:
			for j := r.IntN(10); j > 0; j-- {
				b.WriteRune(rune(r.IntN(0x3000)))
			}
		default:
			b.WriteString(nasty[r.IntN(len(nasty))])
		}
	}
	return b.String()
}

func randomSale(r *rand.Rand) (sale.Sale, Options) {
	txt := func() string { return randomText(r, 8) }
	var items []sale.Item
	for i := r.IntN(6); i > 0; i-- {
		items = append(items, sale.Item{Label: txt(), Value: txt(), Secret: r.IntN(2) == 0})
	}
	s := sale.Sale{
		Ref:        sale.Reference(txt()),
		StoreID:    txt(),
		TerminalID: txt(),
		Order: sale.Order{
			Kind:        sale.Kind(txt()),
			ProductName: txt(),
			Target:      sale.Target{Kind: sale.TargetKind(txt()), Value: txt()},
			Amount:      sale.New(r.Int64N(1<<50), sale.Currency(txt())),
			Tender: sale.Tender{
				Kind:     []sale.TenderKind{"", sale.TenderCash, sale.TenderMpesa, sale.TenderKind(txt())}[r.IntN(4)],
				Tendered: sale.New(r.Int64N(1<<50)-1<<49, sale.Currency(txt())),
				Ref:      sale.Reference(txt()),
			},
			Cashier: txt(),
		},
		State:       sale.States[r.IntN(len(sale.States))],
		CreatedAt:   time.Unix(r.Int64N(1<<33), 0),
		ProviderRef: txt(),
		Outcome:     sale.Outcome{Message: txt(), Code: txt(), Items: items},
	}
	opt := Options{
		Width: []int{32, 42, 48}[r.IntN(3)],
		Header: Header{
			ShopName:  txt(),
			Address:   []string{txt(), txt()},
			VATNumber: txt(),
			Footer:    txt(),
		},
		Copy:        r.IntN(3),
		Cashier:     txt(),
		HideSecrets: r.IntN(2) == 0,
	}
	return s, opt
}

// TestRenderAlwaysPrintable renders thousands of sales full of hostile text
// and checks that no line is wider than the paper and nothing but printable
// ASCII and newlines reaches the printer.
func TestRenderAlwaysPrintable(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 2025))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		s, opt := randomSale(r)
		out, err := Render(s, opt)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		checkPrintable(t, out, opt.Width)
		if t.Failed() {
			t.Fatalf("case %d (width %d):\n%s", i, opt.Width, out)
		}
	}
}

// TestLongInputsAllWidths puts one very long input in every field at every
// width.
func TestLongInputsAllWidths(t *testing.T) {
	long := strings.Repeat("Supercalifragilistic-expialidocious ", 5) + strings.Repeat("0123456789", 7)
	s := delivered()
	s.Ref = "STORE04200-TILL070000-K3M9QZ-1234567890" // 39: the longest real shape
	s.StoreID, s.TerminalID = "STORE04200", "TILL070000"
	s.ProviderRef = long
	s.Order.ProductName = long
	s.Order.Target.Value = strings.Repeat("1", 80)
	s.Order.Cashier = long
	s.Outcome.Message = long
	s.Outcome.Items = append(s.Outcome.Items,
		sale.Item{Label: long, Value: long},
		sale.Item{Label: long, Value: long, Secret: true},
		sale.Item{Label: "Token", Value: strings.Repeat("1234 ", 20), Secret: true},
		sale.Item{Label: long},
		sale.Item{Value: long},
	)
	h := Header{ShopName: long, Address: []string{long, long}, VATNumber: long, Footer: long + "\n\n" + long}
	for _, st := range sale.States {
		s.State = st
		for _, w := range []int{32, 42, 48} {
			for _, hide := range []bool{false, true} {
				out, err := Render(s, Options{Width: w, Header: h, Copy: 12, HideSecrets: hide})
				if err != nil {
					t.Fatal(err)
				}
				checkPrintable(t, out, w)
				if t.Failed() {
					t.Fatalf("%s at %d:\n%s", st, w, out)
				}
				for _, word := range []string{"Supercalifragilistic-", "expialidocious"} {
					if !strings.Contains(out, word) {
						t.Fatalf("%s at %d: word %q was cut:\n%s", st, w, word, out)
					}
				}
			}
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add("Vodacom Airtime", "PIN", "1234 5678 9012 3456", "Success", 32)
	f.Add("\x1b[31mred\x1b[0m", "\x00", strings.Repeat("x", 100), "caf\u00e9", 42)
	f.Add("\xff\xfe", "", "\u202eevil", "\x1b]0;t\x07", 48)
	f.Fuzz(func(t *testing.T, product, label, value, message string, w int) {
		w = []int{32, 42, 48}[uint(w)%3]
		s := delivered()
		s.Order.ProductName = product
		s.Outcome.Message = message
		s.Outcome.Items = []sale.Item{{Label: label, Value: value}, {Label: label, Value: value, Secret: true}}
		for _, st := range []sale.State{sale.StateDelivered, sale.StateDeclined} {
			s.State = st
			out, err := Render(s, Options{Width: w, Header: Header{ShopName: product, Footer: message}})
			if err != nil {
				t.Fatal(err)
			}
			checkPrintable(t, out, w)
		}
		if c := clean(value); clean(c) != c {
			t.Errorf("clean is not idempotent on %q", value)
		}
	})
}
