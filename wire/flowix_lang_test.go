package wire

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"till/i18n"
	"till/providers"
	"till/providers/flowix"
	"till/providers/sandbox"
)

// flowixAt is the till's Flowix adapter talking to base.
func flowixAt(t *testing.T, base string) flowixAPI {
	t.Helper()
	c, err := flowix.New(flowix.Options{BaseURL: base + sandbox.FlowixPrefix, APIKey: providers.Secret(sandbox.FlowixAPIKey),
		MerchantID: sandbox.FlowixMerchantID, WebhookSecret: providers.Secret(sandbox.FlowixWebhookSecret), Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return flowixAPI{c}
}

// What Flowix refuses when a bill or an account is checked reaches the
// screens keyed: an Indonesian till reads it in Indonesian with Flowix's
// own words, an English till as before; so does a Flowix that cannot be
// reached.
func TestFlowixRefusalsSpeakIndonesian(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	api := flowixAt(t, base)
	ctx := context.Background()

	_, err = api.BillCheck(ctx, "PLNPASCA", "5123456700") // ends 00: the sandbox knows no such customer
	if err == nil {
		t.Fatal("an unknown customer's bill was checked")
	}
	en, id := i18n.EN.Error(err), i18n.ID.Error(err)
	if !strings.HasPrefix(en, "the bill check was refused. Flowix: ") {
		t.Errorf("en: %q", en)
	}
	if !strings.HasPrefix(id, "Ditolak oleh Flowix: ") || strings.Contains(id, "refused") || !strings.Contains(en, strings.TrimPrefix(id, "Ditolak oleh Flowix: ")) {
		t.Errorf("id: %q (en %q): Flowix's own words, framed in Indonesian", id, en)
	}

	_, err = api.AccountInquiry(ctx, "BCA", "1234567800")
	if id := i18n.ID.Error(err); !strings.HasPrefix(id, "Ditolak oleh Flowix: ") {
		t.Errorf("account check: %q", id)
	}

	// A Flowix that does not answer at all: nothing listens on this port.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	_, err = flowixAt(t, dead).Banks(ctx)
	en, id = i18n.EN.Error(err), i18n.ID.Error(err)
	if !strings.HasPrefix(en, "could not get the payout banks from Flowix (") {
		t.Errorf("en: %q", en)
	}
	if !strings.HasPrefix(id, "Tidak ada jawaban dari Flowix (") || !strings.Contains(id, "Periksa jaringan") {
		t.Errorf("id: %q", id)
	}
}
