package screens

import (
	"strings"
	"testing"
)

// TestEODIndonesianGolden pins the end-of-day screen in Bahasa Indonesia at
// 80×24: the X report, a close refused over unresolved sales, the close
// dialog, the Z report, the export dialog and the drawer's dialogs.
func TestEODIndonesianGolden(t *testing.T) {
	id := withDeps(indonesian)
	t.Run("eod_x_report_id", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}), id)
		f.sellDirect("27821234567", 1000, delivered())
		f.sellDirect("27841234567", 10000, delivered())
		f.unresolved()
		f.openEOD()
		requireView(t, f)
		v := f.view()
		for _, en := range []string{"X report", "day open", "Sales", "Refund due", "Read at", "A reading only"} {
			if strings.Contains(v, en) {
				t.Errorf("Indonesian end of day shows English %q:\n%s", en, v)
			}
		}
	})
	t.Run("eod_close_refused_id", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}), id)
		f.sellDirect("27821234567", 1000, delivered())
		f.sellDirect("27831234567", 2500) // in doubt
		f.unresolved()
		m := f.openEOD()
		if f.press("z"); m.Refused() == nil {
			t.Fatal("closed over an unresolved sale")
		}
		requireView(t, f)
	})
	t.Run("eod_close_dialog_id", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}), id)
		f.sellDirect("27821234567", 1000, delivered())
		f.unresolved()
		f.openEOD()
		f.press("z")
		requireView(t, f)
	})
	t.Run("eod_z_report_id", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}), withPrinter, id)
		f.sellDirect("27821234567", 1000, delivered())
		f.unresolved()
		f.openEOD()
		f.press("z")
		f.pastGrace()
		f.run(f.press("enter"))
		requireView(t, f)
	})
	t.Run("eod_export_secrets_id", func(t *testing.T) {
		f := newFixture(t, withDays(&memDays{}), withDeps(func(d *Deps) { d.Export = fakeExport(nil) }), id)
		f.sellDirect("27821234567", 1000, delivered())
		f.unresolved()
		f.openEOD()
		f.press("e", "s")
		requireView(t, f)
	})
	for _, k := range []string{"f", "d"} {
		t.Run("eod_drawer_"+k+"_id", func(t *testing.T) {
			f := newFixture(t, withDays(&memDays{}), id)
			f.unresolved()
			m := f.openEOD()
			f.press(k)
			if m.Dialog() != EODMoveDialog {
				t.Skipf("%s opens no drawer dialog on this fixture", k)
			}
			requireView(t, f)
		})
	}
}
