// Package ship sends a till's journal to head office: every event, masked as
// a default export masks a sale, into a PostgreSQL table shared by every till
// of a chain, with SQL views for the reports head office runs (schema.go,
// docs/HEAD-OFFICE.md).
//
// Shipping is idempotent and resumable. Each event is keyed by (store_id,
// terminal_id, install_tag, seq); the position to resume from is read back
// from PostgreSQL (the highest seq it holds for this till), never kept on
// the till; each batch is one transaction, so a ship killed mid-batch leaves
// no partial batch, and a batch sent twice inserts nothing twice (ON
// CONFLICT DO NOTHING). A row already there with a different hash is never
// overwritten: it is reported (ConflictError).
//
// The package reads the journal only through Journal, which store.DB
// implements; it never writes to it. Selling never waits for it.
package ship

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"till/export"
	"till/sale"
)

// Journal is what shipping reads of a till's journal (store.DB).
type Journal interface {
	// Identity is the journal's store id, terminal id and install tag.
	Identity() (storeID, terminalID, installTag string)
	// Head is the sequence number and hash of the last event.
	Head() (seq uint64, hash string, err error)
	// EventsAfter returns up to limit events above seq after, in order.
	EventsAfter(after uint64, limit int) ([]sale.Event, error)
}

// DefaultBatch is how many events one transaction carries.
const DefaultBatch = 5000

// ConnectTimeout bounds connecting to head office, so an unreachable
// server fails a ship in seconds.
const ConnectTimeout = 10 * time.Second

// Options configure Ship.
type Options struct {
	// Batch is how many events go in one transaction (default DefaultBatch).
	Batch int
	// Failpoint, if set, is called with "ship-before-commit-N" when batch N
	// (from 1) has been inserted and is about to be committed (crash tests).
	Failpoint func(name string)
	// Progress, if set, is called after each committed batch with the
	// events inserted so far.
	Progress func(sent int)
}

// Result is what a ship did.
type Result struct {
	StoreID    string `json:"store"`
	TerminalID string `json:"terminal"`
	InstallTag string `json:"installTag"`
	// From is the position head office held before (its highest seq for
	// this till), Shipped the one it holds after, Head the journal's.
	From    uint64 `json:"from"`
	Shipped uint64 `json:"shipped"`
	Head    uint64 `json:"head"`
	// Sent is how many events were inserted; Batches how many
	// transactions were committed.
	Sent    int `json:"sent"`
	Batches int `json:"batches"`
	// Migrated lists the schema versions applied on this connection.
	Migrated []int `json:"migrated,omitempty"`
}

// UpToDate reports whether head office holds every event of the journal.
func (r Result) UpToDate() bool { return r.Shipped >= r.Head }

// Error kinds, for errors.Is.
var (
	// ErrHeadOffice: PostgreSQL could not be reached or refused (exit 1);
	// nothing is lost, the next ship catches up.
	ErrHeadOffice = errors.New("head office")
	// ErrJournal: the journal could not be read (exit 4).
	ErrJournal = errors.New("journal")
)

// ConflictError is a row head office already holds under an event's key
// with a different hash: another journal shipped under this till's
// identity, or the row was changed. It is never overwritten.
type ConflictError struct {
	StoreID, TerminalID, InstallTag string
	Seq                             uint64
	Ours, Theirs                    string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("head office already holds event %d of %s/%s (install %s) with hash %s, but this journal's has hash %s: not overwritten (run till hq verify)",
		e.Seq, e.StoreID, e.TerminalID, e.InstallTag, short(e.Theirs), short(e.Ours))
}

// Is makes a conflict an ErrHeadOffice: head office refused the batch.
func (e *ConflictError) Is(target error) bool { return target == ErrHeadOffice }

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// wrap is an error of one side (head office or journal) with its message.
type wrap struct {
	kind error
	msg  string
	err  error
}

func (w *wrap) Error() string   { return w.msg }
func (w *wrap) Unwrap() []error { return []error{w.kind, w.err} }
func hoErr(what string, err error) error {
	if err == nil || errors.Is(err, ErrHeadOffice) {
		return err
	}
	return &wrap{kind: ErrHeadOffice, msg: "head office: " + what + ": " + Describe(err), err: err}
}
func journalErr(err error) error {
	return &wrap{kind: ErrJournal, msg: "reading the journal: " + sale.ErrorMessage(err), err: err}
}

// Describe is a short message for a PostgreSQL or network error, without
// the connection's password (pgx never prints it).
func Describe(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.TrimSpace(pe.Severity + " " + pe.Message + " (SQLSTATE " + pe.Code + ")")
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out: " + err.Error()
	}
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	return err.Error()
}

// Connect opens a connection to head office within ConnectTimeout.
func Connect(ctx context.Context, url string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, hoErr("bad url", err)
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > ConnectTimeout {
		cfg.ConnectTimeout = ConnectTimeout
	}
	cfg.RuntimeParams["application_name"] = "till ship"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, hoErr("cannot connect", err)
	}
	return conn, nil
}

// columns are the events columns a ship writes, in COPY order.
var columns = []string{"store_id", "terminal_id", "install_tag", "seq", "at", "kind", "state", "reference", "payload", "hash", "prev_hash"}

// Position is the highest seq head office holds for this till and install
// tag: the shipped position, read back from PostgreSQL itself.
func Position(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, storeID, terminalID, installTag string) (uint64, error) {
	var pos int64
	err := q.QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM events WHERE store_id = $1 AND terminal_id = $2 AND install_tag = $3`,
		storeID, terminalID, installTag).Scan(&pos)
	if err != nil {
		return 0, hoErr("reading the shipped position", err)
	}
	return uint64(pos), nil
}

// Ship sends every event of j that head office does not hold yet, in
// order, opt.Batch events per transaction, migrating the schema first if
// it is missing or older. It stops at the first error; what was committed
// stays, and the next ship resumes after it. Errors wrap ErrHeadOffice
// (including *ConflictError) or ErrJournal.
func Ship(ctx context.Context, conn *pgx.Conn, j Journal, opt Options) (Result, error) {
	batch := opt.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	var r Result
	r.StoreID, r.TerminalID, r.InstallTag = j.Identity()
	applied, err := Migrate(ctx, conn)
	if err != nil {
		return r, hoErr("schema", err)
	}
	r.Migrated = applied
	if err := stage(ctx, conn); err != nil {
		return r, err
	}
	if r.From, err = Position(ctx, conn, r.StoreID, r.TerminalID, r.InstallTag); err != nil {
		return r, err
	}
	r.Shipped = r.From
	head, _, err := j.Head()
	if err != nil {
		return r, journalErr(err)
	}
	r.Head = head
	if err := anchor(ctx, conn, j, r.From); err != nil {
		return r, err
	}
	// The journal is read and encoded one batch ahead of the one being
	// sent, so the till's work overlaps PostgreSQL's.
	read, stopReading := context.WithCancel(ctx)
	ahead := readAhead(read, j, r.StoreID, r.TerminalID, r.InstallTag, r.Shipped, head, batch)
	defer func() {
		stopReading()
		for range ahead { // the reader is done with the journal before Ship returns
		}
	}()
	for b := range ahead {
		if b.err != nil {
			return r, journalErr(b.err)
		}
		n, err := sendBatch(ctx, conn, b, r.Batches+1, opt.Failpoint)
		if err != nil {
			return r, err
		}
		r.Batches++
		r.Sent += n
		r.Shipped = b.last
		if opt.Progress != nil {
			opt.Progress(r.Sent)
		}
	}
	if err := heartbeat(ctx, conn, r, j); err != nil {
		return r, err
	}
	return r, nil
}

// anchor checks that the journal continues head office's copy: its event
// at head office's position from has the hash head office holds. A journal
// that ends before it (an older copy put back) or differs at it (another
// journal under this till's identity) would otherwise ship after a
// position it does not share, leaving its own events in between unsent.
func anchor(ctx context.Context, conn *pgx.Conn, j Journal, from uint64) error {
	if from == 0 {
		return nil
	}
	store, terminal, tag := j.Identity()
	var theirs string
	err := conn.QueryRow(ctx, `SELECT hash FROM events WHERE store_id = $1 AND terminal_id = $2 AND install_tag = $3 AND seq = $4`,
		store, terminal, tag, int64(from)).Scan(&theirs)
	if err != nil {
		return hoErr("reading the shipped position", err)
	}
	evs, err := j.EventsAfter(from-1, 1)
	if err != nil {
		return journalErr(err)
	}
	if len(evs) == 0 || evs[0].Seq != from {
		head, _, _ := j.Head()
		return &wrap{kind: ErrJournal, msg: fmt.Sprintf("head office holds events of %s/%s (install %s) up to %d, but this journal has no event %d (its last is %d): "+
			"it is an older copy of the journal, put back; nothing was shipped (adopt it, which gives it a new install tag, then ship)",
			store, terminal, tag, from, from, head)}
	}
	if evs[0].Hash != theirs {
		return &ConflictError{StoreID: store, TerminalID: terminal, InstallTag: tag, Seq: from, Ours: evs[0].Hash, Theirs: theirs}
	}
	return nil
}

// batch is a run of events made into events rows; last is the seq of the
// last one. err ends the run.
type batch struct {
	rows [][]any
	last uint64
	err  error
}

// readAhead reads the events above from up to head in batches of size and
// makes them into rows, one batch ahead of its reader. The channel closes at
// head, after an error batch, or when ctx ends.
func readAhead(ctx context.Context, j Journal, storeID, terminalID, installTag string, from, head uint64, size int) <-chan batch {
	out := make(chan batch, 1)
	go func() {
		defer close(out)
		for from < head {
			evs, err := j.EventsAfter(from, size)
			var b batch
			if err == nil && len(evs) == 0 {
				return
			}
			if err == nil {
				b.rows, err = rows(storeID, terminalID, installTag, evs)
				b.last = evs[len(evs)-1].Seq
			}
			b.err = err
			select {
			case out <- b:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			from = b.last
		}
	}()
	return out
}

// stage creates this session's staging table: a batch is copied into it,
// then inserted into events with ON CONFLICT DO NOTHING in the same
// transaction. Its rows go at each commit.
func stage(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS ship_stage (LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`)
	return hoErr("staging table", err)
}

// sendBatch inserts a batch in one transaction and returns how many rows
// were new. The rows are copied straight into events; if head office holds
// any of them already (a unique violation: a batch whose commit's answer was
// lost, or another shipper of this till) the transaction is rolled back and
// the batch goes through the staging table instead (insertNew).
func sendBatch(ctx context.Context, conn *pgx.Conn, b batch, no int, failpoint func(string)) (int, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, hoErr("begin", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	n64, err := tx.CopyFrom(ctx, pgx.Identifier{"events"}, columns, pgx.CopyFromRows(b.rows))
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && pe.Code == uniqueViolation:
		if err := tx.Rollback(ctx); err != nil {
			return 0, hoErr("rollback", err)
		}
		return insertNew(ctx, conn, b, no, failpoint)
	case err != nil:
		return 0, hoErr("copying a batch", err)
	}
	if failpoint != nil {
		failpoint(fmt.Sprintf("ship-before-commit-%d", no))
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, hoErr("commit", err)
	}
	return int(n64), nil
}

// uniqueViolation is PostgreSQL's SQLSTATE for a duplicate key.
const uniqueViolation = "23505"

// insertNew inserts a batch some of whose rows head office may hold, in one
// transaction: COPY into the staging table, then INSERT ... ON CONFLICT DO
// NOTHING into events. A row already there is skipped if its hash is the
// same and refused (ConflictError) if not; it returns how many were new.
func insertNew(ctx context.Context, conn *pgx.Conn, b batch, no int, failpoint func(string)) (int, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, hoErr("begin", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ship_stage"}, columns, pgx.CopyFromRows(b.rows)); err != nil {
		return 0, hoErr("copying a batch", err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO events (`+strings.Join(columns, ", ")+`)
		SELECT `+strings.Join(columns, ", ")+` FROM ship_stage ORDER BY seq
		ON CONFLICT (store_id, terminal_id, install_tag, seq) DO NOTHING`)
	if err != nil {
		return 0, hoErr("inserting a batch", err)
	}
	n := int(tag.RowsAffected())
	if n < len(b.rows) {
		var c ConflictError
		err := tx.QueryRow(ctx, `SELECT s.store_id, s.terminal_id, s.install_tag, s.seq, s.hash, e.hash
			FROM ship_stage s JOIN events e USING (store_id, terminal_id, install_tag, seq)
			WHERE e.hash <> s.hash ORDER BY s.seq LIMIT 1`).Scan(&c.StoreID, &c.TerminalID, &c.InstallTag, &c.Seq, &c.Ours, &c.Theirs)
		switch {
		case err == nil:
			return 0, &c
		case !errors.Is(err, pgx.ErrNoRows):
			return 0, hoErr("checking rows already shipped", err)
		}
	}
	if failpoint != nil {
		failpoint(fmt.Sprintf("ship-before-commit-%d", no))
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, hoErr("commit", err)
	}
	return n, nil
}

// heartbeat records in tills what the till's journal head was when it last
// shipped, so head office can tell a quiet till from one that is behind.
func heartbeat(ctx context.Context, conn *pgx.Conn, r Result, j Journal) error {
	var headAt *time.Time
	if r.Head > 0 {
		evs, err := j.EventsAfter(r.Head-1, 1)
		if err != nil {
			return journalErr(err)
		}
		if len(evs) == 1 {
			headAt = &evs[0].At
		}
	}
	_, err := conn.Exec(ctx, `INSERT INTO tills (store_id, terminal_id, install_tag, head_seq, head_at, seen_at)
		VALUES ($1, $2, $3, $4, $5, now())
		ON CONFLICT (store_id, terminal_id, install_tag) DO UPDATE
		SET head_seq = EXCLUDED.head_seq, head_at = EXCLUDED.head_at, seen_at = EXCLUDED.seen_at`,
		r.StoreID, r.TerminalID, r.InstallTag, int64(r.Head), headAt)
	return hoErr("recording the till's head", err)
}

// rows makes events into events rows.
func rows(storeID, terminalID, installTag string, evs []sale.Event) ([][]any, error) {
	out := make([][]any, 0, len(evs))
	for _, e := range evs {
		row, err := Row(storeID, terminalID, installTag, e)
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// Row is the events row of e (in columns order), its payload masked by
// export.MaskEvent. Verify compares head office's rows with these.
func Row(storeID, terminalID, installTag string, e sale.Event) ([]any, error) {
	payload, err := json.Marshal(export.MaskEvent(e))
	if err != nil {
		return nil, fmt.Errorf("event %d cannot be encoded: %v", e.Seq, err)
	}
	return []any{storeID, terminalID, installTag, int64(e.Seq), e.At, string(e.Type),
		nullable(string(e.State)), nullable(string(e.Ref)), payload, e.Hash, e.Prev}, nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
