package store

import (
	"encoding/binary"
	"strings"

	"till/sale"
)

// The layout of a journal file. Every bucket name, meta key and the schema
// version live here (raft-boltdb / etcd style), so the file format can be
// read in one place.
//
// Schema 2 (this version):
//
//	meta         key → value        schema, identity, created-at, hash-chain head
//	events       be64(event seq) → stored event (below)
//	             bucket sequence = last event seq
//	sales        be64(sale no) → stored sale record (below)
//	             bucket sequence = last sale no; the sale no is the last
//	             "-" part of the sale's reference
//	by_day       day "YYYY-MM-DD" + be64(sale no) → empty   (business day)
//	by_target    target value + 0x00 + be64(sale no) → empty
//	open         be64(sale no) → empty   (sales whose state is Unresolved)
//	by_kind      kind + 0x00 + be64(sale no) → empty   (what was sold)
//	by_serial    upper-case serial + 0x00 + be64(sale no) → empty   (the
//	             value of a sale's non-secret "Serial" item: the number a
//	             cashier reads off a voucher or cash-out slip)
//	attention    be64(sale no) → empty   (sales that may need a person
//	             about a payment, sale.PaymentIssue: refunds due, paid
//	             tender sales no sale used; store/issues_index.go)
//	tender_used  be64(tender sale no) → be64(no of the sale it paid for)
//	             attention and tender_used are built on the first open of
//	             a journal made before them, in one transaction
//	catalogue    provider name → JSON of sale.Catalogue
//	closed_days  day "YYYY-MM-DD" → be64(seq of its sale.EventDayClosed)
//	             (made by the first CloseDay; optional)
//	drawer       day "YYYY-MM-DD" + be64(event seq) → empty   (the events
//	             that move cash on that business day besides its sales: a
//	             float, drop or paid-in, a refund given back in cash; made
//	             by the first one, optional like closed_days; store/drawer.go)
//	cashiers     cashier id → JSON of sale.Cashier (the current record,
//	             with its argon2id PIN hash); made by the first cashier,
//	             optional like closed_days (store/cashier.go)
//	archives     year "YYYY" → JSON of what the archive journal-YYYY.db
//	             beside the journal holds; made by the first till archive,
//	             optional (store/archive.go). With it, meta has
//	             chain_base_seq/chain_base_hash (the archived head the
//	             chain continues from), archived_last_closed, and while a
//	             move is unfinished archive_pending. An archive file has the
//	             same layout, its meta chain_base_* and archive_year.
//	archive_reprints  be64(sale no) → be64(copies of an archived sale's
//	             receipt journaled since; made by the first one, optional)
//
// A stored event is one of
//
//	0x02 hash[32] body   body is the compact encoding (codec.go) of the
//	                     sale.Event with Prev and Hash empty; hash is
//	                     SHA-256 over the hex hash of the previous event
//	                     followed by body. Every event written by schema 2.
//	0x03 hash[32] body   an event migrated from schema 1: body as above;
//	                     hash is SHA-256 over the previous hex hash followed
//	                     by the JSON (encoding/json) of the event with Prev
//	                     set and Hash empty, as schema 1 hashed it. Written
//	                     only when that JSON is exactly the bytes schema 1
//	                     stored.
//	'{' ... '}'          an event of schema 1 kept as it was (its JSON with
//	                     prev and hash inside, see unsealEvent)
//
// Prev is not stored in 0x02/0x03 events: it is the hash of the event
// before. A stored sale record is
//
//	0x02 uvarint(n) uvarint(seq 1) uvarint(seq 2 - seq 1) ... body
//
// the sequences of its n events, oldest first, then the compact encoding of
// sale.Sale. The append-only buckets (events, sales, by_day) are written
// with FillPercent appendFill, so their pages are full.
//
// Schema 1 stored events and sale records as JSON and kept each sale's
// events in a bucket sale_events (be64(sale no) + be64(event seq) → empty).
// Open migrates a schema 1 journal by copying it into a schema 2 file and
// renaming that over it (migrate.go).
//
// Journal-level events (sale.EventDayClosed, sale.EventSecretsExported, and
// the cashier and override events of sale.EventType.AuthEvent) are
// in the events bucket and the hash chain like every other event, with an
// empty Ref and in no sale record.
//
// Index keys end in the sale number rather than the reference: it is fixed
// width, so prefixes never run into each other, and it sorts in creation
// order, so "newest first" is a reverse cursor walk.

// SchemaVersion is the version of the file layout this package reads and
// writes. A journal with a newer version is refused, never guessed at.
const SchemaVersion uint64 = 2

// Bucket names.
var (
	bucketMeta       = []byte("meta")
	bucketEvents     = []byte("events")
	bucketSales      = []byte("sales")
	bucketSaleEvents = []byte("sale_events") // schema 1 only
	bucketByDay      = []byte("by_day")
	bucketByTarget   = []byte("by_target")
	bucketByKind     = []byte("by_kind")
	bucketBySerial   = []byte("by_serial")
	bucketOpen       = []byte("open")
	bucketCatalogue  = []byte("catalogue")
	// bucketAttention and bucketTenderUsed are made on open when missing
	// (ensureIssueIndexes): journals written before them lack them.
	bucketAttention  = []byte("attention")
	bucketTenderUsed = []byte("tender_used")
	// bucketClosed is optional: see the layout above.
	bucketClosed = []byte("closed_days")
	// bucketCashiers is optional: see the layout above.
	bucketCashiers = []byte("cashiers")
	// bucketDrawer is optional: see the layout above.
	bucketDrawer = []byte("drawer")
	// bucketCustomers is optional, made by the first AddCustomer: the
	// card-on-file book (customers.go).
	bucketCustomers = []byte("customers")
)

// allBuckets is every bucket a journal of SchemaVersion has.
var allBuckets = [][]byte{
	bucketMeta, bucketEvents, bucketSales,
	bucketByDay, bucketByTarget, bucketOpen, bucketCatalogue,
	bucketByKind, bucketBySerial,
}

// schema1Buckets is every bucket a schema 1 journal has.
var schema1Buckets = [][]byte{
	bucketMeta, bucketEvents, bucketSales, bucketSaleEvents,
	bucketByDay, bucketByTarget, bucketOpen, bucketCatalogue,
}

// serialLabel is the label of the receipt item indexed in by_serial.
const serialLabel = "Serial"

// Formats of stored events and sale records (the first byte).
const (
	formatCompact  = 0x02
	formatMigrated = 0x03
	formatJSON     = '{'
)

// appendFill is the FillPercent of the append-only buckets: keys only ever
// go at the end, so a full page is never split again.
const appendFill = 1.0

// fieldNames gives the JSON names of record fields their one-byte ids in
// the compact encoding (codec.go): a name's id is its position + 1. The
// list is append-only: never reorder or remove a name (a journal's records
// would change meaning). A name not listed is written out in full, so a new
// field works before it is added here.
var fieldNames = []string{
	// sale.Event
	"seq", "ref", "type", "at", "state", "attempt", "order", "day", "outcome", "nextTry", "by", "note",
	"cashier", "override", "prev", "hash",
	// sale.Sale
	"storeId", "terminalId", "attempts", "checks", "createdAt", "updatedAt", "providerRef", "pendingId",
	"reprints", "lastSeq", "events",
	// sale.Order, Target, Money, Tender, Outcome, Item
	"provider", "kind", "product", "productName", "target", "amount", "tender", "params", "secrets",
	"value", "minor", "currency", "tendered", "result", "code", "message", "providerMessage", "items",
	"label", "secret",
	// sale.Cashier, Override and others
	"id", "name", "role", "pin", "added", "disabled", "failed", "lockedUntil", "action", "subject",
	"supervisor", "reason", "expiry", "token", "tokenCreated", "details", "amounts", "count",
	// sale.Event's Cash (sale.CashMove), sale.Sale's GivenBack: the cash drawer
	"cash", "counted", "givenBack",
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

func kindKey(kind sale.Kind, no uint64) []byte { return targetKey(string(kind), no) }

func serialPrefix(serial string) []byte { return targetPrefix(strings.ToUpper(serial)) }

func serialKey(serial string, no uint64) []byte { return cat(serialPrefix(serial), be64(no)) }

// serialOf is the value of s's non-secret serial item ("" if none).
func serialOf(s sale.Sale) string {
	for _, it := range s.Outcome.Items {
		if it.Label == serialLabel && !it.Secret && it.Value != "" {
			return it.Value
		}
	}
	return ""
}

// Bucket and meta keys of yearly archives (archive.go).
var (
	// bucketArchives: year "YYYY" → JSON archiveInfo (live journal only).
	bucketArchives = []byte("archives")
	// keyBaseSeq, keyBaseHash: the event this file's chain continues from
	// (absent: the genesis). In the live journal, the head of its newest
	// archive; in an archive, the head of the archive before it.
	keyBaseSeq  = []byte("chain_base_seq")
	keyBaseHash = []byte("chain_base_hash")
	// keyArchivePending: JSON archiveInfo of a move not finished (phases 2-4).
	keyArchivePending = []byte("archive_pending")
	// keyArchivedClosed: the last closed day whose close event was archived,
	// "YYYY-MM-DD" + be64(seq), for lastClosed once closed_days lost it.
	keyArchivedClosed = []byte("archived_last_closed")
	// keyArchiveYear: in an archive, the year it holds.
	keyArchiveYear = []byte("archive_year")
	// bucketArchiveReprints: be64(sale no) → be64(copies of the archived
	// sale's receipt journaled since it was archived; archive_read.go).
	bucketArchiveReprints = []byte("archive_reprints")
)

// Meta keys of the till's key (seal.go, sign.go).
var (
	keyPepper   = []byte("pin_pepper") // the PIN pepper, sealed
	keyKeyCheck = []byte("key_check")  // proves the key file is this journal's
	keySigned   = []byte("signed_by")  // the public keys that signed checkpoints
)
