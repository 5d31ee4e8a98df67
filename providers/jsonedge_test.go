package providers

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"till/sale"
)

func TestMoneyFromMajor(t *testing.T) {
	good := []struct {
		in   string
		cur  sale.Currency
		want sale.Money
	}{
		{"100.5", sale.KES, sale.New(10050, sale.KES)},
		{"100.50", sale.KES, sale.New(10050, sale.KES)},
		{"100.500", sale.KES, sale.New(10050, sale.KES)},
		{"100", sale.KES, sale.New(10000, sale.KES)},
		{"0.01", sale.ZAR, sale.New(1, sale.ZAR)},
		{"0", sale.ZAR, sale.New(0, sale.ZAR)},
		{"-2.5", sale.ZAR, sale.New(-250, sale.ZAR)},
		{"50000", sale.IDR, sale.New(50000, sale.IDR)},
		{"50000.0", sale.IDR, sale.New(50000, sale.IDR)},
		{"0.1", sale.NGN, sale.New(10, sale.NGN)},
	}
	for _, c := range good {
		got, err := MoneyFromMajor(json.Number(c.in), c.cur)
		if err != nil {
			t.Errorf("MoneyFromMajor(%q, %s): %v", c.in, c.cur, err)
			continue
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("MoneyFromMajor(%q) (-want +got):\n%s", c.in, d)
		}
	}
	for _, in := range []string{"100.505", "1e2", "1E2", "", "abc", "01", "1.", ".5", "--1", "+1", "0x10", "1 ", "99999999999999999999", "10000000000000000"} {
		if got, err := MoneyFromMajor(json.Number(in), sale.KES); err == nil {
			t.Errorf("MoneyFromMajor(%q) = %v, want error", in, got)
		} else if !errors.Is(err, ErrNumber) {
			t.Errorf("MoneyFromMajor(%q) error %v does not wrap ErrNumber", in, err)
		}
	}
	if _, err := MoneyFromMajor("5000.5", sale.IDR); err == nil {
		t.Error("IDR has no decimals: want error")
	}
	if _, err := MoneyFromMajor("1", sale.Currency("XXX")); err == nil {
		t.Error("unknown currency: want error")
	}
}

func TestMoneyFromMinorAndInt64(t *testing.T) {
	m, err := MoneyFromMinor("1000", sale.ZAR)
	if err != nil || m != sale.New(1000, sale.ZAR) {
		t.Errorf("MoneyFromMinor = %v, %v", m, err)
	}
	for _, in := range []string{"10.5", "1e3", `"10"`} {
		if _, err := MoneyFromMinor(json.Number(in), sale.ZAR); err == nil {
			t.Errorf("MoneyFromMinor(%q): want error", in)
		}
	}
	if n, err := Int64("1000.00"); err != nil || n != 1000 {
		t.Errorf("Int64(1000.00) = %d, %v", n, err)
	}
}

func TestDecodeJSONAndFlexString(t *testing.T) {
	var v struct {
		A *FlexString `json:"a"`
		B FlexString  `json:"b"`
		C *FlexString `json:"c"`
		N json.Number `json:"n"`
	}
	if err := DecodeJSON([]byte(`{"a":123456789012345678901,"b":"x","n":1.25}`), &v); err != nil {
		t.Fatal(err)
	}
	if *v.A != "123456789012345678901" || v.B != "x" || v.C != nil || v.N != "1.25" {
		t.Errorf("decoded %+v", v)
	}
	if err := DecodeJSON([]byte(`{"a":1} {"a":2}`), &v); err == nil {
		t.Error("trailing data: want error")
	}
	if err := DecodeJSON([]byte(`{"a":true}`), &v); err == nil {
		t.Error("bool into FlexString: want error")
	}
}

func FuzzMoneyFromMajor(f *testing.F) {
	for _, s := range []string{"100.5", "0.01", "-3", "1e2", "12345678.99", "007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := MoneyFromMajor(json.Number(s), sale.KES)
		if err != nil {
			return
		}
		// Exact: formatting and parsing again gives the same minor units.
		back, err := MoneyFromMajor(MajorNumber(m), sale.KES)
		if err != nil || back != m {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, m, MajorNumber(m), back, err)
		}
	})
}

func TestMoneyFromMajorRefusesTwoPoints(t *testing.T) {
	for _, s := range []string{"1.2.3", "1..2", "10.00.00"} {
		if m, err := MoneyFromMajor(json.Number(s), sale.ZAR); err == nil {
			t.Errorf("MoneyFromMajor(%q) = %s", s, m)
		}
	}
}
