package screens

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"till/sale"
	"till/store"
)

// The pieces the end-to-end flows share: a real journal, the engine's
// resolver running, and the App in a teatest program.

// openJournal opens a bbolt journal in a temp dir, closed at the end of
// the test.
func openJournal(t *testing.T, storeID, terminalID string, loc *time.Location) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "journal.db"), store.Options{
		StoreID: storeID, TerminalID: terminalID, Location: loc,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// startEngine recovers eng and runs its resolver until the end of the test.
func startEngine(t *testing.T, eng *sale.Engine) {
	t.Helper()
	if _, err := eng.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	resolverDone := make(chan struct{})
	go func() { eng.Run(ctx); close(resolverDone) }()
	t.Cleanup(func() { stop(); <-resolverDone })
}

// teaFlow is the App in a w×h teatest program, without colour.
type teaFlow struct {
	t    *testing.T
	tm   *teatest.TestModel
	wait time.Duration
}

func newTeaFlow(t *testing.T, app *App, w, h int, wait time.Duration) *teaFlow {
	t.Helper()
	t.Cleanup(app.Close)
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	return &teaFlow{t: t, tm: tm, wait: wait}
}

// waitFor waits until every one of want has been drawn. Output read by one
// call is gone for the next, so what appears together is waited for
// together.
func (f *teaFlow) waitFor(want ...string) {
	f.t.Helper()
	teatest.WaitFor(f.t, f.tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(f.wait), teatest.WithCheckInterval(20*time.Millisecond))
}

func (f *teaFlow) enter() { f.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }
