package receipts

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/sale"
)

// sast is South African Standard Time, fixed so tests need no tzdata.
var sast = time.FixedZone("SAST", 2*60*60)

var shop = Header{
	ShopName:  "Corner Café Spaza",
	Address:   []string{"12 Main Road, Observatory", "Cape Town, 7925"},
	VATNumber: "4123456789",
	Footer:    "Thank you for shopping with us!\nAirtime and electricity are not refundable.",
}

// airtime is a cash airtime sale of R 10.00 made at 09:05 SAST, in state st.
func airtime(st sale.State) sale.Sale {
	return sale.Sale{
		Ref:        "STORE042-TILL07-K3M9QZ-1087",
		StoreID:    "STORE042",
		TerminalID: "TILL07",
		Day:        "2025-03-14",
		Order: sale.Order{
			Provider:    "flash",
			Kind:        sale.KindAirtime,
			Product:     "VOD-AIR",
			ProductName: "Vodacom Airtime",
			Target:      sale.Target{Kind: sale.TargetMobile, Value: "27821234567"},
			Amount:      sale.New(1000, sale.ZAR),
			Tender:      sale.Tender{Kind: sale.TenderCash, Tendered: sale.New(2000, sale.ZAR)},
			Cashier:     "Thabo M.",
		},
		State:     st,
		Attempts:  1,
		CreatedAt: time.Date(2025, 3, 14, 7, 5, 9, 0, time.UTC),
		UpdatedAt: time.Date(2025, 3, 14, 7, 5, 11, 0, time.UTC),
	}
}

func delivered() sale.Sale {
	s := airtime(sale.StateDelivered)
	s.ProviderRef = "FL-20250314-0099812345"
	s.Outcome = sale.Outcome{
		Result:      sale.ResultDelivered,
		Code:        "0000",
		Message:     "Success",
		ProviderRef: s.ProviderRef,
		Items: []sale.Item{
			{Label: "Network", Value: "Vodacom"},
			{Label: "Recharged", Value: "R 10.00"},
			{Label: "Message", Value: "Your recharge of R10.00 was successful. Dial *135# to check your balance."},
		},
	}
	return s
}

// pinned is a delivered airtime voucher: the PIN is what the customer bought.
func pinned() sale.Sale {
	s := delivered()
	s.Order.ProductName = "Vodacom R10 Airtime Voucher"
	s.Order.Target = sale.Target{}
	s.Outcome.Items = []sale.Item{
		{Label: "Network", Value: "Vodacom"},
		{Label: "PIN", Value: "1234 5678 9012 3456", Secret: true},
		{Label: "Serial", Value: "SN0099812345"},
		{Label: "Expiry", Value: "2028-03-14"},
		{Label: "How to recharge", Value: "Dial *100*01*PIN# and press call."},
	}
	return s
}

func declined() sale.Sale {
	s := airtime(sale.StateDeclined)
	s.Outcome = sale.Outcome{
		Result:  sale.ResultDeclined,
		Code:    "2001",
		Message: "Invalid mobile number for the selected network. Please check the number and try again.",
	}
	s.GivenBack = true // the cash went back at the counter (EventGiveBack)
	return s
}

func inDoubt() sale.Sale {
	s := airtime(sale.StateInDoubt)
	s.Outcome = sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "no answer within 30s"}
	return s
}

func pending() sale.Sale {
	s := airtime(sale.StatePending)
	s.Order.Provider = "oneflow"
	s.Outcome = sale.Outcome{Result: sale.ResultPending, PendingID: "rch_7f3a9c"}
	return s
}

func TestRenderGolden(t *testing.T) {
	cases := []struct {
		name string
		sale sale.Sale
		opt  Options
	}{
		{"delivered", delivered(), Options{}},
		{"delivered_copy2", delivered(), Options{Copy: 2, Cashier: "Lerato K."}},
		{"declined", declined(), Options{}},
		{"in_doubt", inDoubt(), Options{}},
		{"pending", pending(), Options{}},
		{"pinned", pinned(), Options{}},
		{"pinned_hidden", pinned(), Options{HideSecrets: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, w := range []int{32, 42, 48} {
				t.Run(strconv.Itoa(w), func(t *testing.T) {
					opt := c.opt
					opt.Width, opt.Header, opt.Location = w, shop, sast
					out, err := Render(c.sale, opt)
					if err != nil {
						t.Fatal(err)
					}
					checkPrintable(t, out, w)
					golden.RequireEqual(t, []byte(out))
				})
			}
		})
	}
}

func TestRenderRejectsWidth(t *testing.T) {
	for _, w := range []int{0, 31, 40, 80, -42} {
		_, err := Render(delivered(), Options{Width: w})
		if sale.ErrorCode(err) != sale.CodeInvalid {
			t.Errorf("width %d: got %v, want a %s error", w, err, sale.CodeInvalid)
		}
	}
	_, err := Render(delivered(), Options{Width: 32, Copy: -1})
	var e *sale.Error
	if !errors.As(err, &e) || e.Code != sale.CodeInvalid {
		t.Errorf("copy -1: got %v, want a %s error", err, sale.CodeInvalid)
	}
}

func TestRenderContents(t *testing.T) {
	out, err := Render(delivered(), Options{Width: 42, Header: shop})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Corner Cafe Spaza", // transliterated
		"2025-03-14 07:05",  // nil Location is UTC
		"STORE042-TILL07-K3M9QZ-1087",
		"FL-20250314-0099812345",
		"278*****567",
		"SUCCESSFUL",
		"Change                             R 10.00",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("receipt lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "27821234567") {
		t.Errorf("receipt shows the full mobile number:\n%s", out)
	}
	if strings.Contains(out, "COPY") {
		t.Errorf("original says COPY:\n%s", out)
	}
}

func TestCopyBannerTopAndBottom(t *testing.T) {
	lines, err := Lines(delivered(), Options{Width: 32, Copy: 3})
	if err != nil {
		t.Fatal(err)
	}
	var at []int
	for i, l := range lines {
		if strings.TrimSpace(l.Text) == "*** COPY 3 ***" {
			at = append(at, i)
			if !l.Emphasis {
				t.Errorf("copy banner at line %d is not emphasised", i)
			}
		}
	}
	if len(at) != 2 || at[0] > 1 || at[1] < len(lines)-2 {
		t.Errorf("copy banner at lines %v of %d, want first and last", at, len(lines))
	}
}

func TestOutcomeWording(t *testing.T) {
	for _, c := range []struct {
		state sale.State
		want  []string
		not   []string
	}{
		{sale.StateDelivered, []string{"SUCCESSFUL"}, []string{"PENDING", "DECLINED"}},
		{sale.StateDeclined, []string{"DECLINED", "Reason:", "No value was delivered."}, []string{"SUCCESSFUL"}},
		{sale.StatePending, []string{"PROCESSING", "Do not buy again for this number"}, []string{"SUCCESSFUL"}},
		{sale.StateNotSent, []string{"NOT SENT", "No value was delivered."}, []string{"SUCCESSFUL"}},
		{sale.StateNew, []string{"PENDING CONFIRMATION", "DO NOT RESELL", "may or may not"}, []string{"SUCCESSFUL"}},
		{sale.StateSending, []string{"PENDING CONFIRMATION", "DO NOT RESELL"}, []string{"SUCCESSFUL"}},
		{sale.StateInDoubt, []string{"PENDING CONFIRMATION", "DO NOT RESELL"}, []string{"SUCCESSFUL"}},
		{sale.StateNeedsSupervisor, []string{"PENDING CONFIRMATION", "DO NOT RESELL"}, []string{"SUCCESSFUL"}},
		{"", []string{"PENDING CONFIRMATION", "DO NOT RESELL"}, []string{"SUCCESSFUL"}},
	} {
		s := declined() // carries a message that only a decline shows
		s.State, s.GivenBack = c.state, c.state == sale.StateDeclined || c.state == sale.StateNotSent
		out, err := Render(s, Options{Width: 48})
		if err != nil {
			t.Fatal(err)
		}
		out = strings.Join(strings.Fields(out), " ") // sentences may wrap
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: lacks %q:\n%s", c.state, w, out)
			}
		}
		for _, w := range append(c.not, "Reason:") {
			if c.state == sale.StateDeclined && w == "Reason:" {
				continue
			}
			if strings.Contains(out, w) {
				t.Errorf("%q: shows %q:\n%s", c.state, w, out)
			}
		}
	}
}

func TestSecrets(t *testing.T) {
	out, err := Render(pinned(), Options{Width: 32})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\n\n              PIN\n      1234 5678 9012 3456\n\n") {
		t.Errorf("PIN is not shown in full and set apart:\n%s", out)
	}
	hidden, err := Render(pinned(), Options{Width: 32, HideSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hidden, "5678") || !strings.Contains(hidden, "***************3456") {
		t.Errorf("PIN is not masked to its last four:\n%s", hidden)
	}
	if !strings.Contains(hidden, "SN0099812345") {
		t.Errorf("a masked copy hides items that are not secret:\n%s", hidden)
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"12":                  "**",
		"1234":                "****",
		"12345":               "*2345",
		"1234 5678 9012 3456": "***************3456",
		"héllo wörld":         "*******örld",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkPrintable fails t if out has a line wider than w or a byte outside
// printable ASCII other than '\n', or does not end in a newline.
func checkPrintable(t *testing.T, out string, w int) {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("receipt does not end with a newline")
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if len(l) > w {
			t.Errorf("line %d is %d wide, more than %d: %q", i+1, len(l), w, l)
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("line %d has trailing spaces: %q", i+1, l)
		}
		for j := 0; j < len(l); j++ {
			if l[j] < 0x20 || l[j] > 0x7e {
				t.Fatalf("line %d has byte %#x at %d: %q", i+1, l[j], j, l)
			}
		}
	}
}
