package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"till/doctor"
	"till/i18n"
	"till/sale"
)

// The frame's dialogs and the back office's remaining screens of an
// Indonesian till at 80×24: the quit dialog with a sale left unresolved,
// the till check, and the settlement's note step.
func TestFrameIndonesianGolden(t *testing.T) {
	t.Run("quit_dialog_id", func(t *testing.T) {
		f := idFixture(t)
		f.send(UnresolvedMsg{Sales: []sale.Sale{{Ref: "STORE042-TILL07-x7k2q9-9", State: sale.StateInDoubt}}})
		f.send(NavigateMsg{To: ScreenJournal})
		f.journalList()
		f.press("ctrl+c")
		for _, want := range []string{"Keluar dari kasir?", "1 transaksi yang belum beres tetap di jurnal", "Tetap di sini"} {
			if !strings.Contains(words(f.view()), want) {
				t.Errorf("no %q:\n%s", want, f.view())
			}
		}
		requireView(t, f)
	})
	t.Run("doctor_id", func(t *testing.T) {
		f := newFixture(t, func(*fixture) fixtureOption { return indonesian }, func(*fixture) fixtureOption {
			return func(d *Deps) {
				d.Doctor = func(context.Context) doctor.Report {
					r := doctor.Run(context.Background(), doctor.Inputs{Mode: "live",
						Config: doctor.Check{Status: doctor.OK, Detail: "/etc/till.toml, live"},
						Providers: []doctor.Prober{fixedChecks{
							{Name: "flowix", Status: doctor.Fail, Detail: "Flowix refused the API key", Fix: "set [flowix] api_key"}}}})
					r.At = d.Now() // the fixture's clock, not the machine's
					return r
				}
			}
		})
		f.run(f.press("d"))
		for _, want := range []string{"Belum siap: 1 pemeriksaan gagal", "sama seperti till"} {
			if !strings.Contains(words(f.view()), want) {
				t.Errorf("no %q:\n%s", want, f.view())
			}
		}
		requireView(t, f)
	})
	t.Run("supervise_note_id", func(t *testing.T) {
		f := newWaterFixture(t)
		f.app.env.D.Language = i18n.ID
		s := lostSale(f)
		f.tick(2 * time.Minute)
		f.openSupervise(s.Ref)
		f.press("2")
		f.typeText("amina")
		f.press("enter")
		f.press("enter") // no note typed: refused
		if !strings.Contains(words(f.view()), "wajib: ketik apa yang Anda periksa") {
			t.Errorf("the empty note is not refused in Indonesian:\n%s", f.view())
		}
		requireView(t, f.fixture)
	})
}

// words is a view's words with single spaces, borders and all.
func words(v string) string { return strings.Join(strings.Fields(v), " ") }
