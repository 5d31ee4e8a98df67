package store

import "encoding/binary"

// The layout of a journal file. Every bucket name, meta key and the schema
// version live here (raft-boltdb / etcd style), so the file format can be
// read in one place.
//
//	meta         key → value        schema, identity, created-at, hash-chain head
//	events       be64(event seq) → canonical JSON of sale.Event
//	             bucket sequence = last event seq
//	sales        be64(sale no) → JSON of sale.Sale (the current state)
//	             bucket sequence = last sale no; the sale no is the last
//	             "-" part of the sale's reference
//	sale_events  be64(sale no) + be64(event seq) → empty   (one sale's events)
//	by_day       day "YYYY-MM-DD" + be64(sale no) → empty   (business day)
//	by_target    target value + 0x00 + be64(sale no) → empty
//	open         be64(sale no) → empty   (sales whose state is Unresolved)
//	catalogue    provider name → JSON of sale.Catalogue
//	closed_days  day "YYYY-MM-DD" → be64(seq of its sale.EventDayClosed)
//	             (made by the first CloseDay; a journal without it has no
//	             closed day, so schema 1 journals need no migration)
//	drawer       day "YYYY-MM-DD" + be64(event seq) → empty   (the events
//	             that move cash on that business day besides its sales: a
//	             float, drop or paid-in, a refund given back in cash; made
//	             by the first one, optional like closed_days; store/drawer.go)
//	cashiers     cashier id → JSON of sale.Cashier (the current record,
//	             with its argon2id PIN hash); made by the first cashier,
//	             optional like closed_days (store/cashier.go)
//
// Journal-level events (sale.EventDayClosed, sale.EventSecretsExported, and
// the cashier and override events of sale.EventType.AuthEvent) are
// in the events bucket and the hash chain like every other event, with an
// empty Ref and no sale_events entry.
//
// Index keys end in the sale number rather than the reference: it is fixed
// width, so prefixes never run into each other, and it sorts in creation
// order, so "newest first" is a reverse cursor walk.

// SchemaVersion is the version of the file layout this package reads and
// writes. A journal with a newer version is refused, never guessed at.
const SchemaVersion uint64 = 1

// Bucket names.
var (
	bucketMeta       = []byte("meta")
	bucketEvents     = []byte("events")
	bucketSales      = []byte("sales")
	bucketSaleEvents = []byte("sale_events")
	bucketByDay      = []byte("by_day")
	bucketByTarget   = []byte("by_target")
	bucketOpen       = []byte("open")
	bucketCatalogue  = []byte("catalogue")
	// bucketClosed is optional: see the layout above.
	bucketClosed = []byte("closed_days")
	// bucketCashiers is optional: see the layout above.
	bucketCashiers = []byte("cashiers")
	// bucketDrawer is optional: see the layout above.
	bucketDrawer = []byte("drawer")
)

// allBuckets is every bucket a journal of SchemaVersion has.
var allBuckets = [][]byte{
	bucketMeta, bucketEvents, bucketSales, bucketSaleEvents,
	bucketByDay, bucketByTarget, bucketOpen, bucketCatalogue,
}

// Keys of the meta bucket.
var (
	keySchema     = []byte("schema")      // be64 SchemaVersion
	keyInstallTag = []byte("install_tag") // sale.InstallTagLen chars A-Z 0-9
	keyStoreID    = []byte("store_id")
	keyTerminalID = []byte("terminal_id")
	keyCreatedAt  = []byte("created_at") // RFC 3339, UTC
	keyHeadSeq    = []byte("head_seq")   // be64 seq of the last event, 0 if none
	keyHeadHash   = []byte("head_hash")  // hex SHA-256 of the last event
)

// genesisHash is the Prev of the first event of every journal.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// dayLen is the length of a business day key, "YYYY-MM-DD".
const dayLen = len("2006-01-02")

// dayLayout formats a business day.
const dayLayout = "2006-01-02"

func be64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func fromBE64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// cat joins key parts into a new slice.
func cat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

func dayKey(day string, no uint64) []byte { return cat([]byte(day), be64(no)) }

func targetPrefix(value string) []byte { return cat([]byte(value), []byte{0}) }

func targetKey(value string, no uint64) []byte { return cat(targetPrefix(value), be64(no)) }

func saleEventKey(no, seq uint64) []byte { return cat(be64(no), be64(seq)) }
