package store

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"till/sale"

	"go.etcd.io/bbolt"
)

// load reads the meta bucket of an existing journal, or initialises a new one.
func (db *DB) load(storeID, terminalID string, mayCreate bool) (meta, error) {
	fresh := false
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketMeta) != nil {
			return nil
		}
		if err := tx.ForEach(func([]byte, *bbolt.Bucket) error { return errStop }); err == errStop {
			return corruptf("%s is a bbolt file but not a till journal (it has no %q bucket)", db.path, bucketMeta)
		}
		fresh = true
		return nil
	})
	if err != nil {
		return meta{}, err
	}
	if fresh && !mayCreate {
		return meta{}, corruptf("%s is an empty bbolt file, not this till's journal; restore the latest backup (README: Restoring a backup)", db.path)
	}
	if fresh {
		if err := db.create(storeID, terminalID); err != nil {
			return meta{}, err
		}
	}
	var m meta
	if err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		m, err = readMeta(tx, db.path)
		return err
	}); err != nil {
		return meta{}, err
	}
	if m.storeID != storeID || m.terminalID != terminalID {
		return meta{}, &wrapped{ErrIdentity, fmt.Sprintf(
			"journal %s belongs to store %s terminal %s, but this till is store %s terminal %s; "+
				"use that till's journal file or another path", db.path, m.storeID, m.terminalID, storeID, terminalID)}
	}
	db.storeID, db.terminalID, db.installTag = m.storeID, m.terminalID, m.installTag
	return m, nil
}

var errStop = errors.New("stop")

// create makes every bucket and writes the meta bucket of a new journal.
func (db *DB) create(storeID, terminalID string) error {
	tag, err := newInstallTag()
	if err != nil {
		return err
	}
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create journal %s: %w", db.path, err)
			}
		}
		m := tx.Bucket(bucketMeta)
		for _, kv := range [][2][]byte{
			{keySchema, be64(SchemaVersion)},
			{keyInstallTag, []byte(tag)},
			{keyStoreID, []byte(storeID)},
			{keyTerminalID, []byte(terminalID)},
			{keyCreatedAt, []byte(time.Now().UTC().Format(time.RFC3339Nano))},
			{keyHeadSeq, be64(0)},
			{keyHeadHash, []byte(genesisHash)},
		} {
			if err := m.Put(kv[0], kv[1]); err != nil {
				return fmt.Errorf("create journal %s: %w", db.path, err)
			}
		}
		return nil
	})
}

// newInstallTag returns sale.InstallTagLen random characters A-Z 0-9 from
// crypto/rand, without modulo bias.
func newInstallTag() (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	const limit = 256 - 256%len(alphabet) // 252: bytes at or above are rejected
	tag := make([]byte, 0, sale.InstallTagLen)
	buf := make([]byte, 16)
	for len(tag) < sale.InstallTagLen {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("mint install tag: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(tag) < sale.InstallTagLen {
				tag = append(tag, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(tag), nil
}

// meta is the decoded meta bucket.
type meta struct {
	schema                          uint64
	storeID, terminalID, installTag string
	createdAt                       string
	headSeq                         uint64
	headHash                        string
}

// readMeta decodes and checks the meta bucket and that every bucket exists.
func readMeta(tx *bbolt.Tx, path string) (meta, error) {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return meta{}, corruptf("%s is not a till journal (it has no %q bucket)", path, bucketMeta)
	}
	var m meta
	v := b.Get(keySchema)
	if len(v) != 8 {
		return meta{}, corruptf("journal %s has no readable schema version", path)
	}
	m.schema = fromBE64(v)
	if m.schema > SchemaVersion {
		return meta{}, &wrapped{ErrSchema, fmt.Sprintf(
			"journal %s has schema version %d but this till understands up to %d; upgrade till to open it",
			path, m.schema, SchemaVersion)}
	}
	need := allBuckets
	if m.schema == 1 {
		need = schema1Buckets
	}
	for _, name := range need {
		if tx.Bucket(name) == nil {
			return meta{}, corruptf("journal %s has no %q bucket", path, name)
		}
	}
	m.storeID = string(b.Get(keyStoreID))
	m.terminalID = string(b.Get(keyTerminalID))
	m.installTag = string(b.Get(keyInstallTag))
	m.createdAt = string(b.Get(keyCreatedAt))
	for what, id := range map[string]string{"store id": m.storeID, "terminal id": m.terminalID, "install tag": m.installTag} {
		if err := sale.ValidID(what, id); err != nil {
			return meta{}, corruptf("journal %s: bad %s in meta: %v", path, what, err)
		}
	}
	v = b.Get(keyHeadSeq)
	if len(v) != 8 {
		return meta{}, corruptf("journal %s has no readable hash-chain head", path)
	}
	m.headSeq = fromBE64(v)
	m.headHash = string(b.Get(keyHeadHash))
	return m, nil
}
