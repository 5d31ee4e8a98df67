package receipts

import (
	"bytes"
	"encoding/hex"
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

// qrisPayload is a dynamic QRIS payload as the Flowix sandbox makes it.
const qrisPayload = "00020101021226650016ID.CO.FLOWIX.WWW01189360099900000000170212FLX0000000170303UMI" +
	"51440014ID.CO.QRIS.WWW0215ID10230000000170303UMI5204599953033605405507005802ID" +
	"5909TOKO DEMO6007JAKARTA61051011062330121DEP-SBX-231025-0000010704TILL6304BCFD"

func codeSlip() CodeSlip {
	wib := time.FixedZone("WIB", 7*3600)
	return CodeSlip{
		Title: "SCAN TO PAY - QRIS", Payload: qrisPayload,
		Facts: [][2]string{{"Pay to", "TOKO DEMO, JAKARTA"}, {"Total to pay", "Rp 50.700"},
			{"Reference", "DEP-SBX-251123-000001"}, {"Sale", "TOKO01-TILL1-x7k2q9-1"}},
		At:      time.Date(2025, 11, 23, 14, 5, 9, 0, wib),
		Expires: time.Date(2025, 11, 23, 7, 20, 9, 0, time.UTC), // a provider's UTC: printed in the shop's zone
		Note:    "Scan with any QRIS banking or e-wallet app.",
	}
}

// slipText is the slip as text, the QR code's line marked.
func slipText(lines []Line) string {
	var b strings.Builder
	for _, l := range lines {
		if l.QR != "" {
			b.WriteString("[QR " + l.QR + "]\n")
			continue
		}
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

func TestCodeSlipGolden(t *testing.T) {
	wib, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Skip(err)
	}
	for _, w := range []int{32, 42, 48} {
		t.Run(itoa(w), func(t *testing.T) {
			lines, err := CodeLines(codeSlip(), Options{Width: w, Header: Header{ShopName: "TOKO DEMO"}, Location: wib, Cashier: "sari"})
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, slipText(lines))
		})
	}
	t.Run("escpos", func(t *testing.T) {
		lines, _ := CodeLines(codeSlip(), Options{Width: 32, Header: Header{ShopName: "TOKO DEMO"}, Location: wib, Cashier: "sari"})
		golden.RequireEqual(t, []byte(hex.Dump(ESCPOSWith(lines, ESCPOSOptions{}))))
	})
	if _, err := CodeLines(CodeSlip{Title: "X"}, Options{Width: 32}); err == nil {
		t.Fatal("a slip without a code")
	}
}

func itoa(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// job parses a job, failing on any byte it cannot account for, and checks
// what every job must be: ESC @ first, the cut last.
func job(t *testing.T, b []byte) []Command {
	t.Helper()
	cmds, err := ParseESCPOS(b)
	if err != nil {
		t.Fatalf("%v\n%s", err, hex.Dump(b))
	}
	if len(cmds) < 2 || cmds[0].Name != "ESC @" || cmds[len(cmds)-1].Name != "GS V" {
		t.Fatalf("job does not start with ESC @ and end with the cut: %v … %v", cmds[0], cmds[len(cmds)-1])
	}
	return cmds
}

func count(cmds []Command, name string) int {
	n := 0
	for _, c := range cmds {
		if c.Name == name {
			n++
		}
	}
	return n
}

// The native QR: model 2, the module size and error level set, the data
// stored — exactly the payload — then printed, centred.
func TestESCPOSQRNative(t *testing.T) {
	lines, err := CodeLines(codeSlip(), Options{Width: 42})
	if err != nil {
		t.Fatal(err)
	}
	cmds := job(t, ESCPOSWith(lines, ESCPOSOptions{}))
	var seq []string
	var stored []byte
	centred := false
	for _, c := range cmds {
		switch c.Name {
		case "ESC a":
			centred = c.Args[0] == 1
		case "GS ( k":
			if !centred {
				t.Fatal("QR not centred")
			}
			if c.Args[0] != '1' {
				t.Fatalf("cn %q is not QR", c.Args[0])
			}
			fn := c.Args[1]
			seq = append(seq, string(fn))
			switch fn {
			case 'A':
				if c.Args[2] != '2' || c.Args[3] != 0 {
					t.Fatalf("model %q", c.Args[2:])
				}
			case 'C':
				if c.Args[2] != QRModuleDots {
					t.Fatalf("module size %d", c.Args[2])
				}
			case 'E':
				if c.Args[2] < '0' || c.Args[2] > '3' {
					t.Fatalf("error level %d", c.Args[2])
				}
			case 'P':
				if c.Args[2] != '0' {
					t.Fatalf("store m = %d", c.Args[2])
				}
				stored = c.Data
			case 'Q':
				if c.Args[2] != '0' {
					t.Fatalf("print m = %d", c.Args[2])
				}
			}
		}
	}
	if strings.Join(seq, "") != "ACEPQ" {
		t.Fatalf("GS ( k functions %v, want model, size, level, store, print", seq)
	}
	if string(stored) != qrisPayload {
		t.Fatalf("stored %q", stored)
	}
	if count(cmds, "ESC p") != 0 || count(cmds, "GS v 0") != 0 {
		t.Fatal("a drawer pulse or a raster image in a plain slip")
	}
	if centred {
		t.Fatal("the text after the code is left centred")
	}
}

// The raster fallback is an image of the code: read back from the bits
// sent, it decodes to the payload.
func TestESCPOSQRRaster(t *testing.T) {
	lines, _ := CodeLines(codeSlip(), Options{Width: 32})
	cmds := job(t, ESCPOSWith(lines, ESCPOSOptions{QR: QRRaster}))
	if count(cmds, "GS ( k") != 0 || count(cmds, "GS v 0") != 1 {
		t.Fatalf("raster job: %d GS ( k, %d GS v 0", count(cmds, "GS ( k"), count(cmds, "GS v 0"))
	}
	for _, c := range cmds {
		if c.Name != "GS v 0" {
			continue
		}
		x, y := int(c.Args[1])|int(c.Args[2])<<8, int(c.Args[3])|int(c.Args[4])<<8
		if x*8 > qrRasterDots || c.Args[0] != 0 {
			t.Fatalf("image %d bytes wide, mode %d", x, c.Args[0])
		}
		img := image.NewGray(image.Rect(0, 0, x*8, y))
		for py := range y {
			for px := range x * 8 {
				v := color.Gray{Y: 255}
				if c.Data[py*x+px/8]&(0x80>>(px%8)) != 0 {
					v = color.Gray{}
				}
				img.SetGray(px, py, v)
			}
		}
		bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
		res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
		if err != nil || res.GetText() != qrisPayload {
			t.Fatalf("raster QR decodes to %v, %v", res, err)
		}
	}
}

// The drawer pulse comes right after initialising, once; the cut stays last.
func TestESCPOSDrawerKick(t *testing.T) {
	cmds := job(t, ESCPOSWith([]Line{{Text: "CASH SALE"}}, ESCPOSOptions{Kick: true}))
	if count(cmds, "ESC p") != 1 || cmds[1].Name != "ESC p" || !bytes.Equal(cmds[1].Args, []byte{0, 0x19, 0xfa}) {
		t.Fatalf("kick: %+v", cmds[:2])
	}
	k, err := ParseESCPOS(DrawerKick())
	if err != nil || len(k) != 2 || k[0].Name != "ESC @" || k[1].Name != "ESC p" {
		t.Fatalf("drawer job %+v %v", k, err)
	}
	if count(job(t, ESCPOS([]Line{{Text: "x"}})), "ESC p") != 0 {
		t.Fatal("a pulse nobody asked for")
	}
}

// A payload that is not printable ASCII never reaches the printer as data.
func TestESCPOSQRRefusesControlBytes(t *testing.T) {
	for _, mode := range []QRMode{QRNative, QRRaster} {
		cmds := job(t, ESCPOSWith([]Line{{QR: "https://x.test/\x1bp\x00"}}, ESCPOSOptions{QR: mode}))
		if count(cmds, "GS ( k") != 0 || count(cmds, "GS v 0") != 0 || !strings.Contains(string(ESCPOSWith([]Line{{QR: "a\x1b"}}, ESCPOSOptions{})), "(QR code not printable)") {
			t.Fatal("a payload with control bytes was sent")
		}
	}
}

func TestParseQRMode(t *testing.T) {
	for s, want := range map[string]QRMode{"": QRNative, "native": QRNative, "raster": QRRaster} {
		if m, err := ParseQRMode(s); err != nil || m != want {
			t.Errorf("%q: %v %v", s, m, err)
		}
	}
	for _, s := range []string{"Native", "bitmap", " raster"} {
		if _, err := ParseQRMode(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// Every time on a slip is in the shop's zone with its abbreviation; a
// provider's timestamp is converted.
func TestStamp(t *testing.T) {
	at := time.Date(2025, 11, 23, 12, 5, 9, 0, time.UTC)
	for zone, want := range map[string]string{
		"Africa/Johannesburg": "2025-11-23 14:05 SAST",
		"Africa/Nairobi":      "2025-11-23 15:05 EAT",
		"Asia/Jakarta":        "2025-11-23 19:05 WIB",
	} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skip(err)
		}
		if got := Stamp(at, loc); got != want {
			t.Errorf("%s: %q, want %q", zone, got, want)
		}
		for _, v := range []string{"2025-11-23T12:05:09Z", "2025-11-23T14:05:09+02:00", "2025-11-23T12:05:09.123456Z",
			"2025-11-23 19:05 +07"} {
			if got := providerStamp(v, loc); got != want {
				t.Errorf("%s: providerStamp(%q) = %q, want %q", zone, v, got, want)
			}
		}
	}
	for _, v := range []string{"yesterday", "", "2025-11-23 14:05:09"} {
		if got := providerStamp(v, time.UTC); got != v {
			t.Errorf("providerStamp(%q) = %q", v, got)
		}
	}
	if Stamp(at, nil) != "2025-11-23 12:05 UTC" {
		t.Error("no zone: UTC")
	}
}
