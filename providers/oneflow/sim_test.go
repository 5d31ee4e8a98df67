package oneflow

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers/sandbox"
	"till/sale"
)

func TestSimLookup(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{})
	c := e.client(t, sale.KES)
	jane := Customer{Name: "Jane Doe", Phone: "+254712345678", Devices: []Device{
		{ID: "68753500140920", Type: "DEVICE", Name: "Home meter", CardIDs: []string{"CA254000123"}},
		{ID: "68753500140921", Type: "DEVICE", Name: "Kiosk tank"},
		{ID: "CA254000123", Type: "CARD", Name: "Water card"},
	}}
	for _, key := range []LookupKey{
		{LookupPhone, "0712 345 678"},
		{LookupPhone, "+254712345678"},
		{LookupPhone, "254712345678"},
		{LookupDevice, "68753500140921"},
		{LookupCard, "CA254000123"},
	} {
		got, err := c.Lookup(context.Background(), key)
		if err != nil {
			t.Fatalf("Lookup(%v): %v", key, err)
		}
		if d := cmp.Diff(jane, got); d != "" {
			t.Errorf("Lookup(%v) (-want +got):\n%s", key, d)
		}
	}
	if got := jane.Devices[2].Target(); got != (sale.Target{Kind: sale.TargetCard, Value: "CA254000123"}) {
		t.Errorf("card target = %v", got)
	}
	// A Ghanaian number typed in local form on a Ghanaian till.
	gh := e.client(t, sale.GHS)
	if got, err := gh.Lookup(context.Background(), LookupKey{LookupPhone, "024-123-4567"}); err != nil || got.Name != "Kwame Mensah" {
		t.Errorf("GH lookup = %+v, %v", got, err)
	}
}

func TestSimLookupErrors(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{})
	c := e.client(t, sale.KES)
	for _, tc := range []struct {
		key  LookupKey
		code string
	}{
		{LookupKey{LookupPhone, "0799999999"}, sale.CodeNotFound},
		{LookupKey{LookupDevice, "00000000000000"}, sale.CodeNotFound},
		{LookupKey{LookupCard, "68753500140920"}, sale.CodeNotFound}, // a device is not a card
		{LookupKey{LookupPhone, "call me"}, sale.CodeInvalid},
		{LookupKey{LookupPhone, "+27821234567"}, sale.CodeInvalid},
		{LookupKey{LookupDevice, "12 34"}, sale.CodeInvalid},
		{LookupKey{"email", "x@y"}, sale.CodeInvalid},
	} {
		_, err := c.Lookup(context.Background(), tc.key)
		if sale.ErrorCode(err) != tc.code {
			t.Errorf("Lookup(%v) = %v (code %q), want code %q", tc.key, err, sale.ErrorCode(err), tc.code)
		}
	}
}

// TestSimRecharge sells, polls and reads the receipt of a device and a card
// recharge, exactly as the engine would drive the client.
func TestSimRecharge(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{ManualComplete: true})
	c := e.client(t, sale.KES)
	ctx := context.Background()
	for _, tc := range []struct {
		target  sale.Target
		label   string
		litres  string
		balance string
	}{
		{device("68753500140920"), "Device", "201", "331000"}, // KES 100.50 at KES 0.50 a litre
		{sale.Target{Kind: sale.TargetCard, Value: "CA254000123"}, "Card", "201", "209000"},
	} {
		s := waterSale(tc.target, 10050, sale.KES)
		out := c.Send(ctx, s)
		if out.Result != sale.ResultPending || out.PendingID == "" {
			t.Fatalf("Send = %+v, want pending with an id", out)
		}
		if n := e.sim.Recharges(tc.target.Value); n != 1 {
			t.Fatalf("recharges = %d, want 1", n)
		}
		s.PendingID, s.State = out.PendingID, sale.StatePending
		if got := c.Settlement(s); got != sale.SettleQuery {
			t.Errorf("Settlement with an id = %v, want SettleQuery", got)
		}
		if got := c.Check(ctx, s); got.Result != sale.ResultPending || got.PendingID != s.PendingID {
			t.Fatalf("Check before completion = %+v", got)
		}
		if err := e.sim.Complete(s.PendingID, ""); err != nil {
			t.Fatal(err)
		}
		got := c.Check(ctx, s)
		if got.Result != sale.ResultDelivered || got.Amount != sale.New(10050, sale.KES) {
			t.Fatalf("Check after completion = %+v", got)
		}
		want := []sale.Item{
			{Label: "Recharge ID", Value: s.PendingID},
			{Label: tc.label, Value: tc.target.Value},
			{Label: "Customer", Value: "Jane Doe"},
			{Label: "Amount", Value: "KES 100.50"},
			{Label: "Currency", Value: "KES"},
			{Label: "Litres", Value: tc.litres + " L"},
			{Label: "Price per litre", Value: "KES 0.50"},
			{Label: "Balance", Value: tc.balance + " " + BalanceUnit},
			{Label: "Completed", Value: "<time>"},
		}
		for i := range got.Items {
			if got.Items[i].Label == "Completed" {
				if _, err := time.Parse(time.RFC3339Nano, got.Items[i].Value); err != nil {
					t.Errorf("completedAt %q: %v", got.Items[i].Value, err)
				}
				got.Items[i].Value = "<time>"
			}
		}
		if d := cmp.Diff(want, got.Items); d != "" {
			t.Errorf("receipt items (-want +got):\n%s", d)
		}
	}
}

func TestSimCompletesAfterDelayAndFails(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{CompleteAfter: -1})
	c := e.client(t, sale.GHS)
	ctx := context.Background()
	for _, tc := range []struct {
		dev  string
		want sale.Result
	}{
		{"68753500230002", sale.ResultDelivered},
		{"68753500230990", sale.ResultDeclined}, // always FAILED
		{"68753500230991", sale.ResultPending},  // never confirms
	} {
		s := waterSale(device(tc.dev), 2000, sale.GHS)
		out := c.Send(ctx, s)
		if out.Result != sale.ResultPending {
			t.Fatalf("%s: Send = %+v", tc.dev, out)
		}
		s.PendingID = out.PendingID
		if got := c.Check(ctx, s); got.Result != tc.want {
			t.Errorf("%s: Check = %+v, want %s", tc.dev, got, tc.want)
		}
	}
}

// TestSimCurrencyMismatch: a GHS till recharging a Kenyan (KES) device is
// never delivered: 1Flow states KES, so the sale is held for a person.
func TestSimCurrencyMismatch(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{CompleteAfter: -1})
	c := e.client(t, sale.GHS)
	s := waterSale(device("68753500140920"), 1000, sale.GHS)
	out := c.Send(context.Background(), s)
	if out.Result != sale.ResultPending {
		t.Fatalf("Send = %+v", out)
	}
	s.PendingID = out.PendingID
	got := c.Check(context.Background(), s)
	if got.Result != sale.ResultInDoubt || got.Code != "mismatch" || got.PendingID != s.PendingID {
		t.Errorf("Check = %+v, want in doubt (mismatch) and still pollable", got)
	}
}

// TestSimFaults plays every fault trigger of the simulator, by amount cents
// and by device, and checks what the till records and that a recharge
// exists exactly when the trigger says it was applied.
func TestSimFaults(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{SlowDelay: 50 * time.Millisecond, HoldMax: 5 * time.Second})
	c := e.client(t, sale.KES, func(o *Options) { o.Timeout = 500 * time.Millisecond })
	want := map[sandbox.Fault]struct {
		result sale.Result
		code   string
	}{
		sandbox.FaultLostAnswer:    {sale.ResultInDoubt, "timeout"},
		sandbox.FaultServerError:   {sale.ResultInDoubt, "http_500"},
		sandbox.FaultGarbage:       {sale.ResultInDoubt, "malformed"},
		sandbox.FaultDecline:       {sale.ResultDeclined, "http_422"},
		sandbox.FaultUnauthorized:  {sale.ResultPending, "pending"},
		sandbox.FaultSlow:          {sale.ResultPending, "pending"},
		sandbox.FaultReset:         {sale.ResultInDoubt, "broken"},
		sandbox.FaultUpstreamError: {sale.ResultInDoubt, "no_recharge_id"},
	}
	triggers := sandbox.OneFlowTriggers()
	if len(triggers) != len(want) {
		t.Fatalf("%d triggers, want %d", len(triggers), len(want))
	}
	for _, tr := range triggers {
		w := want[tr.Fault]
		for _, how := range []string{"device", "cents"} {
			dev, minor := tr.Device, int64(5000)
			if how == "cents" {
				dev, minor = "68753500140921", int64(5000+tr.Cents)
			}
			before := e.sim.Recharges(dev)
			tokens := e.tokens.Load()
			s := waterSale(device(dev), minor, sale.KES)
			out := c.Send(context.Background(), s)
			if out.Result != w.result || out.Code != w.code {
				t.Errorf("%s by %s: Send = %s/%s (%s), want %s/%s", tr.Fault, how, out.Result, out.Code, out.Message, w.result, w.code)
			}
			created := e.sim.Recharges(dev) - before
			if wantN := map[bool]int{true: 1, false: 0}[tr.Applied]; created != wantN {
				t.Errorf("%s by %s: %d recharges created, want %d", tr.Fault, how, created, wantN)
			}
			s.PendingID = out.PendingID
			if out.Result == sale.ResultInDoubt && c.Settlement(s) != sale.SettleSupervisor {
				t.Errorf("%s by %s: an initiation in doubt must go to a supervisor", tr.Fault, how)
			}
			if tr.Fault == sandbox.FaultUnauthorized && e.tokens.Load()-tokens != 1 {
				t.Errorf("401 once: %d token requests, want exactly 1 refresh", e.tokens.Load()-tokens)
			}
		}
	}
}

// TestSimTokenRevoked: an expired token is refreshed once, transparently.
func TestSimTokenRevoked(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{})
	c := e.client(t, sale.KES)
	if _, err := c.Lookup(context.Background(), LookupKey{LookupDevice, "68753500140920"}); err != nil {
		t.Fatal(err)
	}
	e.sim.RevokeTokens()
	out := c.Send(context.Background(), waterSale(device("68753500140920"), 500, sale.KES))
	if out.Result != sale.ResultPending {
		t.Fatalf("Send after revocation = %+v", out)
	}
	if n := e.tokens.Load(); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

func TestSimBadCredentials(t *testing.T) {
	e := newSim(t, sandbox.OneFlowOptions{})
	c := e.client(t, sale.KES, func(o *Options) { o.ClientSecret = "wrong-secret-xyz" })
	out := c.Send(context.Background(), waterSale(device("68753500140920"), 500, sale.KES))
	if out.Result != sale.ResultNotSent || out.Code != "token" {
		t.Errorf("Send with a bad secret = %+v, want not sent", out)
	}
	if strings.Contains(out.Message, "wrong-secret-xyz") || e.sim.Recharges("68753500140920") != 0 {
		t.Errorf("leaked or applied: %+v", out)
	}
	_, err := c.Lookup(context.Background(), LookupKey{LookupDevice, "68753500140920"})
	if sale.ErrorCode(err) != sale.CodeUnavailable || strings.Contains(err.Error(), "wrong-secret-xyz") {
		t.Errorf("Lookup with a bad secret = %v", err)
	}
}
