package screens

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"

	"till/receipts"
)

func TestZZSlip(t *testing.T) {
	b, err := os.ReadFile("/tmp/i15live/slips.bin")
	if err != nil {
		t.Skip(err)
	}
	cmds, err := receipts.ParseESCPOS(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmds {
		if c.Name == "GS ( k" && len(c.Args) == 3 && c.Args[1] == 'P' {
			t.Logf("slip GS ( k data: %s", c.Data)
		}
		if c.Name == "GS v 0" {
			x, y := int(c.Args[1])|int(c.Args[2])<<8, int(c.Args[3])|int(c.Args[4])<<8
			img := image.NewGray(image.Rect(0, 0, x*8+40, y+40))
			for i := range img.Pix {
				img.Pix[i] = 255
			}
			for py := range y {
				for px := range x * 8 {
					if c.Data[py*x+px/8]&(0x80>>(px%8)) != 0 {
						img.SetGray(px+20, py+20, color.Gray{})
					}
				}
			}
			f, _ := os.Create("/tmp/i15live/raster.png")
			png.Encode(f, img)
			f.Close()
			t.Logf("raster %dx%d written", x*8, y)
		}
	}
	out, _ := os.ReadFile("/tmp/i15live/dep.out")
	lines := strings.Split(string(out), "\n")
	var qr []string
	for _, l := range lines {
		if strings.ContainsAny(l, "▀▄█") {
			qr = append(qr, l)
		}
	}
	if len(qr) > 0 {
		w := len([]rune(qr[0]))
		th := qrThemes[2]
		got, err := decodeQR(t, screenImage(t, strings.Join(qr, "\n"), w+4, len(qr)+4, th))
		t.Logf("stdout QR decodes to: %s %v", got, err)
	}
}
