package screens

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"till/i18n"
	"till/sale"
	"till/screens/auth"
)

// TestSignInIndonesianGolden pins sign-in, the idle lock and the
// supervisor override in Bahasa Indonesia at 80×24.
func TestSignInIndonesianGolden(t *testing.T) {
	t.Run("who_id", func(t *testing.T) {
		f := newAuthFixture(t, sale.Limits{}, indonesian)
		requireView(t, f.fixture)
	})
	t.Run("pin_id", func(t *testing.T) {
		f := newAuthFixture(t, sale.Limits{}, indonesian)
		f.keys("1", "1", "3")
		requireView(t, f.fixture)
	})
	t.Run("locked_id", func(t *testing.T) {
		f := newAuthFixture(t, sale.Limits{}, indonesian)
		f.signIn("1", "1357")
		f.run(f.send(NavigateMsg{To: ScreenJournal}))
		f.tick(10 * time.Minute)
		requireView(t, f.fixture)
		v := f.view()
		for _, en := range []string{"LOCKED", "locked itself", "Someone else", "unlock"} {
			if strings.Contains(v, en) {
				t.Errorf("Indonesian lock shows English %q:\n%s", en, v)
			}
		}
	})
	t.Run("override_id", func(t *testing.T) {
		f := newAuthFixture(t, sale.Limits{}, indonesian)
		f.keys("1")
		for range 5 {
			f.typePIN("9999")
		}
		f.keys("u")
		f.tick(time.Second)
		requireView(t, f.fixture)
		if v := f.view(); !strings.Contains(v, "Izin supervisor: buka kunci Thandi") {
			t.Errorf("override dialog:\n%s", v)
		}
	})
}

// TestSuperviseIndonesianGolden pins a supervisor's settlement by hand in
// Bahasa Indonesia at 80×24: the choice and the confirmation.
func TestSuperviseIndonesianGolden(t *testing.T) {
	t.Run("choose_id", func(t *testing.T) {
		f := newWaterFixture(t)
		f.app.env.D.Language = i18n.ID
		s := lostSale(f)
		f.tick(2 * time.Minute)
		f.openSupervise(s.Ref)
		requireView(t, f.fixture)
	})
	t.Run("confirm_id", func(t *testing.T) {
		f := newWaterFixture(t)
		f.app.env.D.Language = i18n.ID
		s := lostSale(f)
		f.openSupervise(s.Ref)
		f.press("2")
		f.typeText("amina")
		f.press("enter")
		f.typeText("no credit on the meter")
		f.press("enter")
		requireView(t, f.fixture)
	})
}

// The first run's supervisor set-up speaks Indonesian, and refuses in it.
func TestSetupIndonesian(t *testing.T) {
	f := newAuthFixture(t, sale.Limits{}, indonesian)
	g := auth.NewSignIn(f.app.env)
	g.Update(auth.CashiersMsg{})
	if g.Mode != auth.GateSetup {
		t.Fatalf("mode %v, want the set-up", g.Mode)
	}
	g.Update(keyMsg("enter")) // no name typed
	v := ansi.Strip(g.View(78, 20))
	for _, want := range []string{"Selamat datang: atur supervisor pertama kasir ini", "Nama", "Ulangi PIN", "ketik nama Anda"} {
		if !strings.Contains(v, want) {
			t.Errorf("set-up lacks %q:\n%s", want, v)
		}
	}
	golden.RequireEqual(t, v)
}
