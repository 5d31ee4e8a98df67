package flowix

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"till/sale"
)

// tlvT builds one TLV field.
func tlvT(tag, v string) string { return fmt.Sprintf("%s%02d%s", tag, len(v), v) }

// withCRC appends the CRC field to body.
func withCRC(body string) string { p := body + "6304"; return p + Checksum(p) }

// sampleBody is a dynamic QRIS payload without its CRC field.
func sampleBody(amount string) string {
	b := tlvT("00", "01") + tlvT("01", "12") +
		tlvT("26", tlvT("00", "ID.CO.FLOWIX.WWW")+tlvT("01", "936009990000000017")+tlvT("03", "UMI")) +
		tlvT("51", tlvT("00", "ID.CO.QRIS.WWW")+tlvT("02", "ID1023000000017")) +
		tlvT("52", "5999") + tlvT("53", "360")
	if amount != "" {
		b += tlvT("54", amount)
	}
	return b + tlvT("58", "ID") + tlvT("59", "TOKO DEMO") + tlvT("60", "JAKARTA") + tlvT("61", "10110") +
		tlvT("62", tlvT("01", "DEP-SBX-231025-000001"))
}

func TestCRC16KnownVector(t *testing.T) {
	if got := CRC16([]byte("123456789")); got != 0x29B1 {
		t.Fatalf("CRC16(123456789) = %#04x, want 0x29b1", got)
	}
	if got := Checksum("123456789"); got != "29B1" {
		t.Fatalf("Checksum = %q", got)
	}
}

func TestParseQRIS(t *testing.T) {
	p := withCRC(sampleBody("50700"))
	q, err := ParseQRIS(p)
	if err != nil {
		t.Fatal(err)
	}
	if q.MerchantName != "TOKO DEMO" || q.MerchantCity != "JAKARTA" || q.PostalCode != "10110" || q.CountryCode != "ID" {
		t.Errorf("merchant = %q %q %q %q", q.MerchantName, q.MerchantCity, q.PostalCode, q.CountryCode)
	}
	if q.Amount != sale.New(50700, sale.IDR) || !q.Dynamic || q.Category != "5999" {
		t.Errorf("amount %v dynamic %v category %q", q.Amount, q.Dynamic, q.Category)
	}
	if q.Templates["62"]["01"] != "DEP-SBX-231025-000001" || q.Templates["26"]["00"] != "ID.CO.FLOWIX.WWW" {
		t.Errorf("templates = %v", q.Templates)
	}
	// Static payload without an amount; lower-case CRC hex is the same CRC.
	s := withCRC(strings.Replace(sampleBody(""), tlvT("01", "12"), tlvT("01", "11"), 1))
	q, err = ParseQRIS(s[:len(s)-4] + strings.ToLower(s[len(s)-4:]))
	if err != nil || q.Dynamic || !q.Amount.IsZero() {
		t.Fatalf("static: %+v, %v", q, err)
	}
	// "50700.00" is a whole rupiah amount.
	if q, err := ParseQRIS(withCRC(sampleBody("50700.00"))); err != nil || q.Amount.Minor != 50700 {
		t.Fatalf("50700.00: %v %v", q.Amount, err)
	}
}

func TestParseQRISRejects(t *testing.T) {
	good := withCRC(sampleBody("50700"))
	flip := func(s string, i int) string { b := []byte(s); b[i] ^= 0x01; return string(b) }
	cases := map[string]string{
		"bad CRC":          good[:len(good)-1] + string("0123456789ABCDEF"[(strings.IndexByte("0123456789ABCDEF", good[len(good)-1])+1)%16]),
		"no CRC field":     sampleBody("50700"),
		"body changed":     flip(good, 60),
		"wrong currency":   withCRC(strings.Replace(sampleBody("50700"), tlvT("53", "360"), tlvT("53", "840"), 1)),
		"cents in rupiah":  withCRC(sampleBody("50700.50")),
		"zero amount":      withCRC(sampleBody("0")),
		"negative amount":  withCRC(sampleBody("-5")),
		"long name":        withCRC(strings.Replace(sampleBody(""), tlvT("59", "TOKO DEMO"), tlvT("59", strings.Repeat("X", 26)), 1)),
		"no name":          withCRC(strings.Replace(sampleBody(""), tlvT("59", "TOKO DEMO"), "", 1)),
		"no account":       withCRC(strings.Replace(strings.Replace(sampleBody(""), tlvT("26", tlvT("00", "ID.CO.FLOWIX.WWW")+tlvT("01", "936009990000000017")+tlvT("03", "UMI")), "", 1), tlvT("51", tlvT("00", "ID.CO.QRIS.WWW")+tlvT("02", "ID1023000000017")), "", 1)),
		"duplicate tag":    withCRC(sampleBody("") + tlvT("59", "AGAIN")),
		"bad nested":       withCRC(strings.Replace(sampleBody(""), tlvT("62", tlvT("01", "DEP-SBX-231025-000001")), tlvT("62", "01ZZabc"), 1)),
		"no format first":  withCRC(tlvT("01", "12") + strings.TrimPrefix(sampleBody(""), tlvT("00", "01")+tlvT("01", "12")) + tlvT("00", "01")),
		"length past end":  withCRC(sampleBody("") + "6099X"),
		"control char":     withCRC(strings.Replace(sampleBody(""), "JAKARTA", "JAKAR\x1bA", 1)),
		"non-ASCII":        withCRC(strings.Replace(sampleBody(""), "JAKARTA", "JAKARTÄ", 1)),
		"empty":            "",
		"too long":         withCRC(sampleBody("") + tlvT("99", strings.Repeat("9", 99)) + tlvT("98", strings.Repeat("9", 99)) + tlvT("97", strings.Repeat("9", 99)) + tlvT("96", strings.Repeat("9", 99))),
		"zero length":      withCRC(sampleBody("") + "6500"),
		"tag not digits":   withCRC(sampleBody("") + "A1" + "01X"),
		"category letters": withCRC(strings.Replace(sampleBody(""), tlvT("52", "5999"), tlvT("52", "59A9"), 1)),
	}
	for name, p := range cases {
		if q, err := ParseQRIS(p); err == nil || !errors.Is(err, ErrQRIS) {
			t.Errorf("%s: ParseQRIS accepted it (%+v) or gave an unwrapped error %v", name, q.MerchantName, err)
		}
	}
}

// Every single-bit change of a valid payload is refused: CRC-16 detects all
// single-bit errors (except a hex letter's case in the CRC field, which is
// the same CRC).
func TestParseQRISSingleBitFlips(t *testing.T) {
	good := withCRC(sampleBody("50700"))
	for i := range len(good) {
		for bit := range 8 {
			b := []byte(good)
			b[i] ^= 1 << bit
			if i >= len(good)-4 && strings.EqualFold(string(b[i]), string(good[i])) {
				continue
			}
			if _, err := ParseQRIS(string(b)); err == nil {
				t.Fatalf("flip of bit %d at %d accepted: %q", bit, i, b)
			}
		}
	}
}

// crcBitwise is the textbook bit-at-a-time CRC-16/CCITT-FALSE.
func crcBitwise(data []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, b := range data {
		crc ^= uint16(b) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// FuzzCRC16 checks the table-driven CRC against the bitwise one, and the
// residue property: a message followed by its CRC (big-endian) has CRC 0.
func FuzzCRC16(f *testing.F) {
	f.Add([]byte("123456789"))
	f.Add([]byte(""))
	f.Add([]byte(withCRC(sampleBody("50700"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := CRC16(data)
		if w := crcBitwise(data); c != w {
			t.Fatalf("CRC16 = %#04x, bitwise %#04x", c, w)
		}
		if r := CRC16(binary.BigEndian.AppendUint16(append([]byte(nil), data...), c)); r != 0 {
			t.Fatalf("residue = %#04x, want 0", r)
		}
	})
}

// FuzzParseQRIS: the parser never panics, and whatever it accepts is
// verified: the CRC matches, the name and city fit, the amount is rupiah.
func FuzzParseQRIS(f *testing.F) {
	f.Add(withCRC(sampleBody("50700")))
	f.Add(withCRC(sampleBody("")))
	f.Add("000201010212")
	f.Add(sampleBody("1") + "6304ABCD")
	f.Fuzz(func(t *testing.T, p string) {
		q, err := ParseQRIS(p)
		if err != nil {
			if !errors.Is(err, ErrQRIS) {
				t.Fatalf("error does not wrap ErrQRIS: %v", err)
			}
			return
		}
		n := len(p)
		if q.Payload != p || !strings.EqualFold(Checksum(p[:n-4]), p[n-4:]) {
			t.Fatalf("accepted a payload whose CRC does not match: %q", p)
		}
		if q.MerchantName == "" || len(q.MerchantName) > 25 || q.MerchantCity == "" || len(q.MerchantCity) > 15 {
			t.Fatalf("accepted bad merchant fields: %+v", q)
		}
		if !q.Amount.IsZero() && (q.Amount.Currency != sale.IDR || q.Amount.Minor <= 0) {
			t.Fatalf("accepted a bad amount: %+v", q.Amount)
		}
		for i := 0; i < n; i++ {
			if p[i] < 0x20 || p[i] > 0x7e {
				t.Fatalf("accepted a control or non-ASCII byte")
			}
		}
	})
}
