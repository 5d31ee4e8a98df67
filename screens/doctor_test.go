package screens

import (
	"context"
	"strings"
	"testing"

	"till/doctor"
	"till/screens/backoffice"
)

// TestDoctorScreen: the home menu's "d" opens the Till check, which runs
// the same checks as till doctor in a command and shows each line, the fix
// under a FAIL and the catalogue's unknown types; r runs them again.
func TestDoctorScreen(t *testing.T) {
	runs := 0
	typ := int64(42)
	withDoctor := func(*fixture) fixtureOption {
		return func(d *Deps) {
			d.Doctor = func(context.Context) doctor.Report {
				runs++
				return doctor.Run(context.Background(), doctor.Inputs{
					Mode:   "live",
					Config: doctor.Check{Status: doctor.OK, Detail: "/etc/till.toml, live"},
					Providers: []doctor.Prober{fixedChecks{
						{Name: "flash", Status: doctor.OK, Detail: "API key accepted"},
						{Name: "flash catalogue", Status: doctor.OK, Detail: "1 product", Products: []doctor.Product{{Code: "12", Name: "Takealot Gift Voucher", Type: &typ, Active: true}}},
						{Name: "oneflow", Status: doctor.Fail, Detail: "1Flow refused the client id or secret", Fix: "set [oneflow] client_secret"},
					}},
				})
			}
		}
	}
	f := newFixture(t, withDoctor)
	if !strings.Contains(f.view(), "Till check") {
		t.Fatalf("home has no Till check:\n%s", f.view())
	}
	cmd := f.press("d")
	f.run(cmd)
	if _, ok := f.app.Active().(*backoffice.Doctor); !ok {
		t.Fatalf("d opened %v", f.app.Active().ID())
	}
	v := f.flat()
	for _, want := range []string{"Not ready: 1 check failed", "OK config /etc/till.toml", "FAIL oneflow 1Flow refused", "fix: set [oneflow] client_secret", "12 Takealot Gift Voucher 42 unknown type 42 (never sold)", "SKIP printer"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, f.view())
		}
	}
	f.run(f.press("r"))
	if runs != 2 {
		t.Errorf("the checks ran %d times", runs)
	}
	f.run(f.press("esc"))
	if f.app.Active().ID() != ScreenHome {
		t.Errorf("esc left %v open", f.app.Active().ID())
	}
}

// TestDoctorScreenHidden: without checks (tests, tools) there is no item.
func TestDoctorScreenHidden(t *testing.T) {
	f := newFixture(t)
	if strings.Contains(f.view(), "Till check") {
		t.Errorf("Till check shown without Deps.Doctor:\n%s", f.view())
	}
}

type fixedChecks []doctor.Check

func (f fixedChecks) Check(context.Context) []doctor.Check { return f }
