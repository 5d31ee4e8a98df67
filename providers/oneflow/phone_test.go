package oneflow

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"till/sale"
)

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct {
		in, country, want string
	}{
		{"0712345678", "KE", "+254712345678"},
		{"0712 345 678", "ke", "+254712345678"},
		{"071-234-5678", "KE", "+254712345678"},
		{"(0712) 345.678", "KE", "+254712345678"},
		{"712345678", "KE", "+254712345678"},
		{"0110123456", "KE", "+254110123456"},
		{"+254712345678", "", "+254712345678"},
		{"+254 712 345 678", "GH", "+254712345678"},
		{"254712345678", "", "+254712345678"},
		{"00254712345678", "", "+254712345678"},
		{"0241234567", "GH", "+233241234567"},
		{"0501234567", "GH", "+233501234567"},
		{"+233241234567", "KE", "+233241234567"},
		{"233241234567", "KE", "+233241234567"},
		{"  024 123 4567 ", "GH", "+233241234567"},
	} {
		got, err := NormalizePhone(tc.in, tc.country)
		if err != nil || got != tc.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q", tc.in, tc.country, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, country, msg string }{
		{"", "KE", "type the customer's mobile number"},
		{"07123456789", "KE", "is not a Kenyan mobile number"},
		{"071234567", "KE", "is not a Kenyan mobile number"},
		{"0812345678", "KE", "is not a Kenyan mobile number"},
		{"0712345678", "GH", "is not a Ghanaian mobile number"},
		{"0712345678", "", "with its country code"},
		{"0712345678", "ZA", "with its country code"},
		{"+27821234567", "KE", "is not a Kenyan (+254) or Ghanaian (+233) number"},
		{"+2547123456789", "KE", "is not a Kenyan mobile number"},
		{"07123+45678", "KE", "has a sign"},
		{"-0712345678", "KE", "has a sign"},
		{"0712abc678", "KE", "may hold only digits"},
		{"٠٧١٢٣٤٥٦٧٨", "KE", "may hold only digits"},
		{"0712345678\x1b[2J", "KE", "may hold only digits"},
		{strings.Repeat("7", 40), "KE", "too long"},
	} {
		_, err := NormalizePhone(tc.in, tc.country)
		if sale.ErrorCode(err) != sale.CodeInvalid || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("NormalizePhone(%q, %q) = %v; want an invalid error saying %q", tc.in, tc.country, err, tc.msg)
		}
		if err != nil && strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("error message holds an escape: %q", err)
		}
	}
}

var e164 = regexp.MustCompile(`^\+(254[17]|233[25])[0-9]{8}$`)

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"0712345678", "+254712345678", "00233241234567", "0241234567", "+", "00", "0", "(((", "+2540"} {
		f.Add(s, "KE")
		f.Add(s, "GH")
	}
	f.Fuzz(func(t *testing.T, s, country string) {
		got, err := NormalizePhone(s, country)
		if err != nil {
			if sale.ErrorCode(err) != sale.CodeInvalid {
				t.Fatalf("error %v is not CodeInvalid", err)
			}
			return
		}
		if !e164.MatchString(got) {
			t.Fatalf("NormalizePhone(%q, %q) = %q, not E.164 of a Kenyan or Ghanaian mobile", s, country, got)
		}
		if again, err := NormalizePhone(got, ""); err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q, %v", got, again, err)
		}
	})
}

func TestLookupAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   Customer
		code   string
	}{
		{"nested customer and deviceId", 200,
			`{"success":true,"data":{"customer":{"name":"Jane\u001b[1m Doe","phoneNumber":"+254712345678"},"devices":[{"deviceId":"D1","deviceType":"DEVICE","cardId":"C1"},{"serialNumber":"bad id!"},{"serialNumber":"C2","deviceType":"CARD"}]}}`,
			Customer{Name: "Jane Doe", Phone: "+254712345678", Devices: []Device{
				{ID: "D1", Type: "DEVICE", CardIDs: []string{"C1"}}, {ID: "C2", Type: "CARD"}}}, ""},
		{"no devices", 200, `{"success":true,"data":{"name":"Jane"}}`, Customer{Name: "Jane"}, ""},
		{"404", 404, `{"success":false,"message":"Customer not found"}`, Customer{}, sale.CodeNotFound},
		{"success false", 200, `{"success":false,"message":"no such customer"}`, Customer{}, sale.CodeNotFound},
		{"null data", 200, `{"success":true,"data":null}`, Customer{}, sale.CodeNotFound},
		{"empty data", 200, `{"success":true,"data":{}}`, Customer{}, sale.CodeNotFound},
		{"400", 400, `{"success":false,"message":"bad phone"}`, Customer{}, sale.CodeInvalid},
		{"500", 500, ``, Customer{}, sale.CodeUnavailable},
		{"garbage", 200, `{"success":tr`, Customer{}, sale.CodeUnavailable},
		{"401 twice", 401, ``, Customer{}, sale.CodeUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.lookup = status(tc.status, tc.body)
			c, _ := f.client(t)
			got, err := c.Lookup(context.Background(), LookupKey{LookupPhone, "0712345678"})
			if sale.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("Lookup = %v (code %q), want code %q", err, sale.ErrorCode(err), tc.code)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Lookup (-want +got):\n%s", d)
			}
		})
	}
}

func TestLookupRequest(t *testing.T) {
	f := newFake(t)
	var bodies []string
	f.lookup = func(w http.ResponseWriter, r *http.Request, _ int) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		writeRaw(w, 404, ``)
	}
	c, _ := f.client(t)
	for _, k := range []LookupKey{{LookupPhone, "0712345678"}, {LookupDevice, "68753500140920"}, {LookupCard, "CA1"}} {
		_, _ = c.Lookup(context.Background(), k)
	}
	want := []string{`{"phoneNumber":"+254712345678"}`, `{"deviceId":"68753500140920"}`, `{"cardId":"CA1"}`}
	if d := cmp.Diff(want, bodies); d != "" {
		t.Errorf("lookup bodies (-want +got):\n%s", d)
	}
}
