package store

import (
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// TestRecordCash: a drawer event is journaled on its business day, counted
// by the day report, and checked by Verify; a bad one writes nothing, and
// a drawer index entry removed or added outside the till is found.
func TestRecordCash(t *testing.T) {
	db, _ := openTest(t)
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	float := sale.Event{Type: sale.EventDrawer, At: at, By: "thabo", Cash: &sale.CashMove{Kind: sale.CashFloat, Amount: sale.New(20000, sale.ZAR)}}
	for _, bad := range []sale.Event{
		{Type: sale.EventDrawer, At: at, By: "thabo"},
		{Type: sale.EventDrawer, At: at, By: "thabo", Cash: &sale.CashMove{Kind: sale.CashFloat, Amount: sale.New(0, sale.ZAR)}},
		{Type: sale.EventDrawer, At: at, By: "thabo", Cash: &sale.CashMove{Kind: sale.CashDrop, Amount: sale.New(-100, sale.ZAR)}},
		{Type: sale.EventDrawer, At: at, By: "thabo", Cash: &sale.CashMove{Kind: sale.CashRefundPaid, Amount: sale.New(100, sale.ZAR)}},
		{Type: sale.EventDrawer, At: at, By: "thabo", Cash: &sale.CashMove{Kind: sale.CashCount, Counted: []sale.Money{sale.New(100, sale.ZAR)}}},
		{Type: sale.EventDrawer, At: at, Cash: float.Cash},
		{Type: sale.EventNote, At: at, By: "thabo", Cash: float.Cash},
		{Type: sale.EventDrawer, Ref: "S1-T1-ABC123-1", At: at, By: "thabo", Cash: float.Cash},
	} {
		if _, err := db.RecordCash(bad); sale.ErrorCode(err) != sale.CodeInvalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if rep, _ := db.Verify(); rep.Events != 0 {
		t.Fatalf("a refused drawer event was written: %d events", rep.Events)
	}
	ev, err := db.RecordCash(float)
	if err != nil || ev.Day != "2025-03-01" || ev.Seq == 0 {
		t.Fatalf("float: %+v %v", ev, err)
	}
	r, err := db.DayReport("2025-03-01")
	if err != nil || len(r.Cash) != 1 || r.Cash[0] != sale.New(20000, sale.ZAR) || len(r.Float) != 1 {
		t.Fatalf("report: %v %v %v", r.Cash, r.Float, err)
	}
	if rep, err := db.Verify(); err != nil || rep.Bad != nil {
		t.Fatalf("verify: %v %+v", err, rep.Bad)
	}
	// Removed from the index outside the till: Verify names the event.
	if err := db.bolt.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketDrawer).Delete(dayKey(ev.Day, ev.Seq)) }); err != nil {
		t.Fatal(err)
	}
	if rep, _ := db.Verify(); rep.Bad == nil || !strings.Contains(rep.Bad.Reason, "missing from the drawer index") {
		t.Fatalf("a missing index entry: %+v", rep.Bad)
	}
	// Put under another day: found too.
	if err := db.bolt.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketDrawer).Put(dayKey("2025-03-02", ev.Seq), nil) }); err != nil {
		t.Fatal(err)
	}
	if rep, _ := db.Verify(); rep.Bad == nil || !strings.Contains(rep.Bad.Reason, "drawer index") {
		t.Fatalf("an index entry under another day: %+v", rep.Bad)
	}
}
