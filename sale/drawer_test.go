package sale

import (
	"strings"
	"testing"
)

func TestParseCount(t *testing.T) {
	for typed, want := range map[string][]Money{
		"215.00":                {New(21500, ZAR)},
		"215":                   {New(21500, ZAR)},
		"ZAR:215.00,IDR:50000":  {New(50000, IDR), New(21500, ZAR)},
		" idr:50000 , zar:1.5 ": {New(50000, IDR), New(150, ZAR)},
		"ZAR:0":                 {New(0, ZAR)},
		"ZAR:0.00,IDR:0":        {New(0, IDR), New(0, ZAR)},
	} {
		got, err := ParseCount(typed, ZAR)
		if err != nil || len(got) != len(want) {
			t.Errorf("%q: %v %v", typed, got, err)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: %v, want %v", typed, got, want)
			}
		}
	}
	for typed, says := range map[string]string{
		"":            "empty",
		"-5":          "not a plain amount",
		"0":           "count of zero",
		"0.00":        "count of zero",
		"1e3":         "not a plain amount",
		"215.001":     "decimals",
		"XYZ:5":       "unknown currency",
		"ZAR:5,ZAR:6": "counted twice",
		"IDR:500.5":   "no cents",
		"ZAR:0.000":   "decimals",
		"ten":         "not a plain amount",
	} {
		if _, err := ParseCount(typed, ZAR); err == nil || !strings.Contains(ErrorMessage(err), says) {
			t.Errorf("%q: %v, want it to say %q", typed, err, says)
		}
	}
	if _, err := ParseCount("215.00", ""); err == nil || !strings.Contains(ErrorMessage(err), "which currency") {
		t.Errorf("a bare count of a drawer with several currencies: %v", err)
	}
}

func TestCheckCountAndVariance(t *testing.T) {
	r := NewDayReport("2025-03-14", "S1", "T1")
	r.Cash = []Money{New(5000000, IDR), New(22000, ZAR), New(0, KES)}
	if err := CheckCount(r, []Money{New(21500, ZAR)}); err == nil || !strings.Contains(ErrorMessage(err), "leaves out IDR") {
		t.Fatalf("a count without IDR: %v", err)
	}
	counted := []Money{New(5000000, IDR), New(21500, ZAR), New(1000, GHS)} // KES expected 0 may be left out
	if err := CheckCount(r, counted); err != nil {
		t.Fatal(err)
	}
	if err := r.SetCounted(counted); err != nil {
		t.Fatal(err)
	}
	want := []Money{New(1000, GHS), New(0, IDR), New(0, KES), New(-500, ZAR)}
	if len(r.Variance) != len(want) {
		t.Fatalf("variance %v, want %v", r.Variance, want)
	}
	for i := range want {
		if r.Variance[i] != want[i] {
			t.Fatalf("variance %v, want %v", r.Variance, want)
		}
	}
}

func TestProductTable(t *testing.T) {
	for _, c := range []struct {
		k    Kind
		t    TenderKind
		want CashEffect
	}{
		{KindAirtime, TenderCash, CashIn}, {KindAirtime, TenderCard, CashNone}, {KindAirtime, "", CashNone},
		{KindCashOut, TenderCash, CashIn}, {KindPayout, TenderCash, CashIn}, {KindWater, TenderMpesa, CashNone},
		{KindVoucherRedeem, "", CashOut}, {KindVoucherRedeem, TenderCash, CashOut}, {KindCashOutCancel, "", CashOut},
		{KindVoucherPayout, "", CashNone}, {KindDeposit, "", CashNone}, {KindTenderCard, "", CashNone},
	} {
		if got := CashEffectOf(c.k, c.t); got != c.want {
			t.Errorf("%s paid by %q: %s, want %s", c.k, c.t, got, c.want)
		}
	}
	for _, k := range kinds {
		if _, ok := products[k]; !ok {
			t.Errorf("kind %s is not in the product table", k)
		}
	}
}

func TestGiveBack(t *testing.T) {
	s := Sale{State: StateDeclined, Order: Order{Kind: KindAirtime, Amount: New(25000, ZAR), Tender: Tender{Kind: TenderCash}}, GivenBack: true}
	if got := GiveBack(s); got != "Give back R 250.00 in cash" {
		t.Errorf("%q", got)
	}
	s.GivenBack = false
	if got := GiveBack(s); got != "Refund due: cash R 250.00" || !RefundDue(s) {
		t.Errorf("%q refund due %v", got, RefundDue(s))
	}
	s.Order.Tender = Tender{Kind: TenderMpesa, Ref: "S1-T1-ABC123-1"}
	if got := GiveBack(s); got != "Refund due: M-Pesa R 250.00" {
		t.Errorf("%q", got)
	}
	s.State = StateDelivered
	if got := GiveBack(s); got != "" {
		t.Errorf("delivered: %q", got)
	}
}
