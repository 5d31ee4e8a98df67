package sale_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"till/keys"
	"till/sale"
	"till/store"
)

// TestPeppered: with the till's key, new PIN hashes are peppered; an old
// unpeppered hash is hashed again with the pepper at the cashier's next
// right PIN (one write, the sign-in event records it); a peppered hash
// does not check without the pepper, whatever PIN is tried.
func TestPeppered(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.db")
	// A journal from before keys, with an unpeppered supervisor.
	db := openJournal(t, path)
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	plain := sale.NewAuth(sale.AuthOptions{Store: db, Now: clk.Now, Params: fastPIN, Location: time.UTC})
	if _, err := plain.Bootstrap(sale.NewCashier{ID: "S1", Name: "Sipho", Role: sale.RoleSupervisor, PIN: "2468"}, ""); err != nil {
		t.Fatal(err)
	}
	db.Close()

	opts := store.Options{StoreID: "S1", TerminalID: "T1", KeyFile: filepath.Join(dir, keys.FileName)}
	db, err := store.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pepper := db.Pepper()
	if len(pepper) != 32 {
		t.Fatalf("pepper of a keyed journal: %d bytes", len(pepper))
	}
	a := sale.NewAuth(sale.AuthOptions{Store: db, Now: clk.Now, Params: fastPIN, Location: time.UTC, Pepper: pepper})
	hashOf := func(id string) string {
		c, err := db.Cashier(id)
		if err != nil {
			t.Fatal(err)
		}
		return c.PIN
	}
	if sale.Peppered(hashOf("S1")) {
		t.Fatal("the old hash is already peppered")
	}
	if _, err := a.SignIn("S1", "1111"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatalf("a wrong PIN: %v", err)
	}
	if sale.Peppered(hashOf("S1")) {
		t.Fatal("a wrong PIN re-hashed the PIN")
	}
	if _, err := a.SignIn("S1", "2468"); err != nil {
		t.Fatal(err)
	}
	h := hashOf("S1")
	if !sale.Peppered(h) || !strings.HasPrefix(h, "$argon2id-hmac1$v=19$m=64,t=1,p=1$") {
		t.Fatalf("after a right PIN the hash is %q", h)
	}
	if _, err := a.SignIn("S1", "2468"); err != nil {
		t.Fatalf("sign-in with the peppered hash: %v", err)
	}
	if rep, err := db.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify after the re-hash = %+v, %v", rep.Bad, err)
	}
	// New cashiers are peppered at once.
	ov := authorize(t, a, sale.ActionCashiers, sale.CashierSubject("add", "Thandi"), "S1", "2468")
	if _, err := a.Add(sale.NewCashier{ID: "C1", Name: "Thandi", Role: sale.RoleCashier, PIN: "1357"}, ov); err != nil {
		t.Fatal(err)
	}
	if !sale.Peppered(hashOf("C1")) {
		t.Fatal("a new cashier's hash is not peppered")
	}
	// The file alone: the hash does not check for any PIN without the
	// pepper (a brute force over 10,000 PINs finds nothing), and a till
	// without its key says why rather than counting a wrong PIN.
	for _, pin := range []string{"1357", "0000"} {
		if sale.CheckPIN(hashOf("C1"), pin) {
			t.Fatalf("the peppered hash checked without the pepper for %s", pin)
		}
	}
	wrong, _ := keys.New()
	other := sale.NewAuth(sale.AuthOptions{Store: db, Now: clk.Now, Params: fastPIN, Location: time.UTC, Pepper: []byte(wrong.Check())})
	if _, err := other.SignIn("C1", "1357"); sale.ErrorCode(err) != sale.CodeForbidden {
		t.Fatalf("another pepper: %v", err)
	}
	nopep := sale.NewAuth(sale.AuthOptions{Store: db, Now: clk.Now, Params: fastPIN, Location: time.UTC})
	if _, err := nopep.SignIn("C1", "1357"); !errors.Is(err, sale.ErrJournal) || !strings.Contains(err.Error(), "key is missing") {
		t.Fatalf("no pepper: %v", err)
	}
}
