package screens

import (
	"strings"
	"testing"
	"time"
)

// The header says how far head office is behind only once it is more than
// HeadOfficeLagShown behind, and the lag grows with the clock.
func TestHeaderShowsHeadOfficeLag(t *testing.T) {
	f := newFixture(t)
	header := func() string { return strings.SplitN(f.view(), "\n", 2)[0] }
	if strings.Contains(header(), "HQ") {
		t.Fatalf("header before any ship:\n%s", header())
	}
	f.send(HeadOfficeMsg{Since: f.clock.Now().Add(-2 * time.Minute)})
	if strings.Contains(header(), "HQ") {
		t.Fatalf("header 2 minutes behind:\n%s", header())
	}
	f.tick(4 * time.Minute)
	if !strings.Contains(header(), "HQ 6m BEHIND") {
		t.Fatalf("header 6 minutes behind:\n%s", header())
	}
	f.tick(3 * time.Hour)
	if !strings.Contains(header(), "HQ 3h BEHIND") {
		t.Fatalf("header 3 hours behind:\n%s", header())
	}
	f.send(HeadOfficeMsg{})
	if strings.Contains(header(), "HQ") {
		t.Fatalf("header once head office caught up:\n%s", header())
	}
}
