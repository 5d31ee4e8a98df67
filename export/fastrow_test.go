package export

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"till/sale"
)

// TestAppendRowMatchesRow: the CSV rows built in place are byte for byte
// Row's cells, defused, as encoding/csv writes them, for cells that need
// quoting, defusing, both or neither, and amounts, counts, times and
// targets of every shape.
func TestAppendRowMatchesRow(t *testing.T) {
	texts := []string{"", "plain", "with,comma", `with "quote"`, "line\nbreak", "cr\rhere", " lead space", "\tlead tab", `\.`,
		"ünïcode", "\u00a0nbsp lead", "\u0085nel lead", "=1+1", "+27821234567", "-5", "@SUM(A1)", "'quoted", "\xffbad utf8", "a\"b,c\nd"}
	sast := time.FixedZone("SAST", 2*3600)
	wib, _ := time.LoadLocation("Asia/Jakarta")
	amounts := []sale.Money{sale.New(0, sale.ZAR), sale.New(5, sale.ZAR), sale.New(99, sale.ZAR), sale.New(100, sale.ZAR), sale.New(123456789, sale.ZAR),
		sale.New(50000, sale.IDR), sale.New(7, sale.KES), {Minor: -250, Currency: sale.ZAR}, {Minor: 12, Currency: "XXX"}}
	targets := []string{"", "1", "123456", "1234567", "123456789", "0821234567", "27821234567890", "=cmd|' /C calc'!A0"}
	times := []time.Time{{}, time.Date(2025, 3, 1, 10, 0, 0, 0, sast), time.Date(2026, 12, 31, 23, 59, 59, 999, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}
	var sales []sale.Sale
	for i := range 400 {
		txt := func(k int) string { return texts[(i*k+k)%len(texts)] }
		s := sale.Sale{
			Ref: sale.Reference(txt(1)), StoreID: txt(2), TerminalID: txt(3), Day: txt(4),
			Order: sale.Order{Kind: sale.Kind(txt(5)), Product: txt(6), ProductName: txt(7), Provider: txt(8),
				Target: sale.Target{Value: targets[i%len(targets)]}, Amount: amounts[i%len(amounts)], Tender: sale.Tender{Kind: sale.TenderKind(txt(9))}},
			State: sale.State(txt(10)), ProviderRef: txt(11), Attempts: i % 7, Reprints: (i * 3) % 5,
			CreatedAt: times[i%len(times)], UpdatedAt: times[(i+1)%len(times)],
			Outcome: sale.Outcome{Message: txt(12), Items: []sale.Item{{Label: "PIN", Value: txt(13), Secret: true}, {Label: "Serial", Value: "S1"}}},
		}
		sales = append(sales, s)
	}
	for _, loc := range []*time.Location{time.UTC, sast, wib} {
		for _, secrets := range []bool{false, true} {
			var want bytes.Buffer
			cw := csv.NewWriter(&want)
			cells := make([]string, len(Columns))
			var got, scratch []byte
			for i := range sales {
				Row(sales[i], loc, secrets, cells)
				for j, c := range cells {
					cells[j] = Defuse(c)
				}
				if err := cw.Write(cells); err != nil {
					t.Fatal(err)
				}
				got = appendRow(got, &sales[i], loc, secrets, &scratch)
			}
			cw.Flush()
			if !bytes.Equal(got, want.Bytes()) {
				g, w := bytes.Split(got, []byte("\n")), bytes.Split(want.Bytes(), []byte("\n"))
				for i := range min(len(g), len(w)) {
					if !bytes.Equal(g[i], w[i]) {
						t.Fatalf("%s secrets=%v line %d:\n got %q\nwant %q", loc, secrets, i, g[i], w[i])
					}
				}
				t.Fatalf("%s secrets=%v: %d lines, want %d", loc, secrets, len(g), len(w))
			}
		}
	}
}
