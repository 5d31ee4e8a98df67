package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/sale"
	"till/store"
)

var sast = time.FixedZone("SAST", 2*3600)

// journal writes three sales over two business days to a real journal: a
// delivered voucher with a PIN (whose message is a formula), an in-doubt
// electricity sale, and an airtime sale the next day.
func journal(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: "S1", TerminalID: "T1", Location: sast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	at := time.Date(2025, 3, 14, 10, 0, 0, 0, sast)
	mk := func(o sale.Order, at time.Time, evs ...sale.Event) {
		if err := db.Bulk([]store.BulkSale{{Order: o, At: at, Events: evs}}); err != nil {
			t.Fatal(err)
		}
	}
	voucher := sale.Order{Provider: "flash", Kind: sale.KindVoucher, Product: "+SUM(1)", ProductName: "1Voucher R100",
		Amount: sale.New(10000, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}}
	mk(voucher, at,
		sale.Event{Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1},
		sale.Event{Type: sale.EventOutcome, At: at.Add(2 * time.Second), State: sale.StateDelivered, Outcome: &sale.Outcome{
			Result: sale.ResultDelivered, ProviderRef: "FL-1", Message: "=HYPERLINK(\"http://x\")",
			Items: []sale.Item{{Label: "PIN", Value: "1234567890123456", Secret: true}, {Label: "Serial", Value: "SN1"}}}},
		sale.Event{Type: sale.EventReprinted, At: at.Add(time.Minute), By: "thabo"})
	elec := sale.Order{Provider: "flash", Kind: sale.KindElectricity, ProductName: "Eskom", Target: sale.Target{Kind: sale.TargetMeter, Value: "04040404040"},
		Amount: sale.New(5000, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}}
	mk(elec, at.Add(time.Hour),
		sale.Event{Type: sale.EventSending, At: at.Add(time.Hour), State: sale.StateSending, Attempt: 1},
		sale.Event{Type: sale.EventOutcome, At: at.Add(time.Hour + 30*time.Second), State: sale.StateInDoubt, Outcome: &sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "no answer"}})
	air := sale.Order{Provider: "flash", Kind: sale.KindAirtime, ProductName: "Vodacom", Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"},
		Amount: sale.New(1050, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}}
	mk(air, at.Add(24*time.Hour))
	return db
}

func exportString(t *testing.T, src Source, from, to string, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := Write(&b, src, from, to, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCSV(t *testing.T) {
	db := journal(t)
	out := exportString(t, db, "", "", Options{Format: CSV, Location: sast})
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || !slices.Equal(rows[0], Columns) {
		t.Fatalf("rows:\n%s", out)
	}
	want := []string{"S1-T1-" + strings.Split(rows[1][0], "-")[2] + "-1", "S1", "T1", "2025-03-14", "2025-03-14T10:00:00+02:00", "2025-03-14T10:01:00+02:00",
		"1voucher", "'+SUM(1)", "1Voucher R100", "flash", "", "100.00", "ZAR", "cash", "DELIVERED", "FL-1", "1", "1",
		"'=HYPERLINK(\"http://x\")", ""}
	if diff := cmp.Diff(want, rows[1]); diff != "" {
		t.Errorf("voucher row (-want +got):\n%s", diff)
	}
	if rows[2][10] != "040*****040" || rows[2][14] != "IN_DOUBT" || rows[2][11] != "50.00" {
		t.Errorf("electricity row: %q", rows[2])
	}
	if rows[3][3] != "2025-03-15" || rows[3][10] != "278*****567" || rows[3][11] != "10.50" || rows[3][14] != "NEW" {
		t.Errorf("airtime row: %q", rows[3])
	}
	for _, secret := range []string{"1234567890123456", "04040404040", "27821234567"} {
		if strings.Contains(out, secret) {
			t.Errorf("the export holds %q:\n%s", secret, out)
		}
	}
	// Secrets only when asked for.
	out = exportString(t, db, "2025-03-14", "2025-03-14", Options{Format: CSV, Location: sast, IncludeSecrets: true})
	rows, _ = csv.NewReader(strings.NewReader(out)).ReadAll()
	if len(rows) != 3 || rows[1][19] != "PIN=1234567890123456" || rows[2][19] != "" {
		t.Errorf("with secrets, one day:\n%s", out)
	}
}

func TestJSONL(t *testing.T) {
	db := journal(t)
	out := exportString(t, db, "2025-03-15", "", Options{Format: JSONL, Location: sast})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("from 2025-03-15: %q", out)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	cols := slices.Sorted(slices.Values(Columns))
	if !slices.Equal(keys, cols) {
		t.Errorf("JSON keys %v, want %v", keys, cols)
	}
	if m["target"] != "278*****567" || m["amount"] != "10.50" || m["attempts"] != float64(0) || m["secrets"] != "" {
		t.Errorf("record %v", m)
	}
	out = exportString(t, db, "2025-03-14", "2025-03-14", Options{Format: JSONL, IncludeSecrets: true})
	if !strings.Contains(out, `"secrets":"PIN=1234567890123456"`) || !strings.Contains(out, `"message":"=HYPERLINK(\"http://x\")"`) {
		t.Errorf("JSONL with secrets (JSON is not defused):\n%s", out)
	}
}

func TestWriteErrors(t *testing.T) {
	db := journal(t)
	if _, err := Write(io.Discard, db, "", "", Options{Format: "xlsx"}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("bad format: %v", err)
	}
	if _, err := ParseFormat("JSONL"); err != nil {
		t.Error(err)
	}
	if _, err := Write(io.Discard, db, "14/03/2025", "", Options{Format: CSV}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("bad day: %v", err)
	}
	if _, err := Write(failWriter{}, db, "", "", Options{Format: CSV}); err == nil {
		t.Error("a failing writer is not reported")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{"": "", "=1+1": "'=1+1", "+27": "'+27", "-5": "'-5", "@SUM": "'@SUM", "\tx": "'\tx", "\rx": "'\rx", "10.00": "10.00", "a=b": "a=b"} {
		if got := Defuse(in); got != want {
			t.Errorf("Defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

// genSource makes n sales on the fly, sampling the live heap every sample
// rows (after a GC) while the export runs.
type genSource struct {
	n, sample int
	peak      uint64
}

func (g *genSource) EachSale(from, to string, fn func(sale.Sale) error) error {
	var ms runtime.MemStats
	for i := 1; i <= g.n; i++ {
		if err := fn(genSale(i)); err != nil {
			return err
		}
		if i%g.sample == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			g.peak = max(g.peak, ms.HeapAlloc)
		}
	}
	return nil
}

func genSale(i int) sale.Sale {
	at := time.Date(2025, 3, 14, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	return sale.Sale{Ref: sale.Reference("S1-T1-ABC123-" + string(rune('a'+i%26))), StoreID: "S1", TerminalID: "T1", Day: "2025-03-14",
		State: sale.StateDelivered, Attempts: 1, CreatedAt: at, UpdatedAt: at, ProviderRef: "FL-123456",
		Order: sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "VOD", ProductName: "Vodacom Airtime",
			Target: sale.Target{Kind: sale.TargetMobile, Value: "27821234567"}, Amount: sale.New(int64(1000+i%5000), sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}},
		Outcome: sale.Outcome{Result: sale.ResultDelivered, Message: "Success", Items: []sale.Item{{Label: "PIN", Value: "1234", Secret: true}}}}
}

// TestConstantMemory streams 20 times more sales and checks the live heap
// does not grow with them: rows are written as they come, never collected.
func TestConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("exports 200,000 rows")
	}
	for _, f := range []Format{CSV, JSONL} {
		small, large := &genSource{n: 10_000, sample: 2_500}, &genSource{n: 200_000, sample: 10_000}
		for _, g := range []*genSource{small, large} {
			var rows int
			n, err := Write(io.Discard, g, "", "", Options{Format: f, IncludeSecrets: true, Progress: func(r int) { rows = r }, ProgressEvery: 1000})
			if err != nil || n != g.n || rows != g.n {
				t.Fatalf("%s: %d rows (progress %d), %v", f, n, rows, err)
			}
		}
		if large.peak > small.peak+2<<20 {
			t.Errorf("%s: live heap %d bytes exporting 200,000 sales, %d for 10,000: it grows with the export", f, large.peak, small.peak)
		}
		t.Logf("%s: live heap %d KiB at 10,000 rows, %d KiB at 200,000", f, small.peak>>10, large.peak>>10)
	}
}

// memSource serves a slice of sales, as a journal would, for benchmarks.
type memSource []sale.Sale

func (m memSource) EachSale(from, to string, fn func(sale.Sale) error) error {
	for _, s := range m {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

const benchRows = 100_000

func benchSales() memSource {
	s := make(memSource, benchRows)
	for i := range s {
		s[i] = genSale(i)
	}
	return s
}

func benchmarkExport(b *testing.B, f Format) {
	src := benchSales()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Write(io.Discard, src, "", "", Options{Format: f, Location: sast}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExportCSV is Write over in-memory sales: row building (masking,
// RFC 3339 times in the shop's zone, formula guard) and CSV encoding.
func BenchmarkExportCSV(b *testing.B) { benchmarkExport(b, CSV) }

// BenchmarkExportJSONL is the same in JSON Lines.
func BenchmarkExportJSONL(b *testing.B) { benchmarkExport(b, JSONL) }

// BenchmarkBaselineCSV is the floor: a plain csv.Writer (buffered as Write
// is) writing the same rows, already built as strings.
func BenchmarkBaselineCSV(b *testing.B) {
	src := benchSales()
	rows := make([][]string, len(src))
	for i, s := range src {
		rows[i] = make([]string, len(Columns))
		Row(s, sast, false, rows[i])
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bw := bufio.NewWriterSize(io.Discard, 64<<10)
		w := csv.NewWriter(bw)
		_ = w.Write(Columns)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		w.Flush()
		_ = bw.Flush()
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestFastCSVMatchesEncodingCSV: the rows Write builds itself are byte for
// byte what encoding/csv writes.
func TestFastCSVMatchesEncodingCSV(t *testing.T) {
	fields := []string{"", "plain", "with,comma", `with "quote"`, "line\nbreak", "cr\rhere", "crlf\r\nend", " lead space",
		"\tlead tab", `\.`, "ünïcode", "\u00a0nbsp lead", "trail space ", `"`, ",", "'=1+1", "a\"b,c\nd"}
	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	var got bytes.Buffer
	bw := bufio.NewWriter(&got)
	var row csvRow
	for i := range fields {
		rec := []string{fields[i], fields[(i+3)%len(fields)], fields[(i+7)%len(fields)]}
		if err := cw.Write(rec); err != nil {
			t.Fatal(err)
		}
		if err := row.write(bw, rec); err != nil {
			t.Fatal(err)
		}
	}
	cw.Flush()
	bw.Flush()
	if got.String() != want.String() {
		t.Fatalf("fast CSV\n%q\nencoding/csv\n%q", got.String(), want.String())
	}
}
