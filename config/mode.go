package config

import (
	"net/url"
	"time"

	"till/providers"
)

// Live and demo (docs/ARCHITECTURE.md §3, §4).
//
// A config is live unless its [till] mode says "demo". A demo config is a
// training till: DEMO on every screen, and every provider it names must be
// a sandbox on this machine (a loopback base_url), so a till marked DEMO
// can never move real money. With no config the TUI opens the embedded
// demo; every other command (except sandbox, --help and --version) exits 2
// unless --demo asks for the demo.

// Modes of [till] mode.
const (
	ModeLive = "live"
	ModeDemo = "demo"
)

// Mode is "demo" for the embedded demo and a demo config, else "live".
func (c *Config) Mode() string {
	if c.Demo || c.Till.Mode == ModeDemo {
		return ModeDemo
	}
	return ModeLive
}

// validateMode checks [till] mode and, in demo mode, that no provider
// leaves this machine.
func (c *Config) validateMode(bad func(string, ...any)) {
	switch c.Till.Mode {
	case "":
		c.Till.Mode = ModeLive
	case ModeLive:
	case ModeDemo:
		for _, p := range c.ProviderURLs() {
			if p.URL != "" && !IsLoopbackURL(p.URL) {
				bad("[till] mode is \"demo\" but [%s] base_url %s is not a sandbox on this machine: a demo till must never reach a real provider (use mode = \"live\", or a loopback base_url)", p.Table, p.URL)
			}
		}
	default:
		bad("[till] mode %q: it must be \"live\" or \"demo\"", c.Till.Mode)
	}
}

type ProviderURL struct{ Table, URL string }

// ProviderURLs are the configured providers' tables and base URLs.
func (c *Config) ProviderURLs() []ProviderURL {
	var out []ProviderURL
	if c.Flash != nil {
		out = append(out, ProviderURL{"flash", c.Flash.BaseURL})
	}
	if c.OneFlow != nil {
		out = append(out, ProviderURL{"oneflow", c.OneFlow.BaseURL})
	}
	if c.Flowix != nil {
		out = append(out, ProviderURL{"flowix", c.Flowix.BaseURL})
	}
	if c.Flutterwave != nil {
		out = append(out, ProviderURL{"flutterwave", c.Flutterwave.BaseURL})
	}
	if c.MpesaFlow != nil {
		out = append(out, ProviderURL{"mpesaflow", c.MpesaFlow.BaseURL})
	}
	return out
}

func IsLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Hostname() != "" && providers.IsLoopback(u.Hostname())
}

// Demo is the config of the embedded demo: no file, the demo limits, a
// training shop's slip. The providers are filled in once the sandbox
// listens.
func Demo() *Config {
	return &Config{Demo: true,
		Till:    TillConfig{StoreID: "DEMO", TerminalID: "TILL1", ReceiptWidth: 42, location: time.Local, window: 24 * time.Hour},
		Limits:  DemoLimits(), // config_auth.go
		Receipt: ReceiptConfig{ShopName: "TILL DEMO SHOP", Address: []string{"1 Sandbox Street", "Loopback 127"}, Footer: "Demo receipt - no real value"},
	}
}
