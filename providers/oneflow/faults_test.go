package oneflow

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers"
	"till/providers/providertest"
	"till/sale"
)

const accepted = `{"success":true,"timestamp":1777885301197,"message":"success","data":{"id":"98466062-2548-4dca-9ef9-f1b4b09c92dc","serialNumber":"68753500140920","deviceType":"DEVICE","status":"PENDING","amount":100.5,"createdAt":"2026-05-04T09:01:41.197617901Z","customer":{"name":"Jane Doe","phoneNumber":"+254712345678"}}}`

func sendOnce(t *testing.T, f *fake, mod ...func(*Options)) sale.Outcome {
	t.Helper()
	c, logs := f.client(t, mod...)
	out := c.Send(context.Background(), waterSale(device("68753500140920"), 10050, sale.KES))
	for _, secret := range []string{testSecret, testToken} {
		if strings.Contains(logs.String(), secret) || strings.Contains(out.Message, secret) {
			t.Errorf("secret %q leaked:\nlogs: %s\nmessage: %s", secret, logs, out.Message)
		}
	}
	return out
}

func TestSendAccepted(t *testing.T) {
	f := newFake(t)
	f.recharge = func(w http.ResponseWriter, _ *http.Request, _ int) {
		f.apply()
		writeRaw(w, http.StatusAccepted, accepted)
	}
	out := sendOnce(t, f)
	want := sale.Outcome{Result: sale.ResultPending, Code: "pending", Message: "1Flow accepted the recharge; waiting for the device to confirm it.",
		ProviderRef: "98466062-2548-4dca-9ef9-f1b4b09c92dc", PendingID: "98466062-2548-4dca-9ef9-f1b4b09c92dc",
		Items: []sale.Item{
			{Label: "Recharge ID", Value: "98466062-2548-4dca-9ef9-f1b4b09c92dc"},
			{Label: "Device", Value: "68753500140920"},
			{Label: "Customer", Value: "Jane Doe"},
		}}
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("Send (-want +got):\n%s", d)
	}
	// The amount crossed as a JSON number, exactly: 10050 minor = 100.50.
	if got, want := string(f.bodies[0]), `{"deviceId":"68753500140920","amount":100.50}`; got != want {
		t.Errorf("request body = %s, want %s", got, want)
	}
	if got := f.auths[0]; !strings.HasPrefix(got, "Bearer "+testToken) {
		t.Errorf("Authorization = %q", got)
	}
}

func TestSendCardBody(t *testing.T) {
	f := newFake(t)
	f.recharge = func(w http.ResponseWriter, _ *http.Request, _ int) { writeRaw(w, http.StatusAccepted, accepted) }
	c, _ := f.client(t)
	c.Send(context.Background(), waterSale(sale.Target{Kind: sale.TargetCard, Value: "CA1"}, 7, sale.KES))
	if got, want := string(f.bodies[0]), `{"cardId":"CA1","amount":0.07}`; got != want {
		t.Errorf("request body = %s, want %s", got, want)
	}
}

// TestSendFaults: every answer that does not prove the recharge was or was
// not created is in doubt, and an in-doubt initiation goes to a supervisor.
func TestSendFaults(t *testing.T) {
	for _, tc := range []struct {
		name     string
		handler  func(w http.ResponseWriter, r *http.Request, n int)
		timeout  time.Duration
		result   sale.Result
		code     string
		requests int
	}{
		{"timeout after apply", func(w http.ResponseWriter, r *http.Request, _ int) { providertest.Hold(w, r) }, 200 * time.Millisecond, sale.ResultInDoubt, "timeout", 1},
		{"500", status(500, `{"success":false,"message":"boom"}`), 0, sale.ResultInDoubt, "http_500", 1},
		{"502 html", status(502, `<html>Bad Gateway</html>`), 0, sale.ResultInDoubt, "http_502", 1},
		{"503", status(503, ``), 0, sale.ResultInDoubt, "http_503", 1},
		{"truncated JSON", status(202, accepted[:len(accepted)/2]), 0, sale.ResultInDoubt, "malformed", 1},
		{"trailing garbage", status(202, accepted+`}`), 0, sale.ResultInDoubt, "malformed", 1},
		{"empty 202", status(202, ``), 0, sale.ResultInDoubt, "malformed", 1},
		{"202 without id", status(202, `{"success":true,"data":{"status":"PENDING","serialNumber":"68753500140920"}}`), 0, sale.ResultInDoubt, "no_recharge_id", 1},
		{"202 with empty id", status(202, `{"success":true,"data":{"id":""}}`), 0, sale.ResultInDoubt, "no_recharge_id", 1},
		{"202 with id of controls", status(202, `{"success":true,"data":{"id":"ab\u001b[2Jc"}}`), 0, sale.ResultInDoubt, "no_recharge_id", 1},
		{"202 null data", status(202, `{"success":true,"data":null}`), 0, sale.ResultInDoubt, "no_recharge_id", 1},
		{"202 success false", status(202, `{"success":false,"data":{"id":"x"}}`), 0, sale.ResultInDoubt, "unsuccessful", 1},
		{"202 another device", status(202, `{"success":true,"data":{"id":"r1","serialNumber":"999"}}`), 0, sale.ResultInDoubt, "mismatch", 1},
		{"202 another amount", status(202, `{"success":true,"data":{"id":"r1","amount":100.51}}`), 0, sale.ResultInDoubt, "mismatch", 1},
		{"202 too many decimals", status(202, `{"success":true,"data":{"id":"r1","amount":100.505}}`), 0, sale.ResultInDoubt, "mismatch", 1},
		{"200 with id", status(200, `{"success":true,"data":{"id":"r1"}}`), 0, sale.ResultPending, "pending", 1},
		{"409", status(409, `{"success":false,"message":"duplicate"}`), 0, sale.ResultInDoubt, "http_409", 1},
		{"429", status(429, ``), 0, sale.ResultInDoubt, "http_429", 1},
		{"408", status(408, ``), 0, sale.ResultInDoubt, "http_408", 1},
		{"302", func(w http.ResponseWriter, r *http.Request, _ int) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		}, 0, sale.ResultInDoubt, "http_302", 1},
		{"400 decline", status(400, `{"success":false,"message":"amount must be positive"}`), 0, sale.ResultDeclined, "http_400", 1},
		{"403 decline", status(403, ``), 0, sale.ResultDeclined, "http_403", 1},
		{"404 decline", status(404, `{"success":false,"message":"Device not found"}`), 0, sale.ResultDeclined, "http_404", 1},
		{"422 decline", status(422, `{"success":false,"message":"Device is suspended"}`), 0, sale.ResultDeclined, "http_422", 1},
		{"422 claiming success", status(422, `{"success":true,"data":{"id":"r1"}}`), 0, sale.ResultInDoubt, "http_422", 1},
		{"reset after write", func(w http.ResponseWriter, r *http.Request, _ int) { providertest.Reset(w, r) }, 0, sale.ResultInDoubt, "broken", 1},
		{"401 twice", status(401, ``), 0, sale.ResultDeclined, "unauthorized", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.recharge = tc.handler
			out := sendOnce(t, f, func(o *Options) {
				if tc.timeout > 0 {
					o.Timeout = tc.timeout
				}
			})
			if out.Result != tc.result || out.Code != tc.code {
				t.Errorf("Send = %s/%s (%s), want %s/%s", out.Result, out.Code, out.Message, tc.result, tc.code)
			}
			if n := f.count("POST " + pathRecharge); n != tc.requests {
				t.Errorf("%d recharge requests, want %d: the client must never resend on its own", n, tc.requests)
			}
			s := waterSale(device("68753500140920"), 10050, sale.KES)
			s.PendingID = out.PendingID
			if out.Result == sale.ResultInDoubt && out.PendingID == "" {
				if got := (&Client{}).Settlement(s); got != sale.SettleSupervisor {
					t.Errorf("Settlement = %v, want SettleSupervisor", got)
				}
			}
		})
	}
}

func status(code int, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) { writeRaw(w, code, body) }
}

// TestSend401Once: one fresh token and one identical resend, no more.
func TestSend401Once(t *testing.T) {
	f := newFake(t)
	f.recharge = func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			writeRaw(w, http.StatusUnauthorized, `{"success":false,"message":"Unauthorized"}`)
			return
		}
		writeRaw(w, http.StatusAccepted, accepted)
	}
	out := sendOnce(t, f)
	if out.Result != sale.ResultPending {
		t.Fatalf("Send = %+v", out)
	}
	if got := []int{f.count("POST " + pathToken), f.count("POST " + pathRecharge)}; !cmp.Equal(got, []int{2, 2}) {
		t.Errorf("token, recharge requests = %v, want [2 2]", got)
	}
	if string(f.bodies[0]) != string(f.bodies[1]) {
		t.Errorf("the resend differs: %s vs %s", f.bodies[0], f.bodies[1])
	}
	if f.auths[0] == f.auths[1] {
		t.Errorf("the resend reused the refused token")
	}
}

// TestSendNotSent: nothing written, nothing possibly applied.
func TestSendNotSent(t *testing.T) {
	t.Run("dead token endpoint", func(t *testing.T) {
		c, err := New(Options{BaseURL: providertest.DeadURL(t), ClientID: testID, ClientSecret: testSecret, Currency: sale.KES})
		if err != nil {
			t.Fatal(err)
		}
		out := c.Send(context.Background(), waterSale(device("68753500140920"), 100, sale.KES))
		if out.Result != sale.ResultNotSent {
			t.Errorf("Send = %+v, want not sent", out)
		}
	})
	t.Run("recharge connection refused", func(t *testing.T) {
		f := newFake(t)
		f.recharge = func(w http.ResponseWriter, _ *http.Request, _ int) { f.apply(); writeRaw(w, 202, accepted) }
		var dials atomic.Int64
		tr := &http.Transport{DisableKeepAlives: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if dials.Add(1) > 1 { // the token call gets through, the recharge cannot connect
				return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
			}
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}}
		out := sendOnce(t, f, func(o *Options) { o.HTTPClient = &http.Client{Transport: tr} })
		if out.Result != sale.ResultNotSent || out.Code != "unreachable" {
			t.Errorf("Send = %+v, want not sent (unreachable)", out)
		}
		if f.applied != 0 || f.count("POST "+pathRecharge) != 0 {
			t.Errorf("the recharge reached the server")
		}
	})
	t.Run("invalid orders", func(t *testing.T) {
		f := newFake(t)
		c, _ := f.client(t)
		for name, s := range map[string]sale.Sale{
			"other currency": waterSale(device("1"), 100, sale.GHS),
			"zero":           waterSale(device("1"), 0, sale.KES),
			"bad device":     waterSale(device("1 2"), 100, sale.KES),
			"no device":      waterSale(device(""), 100, sale.KES),
			"mobile target":  waterSale(sale.Target{Kind: sale.TargetMobile, Value: "254712345678"}, 100, sale.KES),
			"airtime": func() sale.Sale {
				s := waterSale(device("1"), 100, sale.KES)
				s.Order.Kind = sale.KindAirtime
				return s
			}(),
			"other provider": func() sale.Sale { s := waterSale(device("1"), 100, sale.KES); s.Order.Provider = "flash"; return s }(),
		} {
			if out := c.Send(context.Background(), s); out.Result != sale.ResultNotSent {
				t.Errorf("%s: Send = %+v, want not sent", name, out)
			}
		}
		if n := f.count("POST " + pathRecharge); n != 0 {
			t.Errorf("%d requests sent for invalid orders", n)
		}
	})
}

// TestSendAlreadyInitiated: a sale with a recharge id is never initiated again.
func TestSendAlreadyInitiated(t *testing.T) {
	f := newFake(t)
	c, _ := f.client(t)
	s := waterSale(device("68753500140920"), 100, sale.KES)
	s.PendingID = "r1"
	if out := c.Send(context.Background(), s); out.Result != sale.ResultInDoubt || f.count("POST "+pathRecharge) != 0 {
		t.Errorf("Send of an initiated sale = %+v", out)
	}
}

func TestNew(t *testing.T) {
	ok := Options{BaseURL: "https://api.1flow.org", ClientID: "id", ClientSecret: "secret"}
	c, err := New(ok)
	if err != nil || c.Name() != "oneflow" || c.Window() != 0 || c.Currency() != sale.GHS {
		t.Fatalf("New(ok) = %v, %v", c, err)
	}
	for key, mod := range map[string]func(*Options){
		"base_url":      func(o *Options) { o.BaseURL = "http://api.1flow.org" },
		"client_id":     func(o *Options) { o.ClientID = "a:b" },
		"client_secret": func(o *Options) { o.ClientSecret = "" },
		"timeout":       func(o *Options) { o.Timeout = -time.Second },
		"currency":      func(o *Options) { o.Currency = "XXX" },
	} {
		o := ok
		mod(&o)
		_, err := New(o)
		ce, isCfg := errors.AsType[*providers.ConfigError](err)
		if !isCfg || ce.Key != key {
			t.Errorf("New with a bad %s = %v", key, err)
		}
	}
}

// TestTokenRequest: HTTP Basic client_id:client_secret, empty body, cached.
func TestTokenRequest(t *testing.T) {
	f := newFake(t)
	var basic string
	f.token = func(w http.ResponseWriter, r *http.Request, n int) {
		basic = r.Header.Get("Authorization")
		if r.ContentLength > 0 {
			t.Errorf("token request has a body")
		}
		f.defaultToken(w, r, n)
	}
	f.recharge = status(202, accepted)
	c, _ := f.client(t)
	for range 3 {
		c.Send(context.Background(), waterSale(device("68753500140920"), 10050, sale.KES))
	}
	if basic != "Basic dGlsbC10ZXN0OnMzY3IzdC1kby1ub3QtbG9n" { // till-test:s3cr3t-do-not-log
		t.Errorf("token Authorization = %q", basic)
	}
	if n := f.count("POST " + pathToken); n != 1 {
		t.Errorf("%d token requests for 3 sales, want 1 (cached)", n)
	}
}

func TestTokenAnswers(t *testing.T) {
	for name, h := range map[string]func(http.ResponseWriter, *http.Request, int){
		"401":          status(401, ``),
		"500":          status(500, ``),
		"garbage":      status(200, `{"access_token":`),
		"empty token":  status(200, `{"access_token":"","expires_in":60}`),
		"not bearer":   status(200, `{"access_token":"abc","token_type":"MAC"}`),
		"newline":      status(200, `{"access_token":"a\nb"}`),
		"no token key": status(200, `{"token":"abc"}`),
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t)
			f.token = h
			f.recharge = status(202, accepted)
			out := sendOnce(t, f)
			if out.Result != sale.ResultNotSent || f.count("POST "+pathRecharge) != 0 {
				t.Errorf("Send = %+v, want not sent", out)
			}
		})
	}
}
