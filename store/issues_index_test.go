package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// mpesaPayment is the order of an M-Pesa tender sale paying for o.
func mpesaPayment(receipt string, minor int64) sale.Order {
	return sale.Order{
		Provider: "mpesaflow", Kind: sale.KindTenderMpesa, Product: "STK",
		Target: sale.Target{Kind: sale.TargetMobile, Value: receipt},
		Amount: sale.New(minor, sale.KES),
		Params: map[string]string{sale.ParamFor: `{"provider":"flash","kind":"airtime"}`},
	}
}

// paidVend is an airtime order paid by M-Pesa payment p.
func paidVend(mobile string, p sale.Sale) sale.Order {
	o := airtime(mobile, p.Order.Amount.Minor)
	o.Amount = p.Order.Amount
	o.Tender = sale.Tender{Kind: sale.TenderMpesa, Ref: p.Ref}
	return o
}

func listRefs(t *testing.T, db *DB, q sale.Query) []sale.Reference {
	t.Helper()
	list, err := db.List(q)
	if err != nil {
		t.Fatalf("List(%+v): %v", q, err)
	}
	var out []sale.Reference
	for _, s := range list {
		out = append(out, s.Ref)
	}
	return out
}

// issuesJournal writes a journal with every case of the payment indexes and
// returns the refs expected in the attention index, newest first.
func issuesJournal(t *testing.T, db *DB) (want []sale.Reference, used, vend sale.Reference) {
	t.Helper()
	at := t0
	next := func() time.Time { at = at.Add(time.Minute); return at }
	// A payment made and used by a vend that was delivered: no issue.
	p1 := mustCreate(t, db, mpesaPayment("QK1", 5000), next())
	deliver(t, db, p1.Ref, next())
	v1 := mustCreate(t, db, paidVend("27821111111", p1), next())
	deliver(t, db, v1.Ref, next())
	// A payment made and never used: paid, not sold.
	p2 := mustCreate(t, db, mpesaPayment("QK2", 3000), next())
	deliver(t, db, p2.Ref, next())
	// A payment used by a vend that was declined: the vend is refund due.
	p3 := mustCreate(t, db, mpesaPayment("QK3", 2000), next())
	deliver(t, db, p3.Ref, next())
	v3 := mustCreate(t, db, paidVend("27823333333", p3), next())
	mustAppend(t, db, sale.Event{Ref: v3.Ref, Type: sale.EventSending, At: next(), State: sale.StateSending, Attempt: 1})
	mustAppend(t, db, sale.Event{Ref: v3.Ref, Type: sale.EventOutcome, At: next(), State: sale.StateDeclined,
		Outcome: &sale.Outcome{Result: sale.ResultDeclined, Code: "51", Message: "declined"}})
	// A payment never used, then settled by a supervisor's refund: no issue.
	p4 := mustCreate(t, db, mpesaPayment("QK4", 1000), next())
	deliver(t, db, p4.Ref, next())
	mustAppend(t, db, sale.Event{Ref: p4.Ref, Type: sale.EventRefundDue, At: next(), By: "SUP1", Note: sale.RefundDueNote + ": customer left"})
	mustAppend(t, db, sale.Event{Ref: p4.Ref, Type: sale.EventRefundSettled, At: next(), By: "SUP1", Note: sale.RefundSettledNote + ": reversed"})
	// A cash sale: never an issue.
	c := mustCreate(t, db, airtime("27825555555", 1000), next())
	deliver(t, db, c.Ref, next())
	return []sale.Reference{v3.Ref, p2.Ref}, p1.Ref, v1.Ref
}

func TestPaymentIndexes(t *testing.T) {
	db, path := openTest(t)
	want, used, vend := issuesJournal(t, db)
	if got := listRefs(t, db, sale.Query{Issues: true}); !slices.Equal(got, want) {
		t.Errorf("Issues = %v, want %v", got, want)
	}
	if got := listRefs(t, db, sale.Query{PaidBy: used}); !slices.Equal(got, []sale.Reference{vend}) {
		t.Errorf("PaidBy %s = %v, want [%s]", used, got, vend)
	}
	if got := listRefs(t, db, sale.Query{PaidBy: want[1]}); len(got) != 0 {
		t.Errorf("PaidBy an unused payment = %v, want none", got)
	}
	// The index holds only the issues: it is what List walks.
	var n int
	if err := db.view(func(tx *bbolt.Tx) error { n = tx.Bucket(bucketAttention).Stats().KeyN; return nil }); err != nil || n != 2 {
		t.Errorf("attention index has %d keys (%v), want 2", n, err)
	}
	db.Close()
	if rep := verifyBoth(t, path); !rep.OK() {
		t.Fatalf("verify: %+v", rep.Bad)
	}
}

// A journal written before the payment indexes (simulated by dropping them)
// gets them built on open, the same as if they had always been kept.
func TestPaymentIndexesBuiltOnOpen(t *testing.T) {
	db, path := openTest(t)
	want, used, vend := issuesJournal(t, db)
	db.Close()
	raw(t, path, func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket(bucketAttention); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketTenderUsed)
	})
	// Verified before the open that builds them: nothing to check, no error.
	if rep, err := VerifyFile(path); err != nil || !rep.OK() {
		t.Fatalf("VerifyFile without the indexes: %+v %v", rep.Bad, err)
	}
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got := listRefs(t, db, sale.Query{Issues: true}); !slices.Equal(got, want) {
		t.Errorf("Issues after the build = %v, want %v", got, want)
	}
	if got := listRefs(t, db, sale.Query{PaidBy: used}); !slices.Equal(got, []sale.Reference{vend}) {
		t.Errorf("PaidBy after the build = %v, want [%s]", got, vend)
	}
	db.Close()
	if rep := verifyBoth(t, path); !rep.OK() {
		t.Fatalf("verify after the build: %+v", rep.Bad)
	}
}

// A schema 1 journal migrates and gets the payment indexes.
func TestPaymentIndexesAfterMigration(t *testing.T) {
	path := schema1Journal(t)
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	err = db.view(func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketAttention) == nil || tx.Bucket(bucketTenderUsed) == nil {
			t.Error("the migrated journal has no payment indexes")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify: %+v %v", rep.Bad, err)
	}
}

func TestVerifyCatchesPaymentIndexes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(tx *bbolt.Tx, want []sale.Reference, used sale.Reference) error
		reason string
	}{
		{"issue dropped", func(tx *bbolt.Tx, want []sale.Reference, _ sale.Reference) error {
			no, _ := saleNo(want[1])
			return tx.Bucket(bucketAttention).Delete(be64(no))
		}, "payment-issues index"},
		{"settled sale listed", func(tx *bbolt.Tx, _ []sale.Reference, used sale.Reference) error {
			no, _ := saleNo(used)
			return tx.Bucket(bucketAttention).Put(be64(no), []byte{})
		}, "payment-issues index"},
		{"use forgotten", func(tx *bbolt.Tx, _ []sale.Reference, used sale.Reference) error {
			no, _ := saleNo(used)
			return tx.Bucket(bucketTenderUsed).Delete(be64(no))
		}, "payment"}, // the payment (checked first) or its vend
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openTest(t)
			want, used, _ := issuesJournal(t, db)
			db.Close()
			raw(t, path, func(tx *bbolt.Tx) error { return tc.edit(tx, want, used) })
			rep := verifyBoth(t, path)
			if rep.Bad == nil {
				t.Fatalf("verify found nothing wrong")
			}
			if !strings.Contains(rep.Bad.Reason, tc.reason) {
				t.Errorf("verify said %q, want %q", rep.Bad.Reason, tc.reason)
			}
		})
	}
}
