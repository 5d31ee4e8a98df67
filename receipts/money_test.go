package receipts

import (
	"strings"
	"testing"

	"till/i18n"
	"till/sale"
)

// Every amount on a slip is grouped and written in the slip's language.
func TestSlipMoneyByLanguage(t *testing.T) {
	s := delivered()
	s.Order.Amount = sale.New(123450, sale.ZAR)
	s.Order.Tender = sale.Tender{Kind: sale.TenderCash, Tendered: sale.New(200000, sale.ZAR)}
	for _, c := range []struct {
		lang      i18n.Lang
		want, not []string
	}{
		{i18n.EN, []string{"R 1 234.50", "R 2 000.00", "R 765.50"}, []string{"1234.50", "R 1.234,50"}},
		{i18n.ID, []string{"R 1.234,50", "R 2.000,00", "R 765,50"}, []string{"1234.50", "R 1 234.50"}},
	} {
		for _, w := range []int{32, 42, 48} {
			out, err := Render(s, Options{Width: w, Language: c.lang})
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range c.want {
				if !strings.Contains(out, want) {
					t.Errorf("%s at %d lacks %q:\n%s", c.lang, w, want, out)
				}
			}
			for _, not := range c.not {
				if strings.Contains(out, not) {
					t.Errorf("%s at %d prints %q:\n%s", c.lang, w, not, out)
				}
			}
		}
	}
}

// Wrapped text never breaks an amount across lines.
func TestWrapKeepsAmountsWhole(t *testing.T) {
	amount := sale.New(123456789, sale.ZAR).String() // "R 1 234 567.89"
	for w := len(amount); w <= 48; w++ {
		for pad := 0; pad < w; pad++ {
			text := strings.Repeat("x", pad) + " " + amount + " was paid in cash and is owed back."
			joined := strings.Join(wrap(clean(text), w), "\n")
			if !strings.Contains(joined, amount) {
				t.Fatalf("width %d pad %d split the amount:\n%s", w, pad, joined)
			}
		}
	}
	for _, c := range []struct {
		prev, next string
		join       bool
	}{
		{"R", "10.00", true}, {"Rp", "5.000", true}, {"KES", "1,234.50", true}, {"R", "-1", true},
		{"1", "234.50", true}, {"1", "234", true}, {"1", "234.", true},
		{"1", "2345", false}, {"paid", "234", false}, {"R", "was", false}, {"1", "23", false},
	} {
		if got := joinsAmount(c.prev, c.next); got != c.join {
			t.Errorf("joinsAmount(%q, %q) = %v", c.prev, c.next, got)
		}
	}
}

// A provider's amounts, journaled in English, are written in the slip's
// language too; other values are printed as sent.
func TestSlipAnswerAmounts(t *testing.T) {
	s := waterDelivered()
	for i, it := range s.Outcome.Items {
		switch it.Label {
		case "Amount":
			s.Outcome.Items[i].Value = "KES 1,234.50"
		case "Price per litre":
			s.Outcome.Items[i].Value = "KES 0.50"
		}
	}
	out, err := Render(s, Options{Width: 42, Language: i18n.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"KES 1.234,50", "KES 0,50"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "1,234.50") {
		t.Errorf("an English amount on an Indonesian slip:\n%s", out)
	}
	p := &page{width: 42, lang: i18n.ID}
	for in, want := range map[string]string{"R 10.00": "R 10,00", "Rp 5.000": "Rp 5.000", "0.5": "0.5", "SN0099812345": "SN0099812345", "R 10.00 each": "R 10.00 each"} {
		if got := p.answer(in); got != want {
			t.Errorf("answer(%q) = %q, want %q", in, got, want)
		}
	}
}
