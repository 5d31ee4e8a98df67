package store

import (
	"testing"
	"time"

	"till/sale"
)

func demoCustomer(email string) sale.Customer {
	return sale.Customer{Name: " Amina Okafor ", Email: email, Phone: "+234 803 000 0001",
		Token: "flw-t1nf-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d-m03k", Brand: "mastercard", Last4: "2950",
		Expiry: "09/32", TokenCreated: t0.AddDate(0, -2, 0)}
}

func TestCustomerBook(t *testing.T) {
	db, path := openTest(t)
	if cs, err := db.Customers(); err != nil || len(cs) != 0 {
		t.Fatalf("empty book = %v, %v", cs, err)
	}
	if _, err := db.Customer("C1"); sale.ErrorCode(err) != sale.CodeNotFound {
		t.Fatalf("missing customer: %v", err)
	}
	a, err := db.AddCustomer(demoCustomer("Amina.Okafor@example.com"), t0)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "C1" || a.Name != "Amina Okafor" || a.Email != "amina.okafor@example.com" || a.Brand != "MASTERCARD" || !a.Added.Equal(t0) {
		t.Fatalf("added = %+v", a)
	}
	if _, err := db.AddCustomer(demoCustomer("amina.okafor@example.com"), t0); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("same email twice: %v", err)
	}
	if _, err := db.AddCustomer(sale.Customer{Name: "x", Email: "bad"}, t0); sale.ErrorCode(err) != sale.CodeInvalid {
		t.Fatalf("invalid customer: %v", err)
	}
	b, err := db.AddCustomer(demoCustomer("kwame@example.com"), t0)
	if err != nil || b.ID != "C2" {
		t.Fatalf("second = %+v, %v", b, err)
	}
	later := t0.Add(time.Hour)
	a.Phone = "+234 803 000 0002"
	if _, err := db.UpdateCustomer(a, later); err != nil {
		t.Fatal(err)
	}
	b.Email = a.Email
	if _, err := db.UpdateCustomer(b, later); sale.ErrorCode(err) != sale.CodeConflict {
		t.Fatalf("taking another's email: %v", err)
	}
	if _, err := db.UpdateCustomer(sale.Customer{ID: "C9", Name: "x", Email: "x@y.co", Token: "t", TokenCreated: t0}, later); sale.ErrorCode(err) != sale.CodeNotFound {
		t.Fatalf("update of a missing customer: %v", err)
	}
	db.Close()

	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	got, err := db2.Customer("c1")
	if err != nil || got.Phone != "+234 803 000 0002" || !got.Added.Equal(t0) || !got.Updated.Equal(later) || got.Token != a.Token {
		t.Fatalf("read back = %+v, %v", got, err)
	}
	all, err := db2.Customers()
	if err != nil || len(all) != 2 || all[0].ID != "C1" || all[1].ID != "C2" {
		t.Fatalf("customers = %+v, %v", all, err)
	}
	if rep, err := db2.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify with a customer book: %+v, %v", rep, err)
	}
}
