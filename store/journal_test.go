package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.etcd.io/bbolt"

	"till/sale"
)

func TestIllegalTransitionWritesNothing(t *testing.T) {
	db, path := openTest(t)
	s := mustCreate(t, db, airtime("27821234567", 1000), t0)
	mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventSending, At: t0, State: sale.StateSending, Attempt: 1})
	declined := mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: t0, State: sale.StateDeclined,
		Outcome: &sale.Outcome{Result: sale.ResultDeclined, Code: "2001"}})
	seq, head, _ := db.Head()
	before, _ := db.Stats()

	_, err := db.Append(sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: t0, State: sale.StateDelivered,
		Outcome: &sale.Outcome{Result: sale.ResultDelivered}})
	if sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("DECLINED -> DELIVERED: err = %v (code %q), want CodeConflict", err, sale.ErrorCode(err))
	}
	seq2, head2, _ := db.Head()
	after, _ := db.Stats()
	if seq2 != seq || head2 != head || after != before {
		t.Errorf("a refused event changed the journal: head %d %s -> %d %s, stats %+v -> %+v", seq, head, seq2, head2, before, after)
	}
	events, _ := db.Events(s.Ref)
	if len(events) != 3 {
		t.Errorf("%d events after a refused append, want 3", len(events))
	}
	got, _ := db.Sale(s.Ref)
	if diff := cmp.Diff(declined, got); diff != "" {
		t.Errorf("sale changed by a refused append:\n%s", diff)
	}
	// The refused event's sequence number is not burnt: the next one follows on.
	n := mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventReprinted, At: t0})
	if n.LastSeq != seq+1 || n.State != sale.StateDeclined || n.Reprints != 1 {
		t.Errorf("after a refused append, reprint = seq %d state %s reprints %d, want seq %d", n.LastSeq, n.State, n.Reprints, seq+1)
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Errorf("Verify() = %+v %v", rep, err)
	}
	db.Close()
	if rep, err := VerifyFile(path); err != nil || !rep.OK() || rep.Events != 4 {
		t.Errorf("VerifyFile() = %+v %v", rep, err)
	}
}

func TestRefusedWrites(t *testing.T) {
	db, _ := openTest(t)
	bad := airtime("27821234567", 1000)
	bad.Provider = ""
	if _, err := db.Create(bad, t0); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("Create(no provider) = %v, want CodeInvalid", err)
	}
	if _, err := db.Create(airtime("27821234567", 1000), time.Time{}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("Create(zero time) = %v, want CodeInvalid", err)
	}
	if st, _ := db.Stats(); st.Events != 0 || st.Sales != 0 {
		t.Errorf("refused creates wrote: %+v", st)
	}
	s := mustCreate(t, db, airtime("27821234567", 1000), t0)
	o := airtime("27821234567", 1000)
	for name, e := range map[string]sale.Event{
		"created":    {Ref: s.Ref, Type: sale.EventCreated, At: t0, State: sale.StateNew, Order: &o},
		"no time":    {Ref: s.Ref, Type: sale.EventNote, Note: "x"},
		"unknown":    {Ref: s.Ref + "9", Type: sale.EventNote, At: t0},
		"other tag":  {Ref: "STORE042-TILL07-ZZZZZZ-1", Type: sale.EventNote, At: t0},
		"bad number": {Ref: "STORE042-TILL07-ZZZZZZ-01", Type: sale.EventNote, At: t0},
		"attempt":    {Ref: s.Ref, Type: sale.EventSending, At: t0, State: sale.StateSending, Attempt: 2},
	} {
		if _, err := db.Append(e); err == nil {
			t.Errorf("Append(%s) succeeded", name)
		}
	}
	if _, err := db.Sale("STORE042-TILL07-ZZZZZZ-1"); sale.ErrorCode(err) != sale.CodeNotFound {
		t.Errorf("Sale(other tag) = %v, want CodeNotFound", err)
	}
	if _, err := db.Events("nope"); sale.ErrorCode(err) != sale.CodeNotFound {
		t.Errorf("Events(nope) = %v, want CodeNotFound", err)
	}
	if st, _ := db.Stats(); st.Events != 1 || st.Sales != 1 {
		t.Errorf("refused appends wrote: %+v", st)
	}
}

func TestUnresolvedUsesOpenIndex(t *testing.T) {
	db, path := openTest(t)
	a := mustCreate(t, db, airtime("27821111111", 1000), t0)
	b := mustCreate(t, db, airtime("27822222222", 1000), t0.Add(time.Minute))
	c := mustCreate(t, db, airtime("27823333333", 1000), t0.Add(2*time.Minute))
	deliver(t, db, b.Ref, t0.Add(3*time.Minute))
	mustAppend(t, db, sale.Event{Ref: c.Ref, Type: sale.EventRecovered, At: t0.Add(4 * time.Minute), State: sale.StateInDoubt})

	refs := func() []sale.Reference {
		t.Helper()
		us, err := db.Unresolved()
		if err != nil {
			t.Fatal(err)
		}
		var out []sale.Reference
		for _, s := range us {
			out = append(out, s.Ref)
		}
		return out
	}
	if diff := cmp.Diff([]sale.Reference{a.Ref, c.Ref}, refs()); diff != "" {
		t.Errorf("Unresolved (-want +got):\n%s", diff)
	}
	db.Close()
	// The open index holds exactly the unresolved sales: the delivered one left it.
	var open []uint64
	raw(t, path, func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketOpen).ForEach(func(k, _ []byte) error { open = append(open, fromBE64(k)); return nil })
	})
	if diff := cmp.Diff([]uint64{1, 3}, open); diff != "" {
		t.Errorf("open index (-want +got):\n%s", diff)
	}
	// Unresolved reads only that index: a sale missing from it is not found
	// by scanning (Verify reports the index out of step instead).
	raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketOpen).Delete(be64(1)) })
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if diff := cmp.Diff([]sale.Reference{c.Ref}, refs()); diff != "" {
		t.Errorf("Unresolved after removing sale 1 from the index (-want +got):\n%s", diff)
	}
	if rep, _ := db.Verify(); rep.Bad == nil || rep.Bad.Ref != a.Ref {
		t.Errorf("Verify() = %+v, want the open index of %s reported", rep.Bad, a.Ref)
	}
}

func TestList(t *testing.T) {
	db, _ := openTest(t)
	// 23:30 UTC on 1 March is 01:30 on 2 March in the shop: day 2025-03-02.
	late := time.Date(2025, 3, 1, 23, 30, 0, 0, time.UTC)
	s1 := mustCreate(t, db, airtime("27821111111", 1000), t0)                // 2025-03-01
	s2 := mustCreate(t, db, airtime("27822222222", 1000), late)              // 2025-03-02
	s3 := mustCreate(t, db, airtime("27821111111", 2000), t0.Add(time.Hour)) // 2025-03-01
	var more []sale.Sale
	for i := 0; i < 9; i++ { // sales 4..12 on 2025-03-03, so that "-1" and "-11" differ
		more = append(more, mustCreate(t, db, airtime("27829999999", 100), t0.Add(48*time.Hour+time.Duration(i)*time.Minute)))
	}
	s1 = deliver(t, db, s1.Ref, t0.Add(time.Minute))
	if s2.Day != "2025-03-02" {
		t.Fatalf("day of a sale at 23:30 UTC in UTC+2 = %s, want 2025-03-02", s2.Day)
	}
	s4, s11, s12 := more[0], more[7], more[8]
	_, _, tag := db.Identity()

	refs := func(ss []sale.Sale) []sale.Reference {
		var out []sale.Reference
		for _, s := range ss {
			out = append(out, s.Ref)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    sale.Query
		want []sale.Reference
	}{
		{"day", sale.Query{Day: "2025-03-01"}, []sale.Reference{s3.Ref, s1.Ref}},
		{"day shop zone", sale.Query{Day: "2025-03-02"}, []sale.Reference{s2.Ref}},
		{"empty day", sale.Query{Day: "2025-02-28"}, nil},
		{"target", sale.Query{Target: "27821111111"}, []sale.Reference{s3.Ref, s1.Ref}},
		{"target prefix is not a match", sale.Query{Target: "2782111111"}, nil},
		{"target and state", sale.Query{Target: "27821111111", State: sale.StateDelivered}, []sale.Reference{s1.Ref}},
		{"ref suffix", sale.Query{Ref: "1"}, []sale.Reference{s1.Ref}},
		{"ref suffix 11", sale.Query{Ref: "11"}, []sale.Reference{s11.Ref}},
		{"ref leading zero", sale.Query{Ref: "01"}, nil},
		{"ref tag and number", sale.Query{Ref: sale.Reference(tag + "-11")}, []sale.Reference{s11.Ref}},
		{"ref part of the tag", sale.Query{Ref: sale.Reference(tag[1:] + "-11")}, nil},
		{"exact ref", sale.Query{Ref: s12.Ref}, []sale.Reference{s12.Ref}},
		{"ref with day", sale.Query{Ref: "4", Day: "2025-03-03"}, []sale.Reference{s4.Ref}},
		{"ref on another day", sale.Query{Ref: "4", Day: "2025-03-01"}, nil},
		{"state delivered", sale.Query{State: sale.StateDelivered}, []sale.Reference{s1.Ref}},
		{"state new, limit", sale.Query{State: sale.StateNew, Limit: 2}, []sale.Reference{s12.Ref, s11.Ref}},
		{"all, limit", sale.Query{Limit: 3}, []sale.Reference{s12.Ref, s11.Ref, more[6].Ref}},
		{"day and limit", sale.Query{Day: "2025-03-03", Limit: 1}, []sale.Reference{s12.Ref}},
	} {
		got, err := db.List(tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, refs(got)); diff != "" {
			t.Errorf("%s: List(%+v) (-want +got):\n%s", tc.name, tc.q, diff)
		}
	}
	all, _ := db.List(sale.Query{})
	if len(all) != 12 || all[0].Ref != s12.Ref || all[11].Ref != s1.Ref {
		t.Errorf("List() = %d sales from %s to %s, want 12 newest first", len(all), all[0].Ref, all[len(all)-1].Ref)
	}
	if _, err := db.List(sale.Query{Day: "1/3/2025"}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("List(bad day) = %v, want CodeInvalid", err)
	}
}

func TestEachSaleAndEachEvent(t *testing.T) {
	db, _ := openTest(t)
	day := func(d int) time.Time { return time.Date(2025, 3, d, 9, 0, 0, 0, sast) }
	// Created out of day order: the day index puts them in day order, and
	// within a day in creation order.
	a := mustCreate(t, db, airtime("1", 100), day(2))
	b := mustCreate(t, db, airtime("2", 100), day(1))
	c := mustCreate(t, db, airtime("3", 100), day(2))
	d := mustCreate(t, db, airtime("4", 100), day(3))
	deliver(t, db, b.Ref, day(1).Add(time.Hour))

	collect := func(from, to string) []sale.Reference {
		t.Helper()
		var out []sale.Reference
		if err := db.EachSale(from, to, func(s sale.Sale) error { out = append(out, s.Ref); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, tc := range []struct {
		from, to string
		want     []sale.Reference
	}{
		{"", "", []sale.Reference{b.Ref, a.Ref, c.Ref, d.Ref}},
		{"2025-03-02", "", []sale.Reference{a.Ref, c.Ref, d.Ref}},
		{"", "2025-03-02", []sale.Reference{b.Ref, a.Ref, c.Ref}},
		{"2025-03-02", "2025-03-02", []sale.Reference{a.Ref, c.Ref}},
		{"2025-03-04", "", nil},
	} {
		if diff := cmp.Diff(tc.want, collect(tc.from, tc.to)); diff != "" {
			t.Errorf("EachSale(%q, %q) (-want +got):\n%s", tc.from, tc.to, diff)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := db.EachSale("", "", func(sale.Sale) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("EachSale with a failing fn = %v after %d calls, want stop after 1", err, n)
	}
	if err := db.EachSale("March", "", func(sale.Sale) error { return nil }); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("EachSale(bad day) = %v, want CodeInvalid", err)
	}

	var seqs []uint64
	var types []sale.EventType
	if err := db.EachEvent(func(e sale.Event) error { seqs = append(seqs, e.Seq); types = append(types, e.Type); return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint64{1, 2, 3, 4, 5, 6}, seqs); diff != "" {
		t.Errorf("EachEvent sequence (-want +got):\n%s", diff)
	}
	if types[4] != sale.EventSending || types[5] != sale.EventOutcome {
		t.Errorf("EachEvent types = %v", types)
	}
	n = 0
	if err := db.EachEvent(func(sale.Event) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("EachEvent with a failing fn = %v after %d calls, want stop after 1", err, n)
	}
}

// TestStoredEventsAreCanonical checks that what is stored is exactly the
// compact encoding of the event (Prev and Hash empty) after its format byte
// and hash, and that the hash is SHA-256 over Prev and those bytes.
func TestStoredEventsAreCanonical(t *testing.T) {
	db, path := openTest(t)
	s := mustCreate(t, db, airtime("27821234567", 1000), t0)
	deliver(t, db, s.Ref, t0)
	mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventNote, At: t0, Note: `<a & b> "quoted" ünïcode`})
	events, err := db.Events(s.Ref)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	n := 0
	prev := genesisHash
	err = db2.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketEvents).ForEach(func(k, v []byte) error {
			e := events[n]
			n++
			if v[0] != formatCompact || e.Prev != prev {
				return fmt.Errorf("event %d: format %#x, prev %s, want %s", fromBE64(k), v[0], e.Prev, prev)
			}
			h := e.Hash
			e.Prev, e.Hash = "", ""
			body, err := codecOf(tx).encode(nil, &e)
			if err != nil {
				return err
			}
			if !bytes.Equal(v[33:], body) {
				return fmt.Errorf("event %d stored as\n%q\nbut encodes as\n%q", fromBE64(k), v[33:], body)
			}
			sum := sha256.Sum256([]byte(prev + string(body)))
			if hex.EncodeToString(sum[:]) != h || hex.EncodeToString(v[1:33]) != h {
				return fmt.Errorf("event %d: hash is not SHA-256(prev + body)", fromBE64(k))
			}
			prev = h
			return nil
		})
	})
	if err != nil || n != 4 {
		t.Fatalf("%d events: %v", n, err)
	}
}

func TestCatalogue(t *testing.T) {
	db, path := openTest(t)
	if c, err := db.Catalogue("flash"); err != nil || c.Provider != "" || len(c.Products) != 0 {
		t.Fatalf("empty Catalogue = %+v %v", c, err)
	}
	want := sale.Catalogue{Provider: "flash", FetchedAt: t0, Products: []sale.Product{
		{Provider: "flash", Code: "VOD10", Name: "Vodacom R10", Kind: sale.KindAirtime, Min: sale.New(1000, sale.ZAR), Max: sale.New(1000, sale.ZAR), Active: true},
	}}
	if err := db.SaveCatalogue(want); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCatalogue(sale.Catalogue{}); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Errorf("SaveCatalogue(no provider) = %v", err)
	}
	db.Close()
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Catalogue("flash")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Catalogue after reopen (-want +got):\n%s", diff)
	}
}

func TestConcurrentCreates(t *testing.T) {
	db, _ := openTest(t)
	const n = 8
	var wg sync.WaitGroup
	refs := make(chan sale.Reference, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := db.Create(airtime("27821234567", 1000), t0)
			if err != nil {
				t.Error(err)
				return
			}
			refs <- s.Ref
			db.Append(sale.Event{Ref: s.Ref, Type: sale.EventSending, At: t0, State: sale.StateSending, Attempt: 1})
		}()
	}
	wg.Wait()
	close(refs)
	seen := map[sale.Reference]bool{}
	for r := range refs {
		if seen[r] {
			t.Errorf("reference %s given twice", r)
		}
		seen[r] = true
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() || rep.Events != 2*n || rep.Sales != n {
		t.Errorf("Verify() = %+v %v", rep, err)
	}
}

// commits is the id of the journal's last committed write transaction.
func commits(t testing.TB, db *DB) int {
	t.Helper()
	var id int
	if err := db.bolt.View(func(tx *bbolt.Tx) error { id = tx.ID(); return nil }); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCatalogueWrittenOnlyWhenChanged: a refresh that brings the same
// products costs no commit; a changed list, or an hour later, does.
func TestCatalogueWrittenOnlyWhenChanged(t *testing.T) {
	db, _ := openTest(t)
	cat := sale.Catalogue{Provider: "flash", FetchedAt: t0, Products: []sale.Product{
		{Provider: "flash", Code: "VOD10", Name: "Vodacom R10", Kind: sale.KindAirtime, Min: sale.New(1000, sale.ZAR), Max: sale.New(1000, sale.ZAR)},
	}}
	if err := db.SaveCatalogue(cat); err != nil {
		t.Fatal(err)
	}
	n := commits(t, db)
	cat.FetchedAt = t0.Add(time.Minute)
	if err := db.SaveCatalogue(cat); err != nil || commits(t, db) != n {
		t.Fatalf("unchanged catalogue: err %v, commits %d -> %d", err, n, commits(t, db))
	}
	cat.Products[0].Name = "Vodacom R10 airtime"
	if err := db.SaveCatalogue(cat); err != nil || commits(t, db) != n+1 {
		t.Fatalf("changed catalogue: err %v, commits %d -> %d", err, n, commits(t, db))
	}
	cat.FetchedAt = t0.Add(2 * time.Hour)
	if err := db.SaveCatalogue(cat); err != nil || commits(t, db) != n+2 {
		t.Fatalf("catalogue an hour later: err %v, commits %d -> %d", err, n+1, commits(t, db))
	}
	if got, _ := db.Catalogue("flash"); !got.FetchedAt.Equal(cat.FetchedAt) || got.Products[0].Name != "Vodacom R10 airtime" {
		t.Fatalf("stored %+v", got)
	}
}

// TestSaleCommits: one sale (created, sending, delivered) is three durable
// commits.
func TestSaleCommits(t *testing.T) {
	db, _ := openTest(t)
	n := commits(t, db)
	s := mustCreate(t, db, airtime("27821234567", 1000), t0)
	deliver(t, db, s.Ref, t0)
	if got := commits(t, db) - n; got != 3 {
		t.Fatalf("a sale took %d commits, want 3", got)
	}
}

// TestListByKindAndSerial: the kind and serial indexes find exactly the
// sales a walk of every sale would, newest first, the serial in any case.
func TestListByKindAndSerial(t *testing.T) {
	db, path := openTest(t)
	var cashouts []sale.Reference
	for i := 0; i < 30; i++ {
		o := airtime("27821234567", 1000)
		if i%3 == 0 {
			o.Kind, o.Target = sale.KindCashOut, sale.Target{}
		}
		s := mustCreate(t, db, o, t0.Add(time.Duration(i)*time.Minute))
		mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventSending, At: t0, State: sale.StateSending, Attempt: 1})
		items := []sale.Item{{Label: "PIN", Value: "1234", Secret: true}}
		if o.Kind == sale.KindCashOut {
			items = append(items, sale.Item{Label: "Serial", Value: fmt.Sprintf("CO%010d", i)})
			cashouts = append(cashouts, s.Ref)
		}
		mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: t0, State: sale.StateDelivered,
			Outcome: &sale.Outcome{Result: sale.ResultDelivered, Items: items}})
	}
	got, err := db.List(sale.Query{Kind: sale.KindCashOut})
	if err != nil || len(got) != 10 || got[0].Ref != cashouts[9] || got[9].Ref != cashouts[0] {
		t.Fatalf("List(kind cashout) = %d sales, %v", len(got), err)
	}
	got, err = db.List(sale.Query{Serial: "co0000000009"})
	if err != nil || len(got) != 1 || got[0].Ref != cashouts[3] {
		t.Fatalf("List(serial) = %+v, %v", got, err)
	}
	if got, _ := db.List(sale.Query{Serial: "CO0000000001"}); len(got) != 0 {
		t.Fatalf("List(serial of no sale) = %d sales", len(got))
	}
	if got, _ := db.List(sale.Query{Kind: sale.KindAirtime, State: sale.StateDelivered, Limit: 5}); len(got) != 5 || got[0].Order.Kind != sale.KindAirtime {
		t.Fatalf("List(kind airtime, limit 5) = %d", len(got))
	}
	// The indexes are checked by verify.
	db.Close()
	raw(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketBySerial).Delete(serialKey("CO0000000009", 10)) })
	rep, err := VerifyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wantBad(t, rep, 30, cashouts[3], "missing from the serial index")
}
