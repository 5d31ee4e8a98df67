package cli

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"

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
	modeLive = "live"
	modeDemo = "demo"
)

// mode is "demo" for the embedded demo and a demo config, else "live".
func (c *Config) mode() string {
	if c.Demo || c.Till.Mode == modeDemo {
		return modeDemo
	}
	return modeLive
}

// validateMode checks [till] mode and, in demo mode, that no provider
// leaves this machine.
func (c *Config) validateMode(bad func(string, ...any)) {
	switch c.Till.Mode {
	case "":
		c.Till.Mode = modeLive
	case modeLive:
	case modeDemo:
		for _, p := range c.providerURLs() {
			if p.url != "" && !isLoopbackURL(p.url) {
				bad("[till] mode is \"demo\" but [%s] base_url %s is not a sandbox on this machine: a demo till must never reach a real provider (use mode = \"live\", or a loopback base_url)", p.table, p.url)
			}
		}
	default:
		bad("[till] mode %q: it must be \"live\" or \"demo\"", c.Till.Mode)
	}
}

type providerURL struct{ table, url string }

// providerURLs are the configured providers' tables and base URLs.
func (c *Config) providerURLs() []providerURL {
	var out []providerURL
	if c.Flash != nil {
		out = append(out, providerURL{"flash", c.Flash.BaseURL})
	}
	if c.OneFlow != nil {
		out = append(out, providerURL{"oneflow", c.OneFlow.BaseURL})
	}
	if c.Flowix != nil {
		out = append(out, providerURL{"flowix", c.Flowix.BaseURL})
	}
	if c.Flutterwave != nil {
		out = append(out, providerURL{"flutterwave", c.Flutterwave.BaseURL})
	}
	if c.MpesaFlow != nil {
		out = append(out, providerURL{"mpesaflow", c.MpesaFlow.BaseURL})
	}
	return out
}

func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Hostname() != "" && providers.IsLoopback(u.Hostname())
}

// noConfigError is what a command other than the TUI, sandbox, --help and
// --version says when no config is found and --demo is not given.
func (c *cli) noConfigError() error {
	return configErrorf("%s (looked in %s); use --demo for the demo journal", noConfigFound, strings.Join(c.configPlaces(), ", "))
}

const noConfigFound = "no config found"

// isNoConfig reports whether err is noConfigError's.
func isNoConfig(err error) bool {
	var ce *configError
	return errors.As(err, &ce) && strings.HasPrefix(ce.msg, noConfigFound)
}

// configPlaces are the places findConfig looks, in order, as a person
// reads them.
func (c *cli) configPlaces() []string {
	places := []string{"--config", "$TILL_CONFIG", "./till.toml"}
	if x := xdgDir(c.env, "XDG_CONFIG_HOME", ".config"); x != "" {
		places = append(places, filepath.Join(x, "till", "config.toml"))
	}
	return places
}

// configSource says which rule of the look-up order found path.
func (c *cli) configSource(path string) string {
	switch {
	case c.configPath != "":
		return "from --config"
	case c.env("TILL_CONFIG") != "":
		return "from $TILL_CONFIG"
	case path == "till.toml":
		return "./till.toml in the current directory"
	}
	return "the user's config"
}
