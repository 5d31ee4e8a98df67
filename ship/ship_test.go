package ship

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"till/sale"
	"till/ship/pgtest"
	"till/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var sast = time.FixedZone("SAST", 2*3600)

// Secrets sold in the test journals: none may reach head office.
const (
	voucherPIN    = "1234567890123456"
	elecToken     = "55554444333322221111"
	redeemPIN     = "9876543210987654"
	cardToken     = "flw-t1-c0ffeeSECRETtoken"
	mobile        = "27821234567"
	meterNumber   = "04040404040"
	customerEmail = "thandi.customer@example.com"
)

var secrets = []string{voucherPIN, elecToken, redeemPIN, cardToken}

// journal opens a real journal for store/terminal in a temp dir.
func journal(t *testing.T, storeID, terminalID string) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{StoreID: storeID, TerminalID: terminalID, Location: sast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sell journals n rounds of five sales through the store's own code: a
// delivered 1Voucher with a PIN, delivered electricity with a token, an
// in-doubt airtime sale, a 1Voucher redemption with the PIN as a secret
// input, and a card-paid airtime vend that was declined (refund due).
func sell(t *testing.T, db *store.DB, rounds int, at time.Time) int {
	t.Helper()
	var bulk []store.BulkSale
	for i := range rounds {
		at := at.Add(time.Duration(i) * time.Minute)
		sent := sale.Event{Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1}
		done := func(items ...sale.Item) sale.Event {
			return sale.Event{Type: sale.EventOutcome, At: at.Add(2 * time.Second), State: sale.StateDelivered,
				Outcome: &sale.Outcome{Result: sale.ResultDelivered, ProviderRef: "FL-1", Items: items}}
		}
		bulk = append(bulk,
			store.BulkSale{At: at, Order: sale.Order{Provider: "flash", Kind: sale.KindVoucher, Product: "1V100", ProductName: "1Voucher R100",
				Amount: sale.New(10000, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: "thabo"},
				Events: []sale.Event{sent, done(sale.Item{Label: "PIN", Value: voucherPIN, Secret: true}, sale.Item{Label: "Serial", Value: "SN1"})}},
			store.BulkSale{At: at, Order: sale.Order{Provider: "flash", Kind: sale.KindElectricity, ProductName: "Eskom",
				Target: sale.Target{Kind: sale.TargetMeter, Value: meterNumber}, Amount: sale.New(5000, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: "thabo"},
				Events: []sale.Event{sent, done(sale.Item{Label: "Token", Value: elecToken, Secret: true})}},
			store.BulkSale{At: at, Order: sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "VOD", ProductName: "Vodacom",
				Target: sale.Target{Kind: sale.TargetMobile, Value: mobile}, Amount: sale.New(1050, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: "lindi"},
				Events: []sale.Event{sent, {Type: sale.EventOutcome, At: at.Add(30 * time.Second), State: sale.StateInDoubt,
					Outcome: &sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout"}}}},
			store.BulkSale{At: at, Order: sale.Order{Provider: "flash", Kind: sale.KindVoucherRedeem, Product: "RED", ProductName: "1Voucher redeem",
				Amount: sale.New(4000, sale.ZAR), Cashier: "lindi", Secrets: map[string]string{"pin": redeemPIN}},
				Events: []sale.Event{sent, done()}},
			store.BulkSale{At: at, Order: sale.Order{Provider: "flash", Kind: sale.KindAirtime, Product: "MTN", ProductName: "MTN",
				Target: sale.Target{Kind: sale.TargetMobile, Value: mobile}, Amount: sale.New(2000, sale.ZAR),
				Tender: sale.Tender{Kind: sale.TenderCard, Ref: "S1-T1-X-1"}, Cashier: "lindi", Secrets: map[string]string{"token": cardToken},
				Params: map[string]string{"email": customerEmail}},
				Events: []sale.Event{sent, {Type: sale.EventOutcome, At: at.Add(3 * time.Second), State: sale.StateDeclined,
					Outcome: &sale.Outcome{Result: sale.ResultDeclined, Code: "05", Message: "Declined"}}}},
		)
	}
	if err := db.Bulk(bulk); err != nil {
		t.Fatal(err)
	}
	return len(bulk)
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func count(t *testing.T, conn *pgx.Conn, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := conn.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func head(t *testing.T, db *store.DB) uint64 {
	t.Helper()
	h, _, err := db.Head()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestShipSendsEveryEventOnceMasked(t *testing.T) {
	url := pgtest.T(t).DB(t)
	db := journal(t, "S1", "T1")
	sales := sell(t, db, 4, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
	conn := connect(t, url)
	ctx := context.Background()

	r, err := Ship(ctx, conn, db, Options{Batch: 7})
	if err != nil {
		t.Fatal(err)
	}
	h := head(t, db)
	if !r.UpToDate() || r.From != 0 || r.Shipped != h || r.Sent != int(h) || r.Batches != int((h+6)/7) || len(r.Migrated) != 1 {
		t.Fatalf("first ship: %+v (head %d)", r, h)
	}
	if n := count(t, conn, `SELECT count(*) FROM events`); n != int64(h) {
		t.Fatalf("events: %d rows, journal has %d", n, h)
	}
	// A second ship sends nothing; the position comes from PostgreSQL.
	r2, err := Ship(ctx, conn, db, Options{})
	if err != nil || r2.Sent != 0 || r2.From != h || !r2.UpToDate() || r2.Migrated != nil {
		t.Fatalf("second ship: %+v, %v", r2, err)
	}
	// Every row, every column: no secret, no unmasked target.
	rows, err := conn.Query(ctx, `SELECT e::text FROM events e UNION ALL SELECT s::text FROM sales s`)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		all.WriteString(s + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, s := range append(secrets, mobile, meterNumber, customerEmail) {
		for _, part := range []string{s, s[:8]} {
			if strings.Contains(all.String(), part) {
				t.Errorf("head office holds %q (of %q)", part, s)
			}
		}
	}
	for _, want := range []string{"************3456", "****************1111", "[REDACTED]", "278*****567", "tha*********************com"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("head office lacks the masked form %q", want)
		}
	}
	if n := count(t, conn, `SELECT count(*) FROM sales`); n != int64(sales) {
		t.Fatalf("sales view: %d rows, %d sold", n, sales)
	}
}

func TestSalesAndReportViews(t *testing.T) {
	url := pgtest.T(t).DB(t)
	db := journal(t, "S1", "T1")
	at := time.Date(2026, 3, 14, 10, 0, 0, 0, sast)
	sell(t, db, 2, at)
	conn := connect(t, url)
	ctx := context.Background()
	if _, err := Ship(ctx, conn, db, Options{}); err != nil {
		t.Fatal(err)
	}
	var (
		ref, day, kind, provider, product, target, currency, state, tender, cashier string
		minor                                                                       int64
		created                                                                     time.Time
		settled                                                                     *time.Time
	)
	err := conn.QueryRow(ctx, `SELECT reference, business_day, kind, provider, product, target, amount_minor, currency, state, tender, cashier, created_at, settled_at
		FROM sales WHERE kind = 'electricity' ORDER BY created_at LIMIT 1`).
		Scan(&ref, &day, &kind, &provider, &product, &target, &minor, &currency, &state, &tender, &cashier, &created, &settled)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ref, "S1-T1-") || day != "2026-03-14" || provider != "flash" || product != "Eskom" || target != "040*****040" ||
		minor != 5000 || currency != "ZAR" || state != "DELIVERED" || tender != "cash" || cashier != "thabo" ||
		!created.Equal(at) || settled == nil || !settled.Equal(at.Add(2*time.Second)) {
		t.Fatalf("electricity sale: %s %s %s %s %s %s %d %s %s %s %s %v %v", ref, day, kind, provider, product, target, minor, currency, state, tender, cashier, created, settled)
	}
	// Sales by day × store × product: only delivered sales count as sold.
	var sold, soldMinor, unresolved, notSold int64
	err = conn.QueryRow(ctx, `SELECT sum(sold), sum(sold_minor), sum(unresolved), sum(not_sold) FROM sales_by_day WHERE business_day = '2026-03-14' AND store_id = 'S1'`).
		Scan(&sold, &soldMinor, &unresolved, &notSold)
	if err != nil {
		t.Fatal(err)
	}
	if sold != 6 || soldMinor != 2*(10000+5000+4000) || unresolved != 2 || notSold != 2 {
		t.Fatalf("sales_by_day: sold %d (%d), unresolved %d, not sold %d", sold, soldMinor, unresolved, notSold)
	}
	// Unresolved and refund-due sales: the in-doubt airtime and the
	// declined card-paid vend, each with its age.
	rows, err := conn.Query(ctx, `SELECT kind, state, problem, age > interval '0' FROM open_sales ORDER BY created_at, problem`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var k, s, p string
		var aged bool
		if err := rows.Scan(&k, &s, &p, &aged); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %v", k, s, p, aged))
	}
	want := "airtime DECLINED refund_due true|airtime IN_DOUBT unresolved true|airtime DECLINED refund_due true|airtime IN_DOUBT unresolved true"
	if strings.Join(got, "|") != want {
		t.Fatalf("open_sales:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
	// A settled refund leaves the list.
	var settleRef string
	if err := conn.QueryRow(ctx, `SELECT reference FROM open_sales WHERE problem = 'refund_due' ORDER BY created_at LIMIT 1`).Scan(&settleRef); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Append(sale.Event{Ref: sale.Reference(settleRef), Type: sale.EventRefundSettled, At: at.Add(time.Hour), Note: sale.RefundSettledNote + ": cash", By: "sup"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Ship(ctx, conn, db, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, conn, `SELECT count(*) FROM open_sales WHERE problem = 'refund_due'`); n != 1 {
		t.Fatalf("refund due after one was settled: %d", n)
	}
	// Each till's last shipped event and lag.
	var last, headSeq, behind int64
	if err := conn.QueryRow(ctx, `SELECT last_seq, journal_head_seq, events_behind FROM till_lag WHERE store_id = 'S1' AND terminal_id = 'T1'`).Scan(&last, &headSeq, &behind); err != nil {
		t.Fatal(err)
	}
	if uint64(last) != head(t, db) || last != headSeq || behind != 0 {
		t.Fatalf("till_lag: last %d head %d behind %d (journal %d)", last, headSeq, behind, head(t, db))
	}
}

func TestTwoTillsShipConcurrently(t *testing.T) {
	url := pgtest.T(t).DB(t)
	ctx := context.Background()
	tills := []*store.DB{journal(t, "S1", "T1"), journal(t, "S1", "T2")}
	var wg sync.WaitGroup
	errs := make(chan error, len(tills))
	var mu sync.Mutex
	total := 0
	for i, db := range tills {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := Connect(ctx, url)
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(ctx)
			for round := range 6 {
				n := sell(t, db, 3, time.Date(2026, 3, 14, 9+i, round, 0, 0, sast))
				mu.Lock()
				total += n
				mu.Unlock()
				if _, err := Ship(ctx, conn, db, Options{Batch: 11}); err != nil {
					errs <- fmt.Errorf("till %d round %d: %w", i+1, round, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	conn := connect(t, url)
	for _, db := range tills {
		s, term, tag := db.Identity()
		if p, err := Position(ctx, conn, s, term, tag); err != nil || p != head(t, db) {
			t.Fatalf("%s: position %d, head %d (%v)", term, p, head(t, db), err)
		}
	}
	if n, want := count(t, conn, `SELECT count(*) FROM events`), int64(head(t, tills[0])+head(t, tills[1])); n != want {
		t.Fatalf("events: %d, want %d", n, want)
	}
	if n := count(t, conn, `SELECT count(*) FROM sales`); n != int64(total) {
		t.Fatalf("sales: %d, want %d", n, total)
	}
	chk, err := Verify(ctx, conn, tills[1])
	if err != nil || !chk.Intact() || chk.Tills != 2 || chk.Compared != int64(head(t, tills[1])) {
		t.Fatalf("verify: %+v %v", chk, err)
	}
}

// A ship interrupted after a batch was inserted but before its commit
// (the context cancelled at the failpoint) leaves the batches before it,
// and the rerun sends the rest: no duplicate, no gap.
func TestShipInterruptedMidBatchResumes(t *testing.T) {
	url := pgtest.T(t).DB(t)
	db := journal(t, "S1", "T1")
	sell(t, db, 10, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
	ctx, cancel := context.WithCancel(context.Background())
	conn := connect(t, url)
	fired := ""
	r, err := Ship(ctx, conn, db, Options{Batch: 8, Failpoint: func(name string) {
		if name == "ship-before-commit-3" {
			fired = name
			cancel()
		}
	}})
	if fired == "" || !errors.Is(err, ErrHeadOffice) || r.Batches != 2 || r.Shipped != 16 {
		t.Fatalf("interrupted ship: %+v, %v (failpoint %q)", r, err, fired)
	}
	conn2 := connect(t, url)
	if n := count(t, conn2, `SELECT count(*) FROM events`); n != 16 {
		t.Fatalf("after the interrupted ship head office holds %d events, want the 2 committed batches (16)", n)
	}
	r, err = Ship(context.Background(), conn2, db, Options{Batch: 8})
	if err != nil || r.From != 16 || !r.UpToDate() {
		t.Fatalf("rerun: %+v, %v", r, err)
	}
	h := int64(head(t, db))
	if n := count(t, conn2, `SELECT count(DISTINCT seq) FROM events`); n != h {
		t.Fatalf("distinct seqs %d, head %d", n, h)
	}
	if n := count(t, conn2, `SELECT count(*) FROM events`); n != h {
		t.Fatalf("rows %d, head %d", n, h)
	}
	if n := count(t, conn2, `SELECT count(*) FROM chain_breaks`); n != 0 {
		t.Fatalf("%d chain breaks", n)
	}
}

// A batch sent again (its commit's answer lost) inserts nothing; a row
// under the same key with another hash is refused, never overwritten.
func TestResentBatchAndConflictingRow(t *testing.T) {
	url := pgtest.T(t).DB(t)
	ctx := context.Background()
	a := journal(t, "S1", "T1")
	sell(t, a, 2, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
	conn := connect(t, url)
	if _, err := Ship(ctx, conn, a, Options{}); err != nil {
		t.Fatal(err)
	}
	s, term, tag := a.Identity()
	evs, err := a.EventsAfter(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rows(s, term, tag, evs)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := sendBatch(ctx, conn, batch{rows: rs}, 1, nil); err != nil || n != 0 {
		t.Fatalf("resent batch: %d inserted, %v", n, err)
	}
	// A batch of which head office holds only the first five.
	if _, err := conn.Exec(ctx, `DELETE FROM events WHERE seq > 5`); err != nil {
		t.Fatal(err)
	}
	if n, err := sendBatch(ctx, conn, batch{rows: rs}, 1, nil); err != nil || n != len(rs)-5 {
		t.Fatalf("half-resent batch: %d inserted of %d, %v", n, len(rs), err)
	}
	if n := count(t, conn, `SELECT count(*) FROM chain_breaks`); n != 0 {
		t.Fatalf("%d chain breaks after the half-resent batch", n)
	}
	// Another journal's events under this till's key.
	b := journal(t, "S1", "T1")
	sell(t, b, 1, time.Date(2026, 3, 15, 10, 0, 0, 0, sast))
	other, err := b.EventsAfter(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if rs, err = rows(s, term, tag, other); err != nil {
		t.Fatal(err)
	}
	_, err = sendBatch(ctx, conn, batch{rows: rs}, 1, nil)
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, ErrHeadOffice) || ce.Seq != 1 || ce.Theirs != evs[0].Hash || ce.Ours != other[0].Hash {
		t.Fatalf("conflict: %v", err)
	}
	if n := count(t, conn, `SELECT count(*) FROM events WHERE seq = 1 AND hash = $1`, evs[0].Hash); n != 1 {
		t.Fatal("the row head office held was changed")
	}
}

func TestHQVerifyNamesTheFirstBreak(t *testing.T) {
	cases := []struct {
		name, tamper, want string
		seq                uint64
		chainOnly          bool // the SQL chain check alone catches it
	}{
		{"payload changed", `UPDATE events SET payload = jsonb_set(payload, '{order,amount,minor}', '1') WHERE seq = 4`, "payload differs from the journal's (changed: order)", 4, false},
		{"hash changed", `UPDATE events SET hash = repeat('a', 64) WHERE seq = 9`, "prev_hash", 10, true},
		{"row deleted", `DELETE FROM events WHERE seq = 4`, "events 4 to 4 are missing", 5, true},
		{"state changed", `UPDATE events SET state = 'DELIVERED' WHERE seq = 9`, "state DELIVERED differs from the journal's IN_DOUBT", 9, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := pgtest.T(t).DB(t)
			ctx := context.Background()
			db := journal(t, "S1", "T1")
			sell(t, db, 3, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
			conn := connect(t, url)
			if _, err := Ship(ctx, conn, db, Options{}); err != nil {
				t.Fatal(err)
			}
			if chk, err := Verify(ctx, conn, db); err != nil || !chk.Intact() || chk.Compared != int64(head(t, db)) {
				t.Fatalf("before tampering: %+v %v", chk, err)
			}
			if _, err := conn.Exec(ctx, tc.tamper); err != nil {
				t.Fatal(err)
			}
			chk, err := Verify(ctx, conn, db)
			if err != nil || chk.Intact() || chk.First.Seq != tc.seq || !strings.Contains(chk.First.Problem, tc.want) {
				t.Fatalf("after tampering: %+v %v; first %v", chk, err, chk.First)
			}
			chk, err = Verify(ctx, conn, nil)
			if err != nil || chk.Intact() != !tc.chainOnly {
				t.Fatalf("chain check alone: %+v %v", chk, err)
			}
		})
	}
}

func TestMigrateOnceAndRefuseNewer(t *testing.T) {
	url := pgtest.T(t).DB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	applied := make([][]int, 3)
	errs := make([]error, 3)
	for i := range applied {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := Connect(ctx, url)
			if err != nil {
				errs[i] = err
				return
			}
			defer conn.Close(ctx)
			applied[i], errs[i] = Migrate(ctx, conn)
		}()
	}
	wg.Wait()
	n := 0
	for i := range applied {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		n += len(applied[i])
	}
	if n != 1 {
		t.Fatalf("three tills migrating at once applied %v", applied)
	}
	conn := connect(t, url)
	if _, err := conn.Exec(ctx, `INSERT INTO till_schema (version) VALUES (99)`); err != nil {
		t.Fatal(err)
	}
	db := journal(t, "S1", "T1")
	sell(t, db, 1, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
	if _, err := Ship(ctx, conn, db, Options{}); !errors.Is(err, ErrNewerSchema) || !errors.Is(err, ErrHeadOffice) {
		t.Fatalf("ship into a newer schema: %v", err)
	}
}

// A head office that cannot be reached is ErrHeadOffice, quickly.
func TestUnreachable(t *testing.T) {
	_, err := Connect(context.Background(), "postgres://till@127.0.0.1:1/hq?sslmode=disable&connect_timeout=2")
	if !errors.Is(err, ErrHeadOffice) {
		t.Fatalf("connect to a closed port: %v", err)
	}
}

// Every query of docs/HEAD-OFFICE.md runs against a shipped head office.
func TestHeadOfficeDocQueriesRun(t *testing.T) {
	url := pgtest.T(t).DB(t)
	ctx := context.Background()
	db := journal(t, "S1", "T1")
	sell(t, db, 2, time.Now().In(sast).Add(-time.Hour))
	conn := connect(t, url)
	if _, err := Ship(ctx, conn, db, Options{}); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/HEAD-OFFICE.md")
	if err != nil {
		t.Fatal(err)
	}
	_, queries, ok := strings.Cut(string(doc), "## Queries")
	if !ok {
		t.Fatal("docs/HEAD-OFFICE.md has no Queries section")
	}
	n := 0
	for _, block := range strings.Split(queries, "```sql")[1:] {
		block, _, _ = strings.Cut(block, "```")
		for _, q := range strings.Split(block, ";") {
			if q = strings.TrimSpace(q); q == "" {
				continue
			}
			rows, err := conn.Query(ctx, q)
			if err == nil {
				for rows.Next() {
				}
				rows.Close()
				err = rows.Err()
			}
			if err != nil {
				t.Errorf("%s\n: %v", q, err)
			}
			n++
		}
	}
	if n < 8 {
		t.Fatalf("only %d queries found", n)
	}
}

// as ships a journal under another journal's identity.
type as struct {
	*store.DB
	id *store.DB
}

func (a as) Identity() (string, string, string) { return a.id.Identity() }

// A journal that does not continue head office's copy of its till (an
// older copy put back, or another journal under the same identity) is
// refused before anything is sent.
func TestShipRefusesAJournalThatDoesNotContinueHeadOffice(t *testing.T) {
	url := pgtest.T(t).DB(t)
	ctx := context.Background()
	a := journal(t, "S1", "T1")
	sell(t, a, 2, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
	conn := connect(t, url)
	if _, err := Ship(ctx, conn, a, Options{}); err != nil {
		t.Fatal(err)
	}
	shorter := journal(t, "S1", "T1")
	sell(t, shorter, 1, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
	if _, err := Ship(ctx, conn, as{shorter, a}, Options{}); !errors.Is(err, ErrJournal) || !strings.Contains(err.Error(), "older copy") {
		t.Fatalf("a shorter journal: %v", err)
	}
	longer := journal(t, "S1", "T1")
	sell(t, longer, 3, time.Date(2026, 3, 15, 10, 0, 0, 0, sast))
	_, err := Ship(ctx, conn, as{longer, a}, Options{})
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Seq != head(t, a) {
		t.Fatalf("a different journal: %v", err)
	}
	if n := count(t, conn, `SELECT count(*) FROM events`); n != int64(head(t, a)) {
		t.Fatalf("head office holds %d events, want only a's %d", n, head(t, a))
	}
}

// retagged is a journal shipping under a new install tag, as after an adopt.
type retagged struct{ *store.DB }

func (r retagged) Identity() (string, string, string) {
	s, t, _ := r.DB.Identity()
	return s, t, "ADOPTED1"
}

// A journal adopted under a new install tag ships its old events again
// under the new tag; the sales view shows each sale once, with its latest
// state from either copy, and each tag's chain is whole.
func TestAdoptedJournalSalesCountOnce(t *testing.T) {
	url := pgtest.T(t).DB(t)
	ctx := context.Background()
	db := journal(t, "S1", "T1")
	n := sell(t, db, 2, time.Date(2026, 3, 14, 10, 0, 0, 0, sast))
	conn := connect(t, url)
	if _, err := Ship(ctx, conn, db, Options{}); err != nil {
		t.Fatal(err)
	}
	n += sell(t, db, 1, time.Date(2026, 3, 15, 10, 0, 0, 0, sast))
	if _, err := Ship(ctx, conn, retagged{db}, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := count(t, conn, `SELECT count(*) FROM sales`); got != int64(n) {
		t.Fatalf("sales view: %d rows for %d sales", got, n)
	}
	if got := count(t, conn, `SELECT count(DISTINCT install_tag) FROM events`); got != 2 {
		t.Fatalf("%d install tags", got)
	}
	if got := count(t, conn, `SELECT count(*) FROM chain_breaks`); got != 0 {
		t.Fatalf("%d chain breaks", got)
	}
	if got := count(t, conn, `SELECT count(*) FROM open_sales`); got != 6 {
		t.Fatalf("open_sales: %d, want 3 unresolved and 3 refund due", got)
	}
}
