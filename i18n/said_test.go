package i18n_test

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"till/i18n"
	"till/printer"
	"till/providers"
	"till/providers/flash"
	"till/providers/flowix"
)

// The messages providers.TransportOutcome really writes, for every way a
// call fails, come out Indonesian on an Indonesian till and unchanged on
// an English one; so does a client message with a provider's words quoted
// after it, and a message inside a message.
func TestSaidTransportOutcomes(t *testing.T) {
	var fails []error
	for _, sent := range []bool{false, true} {
		for _, k := range []providers.FailKind{providers.FailRequest, providers.FailDial, providers.FailTimeout,
			providers.FailCanceled, providers.FailBroken, providers.FailRedirect, providers.FailOversize} {
			fails = append(fails, &providers.TransportError{Kind: k, Sent: sent, Status: 302, Err: errors.New("x")})
		}
	}
	fails = append(fails, &providers.TokenError{Reason: "HTTP 401"}, errors.New("something else"))
	for _, err := range fails {
		msg := providers.TransportOutcome("Flowix", err).Message
		if got := i18n.EN.Said(msg); got != msg {
			t.Errorf("English changed %q to %q", msg, got)
		}
		id := i18n.ID.Said(msg)
		if id == msg || !strings.Contains(id, "Flowix") || englishLeft(id) {
			t.Errorf("%v: %q became %q", err, msg, id)
		}
	}

	quotedMsg := providers.Said(providers.InDoubt("http_503", "Flowix did not answer in time. The sale may have gone through; the till will check it."), "Flowix", "Server sedang sibuk").Message
	want := "Flowix tidak menjawab tepat waktu. Transaksi mungkin sudah berhasil; kasir akan mengeceknya. Kata Flowix: \u201cServer sedang sibuk\u201d"
	if got := i18n.ID.Said(quotedMsg); got != want {
		t.Errorf("quoted:\n got %q\nwant %q", got, want)
	}
	nested := "1Flow did not answer in time. The sale may have gone through; the till will check it. 1Flow recharges cannot be resent safely: a supervisor will check the device."
	if got := i18n.ID.Said(nested); englishLeft(got) || !strings.HasPrefix(got, "1Flow tidak menjawab") {
		t.Errorf("nested: %q", got)
	}
	for _, own := range []string{"Accepted, awaiting the network.", "Saldo tidak cukup", ""} {
		if got := i18n.ID.Said(own); got != own {
			t.Errorf("a provider's own words %q became %q", own, got)
		}
	}
	if got := i18n.ID.Said("1Flow accepted the recharge (HTTP 201) but sent no usable recharge id, so it cannot be tracked. A supervisor will check the device."); !strings.Contains(got, "(HTTP 201)") || englishLeft(got) {
		t.Errorf("a number kept: %q", got)
	}
}

// englishLeft reports whether s still holds words only English uses.
func englishLeft(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		switch strings.Trim(w, ".,;:()") {
		case "the", "was", "sale", "may", "nothing", "check", "will", "could", "not":
			return true
		}
	}
	return false
}

// Every said.* English text is word for word what a provider client (or
// the printer) writes: it is in the clients' source as a Go string (its %s and %d are
// the client's fmt verbs, or what the client adds to it). A client whose
// words change fails here, instead of its message silently staying English.
func TestSaidTextsAreTheClientsWords(t *testing.T) {
	var src strings.Builder
	walk := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "sandbox" {
			return filepath.SkipDir // the sandbox's words are not the till's
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			src.Write(b)
		}
		return nil
	}
	for _, dir := range []string{"providers", "printer"} {
		if err := filepath.WalkDir(filepath.Join("..", dir), walk); err != nil {
			t.Fatal(err)
		}
	}
	code := strings.ReplaceAll(src.String(), "%v", "%s") // a duration the client writes with %v
	n := 0
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, "said.") {
			continue
		}
		n++
		en := i18n.EN.T(k)
		if strings.Count(en, "%") > 0 {
			en = strings.ReplaceAll(en, "%%", "%") // T with no args returns the text as written
		}
		lit := strings.Trim(strconv.Quote(en), `"`)
		lit = strings.TrimPrefix(lit, "%s ")  // said.of_no_resend: the client appends " 1Flow recharges …"
		lit = strings.TrimPrefix(lit, "%s: ") // the printer's: its name, then what to do
		if k == "said.quote" {
			lit = ` said: \u201c`
		}
		if !strings.Contains(code, lit) {
			t.Errorf("%s: no provider client writes %q", k, lit)
		}
	}
	if n < 20 {
		t.Fatalf("only %d said.* texts", n)
	}
}

// A real print that fails (a file printer whose directory is missing, a
// network printer that refuses) says what to do in Indonesian.
func TestSaidPrinterFailures(t *testing.T) {
	p, err := printer.Open(printer.Config{File: filepath.Join(t.TempDir(), "missing", "slips.bin"), Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	perr := p.Print(context.Background(), []byte("x"))
	if perr == nil {
		t.Fatal("printed into a missing directory")
	}
	got := i18n.ID.Said(perr.Error())
	if !strings.HasSuffix(got, ": direktorinya tidak ada") || got == perr.Error() {
		t.Errorf("%q became %q", perr, got)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connection refused
	p, err = printer.Open(printer.Config{TCP: addr, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	perr = p.Print(context.Background(), []byte("x"))
	if got := i18n.ID.Said(perr.Error()); !strings.Contains(got, "koneksi ditolak — apakah printer menyala") {
		t.Errorf("%q became %q", perr, got)
	}
}

// Every message of the providers' code tables (Flash's response codes,
// Flowix's error codes) reads Indonesian on an Indonesian till.
func TestSaidCodeTables(t *testing.T) {
	var msgs []string
	for _, info := range flash.Codes() {
		msgs = append(msgs, info.Message)
	}
	for _, info := range flowix.Codes() {
		msgs = append(msgs, info.Message)
	}
	for _, m := range msgs {
		if got := i18n.ID.Said(m); got == m || englishLeft(got) {
			t.Errorf("%q reads %q in Indonesian", m, got)
		}
	}
	if len(msgs) < 40 {
		t.Fatalf("only %d messages", len(msgs))
	}
}

// No two said.* texts share an English text: the pattern would pick one
// of them silently.
func TestSaidTextsUnique(t *testing.T) {
	seen := map[string]string{}
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, "said.") {
			continue
		}
		en := i18n.EN.T(k)
		if other, ok := seen[en]; ok {
			t.Errorf("%s and %s are both %q", k, other, en)
		}
		seen[en] = k
	}
}

// A %q in a said text matches what the client quoted and quotes it again.
func TestSaidQuoted(t *testing.T) {
	msg := `Flowix gave an unknown status "WEIRD \"x\"". The sale may have gone through; the till will check it.`
	want := `Flowix memberi status yang tidak dikenal "WEIRD \"x\"". Transaksi mungkin sudah berhasil; kasir akan mengeceknya.`
	if got := i18n.ID.Said(msg); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
