package flowix

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// errAPI is a FlowixAPI whose account cannot be read.
type errAPI struct{ kit.FlowixAPI } // only Account is asked

func (errAPI) Account(context.Context) (kit.FlowixAccount, error) {
	return kit.FlowixAccount{}, sale.Errorf(sale.CodeUnavailable, "could not get the Flowix account from Flowix (dial)")
}

func TestAccountLineOffline(t *testing.T) {
	st := ui.NewStyles(true, false)
	e := &kit.Env{D: kit.Deps{Flowix: errAPI{}, Now: time.Now}.WithDefaults(), St: &st}
	l := &AccountLine{env: e}
	l.Update(AccountMsg{Err: errors.New("x")})
	if v := ansi.Strip(l.View(80)); !strings.Contains(v, "r to try again") {
		t.Errorf("view %q", v)
	}
}
