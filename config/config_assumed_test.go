package config

import (
	"maps"
	"os"
	"slices"
	"testing"

	"till/providers"
	"till/providers/flash"
	"till/providers/flowix"
	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/providers/oneflow"
)

// TestConfigExampleShowsTheDefaults: the tables config.example.toml shows
// are exactly the clients' assumed defaults, so copying the example
// changes nothing and the documentation cannot drift from the code.
func TestConfigExampleShowsTheDefaults(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse(data, "config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.Flash.ProductTypeMap(), flash.DefaultProductTypes(); !maps.Equal(got, want) {
		t.Errorf("[flash.product_types] %v, defaults %v", got, want)
	}
	if got, want := cfg.Flash.Declines(), flash.DefaultDeclined(); !slices.Equal(got, want) {
		t.Errorf("[flash.response_codes] %v, defaults %v", got, want)
	}
	for name, c := range map[string][2]providers.Statuses{
		"flowix.statuses":         {cfg.Flowix.Statuses.Table(flowix.NormStatus), flowix.DefaultStatuses()},
		"flowix.deposit_statuses": {cfg.Flowix.DepositStatuses.Table(flowix.NormStatus), flowix.DefaultDepositStatuses()},
		"oneflow.statuses":        {cfg.OneFlow.Statuses.Table(oneflow.NormStatus), oneflow.DefaultStatuses()},
		"flutterwave.statuses":    {cfg.Flutterwave.Statuses.Table(flutterwave.NormStatus), flutterwave.DefaultStatuses()},
		"mpesaflow.statuses":      {cfg.MpesaFlow.Statuses.Table(mpesaflow.NormStatus), mpesaflow.DefaultStatuses()},
	} {
		if !maps.Equal(c[0], c[1]) {
			t.Errorf("[%s] %v, defaults %v", name, c[0], c[1])
		}
	}
	if got, want := FlowixCodes(cfg.Flowix.ErrorCodes), flowix.DefaultDeclined(); !slices.Equal(got, want) {
		t.Errorf("[flowix.error_codes] %v, defaults %v", got, want)
	}
	if got, want := cfg.OneFlow.DeclineHTTP.Ints(), oneflow.DefaultDeclineHTTP(); !slices.Equal(got, want) {
		t.Errorf("[oneflow.decline_http] %v, defaults %v", got, want)
	}
	got, want := cfg.Flutterwave.DeclineMessages.List(), flutterwave.DefaultDeclineMessages()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("[flutterwave.decline_messages] %v, defaults %v", got, want)
	}
}
