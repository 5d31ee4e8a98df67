package ship

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Break is the first place head office's copy of a till's journal is
// broken.
type Break struct {
	StoreID    string `json:"store"`
	TerminalID string `json:"terminal"`
	InstallTag string `json:"installTag"`
	Seq        uint64 `json:"seq"`
	Problem    string `json:"problem"`
}

func (b Break) String() string {
	return fmt.Sprintf("%s/%s (install %s) event %d: %s", b.StoreID, b.TerminalID, b.InstallTag, b.Seq, b.Problem)
}

// Check is what Verify found.
type Check struct {
	Tills  int    `json:"tills"`  // till journals (store, terminal, install tag) in head office
	Events int64  `json:"events"` // events in head office
	Breaks int64  `json:"breaks"` // rows of chain_breaks
	First  *Break `json:"first,omitempty"`
	// Compared is how many of this till's shipped events were compared
	// with its journal and matched, before the first difference if any
	// (0 when no journal was given).
	Compared int64 `json:"compared"`
}

// Intact reports whether nothing was found broken.
func (c Check) Intact() bool { return c.First == nil }

// Verify runs the chain check over every till in head office (the
// chain_breaks view: every event's prev_hash is the hash of the event
// before it, no seq is missing) and, with a journal, compares every row
// head office holds for that till with the journal event it came from
// (hash, prev_hash, time, kind, state, reference and masked payload), which
// catches a row changed in place. The first break found is in First:
// the chain check's first (by store, terminal, install tag, seq), else the
// comparison's.
func Verify(ctx context.Context, conn *pgx.Conn, j Journal) (Check, error) {
	var c Check
	v, err := schemaVersion(ctx, conn)
	if err != nil {
		return c, hoErr("schema", err)
	}
	if v == 0 {
		return c, hoErr("schema", errors.New("head office has no till tables yet: run till ship --migrate"))
	}
	if v > SchemaVersion {
		return c, hoErr("schema", newerSchema(v))
	}
	err = conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT (store_id, terminal_id, install_tag)) FROM events`).Scan(&c.Events, &c.Tills)
	if err != nil {
		return c, hoErr("counting events", err)
	}
	rows, err := conn.Query(ctx, `SELECT store_id, terminal_id, install_tag, seq, problem, count(*) OVER ()
		FROM chain_breaks ORDER BY store_id, terminal_id, install_tag, seq LIMIT 1`)
	if err != nil {
		return c, hoErr("chain check", err)
	}
	for rows.Next() {
		var b Break
		var seq int64
		if err := rows.Scan(&b.StoreID, &b.TerminalID, &b.InstallTag, &seq, &b.Problem, &c.Breaks); err != nil {
			rows.Close()
			return c, hoErr("chain check", err)
		}
		b.Seq = uint64(seq)
		c.First = &b
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, hoErr("chain check", err)
	}
	if j == nil {
		return c, nil
	}
	b, n, err := compare(ctx, conn, j)
	c.Compared = n
	if err != nil {
		return c, err
	}
	if b != nil {
		c.Breaks++
		if c.First == nil {
			c.First = b
		}
	}
	return c, nil
}

// compare walks the journal and head office's rows of its till in batches,
// and returns the first row that differs, is missing below head office's
// position, or is not in the journal at all.
func compare(ctx context.Context, conn *pgx.Conn, j Journal) (*Break, int64, error) {
	store, terminal, tag := j.Identity()
	brk := func(seq uint64, format string, args ...any) *Break {
		return &Break{StoreID: store, TerminalID: terminal, InstallTag: tag, Seq: seq, Problem: fmt.Sprintf(format, args...)}
	}
	pos, err := Position(ctx, conn, store, terminal, tag)
	if err != nil {
		return nil, 0, err
	}
	if err := stage(ctx, conn); err != nil {
		return nil, 0, err
	}
	var compared int64
	var after uint64
	for after < pos {
		evs, err := j.EventsAfter(after, DefaultBatch)
		if err != nil {
			return nil, compared, journalErr(err)
		}
		for len(evs) > 0 && evs[len(evs)-1].Seq > pos {
			evs = evs[:len(evs)-1] // not shipped yet: nothing to compare
		}
		if len(evs) == 0 {
			break
		}
		hi := evs[len(evs)-1].Seq
		rs, err := rows(store, terminal, tag, evs)
		if err != nil {
			return nil, compared, journalErr(err)
		}
		b, err := compareBatch(ctx, conn, rs, store, terminal, tag, after, hi)
		if b != nil {
			for _, e := range evs {
				if e.Seq < b.Seq {
					compared++ // the ones before the break matched
				}
			}
		}
		if err != nil || b != nil {
			return b, compared, err
		}
		compared += int64(len(evs))
		after = hi
	}
	if after < pos {
		var first int64
		err := conn.QueryRow(ctx, `SELECT min(seq) FROM events WHERE store_id = $1 AND terminal_id = $2 AND install_tag = $3 AND seq > $4`,
			store, terminal, tag, int64(after)).Scan(&first)
		if err != nil {
			return nil, compared, hoErr("comparing with the journal", err)
		}
		return brk(uint64(first), "head office holds this event but the journal ends at event %d", after), compared, nil
	}
	return nil, compared, nil
}

// compareBatch compares the staged journal rows of seqs above after up to
// hi with head office's rows of the same seqs.
func compareBatch(ctx context.Context, conn *pgx.Conn, rs [][]any, store, terminal, tag string, after, hi uint64) (*Break, error) {
	var b *Break
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ship_stage"}, columns, pgx.CopyFromRows(rs)); err != nil {
			return err
		}
		var seq int64
		var problem string
		err := tx.QueryRow(ctx, `
			SELECT COALESCE(e.seq, s.seq),
				CASE
					WHEN e.seq IS NULL THEN 'missing from head office (the journal has it)'
					WHEN s.seq IS NULL THEN 'in head office but not in the journal'
					WHEN e.hash <> s.hash THEN 'hash ' || e.hash || ' differs from the journal''s ' || s.hash
					WHEN e.prev_hash <> s.prev_hash THEN 'prev_hash differs from the journal''s'
					WHEN e.at <> s.at THEN 'time ' || e.at || ' differs from the journal''s ' || s.at
					WHEN e.kind <> s.kind THEN 'kind ' || e.kind || ' differs from the journal''s ' || s.kind
					WHEN e.state IS DISTINCT FROM s.state THEN 'state ' || COALESCE(e.state, 'none') || ' differs from the journal''s ' || COALESCE(s.state, 'none')
					WHEN e.reference IS DISTINCT FROM s.reference THEN 'reference differs from the journal''s'
					ELSE 'payload differs from the journal''s (changed: ' || (
						SELECT string_agg(k, ', ' ORDER BY k) FROM (
							SELECT key AS k FROM jsonb_each(e.payload) ee
							WHERE ee.value IS DISTINCT FROM s.payload -> ee.key
							UNION SELECT key FROM jsonb_each(s.payload) se WHERE NOT e.payload ? se.key
						) d) || ')'
				END
			FROM ship_stage s
			FULL JOIN (SELECT * FROM events WHERE store_id = $1 AND terminal_id = $2 AND install_tag = $3 AND seq > $4 AND seq <= $5) e
				USING (store_id, terminal_id, install_tag, seq)
			WHERE e.seq IS NULL OR s.seq IS NULL OR e.hash <> s.hash OR e.prev_hash <> s.prev_hash OR e.at <> s.at
				OR e.kind <> s.kind OR e.state IS DISTINCT FROM s.state OR e.reference IS DISTINCT FROM s.reference
				OR e.payload <> s.payload
			ORDER BY 1 LIMIT 1`, store, terminal, tag, int64(after), int64(hi)).Scan(&seq, &problem)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return nil
		case err != nil:
			return err
		}
		b = &Break{StoreID: store, TerminalID: terminal, InstallTag: tag, Seq: uint64(seq), Problem: problem}
		return nil
	})
	if err != nil {
		return nil, hoErr("comparing with the journal", err)
	}
	return b, nil
}
