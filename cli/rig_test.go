package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"till/providers/sandbox"
)

// tillFile is a till's config for a test: [till] with a journal of its
// own, [receipt] when shop is set, then its tables. writeTill writes it.
type tillFile struct {
	store, terminal string // [till] store_id and terminal_id (default S1, T1)
	journal         string // the journal, relative to the config's folder (default journal.db)
	width           int    // [till] receipt_width (0: left out)
	timezone        string // [till] timezone ("": left out)
	shop            string // [receipt] shop_name ("": no [receipt])
	tables          []string
	extra           string              // appended as it is
	edit            func(string) string // changes the whole text before it is written
}

// writeTill writes c as till.toml (0600) in a folder of its own and
// returns its path and the journal's.
func writeTill(t *testing.T, c tillFile) (cfg, journal string) {
	t.Helper()
	dir := t.TempDir()
	store, terminal, rel := or(c.store, "S1"), or(c.terminal, "T1"), or(c.journal, "journal.db")
	journal = filepath.Join(dir, rel)
	var b strings.Builder
	fmt.Fprintf(&b, "[till]\nstore_id = %q\nterminal_id = %q\njournal = %q\n", store, terminal, journal)
	if c.width != 0 {
		fmt.Fprintf(&b, "receipt_width = %d\n", c.width)
	}
	if c.timezone != "" {
		fmt.Fprintf(&b, "timezone = %q\n", c.timezone)
	}
	if c.shop != "" {
		fmt.Fprintf(&b, "\n[receipt]\nshop_name = %q\n", c.shop)
	}
	for _, tb := range c.tables {
		b.WriteString("\n" + tb)
	}
	body := b.String() + c.extra
	if c.edit != nil {
		body = c.edit(body)
	}
	cfg = filepath.Join(dir, "till.toml")
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, journal
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// table is a TOML table of string values: its name, then key, value pairs.
func table(name string, kv ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\n", name)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, "%s = %q\n", kv[i], kv[i+1])
	}
	return b.String()
}

// The sandbox at base as each provider's table, with its credentials.
func sandboxFlash(base, timeout string) string {
	return table("flash", "base_url", base+sandbox.FlashPrefix, "api_key", sandbox.FlashAPIKey,
		"account_number", sandbox.FlashAccount, "timeout", timeout)
}

func sandboxOneFlow(base string, more ...string) string {
	return table("oneflow", append([]string{"base_url", base + sandbox.OneFlowPrefix, "client_id", sandbox.OneFlowClientID,
		"client_secret", sandbox.OneFlowClientSecret}, more...)...)
}

func sandboxFlowix(base string, more ...string) string {
	return table("flowix", append([]string{"base_url", base + sandbox.FlowixPrefix, "api_key", sandbox.FlowixAPIKey,
		"merchant_id", sandbox.FlowixMerchantID}, more...)...)
}

func sandboxFlutterwave(base string, more ...string) string {
	return table("flutterwave", append([]string{"base_url", base + sandbox.FlutterwavePrefix, "secret_key", sandbox.FlutterwaveSecretKey}, more...)...)
}

func sandboxMpesaFlow(base string) string {
	return table("mpesaflow", "base_url", base+sandbox.MpesaFlowPrefix, "api_key", sandbox.MpesaFlowAPIKey)
}

// tillRunner runs the built till with config cfg and fails the test when
// it exits other than want.
func tillRunner(t *testing.T, cfg string) func(want int, args ...string) result {
	return func(want int, args ...string) result {
		t.Helper()
		r := runTill(t, nil, append([]string{"--config", cfg}, args...)...)
		if r.code != want {
			t.Fatalf("till %s: exit %d, want %d\n%s%s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
		}
		return r
	}
}
