package flowix_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"till/providers"
	"till/providers/flowix"
	"till/providers/providertest"
	"till/providers/sandbox"
	"till/sale"
)

type env struct {
	t     *testing.T
	sim   *sandbox.FlowixSim
	srv   *httptest.Server
	c     *flowix.Client
	clock *providertest.Clock
	seq   int
}

// newEnv serves a simulator over real HTTP on loopback and a client for it.
// timeout is the client's per-call timeout.
func newEnv(t *testing.T, o sandbox.FlowixOptions, timeout time.Duration) *env {
	t.Helper()
	clk := providertest.NewClock(time.Date(2023, 10, 25, 7, 0, 0, 0, time.UTC))
	if o.Now == nil {
		o.Now = clk.Now
	}
	if o.SlowDelay == 0 {
		o.SlowDelay = 50 * time.Millisecond
	}
	sim := sandbox.NewFlowixSim(o)
	srv := httptest.NewServer(sim)
	t.Cleanup(func() {
		srv.Close()
		sim.Close()
		if n := sim.CredentialLeaks(); n != 0 {
			t.Errorf("the simulator saw credentials outside the headers %d times", n)
		}
	})
	c, err := flowix.New(flowix.Options{
		BaseURL: srv.URL + sandbox.FlowixPrefix, APIKey: sandbox.FlowixAPIKey, MerchantID: sandbox.FlowixMerchantID,
		WebhookSecret: sandbox.FlowixWebhookSecret, Timeout: timeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, sim: sim, srv: srv, c: c, clock: clk}
}

// sale returns a sale ready to send (attempt 1).
func (e *env) sale(kind sale.Kind, product, target string, amount int64, params map[string]string) sale.Sale {
	e.seq++
	ref, err := sale.NewReference("STORE1", "TILL1", "abc123", uint64(e.seq))
	if err != nil {
		e.t.Fatal(err)
	}
	tk := sale.TargetMobile
	if strings.HasPrefix(product, "PLN") {
		tk = sale.TargetMeter // as screens.PulsaTarget reads a PLN service's target
	}
	return sale.Sale{Ref: ref, State: sale.StateSending, Attempts: 1, Order: sale.Order{
		Provider: flowix.ProviderName, Kind: kind, Product: product, Target: sale.Target{Kind: tk, Value: target},
		Amount: sale.New(amount, sale.IDR), Params: params,
	}}
}

// after applies an outcome's PendingID to s, as the journal does.
func after(s sale.Sale, out sale.Outcome) sale.Sale {
	if out.PendingID != "" {
		s.PendingID = out.PendingID
	}
	st, _ := sale.StateFor(out.Result)
	s.State, s.Outcome = st, out
	return s
}

func want(t *testing.T, what string, out sale.Outcome, r sale.Result, code string) {
	t.Helper()
	if out.Result != r || (code != "" && out.Code != code) {
		t.Fatalf("%s: got %s/%s (%s), want %s/%s", what, out.Result, out.Code, out.Message, r, code)
	}
}

func TestAccountAndCatalogue(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 5*time.Second)
	ctx := context.Background()
	a, err := e.c.Account(ctx)
	if err != nil || a.Balance != sale.New(sandbox.FlowixStartBalance, sale.IDR) || a.Status != "active" || a.KYC != "verified" {
		t.Fatalf("account %+v, %v", a, err)
	}
	ps, err := e.c.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]sale.Product{}
	for _, p := range ps {
		byCode[p.Code] = p
	}
	if p := byCode["TSEL10"]; p.Kind != sale.KindPulsa || p.Price != sale.New(10500, sale.IDR) || !p.Active || p.Brand != "Telkomsel" {
		t.Errorf("TSEL10 = %+v", p)
	}
	if p := byCode["PLNPASCA"]; p.Kind != sale.KindBill || !p.Price.IsZero() || p.Details["category"] != "Pascabayar" {
		t.Errorf("PLNPASCA = %+v", p)
	}
	if byCode["SMART50"].Active {
		t.Error("an empty product is active")
	}
	if _, ok := byCode["ML5"]; !ok {
		t.Error("no games")
	}
	if _, err := e.c.Services(ctx, "x"); err == nil {
		t.Error("unknown type accepted")
	}
}

func TestPulsaPendingThenDelivered(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 5*time.Second)
	ctx := context.Background()
	s := e.sale(sale.KindPulsa, "TSEL10", "081234567890", 10500, nil)
	out := e.c.Send(ctx, s)
	want(t, "send", out, sale.ResultPending, "processing")
	if out.ProviderRef == "" {
		t.Error("no trx id")
	}
	s = after(s, out)
	want(t, "check before", e.c.Check(ctx, s), sale.ResultPending, "")
	e.clock.Advance(4 * time.Second)
	out = e.c.Check(ctx, s)
	want(t, "check after", out, sale.ResultDelivered, "success")
	if len(out.Items) != 1 || out.Items[0].Label != flowix.ItemSN || len(out.Items[0].Value) != 18 || out.Amount.Minor != 10500 {
		t.Fatalf("items %+v amount %v", out.Items, out.Amount)
	}
	if b := e.sim.Balance(); b != sandbox.FlowixStartBalance-10500 {
		t.Fatalf("balance %d", b)
	}
	// A resend with the same ref_id returns the original, applied once.
	want(t, "resend", e.c.Send(ctx, s), sale.ResultDelivered, "success")
	if b := e.sim.Balance(); b != sandbox.FlowixStartBalance-10500 {
		t.Fatalf("balance after resend %d: applied twice", b)
	}
}

func TestPLNTokenIsSecretAndGrouped(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 5*time.Second)
	ctx := context.Background()
	s := e.sale(sale.KindPulsa, "PLN20", "512345678901", 20300, nil)
	s = after(s, e.c.Send(ctx, s))
	e.clock.Advance(4 * time.Second)
	out := e.c.Check(ctx, s)
	want(t, "check", out, sale.ResultDelivered, "")
	tok := out.Items[0]
	if tok.Label != flowix.ItemToken || !tok.Secret || len(strings.Fields(tok.Value)) != 5 || len(tok.Value) != 24 {
		t.Fatalf("token item %+v", tok)
	}
	if len(out.Items) < 2 || !strings.Contains(out.Items[1].Value, "kWh") {
		t.Fatalf("token info %+v", out.Items)
	}
}

func TestSimulatorFaults(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		suffix string
		first  sale.Result
		code   string
	}{
		{"91", sale.ResultInDoubt, "timeout"},
		{"92", sale.ResultInDoubt, "http_503"},
		{"93", sale.ResultInDoubt, "malformed"},
		{"97", sale.ResultInDoubt, "broken"},
		{"98", sale.ResultInDoubt, "599"},
		{"96", sale.ResultPending, "processing"},
	}
	for _, c := range cases {
		t.Run(c.suffix, func(t *testing.T) {
			e := newEnv(t, sandbox.FlowixOptions{}, 400*time.Millisecond)
			s := e.sale(sale.KindPulsa, "XL10", "0817000000"+c.suffix, 10800, nil)
			out := e.c.Send(ctx, s)
			want(t, "send", out, c.first, c.code)
			s = after(s, out)
			if got := e.c.Settlement(s); c.first == sale.ResultInDoubt && got != sale.SettleQuery {
				t.Fatalf("settlement %v, want query first", got)
			}
			// The query finds it applied; it completes; it was applied once.
			want(t, "query", e.c.Check(ctx, s), sale.ResultPending, "processing")
			e.clock.Advance(4 * time.Second)
			want(t, "query later", e.c.Check(ctx, s), sale.ResultDelivered, "success")
			if b := e.sim.Balance(); b != sandbox.FlowixStartBalance-10800 {
				t.Fatalf("balance %d", b)
			}
		})
	}
}

func TestDeclinesAndFailures(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 5*time.Second)
	ctx := context.Background()
	want(t, "decline", e.c.Send(ctx, e.sale(sale.KindPulsa, "TRI10", "0895000000094", 10200, nil)), sale.ResultDeclined, "402")
	want(t, "closed", e.c.Send(ctx, e.sale(sale.KindPulsa, "SMART50", "0881234567890", 49600, nil)), sale.ResultDeclined, "423")
	// A number of the wrong length is refused at the edge: nothing is sent.
	want(t, "bad target", e.c.Send(ctx, e.sale(sale.KindPulsa, "TSEL10", "12345", 10500, nil)), sale.ResultNotSent, "invalid_target")
	// Flowix's own check still decides a target the till cannot judge.
	id := e.sale(sale.KindPulsa, "TSEL10", "12345", 10500, nil)
	id.Order.Target.Kind = sale.TargetAccount
	want(t, "bad id", e.c.Send(ctx, id), sale.ResultDeclined, "422")
	want(t, "no product", e.c.Send(ctx, e.sale(sale.KindPulsa, "NOPE1", "081234567890", 10500, nil)), sale.ResultDeclined, "404")
	// Accepted, then failed: the balance is refunded.
	s := e.sale(sale.KindPulsa, "TSEL10", "081234567895", 10500, nil)
	s = after(s, e.c.Send(ctx, s))
	e.clock.Advance(4 * time.Second)
	want(t, "fails later", e.c.Check(ctx, s), sale.ResultDeclined, "failed")
	if b := e.sim.Balance(); b != sandbox.FlowixStartBalance {
		t.Fatalf("balance %d, want refunded", b)
	}
	// Wrong credentials are refused before anything is applied.
	bad, _ := flowix.New(flowix.Options{BaseURL: e.srv.URL + sandbox.FlowixPrefix, APIKey: "sk-wrong", MerchantID: sandbox.FlowixMerchantID})
	s = e.sale(sale.KindPulsa, "TSEL10", "081234567000", 10500, nil)
	want(t, "bad key", bad.Send(ctx, s), sale.ResultDeclined, "401")
	if e.sim.Balance() != sandbox.FlowixStartBalance {
		t.Fatal("applied with a wrong key")
	}
}

// A request dropped before Flowix applied it: the query says "not found",
// and only then does the client ask for a resend with the same ref_id.
func TestDroppedPulsaIsResentAfterNotFound(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 2*time.Second)
	ctx := context.Background()
	s := e.sale(sale.KindPulsa, "ISAT10", "0857000000099", 10900, nil)
	out := e.c.Send(ctx, s)
	want(t, "send", out, sale.ResultInDoubt, "broken")
	s = after(s, out)
	if got := e.c.Settlement(s); got != sale.SettleQuery {
		t.Fatalf("settlement %v", got)
	}
	want(t, "query", e.c.Check(ctx, s), sale.ResultInDoubt, "not_found")
	if got := e.c.Settlement(s); got != sale.SettleResend {
		t.Fatalf("settlement after not found %v, want resend", got)
	}
	s.Attempts++
	// The resend is the identical request; the fault fires only once.
	want(t, "resend", e.c.Send(ctx, s), sale.ResultPending, "processing")
	if got := e.c.Settlement(s); got != sale.SettleQuery {
		t.Fatalf("after a resend the next settle queries first, got %v", got)
	}
	if n := e.sim.Balance(); n != sandbox.FlowixStartBalance-10900 {
		t.Fatalf("balance %d", n)
	}
}

func TestConnectionRefusedIsNotSent(t *testing.T) {
	c, err := flowix.New(flowix.Options{BaseURL: providertest.DeadURL(t) + "/flowix/api/v1", APIKey: "k", MerchantID: "m"})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t}
	for _, s := range []sale.Sale{
		e.sale(sale.KindPulsa, "TSEL10", "081234567890", 10500, nil),
		e.sale(sale.KindPayout, "BCA", "1234567890", 50000, nil),
		e.sale(sale.KindDeposit, "", "", 50000, nil),
	} {
		want(t, string(s.Order.Kind), c.Send(context.Background(), s), sale.ResultNotSent, "unreachable")
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	for name, o := range map[string]flowix.Options{
		"plain http": {BaseURL: "http://flowix.web.id/api/v1", APIKey: "k", MerchantID: "m"},
		"no key":     {BaseURL: flowix.DefaultBaseURL, MerchantID: "m"},
		"no mid":     {BaseURL: flowix.DefaultBaseURL, APIKey: "k"},
		"key crlf":   {BaseURL: flowix.DefaultBaseURL, APIKey: "k\r\nX: y", MerchantID: "m"},
	} {
		_, err := flowix.New(o)
		if err == nil {
			t.Errorf("%s accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "k\r\n") {
			t.Errorf("%s: error repeats the key", name)
		}
		var ce *providers.ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%s: %T", name, err)
		}
	}
}

// TestMobileInFlowixFormatAtTheEdge: a number the journal holds in any form
// reaches Flowix as 08…, read by the till's one phone parser (the sandbox
// refuses a target with spaces or a plus), and a signed one is not sent.
func TestMobileInFlowixFormatAtTheEdge(t *testing.T) {
	e := newEnv(t, sandbox.FlowixOptions{}, 5*time.Second)
	ctx := context.Background()
	for _, typed := range []string{"+62 812-3456-7890", "6281234567890"} {
		want(t, typed, e.c.Send(ctx, e.sale(sale.KindPulsa, "TSEL10", typed, 10500, nil)), sale.ResultPending, "processing")
	}
	before := e.sim.Balance()
	want(t, "signed", e.c.Send(ctx, e.sale(sale.KindPulsa, "TSEL10", "-6281234567890", 10500, nil)), sale.ResultNotSent, "invalid_target")
	if e.sim.Balance() != before {
		t.Fatal("a signed number was sent")
	}
}
