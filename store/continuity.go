package store

// The journal's continuity record. References come from a sequence kept in
// the journal (store-terminal-installTag-saleNo), so a journal that is moved
// away, lost, or put back from an older copy would hand out references that
// were already sent. A small record kept OUTSIDE the journal, in the till's
// state directory, remembers which journal this till writes (path, store,
// terminal, install tag) and the highest sale number it ever used; Open
// compares the journal with it before anything is sold.
//
// Two files per store/terminal, both mode 0600 in a 0700 directory:
//
//	<store>-<terminal>.json  the record, replaced atomically (temp file,
//	                         fsync, rename, directory fsync). It is written
//	                         once per block of ReserveBlock sale numbers
//	                         (hi/lo allocation): every sale number up to
//	                         Reserved may have been used, and no sale is
//	                         committed under a number the record does not
//	                         cover, so even after a power cut the record is
//	                         never behind the journal.
//	<store>-<terminal>.used  "<installTag> <20-digit sale number>\n", the
//	                         exact highest sale number used, overwritten in
//	                         place after each sale without fsync (a pwrite of
//	                         28 bytes): it catches a journal put back from a
//	                         copy made inside the current block. A crash may
//	                         lose it; the record's Used is then the floor.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"till/sale"
)

// ReserveBlock is how many sale numbers one fsync of the continuity record
// reserves.
const ReserveBlock = 64

// Errors of the journal's continuity, for errors.Is (exit code 4).
var (
	// ErrMissing: the record says this till has a journal, and it is not
	// there (file or directory).
	ErrMissing = errors.New("journal is missing")
	// ErrContinuity: the journal at the path is older than the one this
	// till last wrote, or another journal: a supervisor must adopt it.
	ErrContinuity = errors.New("journal is not the one this till last wrote")
	// ErrUnavailable: the journal (or its record) cannot be opened, read or
	// written, or is readable by others.
	ErrUnavailable = errors.New("journal unavailable")
)

func unavailablef(format string, args ...any) error {
	return &wrapped{ErrUnavailable, fmt.Sprintf(format, args...)}
}

// Record is the continuity record of one store/terminal.
type Record struct {
	Version    int    `json:"version"`
	Journal    string `json:"journal"` // absolute path of the journal file
	StoreID    string `json:"store"`
	TerminalID string `json:"terminal"`
	InstallTag string `json:"installTag"`
	// Used is the highest sale number known used when the record was
	// written; Reserved the highest this till may have used (the end of
	// the current block). Sale numbers start at 1 and have no gaps, so Used
	// is also how many sales the journal held.
	Used      uint64    `json:"used"`
	Reserved  uint64    `json:"reserved"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// RecordPath is where the continuity record of a store/terminal lives in
// stateDir.
func RecordPath(stateDir, storeID, terminalID string) string {
	return filepath.Join(stateDir, storeID+"-"+terminalID+".json")
}

// ReadRecord reads the continuity record of a store/terminal; ok is false
// when there is none yet.
func ReadRecord(stateDir, storeID, terminalID string) (r Record, ok bool, err error) {
	c, err := loadContinuity(stateDir, storeID, terminalID)
	if err != nil || c.rec == nil {
		return Record{}, false, err
	}
	r = *c.rec
	r.Used = c.used
	return r, true, nil
}

// continuity is the open record of a DB.
type continuity struct {
	dir, name string
	rec       *Record // nil: this till has no record yet (first run)
	mu        sync.Mutex
	used      uint64   // highest sale number known used
	side      *os.File // the .used file, opened on first use
}

func loadContinuity(dir, storeID, terminalID string) (*continuity, error) {
	c := &continuity{dir: dir, name: storeID + "-" + terminalID}
	b, err := os.ReadFile(c.recordPath())
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, unavailablef("the journal's continuity record cannot be read: %v", err)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil || r.Version != 1 || sale.ValidID("install tag", r.InstallTag) != nil ||
		r.Used > r.Reserved || r.StoreID != storeID || r.TerminalID != terminalID || r.Journal == "" {
		return nil, unavailablef("the journal's continuity record %s is damaged; nothing was sold. Restore it from a backup of %s, "+
			"or, once the right journal is in place, remove it: the till then trusts the journal it finds", c.recordPath(), dir)
	}
	c.rec = &r
	c.used = r.Used
	if v, ok := c.readSide(r.InstallTag); ok && v > c.used && v <= r.Reserved {
		c.used = v
	}
	return c, nil
}

func (c *continuity) recordPath() string { return filepath.Join(c.dir, c.name+".json") }
func (c *continuity) sidePath() string   { return filepath.Join(c.dir, c.name+".used") }

// sideLen is the length of the .used file: tag, space, 20 digits, newline.
const sideLen = sale.InstallTagLen + 1 + 20 + 1

func (c *continuity) readSide(tag string) (uint64, bool) {
	b, err := os.ReadFile(c.sidePath())
	if err != nil || len(b) != sideLen || string(b[:sale.InstallTagLen]) != tag || b[sale.InstallTagLen] != ' ' {
		return 0, false
	}
	v, err := strconv.ParseUint(strings.TrimSpace(string(b[sale.InstallTagLen+1:])), 10, 64)
	return v, err == nil
}

// save replaces the record atomically: temp file, fsync, rename, fsync of
// the directory. The directory is made 0700 if missing.
func (c *continuity) save(r Record) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return unavailablef("the journal's continuity record cannot be written: %v", err)
	}
	r.Version = 1
	r.UpdatedAt = time.Now().UTC()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(c.recordPath(), append(b, '\n')); err != nil {
		return unavailablef("the journal's continuity record cannot be written: %v", err)
	}
	c.mu.Lock()
	tagChanged := c.rec == nil || c.rec.InstallTag != r.InstallTag
	c.rec = &r
	if tagChanged || r.Used > c.used {
		c.used = 0
	}
	c.mu.Unlock()
	c.markUsed(r.Used)
	return nil
}

// writeFileAtomic writes b to path through a temp file in the same
// directory, mode 0600, fsync'd, renamed over path, and fsyncs the directory.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	return syncDir(dir)
}

// markUsed notes that sale number no is committed: the .used file is
// overwritten in place, without fsync. A failure here loses nothing the
// record does not already cover, so it is not the sale's failure.
func (c *continuity) markUsed(no uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rec == nil || no <= c.used {
		return
	}
	c.used = no
	if c.side == nil {
		f, err := os.OpenFile(c.sidePath(), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return
		}
		c.side = f
	}
	var buf [sideLen]byte
	copy(buf[:], c.rec.InstallTag)
	buf[sale.InstallTagLen] = ' '
	copy(buf[sale.InstallTagLen+1:], fmt.Sprintf("%020d\n", no))
	_, _ = c.side.WriteAt(buf[:], 0)
}

// reserve makes sure sale number no is covered by the record before it is
// committed: past the reserved block, the next block is written (fsync).
func (c *continuity) reserve(no uint64) error {
	c.mu.Lock()
	r := *c.rec
	used := c.used
	c.mu.Unlock()
	if no <= r.Reserved {
		return nil
	}
	r.Used = max(used, no-1)
	r.Reserved = no - 1 + ReserveBlock
	return c.save(r)
}

// reserveThrough makes sure every sale number from next to hi is covered
// by the record before any of them is committed, in one write of the
// record (Bulk: a batch of sales in one transaction).
func (c *continuity) reserveThrough(next, hi uint64) error {
	c.mu.Lock()
	r := *c.rec
	used := c.used
	c.mu.Unlock()
	if hi <= r.Reserved {
		return nil
	}
	r.Used = max(used, next-1)
	r.Reserved = hi
	return c.save(r)
}

func (c *continuity) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.side != nil {
		_ = c.side.Close()
		c.side = nil
	}
}

// Gap describes a journal that is not the one the record names: an older
// copy (same install tag, fewer sales) or another journal (another tag).
type Gap struct {
	Path                 string // the journal at hand
	StoreID, TerminalID  string
	FileTag, FileCreated string
	FileSales            uint64 // highest sale number in the file
	RecordJournal        string // the journal the record names
	RecordTag            string
	RecordUsed           uint64 // highest sale number this till used under RecordTag
	RecordAt             time.Time
}

// Older reports whether the file is an older copy of this till's journal.
func (g Gap) Older() bool { return g.FileTag == g.RecordTag }

// Missing names the references this till used that the file does not hold
// ("" if none).
func (g Gap) Missing() string {
	from := uint64(1)
	if g.Older() {
		from = g.FileSales + 1
	}
	if g.RecordUsed < from {
		return ""
	}
	first := fmt.Sprintf("%s-%s-%s-%d", g.StoreID, g.TerminalID, g.RecordTag, from)
	if g.RecordUsed == from {
		return first
	}
	return fmt.Sprintf("%s to %s-%s-%s-%d (%d sales)", first, g.StoreID, g.TerminalID, g.RecordTag, g.RecordUsed, g.RecordUsed-from+1)
}

// Error is the message of a journal refused for this gap.
func (g Gap) Error() string {
	adopt := "Nothing was sold. Put back this till's newest journal (or its latest backup), or have a supervisor adopt this one: " +
		"till journal adopt --supervisor ID --reason TEXT (new sales then carry a new install tag, so no reference is used twice)"
	if g.Older() {
		return fmt.Sprintf("journal %s is older than the one this till last wrote: it holds sales up to number %d, but this till "+
			"has used up to %d (install tag %s); not in this file: %s. %s", g.Path, g.FileSales, g.RecordUsed, g.RecordTag, g.Missing(), adopt)
	}
	return fmt.Sprintf("journal %s is not the journal this till last wrote: its install tag is %s (created %s, %s), but this "+
		"till's journal has install tag %s (%s, %s). %s", g.Path, g.FileTag, g.FileCreated, nSales(g.FileSales), g.RecordTag,
		nSales(g.RecordUsed), g.RecordJournal, adopt)
}

// missingError is the message for a journal that is not there although the
// record says this till has one.
func (c *continuity) missingError(path string) error {
	r := c.rec
	what := fmt.Sprintf("journal %s is missing", path)
	if dir := filepath.Dir(path); !exists(dir) {
		what = fmt.Sprintf("the journal's directory %s is missing (is its disk mounted?), so journal %s is missing", dir, path)
	}
	if r.Journal != path {
		if exists(r.Journal) {
			what += fmt.Sprintf("; this till's journal is %s, which is there: point [till] journal at it", r.Journal)
		} else {
			what += fmt.Sprintf("; this till last wrote its journal at %s, which is missing too", r.Journal)
		}
	}
	last := r.UpdatedAt
	if fi, err := os.Stat(c.sidePath()); err == nil && fi.ModTime().After(last) {
		last = fi.ModTime()
	}
	prefix := fmt.Sprintf("%s-%s-%s-", r.StoreID, r.TerminalID, r.InstallTag)
	var held string
	switch c.used {
	case 0:
		held = "it held no sales yet"
	case 1:
		held = fmt.Sprintf("it held 1 sale (reference %s1), the last recorded %s", prefix, last.Local().Format("2006-01-02 15:04"))
	default:
		held = fmt.Sprintf("it held %d sales (references %s1 to %s%d), the last recorded %s", c.used, prefix, prefix, c.used,
			last.Local().Format("2006-01-02 15:04"))
	}
	return &wrapped{ErrMissing, fmt.Sprintf("%s: %s. Nothing was sold. Put the file back (or restore the latest backup, "+
		"then run till verify); only if it is lost for good, a supervisor starts a new one: till journal new --supervisor ID --reason TEXT",
		what, held)}
}

// nSales is "1 sale" or "n sales".
func nSales(n uint64) string {
	if n == 1 {
		return "1 sale"
	}
	return fmt.Sprintf("%d sales", n)
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// check compares the journal just opened (at abs, with meta m and sales
// sale numbers) with the record. It returns the gap when the journal is
// older or another; with no gap it brings the record up to date.
func (c *continuity) check(abs string, m meta, sales uint64) (*Gap, error) {
	if c.rec == nil {
		return nil, c.save(Record{Journal: abs, StoreID: m.storeID, TerminalID: m.terminalID, InstallTag: m.installTag, Used: sales, Reserved: sales})
	}
	r := *c.rec
	if m.installTag != r.InstallTag || sales < c.used {
		return &Gap{Path: abs, StoreID: m.storeID, TerminalID: m.terminalID, FileTag: m.installTag, FileCreated: m.createdAt,
			FileSales: sales, RecordJournal: r.Journal, RecordTag: r.InstallTag, RecordUsed: c.used, RecordAt: r.UpdatedAt}, nil
	}
	if r.Journal != abs || sales > r.Reserved {
		// The journal was moved on purpose (same journal, nothing older),
		// or is ahead of the record: the record follows it.
		r.Journal = abs
		r.Used = max(c.used, sales)
		r.Reserved = max(r.Reserved, sales)
		return nil, c.save(r)
	}
	c.markUsed(sales)
	return nil, nil
}
