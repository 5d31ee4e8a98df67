package store

import (
	"slices"
	"testing"
)

// TestVerifyFileProgress: progress is told the events walked, every n, and
// the report is the same as without it.
func TestVerifyFileProgress(t *testing.T) {
	db, path := openTest(t)
	for i := range 3 {
		s := mustCreate(t, db, airtime("27821234567", int64(1000+i)), t0)
		deliver(t, db, s.Ref, t0)
	}
	db.Close()
	plain, err := VerifyFile(path)
	if err != nil || !plain.OK() {
		t.Fatalf("verify: %+v %v", plain, err)
	}
	var seen []int
	rep, err := VerifyFileProgress(path, 2, func(n int) { seen = append(seen, n) })
	if err != nil || rep.Events != plain.Events || rep.Head != plain.Head || rep.Sales != plain.Sales {
		t.Fatalf("with progress: %+v %v, without: %+v", rep, err, plain)
	}
	var want []int
	for n := 2; n <= plain.Events; n += 2 {
		want = append(want, n)
	}
	if len(want) == 0 || !slices.Equal(seen, want) {
		t.Fatalf("progress %v, want %v (%d events)", seen, want, plain.Events)
	}
}
