package flowix

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"till/providers"
	"till/sale"
)

// ErrQRIS is wrapped by every error of ParseQRIS.
var ErrQRIS = errors.New("invalid QRIS payload")

// MaxQRISLen is the longest payload accepted (EMVCo: 512 characters).
const MaxQRISLen = 512

// QRIS is an EMVCo merchant-presented QR payload (Indonesia's QRIS), parsed
// and verified.
type QRIS struct {
	// Payload is the verified payload, exactly as given.
	Payload string
	// Dynamic is true for a one-time code (tag 01 = "12"), false for a
	// static one ("11" or absent).
	Dynamic bool
	// MerchantName (59), MerchantCity (60), PostalCode (61), CountryCode
	// (58) and Category (52, the merchant category code).
	MerchantName, MerchantCity, PostalCode, CountryCode, Category string
	// Amount (54) in rupiah; zero when the payload carries no amount and
	// the payer types it.
	Amount sale.Money
	// Fields holds every top-level tag's value; Templates the sub-fields of
	// the nested templates (26–51 merchant accounts, 62 additional data, 64
	// language template).
	Fields    map[string]string
	Templates map[string]map[string]string
}

// ParseQRIS parses and verifies a QRIS payload: a run of TLV fields (2-digit
// tag, 2-digit length, value) beginning with 00 = "01" and ending with the
// CRC field 63, whose 4 hex digits must be the CRC-16/CCITT-FALSE of
// everything before them (up to and including "6304"). It requires a
// merchant account template (02–51), category (52), currency 360 (rupiah),
// country (58), name (59, at most 25) and city (60, at most 15), and reads
// an amount (54) if present. Nested templates must be well-formed TLV too.
// Only printable ASCII is accepted. A payload that fails any check is an
// error wrapping ErrQRIS and must not be drawn.
func ParseQRIS(payload string) (QRIS, error) {
	bad := func(format string, a ...any) (QRIS, error) {
		return QRIS{}, fmt.Errorf("%w: "+format, append([]any{ErrQRIS}, a...)...)
	}
	if len(payload) < 12 || len(payload) > MaxQRISLen {
		return bad("length %d is outside 12..%d", len(payload))
	}
	for i := 0; i < len(payload); i++ {
		if payload[i] < 0x20 || payload[i] > 0x7e {
			return bad("character at %d is not printable ASCII", i)
		}
	}
	n := len(payload)
	if payload[n-8:n-4] != "6304" {
		return bad("does not end with the CRC field 6304")
	}
	want := Checksum(payload[:n-4])
	if !strings.EqualFold(payload[n-4:], want) {
		return bad("CRC is %s, the payload's is %s", want, providers.CleanMax(payload[n-4:], 4))
	}
	fields, order, err := tlv(payload)
	if err != nil {
		return bad("%v", err)
	}
	if order[0] != "00" || fields["00"] != "01" {
		return bad("does not begin with the payload format indicator 000201")
	}
	if order[len(order)-1] != "63" {
		return bad("the CRC field is not last")
	}
	q := QRIS{Payload: payload, Fields: fields, Templates: map[string]map[string]string{}}
	switch fields["01"] {
	case "", "11":
	case "12":
		q.Dynamic = true
	default:
		return bad("point of initiation %q is neither 11 nor 12", fields["01"])
	}
	accounts := 0
	for _, tag := range order {
		t, _ := strconv.Atoi(tag)
		switch {
		case t >= 2 && t <= 25:
			accounts++
		case t >= 26 && t <= 51, t == 62, t == 64:
			sub, _, err := tlv(fields[tag])
			if err != nil {
				return bad("template %s: %v", tag, err)
			}
			if t <= 51 {
				if sub["00"] == "" {
					return bad("merchant account template %s has no identifier (00)", tag)
				}
				accounts++
			}
			q.Templates[tag] = sub
		}
	}
	if accounts == 0 {
		return bad("no merchant account information (tags 02-51)")
	}
	q.Category = fields["52"]
	if len(q.Category) != 4 || strings.Trim(q.Category, "0123456789") != "" {
		return bad("merchant category (52) must be 4 digits")
	}
	if fields["53"] != "360" {
		return bad("currency (53) is %q, not 360 (rupiah)", fields["53"])
	}
	if v, ok := fields["54"]; ok {
		m, err := providers.MoneyFromMajor(json.Number(v), sale.IDR)
		if err != nil || m.Minor <= 0 || len(v) > 13 {
			return bad("amount (54) %q is not a whole rupiah amount", v)
		}
		q.Amount = m
	}
	q.CountryCode = fields["58"]
	if len(q.CountryCode) != 2 {
		return bad("country code (58) must be 2 letters")
	}
	q.MerchantName = strings.TrimSpace(fields["59"])
	if q.MerchantName == "" || len(fields["59"]) > 25 {
		return bad("merchant name (59) must be 1 to 25 characters")
	}
	q.MerchantCity = strings.TrimSpace(fields["60"])
	if q.MerchantCity == "" || len(fields["60"]) > 15 {
		return bad("merchant city (60) must be 1 to 15 characters")
	}
	q.PostalCode = fields["61"]
	return q, nil
}

// tlv splits s into fields: 2-digit tag, 2-digit length (01–99), value.
// It returns the values by tag and the tags in order; a repeated tag, a
// length running past the end or a non-digit tag or length is an error.
func tlv(s string) (map[string]string, []string, error) {
	fields := map[string]string{}
	var order []string
	for i := 0; i < len(s); {
		if len(s)-i < 4 {
			return nil, nil, fmt.Errorf("%d stray characters at the end", len(s)-i)
		}
		tag, ln := s[i:i+2], s[i+2:i+4]
		if !allDigits(tag) || !allDigits(ln) {
			return nil, nil, fmt.Errorf("tag or length at %d is not digits", i)
		}
		l, _ := strconv.Atoi(ln)
		if l == 0 {
			return nil, nil, fmt.Errorf("tag %s has length 0", tag)
		}
		i += 4
		if i+l > len(s) {
			return nil, nil, fmt.Errorf("tag %s runs past the end", tag)
		}
		if _, dup := fields[tag]; dup {
			return nil, nil, fmt.Errorf("tag %s appears twice", tag)
		}
		fields[tag] = s[i : i+l]
		order = append(order, tag)
		i += l
	}
	if len(order) == 0 {
		return nil, nil, errors.New("empty")
	}
	return fields, order, nil
}

func allDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// crcTable is CRC-16/CCITT-FALSE (poly 0x1021, MSB first) by byte.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		c := uint16(i) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return t
}()

// CRC16 is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection,
// no final xor), the checksum of EMVCo QR payloads. CRC16("123456789") is
// 0x29B1.
func CRC16(data []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, b := range data {
		crc = crc<<8 ^ crcTable[byte(crc>>8)^b]
	}
	return crc
}

// Checksum returns the CRC field value of a payload: the CRC16 of s (which
// must end with "6304") as 4 upper-case hex digits.
func Checksum(s string) string { return fmt.Sprintf("%04X", CRC16([]byte(s))) }
