package ship

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SchemaVersion is the newest head-office schema this till writes and
// understands. A database at a newer version is refused: an older till
// must not ship into tables it does not know.
const SchemaVersion = 1

// migrationLock is the key of the advisory lock held while migrating, so
// that tills starting at once do not create the tables twice.
const migrationLock = 7_411_190_019

// migrations[i] takes the schema from version i to i+1. Every object is
// created unqualified: it goes to the first schema of the connection's
// search_path (public unless the URL says otherwise). docs/HEAD-OFFICE.md
// documents every table, column and view; change both together.
var migrations = []string{
	// 1: events, tills and the head-office views.
	`
CREATE TABLE events (
	store_id    text        NOT NULL,
	terminal_id text        NOT NULL,
	install_tag text        NOT NULL,
	seq         bigint      NOT NULL CHECK (seq > 0),
	at          timestamptz NOT NULL,
	kind        text        NOT NULL,
	state       text,
	reference   text,
	payload     jsonb       NOT NULL,
	hash        text        NOT NULL,
	prev_hash   text        NOT NULL,
	shipped_at  timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (store_id, terminal_id, install_tag, seq)
);
CREATE INDEX events_by_reference ON events (store_id, terminal_id, reference, at, seq) WHERE reference IS NOT NULL;
CREATE INDEX events_created ON events (store_id, terminal_id, reference) WHERE kind = 'created';
CREATE INDEX events_created_day ON events ((payload->>'day')) WHERE kind = 'created';

CREATE TABLE tills (
	store_id    text        NOT NULL,
	terminal_id text        NOT NULL,
	install_tag text        NOT NULL,
	head_seq    bigint      NOT NULL,
	head_at     timestamptz,
	seen_at     timestamptz NOT NULL,
	PRIMARY KEY (store_id, terminal_id, install_tag)
);

CREATE VIEW sales AS
SELECT c.store_id, c.terminal_id, c.reference,
	c.payload->>'day' AS business_day,
	c.payload->'order'->>'kind' AS kind,
	c.payload->'order'->>'provider' AS provider,
	COALESCE(NULLIF(c.payload->'order'->>'product', ''), c.payload->'order'->>'productName') AS product,
	c.payload->'order'->'target'->>'value' AS target,
	(c.payload->'order'->'amount'->>'minor')::bigint AS amount_minor,
	c.payload->'order'->'amount'->>'currency' AS currency,
	COALESCE(l.state, c.state) AS state,
	COALESCE(NULLIF(c.payload->'order'->'tender'->>'kind', ''), 'cash') AS tender,
	c.payload->'order'->>'cashier' AS cashier,
	c.at AS created_at,
	CASE WHEN COALESCE(l.state, c.state) IN ('DELIVERED', 'DECLINED', 'NOT_SENT') THEN l.at END AS settled_at
FROM events c
LEFT JOIN LATERAL (
	SELECT e.state, e.at FROM events e
	WHERE e.store_id = c.store_id AND e.terminal_id = c.terminal_id AND e.reference = c.reference AND e.state IS NOT NULL
	ORDER BY e.at DESC, e.seq DESC LIMIT 1
) l ON true
WHERE c.kind = 'created'
	-- a journal adopted under a new install tag ships its old events again: the first copy counts
	AND NOT EXISTS (
		SELECT 1 FROM events d
		WHERE d.kind = 'created' AND d.store_id = c.store_id AND d.terminal_id = c.terminal_id AND d.reference = c.reference
			AND (d.shipped_at, d.install_tag) < (c.shipped_at, c.install_tag)
	);

CREATE VIEW sales_by_day AS
SELECT business_day, store_id, kind, provider, product, currency,
	count(*) FILTER (WHERE state = 'DELIVERED') AS sold,
	COALESCE(sum(amount_minor) FILTER (WHERE state = 'DELIVERED'), 0) AS sold_minor,
	count(*) FILTER (WHERE state IN ('NEW', 'SENDING', 'PENDING', 'IN_DOUBT', 'NEEDS_SUPERVISOR')) AS unresolved,
	count(*) FILTER (WHERE state IN ('DECLINED', 'NOT_SENT')) AS not_sold
FROM sales
GROUP BY business_day, store_id, kind, provider, product, currency;

CREATE VIEW open_sales AS
SELECT s.store_id, s.terminal_id, s.reference, s.business_day, s.kind, s.provider, s.product, s.target,
	s.amount_minor, s.currency, s.state, s.tender, s.cashier, s.created_at,
	CASE WHEN s.state IN ('NEW', 'SENDING', 'PENDING', 'IN_DOUBT', 'NEEDS_SUPERVISOR') THEN 'unresolved' ELSE 'refund_due' END AS problem,
	now() - s.created_at AS age
FROM (
	-- candidates, found without working out every sale's state: a sale with
	-- no event in a final state (DELIVERED, DECLINED and NOT_SENT have no way
	-- out), one with a refund event, and every vend paid other than in cash
	SELECT c.store_id, c.terminal_id, c.reference FROM events c
	WHERE c.kind = 'created' AND NOT EXISTS (
		SELECT 1 FROM events f
		WHERE f.store_id = c.store_id AND f.terminal_id = c.terminal_id AND f.reference = c.reference
			AND f.state IN ('DELIVERED', 'DECLINED', 'NOT_SENT'))
	UNION
	SELECT store_id, terminal_id, reference FROM events WHERE kind = 'refund_due'
	UNION
	SELECT store_id, terminal_id, reference FROM events
	WHERE kind = 'created' AND COALESCE(NULLIF(payload->'order'->'tender'->>'kind', ''), 'cash') <> 'cash'
		AND payload->'order'->>'kind' NOT LIKE 'tender-%'
) k
JOIN sales s USING (store_id, terminal_id, reference)
LEFT JOIN LATERAL (
	SELECT e.kind FROM events e
	WHERE e.store_id = s.store_id AND e.terminal_id = s.terminal_id AND e.reference = s.reference
		AND e.kind IN ('refund_due', 'refund_settled')
	ORDER BY e.at DESC, e.seq DESC LIMIT 1
) r ON true
WHERE s.state IN ('NEW', 'SENDING', 'PENDING', 'IN_DOUBT', 'NEEDS_SUPERVISOR')
	OR r.kind = 'refund_due'
	OR (r.kind IS NULL AND s.state IN ('DECLINED', 'NOT_SENT') AND s.tender <> 'cash' AND s.kind NOT LIKE 'tender-%');

CREATE VIEW till_lag AS
SELECT e.store_id, e.terminal_id, e.install_tag,
	e.last_seq, e.last_event_at, e.last_shipped_at,
	t.head_seq AS journal_head_seq,
	GREATEST(COALESCE(t.head_seq, e.last_seq) - e.last_seq, 0) AS events_behind,
	t.seen_at AS last_contact,
	now() - COALESCE(t.seen_at, e.last_shipped_at) AS lag
FROM (
	SELECT store_id, terminal_id, install_tag, max(seq) AS last_seq, max(at) AS last_event_at, max(shipped_at) AS last_shipped_at
	FROM events GROUP BY store_id, terminal_id, install_tag
) e
LEFT JOIN tills t USING (store_id, terminal_id, install_tag);

CREATE VIEW chain_breaks AS
SELECT store_id, terminal_id, install_tag, seq,
	CASE
		WHEN prev_seq IS NULL THEN 'events 1 to ' || (seq - 1) || ' are missing'
		WHEN seq <> prev_seq + 1 THEN 'events ' || (prev_seq + 1) || ' to ' || (seq - 1) || ' are missing'
		ELSE 'prev_hash ' || prev_hash || ' is not the hash of event ' || prev_seq || ' (' || prev_row_hash || ')'
	END AS problem
FROM (
	SELECT store_id, terminal_id, install_tag, seq, hash, prev_hash,
		lag(seq) OVER w AS prev_seq, lag(hash) OVER w AS prev_row_hash
	FROM events
	WINDOW w AS (PARTITION BY store_id, terminal_id, install_tag ORDER BY seq)
) x
WHERE (prev_seq IS NULL AND seq <> 1)
	OR (prev_seq IS NOT NULL AND seq <> prev_seq + 1)
	OR (prev_seq IS NOT NULL AND prev_hash <> prev_row_hash);
`,
}

// Migrate brings the head-office schema to SchemaVersion and returns the
// versions it applied (none when it was already there). Each migration is
// one transaction under an advisory lock, recorded in till_schema. A
// database at a newer version is an error.
func Migrate(ctx context.Context, conn *pgx.Conn) ([]int, error) {
	v, err := schemaVersion(ctx, conn)
	if err != nil {
		return nil, err
	}
	if v == SchemaVersion {
		return nil, nil
	}
	if v > SchemaVersion {
		return nil, newerSchema(v)
	}
	var applied []int
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS till_schema (
			version    integer PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return err
		}
		var cur int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(max(version), 0) FROM till_schema`).Scan(&cur); err != nil {
			return err
		}
		if cur > SchemaVersion {
			return newerSchema(cur)
		}
		for next := cur + 1; next <= SchemaVersion; next++ {
			if _, err := tx.Exec(ctx, migrations[next-1]); err != nil {
				return fmt.Errorf("head-office schema migration %d: %w", next, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO till_schema (version) VALUES ($1)`, next); err != nil {
				return err
			}
			applied = append(applied, next)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return applied, nil
}

// schemaVersion reads the version of the head-office schema: 0 when there
// is none yet.
func schemaVersion(ctx context.Context, conn *pgx.Conn) (int, error) {
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('till_schema') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := conn.QueryRow(ctx, `SELECT COALESCE(max(version), 0) FROM till_schema`).Scan(&v)
	return v, err
}

// ErrNewerSchema: head office was migrated by a newer till.
var ErrNewerSchema = errors.New("head-office schema is newer than this till")

func newerSchema(v int) error {
	return fmt.Errorf("%w: it is at version %d and this till understands up to %d; upgrade till", ErrNewerSchema, v, SchemaVersion)
}
