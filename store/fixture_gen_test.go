package store

import (
	"os"
	"testing"
	"time"

	"till/sale"
)

// TestWriteSchema1Fixture wrote testdata/schema1.db with the schema 1 code
// (JSON events and sale records), before the compact encoding existed. It
// runs only with TILL_WRITE_FIXTURE=1.
func TestWriteSchema1Fixture(t *testing.T) {
	if os.Getenv("TILL_WRITE_FIXTURE") == "" {
		t.Skip("set TILL_WRITE_FIXTURE=1 to rewrite testdata/schema1.db")
	}
	db, path, a := withCashiers(t)
	for i := 0; i < 40; i++ {
		at := t0.Add(time.Duration(i) * 37 * time.Minute)
		o := airtime("2782123456"+string(rune('0'+i%10)), int64(1000+i))
		if i%3 == 1 {
			o.Secrets = map[string]string{"pin": "9999-0000-1111"}
			o.Params = map[string]string{"isFBE": "true", "a": "b"}
			o.ProductName = "Vodacom R10 \"quoted\" <x> & ü"
		}
		s := mustCreate(t, db, o, at)
		switch i % 5 {
		case 0, 1:
			deliver(t, db, s.Ref, at.Add(time.Second))
		case 2:
			mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1})
			mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: at.Add(time.Second), State: sale.StateDeclined,
				Outcome: &sale.Outcome{Result: sale.ResultDeclined, Code: "2001", Message: "declined", ProviderMessage: "Insufficient funds"}})
		case 3:
			mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventSending, At: at, State: sale.StateSending, Attempt: 1})
			mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventOutcome, At: at.Add(time.Second), State: sale.StateInDoubt,
				Outcome: &sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout"}, NextTry: at.Add(time.Minute)})
		case 4:
			deliver(t, db, s.Ref, at.Add(time.Second))
			mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventReprinted, At: at.Add(time.Minute), By: "C1"})
			mustAppend(t, db, sale.Event{Ref: s.Ref, Type: sale.EventNote, At: at.Add(2 * time.Minute), Note: "customer asked\tagain"})
		}
		if i == 20 {
			if _, err := db.CloseDay("2025-03-01", at.Add(time.Minute), "S1", true); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.RecordSecretsExport(t0.Add(48*time.Hour), "S1", "csv 2025-03-01..2025-03-02 to out.csv"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SignIn("C1", "1357"); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCatalogue(sale.Catalogue{Provider: "flash", FetchedAt: t0, Products: []sale.Product{{Provider: "flash", Code: "VOD10", Name: "Vodacom R10", Kind: sale.KindAirtime}}}); err != nil {
		t.Fatal(err)
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("fixture does not verify: %+v %v", rep, err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("testdata/schema1.db", b, 0o600); err != nil {
		t.Fatal(err)
	}
}
