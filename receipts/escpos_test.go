package receipts

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestESCPOSGolden pins the printer bytes of a reprinted voucher receipt (a
// bold copy banner, a double-height PIN) as a hex dump.
func TestESCPOSGolden(t *testing.T) {
	lines, err := Lines(pinned(), Options{Width: 32, Header: shop, Location: sast, Copy: 1})
	if err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, []byte(hex.Dump(ESCPOS(lines))))
}

func TestESCPOSCommands(t *testing.T) {
	got := ESCPOS([]Line{
		{Text: "plain"},
		{Text: "bold", Emphasis: true},
		{Text: "1234", Emphasis: true, Secret: true},
		{Text: "\x1b@evil\x00"},
	})
	want := []byte("\x1b@" + "plain\n" + "\x1bE\x01bold\n" + "\x1d!\x011234\n" + "\x1bE\x00\x1d!\x00?@evil?\n" + "\x1bd\x04\x1dV\x01")
	if !bytes.Equal(got, want) {
		t.Fatalf("ESCPOS =\n%s\nwant\n%s", hex.Dump(got), hex.Dump(want))
	}
	// Styles still on at the end are switched off before the cut.
	got = ESCPOS([]Line{{Text: "PIN 1", Secret: true}})
	if !bytes.HasSuffix(got, []byte("PIN 1\n\x1bE\x00\x1d!\x00\x1bd\x04\x1dV\x01")) {
		t.Fatalf("styles left on:\n%s", hex.Dump(got))
	}
}

func TestSecretLinesMarked(t *testing.T) {
	lines, err := Lines(pinned(), Options{Width: 32})
	if err != nil {
		t.Fatal(err)
	}
	var secret []string
	for _, l := range lines {
		if l.Secret {
			secret = append(secret, l.Text)
			if !l.Emphasis {
				t.Errorf("secret line %q is not emphasised", l.Text)
			}
		}
	}
	if len(secret) != 1 || secret[0] != "      1234 5678 9012 3456" {
		t.Fatalf("secret lines = %q, want only the PIN", secret)
	}
	// A short secret beside its label is one secret line.
	s := pinned()
	s.Outcome.Items[1].Value = "9876"
	lines, _ = Lines(s, Options{Width: 32})
	n := 0
	for _, l := range lines {
		if l.Secret {
			n++
			if l.Text != "PIN                         9876" {
				t.Errorf("inline secret line %q", l.Text)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d secret lines, want 1", n)
	}
}
