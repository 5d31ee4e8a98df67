package cli

import (
	"strings"
	"testing"

	"till/sale"
)

func TestMaskItemsHidesSecretsOnly(t *testing.T) {
	in := []sale.Item{{Label: "Token", Value: "12345678901234567890", Secret: true}, {Label: "Units", Value: "42.1 kWh"}}
	out := maskItems(in)
	if strings.Contains(out[0].Value, "1234567890123456") || !strings.HasSuffix(out[0].Value, "7890") {
		t.Fatalf("secret not masked: %q", out[0].Value)
	}
	if out[1].Value != "42.1 kWh" || in[0].Value != "12345678901234567890" {
		t.Fatalf("masked the wrong thing or changed the input: %+v %+v", out, in)
	}
	rec := maskRecord(record{Items: in})
	if rec.Items[0].Value == in[0].Value {
		t.Fatal("maskRecord left the token in full")
	}
}
