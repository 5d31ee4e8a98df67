package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/jackc/pgx/v5"

	"till/sale"
	"till/screens"
	"till/ship/pgtest"
	"till/store"
)

// shipTillConfig writes a till's config pointing at the sandbox, with
// [ship] at url.
func shipTillConfig(t *testing.T, base, terminal, url string) string {
	t.Helper()
	cfg, _ := writeTill(t, tillFile{terminal: terminal, tables: []string{sandboxFlash(base, "2s"), table("ship", "url", url, "every", "1m")}})
	return cfg
}

// TestHeadOfficeAsAChainsITPerson is the "done when", with the real
// binary, the sandbox and a real PostgreSQL: two tills of one store sell and
// ship, and the sales view holds every sale; with PostgreSQL stopped the
// tills keep selling and ship exits 1; once it is back every missing sale
// arrives once; a ship killed mid-batch is rerun with no duplicate and no
// gap; a tampered row is named by till hq verify.
func TestHeadOfficeAsAChainsITPerson(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary and PostgreSQL")
	}
	pg := pgtest.New(t)
	url := pg.DB(t)
	base := startSandbox(t)
	tills := []string{shipTillConfig(t, base, "T1", url), shipTillConfig(t, base, "T2", url)}
	sold := 0
	sellAll := func(round int) {
		t.Helper()
		for i, cfg := range tills {
			mobile := fmt.Sprintf("0821%02d%02d%02d", round, i, sold%100)
			if r := runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", mobile, "--amount", "10.00"); r.code != 0 {
				t.Fatalf("sell at %s: exit %d\n%s", cfg, r.code, r.stderr)
			}
			sold++
		}
	}
	ship := func(cfg string, args ...string) result {
		return runTill(t, nil, append([]string{"--config", cfg, "ship"}, args...)...)
	}
	ctx := context.Background()
	query := func(q string) int64 {
		t.Helper()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int64
		if err := conn.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	// Two tills of one store sell and ship.
	sellAll(0)
	sellAll(1)
	for _, cfg := range tills {
		r := ship(cfg, "--json")
		var rep shipReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); r.code != 0 || err != nil || !rep.UpToDate || rep.Sent == 0 || rep.Shipped != rep.Head {
			t.Fatalf("ship: exit %d %+v %v\n%s", r.code, rep, err, r.stderr)
		}
	}
	if n := query(`SELECT count(*) FROM sales WHERE state = 'DELIVERED' AND store_id = 'S1'`); n != int64(sold) {
		t.Fatalf("sales view holds %d delivered sales, %d were sold", n, sold)
	}
	if r := ship(tills[0]); r.code != 0 || !strings.Contains(r.stdout, "shipped 0 event(s)") {
		t.Fatalf("ship with nothing new: exit %d %q %s", r.code, r.stdout, r.stderr)
	}

	// PostgreSQL down: the tills keep selling; ship exits 1, losing nothing.
	if !pg.Own() {
		t.Log("PostgreSQL from " + pgtest.EnvURL + ": cannot stop it, the outage case is skipped")
	} else {
		if err := pg.Down(); err != nil {
			t.Fatal(err)
		}
		sellAll(2)
		sellAll(3)
		for _, cfg := range tills {
			r := ship(cfg)
			if r.code != 1 || !strings.Contains(r.stderr, "cannot connect") || !strings.Contains(r.stderr, "nothing is lost") {
				t.Fatalf("ship with PostgreSQL down: exit %d\n%s", r.code, r.stderr)
			}
		}
		if err := pg.Up(); err != nil {
			t.Fatal(err)
		}
		for _, cfg := range tills {
			if r := ship(cfg); r.code != 0 {
				t.Fatalf("ship after PostgreSQL is back: exit %d\n%s", r.code, r.stderr)
			}
		}
		if n := query(`SELECT count(*) FROM sales WHERE state = 'DELIVERED'`); n != int64(sold) {
			t.Fatalf("after the outage the sales view holds %d delivered sales, %d were sold", n, sold)
		}
	}

	// Killed mid-batch (SIGKILL before the second batch's commit), rerun.
	sellAll(4)
	sellAll(5)
	r := runTill(t, []string{"TILL_FAILPOINT=ship-before-commit-2"}, "--config", tills[1], "ship", "--batch", "2")
	if r.signal != syscall.SIGKILL {
		t.Fatalf("ship was not killed at the failpoint: exit %d %v\n%s", r.code, r.signal, r.stderr)
	}
	if r := ship(tills[1], "--batch", "2"); r.code != 0 {
		t.Fatalf("ship after the kill: exit %d\n%s", r.code, r.stderr)
	}
	if r := ship(tills[0]); r.code != 0 {
		t.Fatalf("ship: exit %d\n%s", r.code, r.stderr)
	}
	if n := query(`SELECT count(*) - count(DISTINCT (store_id, terminal_id, install_tag, seq)) FROM events`); n != 0 {
		t.Fatalf("%d duplicate events", n)
	}
	if n := query(`SELECT count(*) FROM sales`); n != int64(sold) {
		t.Fatalf("sales view: %d, sold %d", n, sold)
	}
	if n := query(`SELECT count(*) FROM (SELECT reference FROM sales GROUP BY reference HAVING count(*) > 1) d`); n != 0 {
		t.Fatalf("%d sales twice", n)
	}

	// till hq verify: intact, then a tampered row is named.
	if r := runTill(t, nil, "--config", tills[0], "hq", "verify"); r.code != 0 || !strings.Contains(r.stdout, "head office chain intact") || !strings.Contains(r.stdout, "match its journal") {
		t.Fatalf("hq verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, `UPDATE events SET payload = jsonb_set(payload, '{order,amount,minor}', '100') WHERE terminal_id = 'T1' AND kind = 'created' AND seq = (SELECT min(seq) FROM events WHERE terminal_id = 'T1' AND kind = 'created')`)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r = runTill(t, nil, "--config", tills[0], "hq", "verify")
	if r.code != exitJournal || !strings.Contains(r.stdout, "BROKEN: first break at S1/T1") || !strings.Contains(r.stdout, ": payload differs from the journal's (changed: order)") {
		t.Fatalf("hq verify after tampering: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// T2's own journal does not hold T1's rows: its chain check alone
	// cannot see a payload change, and says what it compared.
	if r := runTill(t, nil, "--config", tills[1], "hq", "verify", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"intact": true`) {
		t.Fatalf("hq verify from T2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestShipNeedsConfig(t *testing.T) {
	cfg, _ := liveConfig(t, "https://127.0.0.1:9")
	for _, args := range [][]string{{"ship"}, {"hq", "verify"}} {
		r := runTill(t, nil, append([]string{"--config", cfg}, args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "head office is not configured: add a [ship] table") {
			t.Fatalf("%v without [ship]: exit %d %s", args, r.code, r.stderr)
		}
	}
	if r := runTill(t, nil, "--config", cfg, "ship", "--batch", "0"); r.code != exitUsage {
		t.Fatalf("--batch 0: exit %d", r.code)
	}
}

// The running till's background shipper: it ships, reports head office up
// to date (zero Since), and while PostgreSQL is down reports the time of the
// oldest event head office lacks, so the header can show the lag.
func TestShipInBackground(t *testing.T) {
	pg := pgtest.New(t)
	if !pg.Own() {
		t.Skip("PostgreSQL from " + pgtest.EnvURL + " cannot be stopped")
	}
	url := pg.DB(t)
	cfg := shipTillConfig(t, "https://127.0.0.1:9", "T1", url)
	env := map[string]string{"HOME": t.TempDir()}
	c := &cli{configPath: cfg, stdout: io.Discard, stderr: io.Discard, env: func(k string) string { return env[k] }}
	tl, code := c.openJournalOnly()
	if tl == nil {
		t.Fatalf("open: exit %d", code)
	}
	defer tl.Close()
	at := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	sellOne := func(at time.Time) {
		t.Helper()
		if _, err := tl.Journal.(*store.DB).Create(sale.Order{Provider: "flash", Kind: sale.KindAirtime, Amount: sale.New(1000, sale.ZAR)}, at); err != nil {
			t.Fatal(err)
		}
	}
	sellOne(at)
	ctx, cancel := context.WithCancel(context.Background())
	msgs := make(chan tea.Msg, 4)
	done := tl.shipInBackground(ctx, func(m tea.Msg) { msgs <- m })
	if m := (<-msgs).(screens.HeadOfficeMsg); !m.Since.IsZero() {
		t.Fatalf("first background ship: %+v", m)
	}
	cancel()
	<-done

	// known is the journal's head: every event shipped (the journal's own
	// first events, such as the key it is sealed with, and the sale).
	headSeq := func() uint64 {
		t.Helper()
		seq, _, err := tl.Journal.Head()
		if err != nil {
			t.Fatal(err)
		}
		return seq
	}
	var known uint64
	if since, err := tl.shipOnce(context.Background(), &known); err != nil || !since.IsZero() || known != headSeq() {
		t.Fatalf("shipOnce: %v %v known %d", since, err, known)
	}
	if err := pg.Down(); err != nil {
		t.Fatal(err)
	}
	sellOne(at.Add(time.Hour))
	sellOne(at.Add(2 * time.Hour))
	since, err := tl.shipOnce(context.Background(), &known)
	if err == nil || !since.Equal(at.Add(time.Hour)) {
		t.Fatalf("shipOnce with PostgreSQL down: since %v, %v", since, err)
	}
	if err := pg.Up(); err != nil {
		t.Fatal(err)
	}
	if since, err := tl.shipOnce(context.Background(), &known); err != nil || !since.IsZero() || known != headSeq() {
		t.Fatalf("shipOnce after PostgreSQL is back: %v %v known %d", since, err, known)
	}
}

// A head office that accepts connections and never answers: the till
// journals sales while the background shipper waits on it, and quitting
// (the context ending) stops the shipper without waiting for its timeout.
func TestShipInBackgroundWithAHungHeadOffice(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted <- c // held open, never answered
		}
	}()
	defer func() {
		for len(accepted) > 0 {
			(<-accepted).Close()
		}
	}()
	url := "postgres://till@" + l.Addr().String() + "/chain?sslmode=disable"
	cfg := shipTillConfig(t, "https://127.0.0.1:9", "T1", url)
	env := map[string]string{"HOME": t.TempDir()}
	c := &cli{configPath: cfg, stdout: io.Discard, stderr: io.Discard, env: func(k string) string { return env[k] }}
	tl, code := c.openJournalOnly()
	if tl == nil {
		t.Fatalf("open: exit %d", code)
	}
	defer tl.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := tl.shipInBackground(ctx, func(tea.Msg) { t.Error("a message before any ship finished") })
	conn := <-accepted // the shipper is connecting and waiting for an answer
	accepted <- conn
	for i := range 3 {
		if _, err := tl.Journal.(*store.DB).Create(sale.Order{Provider: "flash", Kind: sale.KindAirtime, Amount: sale.New(1000, sale.ZAR)}, time.Now().Add(time.Duration(i))); err != nil {
			t.Fatalf("a sale while head office hangs: %v", err)
		}
	}
	cancel()
	<-done
}
