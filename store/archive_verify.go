package store

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.etcd.io/bbolt"

	"till/sale"
)

// Verification of a journal with archives (archive.go): one chain, walked
// through each archive in turn and then the live journal. Each file's
// events, sale records and indexes are checked as in a journal of its own;
// the walk carries what the chain says from one file to the next (day
// closes, cashiers, keys), and each file must continue from the head of
// the one before, as the live journal records it.

// setFile points v at the read transaction tx of a file whose meta is m.
func (v *verifier) setFile(tx *bbolt.Tx, m meta) {
	v.tx, v.m, v.codec = tx, m, codecOf(tx)
	v.cursors, v.buckets, v.cash = nil, nil, nil
	v.closeStart = len(v.closes)
}

// walkArchives walks the archives the live journal (v.tx) records, in dir,
// oldest first, then points v back at the live journal, checking it continues
// from the last of them.
func (v *verifier) walkArchives(rep *Report, dir string) {
	live, m := v.tx, v.m
	base, baseHash := chainBase(live)
	if live.Bucket(bucketMeta).Get(keyArchivePending) != nil {
		v.note(base+1, "", "an archive of this journal was interrupted: open the till (or run till archive again) to finish it, then verify")
	}
	as, err := archivesOf(live)
	if err != nil {
		v.note(base+1, "", "%v", err)
	}
	for _, a := range as {
		v.walkArchive(rep, filepath.Join(dir, a.File), a)
	}
	v.setFile(live, m)
	walkedHash := rep.Head
	if v.walked == 0 {
		walkedHash = genesisHash
	}
	if v.walked != base || walkedHash != baseHash {
		v.note(base+1, "", "the journal continues from event %d (hash %.16s…) but its archives end at event %d (hash %.16s…): "+
			"an archive is missing, was replaced or was edited", base, baseHash, v.walked, walkedHash)
	}
	v.base, v.baseHash = base, baseHash
}

// walkArchive walks the archive at path, which the live journal records as
// a, as the next stretch of the chain.
func (v *verifier) walkArchive(rep *Report, path string, a archiveInfo) {
	v.walkArchiveWith(rep, path, a, true)
}

// walkArchiveWith is walkArchive; without replay it checks the archive's
// chain and day closes but does not replay its sales (checkArchive: the
// archives before a new one were replayed when they were made, and the
// full verify replays them).
func (v *verifier) walkArchiveWith(rep *Report, path string, a archiveInfo, replay bool) {
	name := filepath.Base(path)
	bdb, err := openArchiveFile(path)
	if err != nil {
		v.note(a.BaseSeq+1, "", "the archive of %d: %v", a.Year, err)
		return
	}
	defer bdb.Close()
	_ = bdb.View(func(tx *bbolt.Tx) error {
		defer func() {
			if r := recover(); r != nil && rep.Damaged == "" {
				rep.Damaged = fmt.Sprintf("archive %s: %v", name, r)
			}
		}()
		var pages Report
		checkPages(tx, &pages)
		for _, p := range pages.Pages {
			rep.Pages = append(rep.Pages, name+": "+p)
		}
		m, err := readMeta(tx, path)
		if err != nil {
			v.note(a.BaseSeq+1, "", "the archive of %d: %v", a.Year, err)
			return nil
		}
		prevHash := rep.Head
		if v.walked == 0 {
			prevHash = genesisHash
		}
		base, baseHash := chainBase(tx)
		if base != v.walked || baseHash != prevHash {
			v.note(base+1, "", "the archive %s continues from event %d, but the chain before it ends at event %d (or with another hash): "+
				"an archive is missing, was replaced or was edited", name, base, v.walked)
		}
		v.setFile(tx, m)
		v.base, v.baseHash = v.walked, prevHash
		v.chain(rep)
		v.closedIndex()
		v.drawerIndex()
		if replay {
			v.replayAll(rep)
		}
		if m.headSeq != a.HeadSeq || m.headHash != a.HeadHash || rep.Head != a.HeadHash {
			v.note(a.HeadSeq, "", "the archive %s ends at event %d (hash %.16s…), but the journal recorded its end as event %d (hash %.16s…): "+
				"it was replaced or edited", name, m.headSeq, rep.Head, a.HeadSeq, a.HeadHash)
		}
		v.archiveEntry(name, a)
		v.walked = m.headSeq
		return nil
	})
}

// archivedEvent reads event seq, of a live sale, from the archive holding
// it (its hash was checked when that archive's chain was walked).
func (v *verifier) archivedEvent(seq uint64) (sale.Event, error) {
	for _, a := range v.archives {
		if seq <= a.BaseSeq || seq > a.HeadSeq {
			continue
		}
		bdb, err := openArchiveFile(filepath.Join(v.dir, a.File))
		if err != nil {
			return sale.Event{}, err
		}
		defer bdb.Close()
		var e sale.Event
		err = bdb.View(func(tx *bbolt.Tx) error {
			var err error
			e, err = loadEvent(tx, seq)
			return err
		})
		return e, err
	}
	return sale.Event{}, fmt.Errorf("event %d is in no archive of this journal", seq)
}

// archiveEntry checks what the live journal records of archive a (the
// sales, sale numbers and days readers route by) against the archive in
// v.tx.
func (v *verifier) archiveEntry(name string, a archiveInfo) {
	sales, days := v.tx.Bucket(bucketSales), v.tx.Bucket(bucketByDay)
	n := sales.Stats().KeyN
	lo, _ := sales.Cursor().First()
	hi, _ := sales.Cursor().Last()
	first, _ := days.Cursor().First()
	last, _ := days.Cursor().Last()
	switch {
	case n != a.Sales:
		v.note(a.HeadSeq, "", "the journal records %d sales in the archive %s, which holds %d", a.Sales, name, n)
	case n > 0 && (len(lo) != 8 || len(hi) != 8 || fromBE64(lo) < a.LoNo || fromBE64(hi) > a.HiNo):
		v.note(a.HeadSeq, "", "the archive %s holds sales outside the numbers %d to %d the journal records", name, a.LoNo, a.HiNo)
	case n > 0 && (len(first) < dayLen || len(last) < dayLen || string(first[:dayLen]) != a.FirstDay || string(last[:dayLen]) != a.LastDay):
		v.note(a.HeadSeq, "", "the archive %s holds other days than %s to %s, which the journal records", name, a.FirstDay, a.LastDay)
	}
}

// archiveReprint counts a copy of an archived sale's receipt (a
// sale.EventArchiveReprinted: "ref=R copy=N" or "ref=R failed: ...").
func (v *verifier) archiveReprint(e sale.Event) {
	ref, rest, _ := strings.Cut(strings.TrimPrefix(e.Note, "ref="), " ")
	no, ok := saleNo(sale.Reference(ref))
	if !ok || !strings.HasPrefix(e.Note, "ref=") {
		v.note(e.Seq, "", "the copy of an archived receipt names no sale (%q)", e.Note)
		return
	}
	if v.reprints == nil {
		v.reprints = map[uint64]int64{}
	}
	if strings.HasPrefix(rest, "failed") {
		v.reprints[no]--
	} else {
		v.reprints[no]++
	}
}

// verifyArchiveReprints checks the archive_reprints bucket of the live
// journal holds exactly the copies the chain journals.
func (v *verifier) verifyArchiveReprints() {
	want := v.reprints
	if b := v.tx.Bucket(bucketArchiveReprints); b != nil {
		_ = b.ForEach(func(k, val []byte) error {
			if len(k) != 8 || len(val) != 8 {
				v.note(0, "", "a damaged entry in the archived copies index")
				return nil
			}
			no := fromBE64(k)
			if int64(fromBE64(val)) != want[no] {
				v.note(0, "", "the archived copies index counts %d copies of sale %d, the chain journals %d", fromBE64(val), no, want[no])
			}
			delete(want, no)
			return nil
		})
	}
	for no, n := range want {
		if n != 0 {
			v.note(0, "", "the chain journals %d copies of archived sale %d that the archived copies index does not count", n, no)
		}
	}
}
