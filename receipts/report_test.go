package receipts

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/sale"
)

// dayReport is a Z report of 2025-03-14: airtime, electricity, a pulsa sale
// in IDR, a cash-out, one sale in doubt and one declined after M-Pesa.
func dayReport(t *testing.T) sale.DayReport {
	t.Helper()
	at := time.Date(2025, 3, 14, 6, 2, 0, 0, time.UTC)
	mk := func(no int, kind sale.Kind, provider, product string, target sale.Target, amt sale.Money, tender sale.TenderKind, st sale.State) sale.Sale {
		at = at.Add(37 * time.Minute)
		return sale.Sale{Ref: sale.Reference("STORE042-TILL07-K3M9QZ-" + strconv.Itoa(1080+no)), Day: "2025-03-14",
			StoreID: "STORE042", TerminalID: "TILL07", State: st, CreatedAt: at,
			Order: sale.Order{Provider: provider, Kind: kind, ProductName: product, Target: target, Amount: amt, Tender: sale.Tender{Kind: tender}}}
	}
	mobile := sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}
	meter := sale.Target{Kind: sale.TargetMeter, Value: "04040404040"}
	r := sale.NewDayReport("2025-03-14", "STORE042", "TILL07")
	for _, s := range []sale.Sale{
		mk(1, sale.KindAirtime, "flash", "Vodacom Airtime", mobile, sale.New(1000, sale.ZAR), sale.TenderCash, sale.StateDelivered),
		mk(2, sale.KindAirtime, "flash", "Vodacom Airtime", mobile, sale.New(2500, sale.ZAR), sale.TenderCash, sale.StateDelivered),
		mk(3, sale.KindElectricity, "flash", "Eskom Prepaid Electricity", meter, sale.New(15000, sale.ZAR), sale.TenderCard, sale.StateDelivered),
		mk(4, sale.KindPulsa, "flowix", "Telkomsel 50.000", sale.Target{Kind: sale.TargetMobile, Value: "6281234567890"}, sale.New(51500, sale.IDR), sale.TenderQRIS, sale.StateDelivered),
		mk(5, sale.KindCashOut, "flash", "Cash Out", sale.Target{}, sale.New(30000, sale.ZAR), sale.TenderCash, sale.StateDelivered),
		mk(6, sale.KindAirtime, "flash", "MTN Airtime", sale.Target{Kind: sale.TargetMobile, Value: "27831234567"}, sale.New(500, sale.ZAR), sale.TenderCash, sale.StateNeedsSupervisor),
		mk(7, sale.KindElectricity, "flash", "Eskom Prepaid Electricity", meter, sale.New(5000, sale.ZAR), sale.TenderMpesa, sale.StateDeclined),
		mk(8, sale.KindAirtime, "flash", "MTN Airtime", mobile, sale.New(700, sale.ZAR), sale.TenderCash, sale.StateNotSent),
		mk(9, sale.KindVoucherRedeem, "flash", "1Voucher redemption", sale.Target{}, sale.New(4000, sale.ZAR), "", sale.StateDelivered),
	} {
		s.GivenBack = s.State == sale.StateNotSent // the cash went back at the counter
		if err := r.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range []sale.CashMove{
		{Kind: sale.CashFloat, Amount: sale.New(50000, sale.ZAR)},
		{Kind: sale.CashFloat, Amount: sale.New(100000, sale.IDR)},
		{Kind: sale.CashDrop, Amount: sale.New(20000, sale.ZAR)},
	} {
		if err := r.AddCash(sale.Event{Seq: uint64(4100 + i), Type: sale.EventDrawer, Day: r.Day, By: "Thabo M.", Cash: &m}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.SetCounted([]sale.Money{sale.New(100000, sale.IDR), sale.New(61000, sale.ZAR)}); err != nil {
		t.Fatal(err)
	}
	r.Reprints = 3
	r.HeadSeq, r.HeadHash = 4211, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	r.Closed = &sale.Closure{Seq: 4211, Hash: r.HeadHash, At: time.Date(2025, 3, 14, 19, 0, 0, 0, time.UTC), By: "Thabo M."}
	return r
}

func TestReportGolden(t *testing.T) {
	r := dayReport(t)
	for _, w := range []int{32, 42, 48} {
		t.Run(strconv.Itoa(w), func(t *testing.T) {
			out, err := RenderReport(r, ReportOptions{Width: w, Header: shop, Location: sast, Z: true,
				Printed: r.Closed.At, PrintedBy: "Thabo M."})
			if err != nil {
				t.Fatal(err)
			}
			checkPrintable(t, out, w)
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestDrawerSectionGolden pins the CASH DRAWER part of an X and a Z
// report, two currencies, at every paper width.
func TestDrawerSectionGolden(t *testing.T) {
	r := dayReport(t)
	for _, w := range []int{32, 42, 48} {
		for _, z := range []bool{false, true} {
			name := strconv.Itoa(w) + "-x"
			rep := r
			if z {
				name = strconv.Itoa(w) + "-z"
			} else {
				rep.Closed, rep.Counted, rep.Variance = nil, nil, nil
			}
			t.Run(name, func(t *testing.T) {
				p := &page{width: w}
				drawerSection(p, rep, z)
				var b strings.Builder
				for _, l := range p.lines {
					b.WriteString(l.Text + "\n")
				}
				checkPrintable(t, b.String(), w)
				golden.RequireEqual(t, []byte(b.String()))
			})
		}
	}
}

func TestReportContents(t *testing.T) {
	r := dayReport(t)
	z, err := RenderReport(r, ReportOptions{Width: 42, Location: sast, Z: true})
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(z), " ")
	for _, want := range []string{
		"Z REPORT - DAY CLOSED", "Closed 2025-03-14 21:00", "Closed by Thabo M.",
		"Sales 9", "First ref STORE042-TILL07-K3M9QZ-1081", "Last ref STORE042-TILL07-K3M9QZ-1089",
		"Sold Rp 51.500", "Sold R 485.00", "Paid out R 40.00", // never ZAR + IDR
		"CASH DRAWER", "Float R 500.00", "Cash in R 340.00", "Cash out R 40.00", "Drops R 200.00",
		"Cash expected R 600.00", "Counted R 610.00", "Variance R 10.00", "Float Rp 100.000", "Cash expected Rp 100.000", "Variance Rp 0",
		"Card (1) R 150.00", "NEEDS_SUPERVISOR R 5.00", "DECLINED M-Pesa R 50.00", "electricity 040*****040",
		"Journal head: event 4211 9f86d081884c7d659a2feaa0c55ad015 a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"New sales belong to 2025-03-15", "Closed with 1 unresolved sale(s)",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("Z report lacks %q:\n%s", want, z)
		}
	}
	if strings.Contains(z, "27821234567") || strings.Contains(z, "04040404040") {
		t.Errorf("a target is shown in full:\n%s", z)
	}
	r.Closed = nil
	x, err := RenderReport(r, ReportOptions{Width: 32})
	if err != nil {
		t.Fatal(err)
	}
	if flat := strings.Join(strings.Fields(x), " "); !strings.Contains(flat, "X REPORT - DAY OPEN") || !strings.Contains(flat, "The day is still open.") || strings.Contains(x, "Closed by") {
		t.Errorf("X report:\n%s", x)
	}
	empty, err := RenderReport(sale.NewDayReport("2025-03-15", "S", "T"), ReportOptions{Width: 32})
	if err != nil || !strings.Contains(empty, "Sold                        none") || !strings.Contains(empty, "UNRESOLVED (0)\nnone") {
		t.Errorf("empty X report: %v\n%s", err, empty)
	}
	wide, err := ReportLines(dayReport(t), ReportOptions{Width: 100, Screen: true})
	if err != nil || len(wide) == 0 {
		t.Errorf("screen width 100: %v", err)
	}
	for _, w := range []int{0, 40, 100} {
		if _, err := RenderReport(r, ReportOptions{Width: w}); sale.ErrorCode(err) != sale.CodeInvalid {
			t.Errorf("paper width %d: %v", w, err)
		}
	}
}
