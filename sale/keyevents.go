package sale

// Journal-level events of the till's key (store/sign.go writes them; `till
// verify` checks them). Their Note carries the key material in a fixed
// "name=value" form, so the events' encoding needs no new fields.
const (
	// EventKeySet records the public key of the key a journal's secrets
	// are first sealed with (a new journal, or an old one migrated): Note
	// "key=<hex public key> …".
	EventKeySet EventType = "key_set"
	// EventKeyRotated records a key rotation: Note "from=<old public key>
	// key=<new public key> sig=<the old key's signature of the new one> …".
	EventKeyRotated EventType = "key_rotated"
	// EventChainSigned is a signed checkpoint (each Z, each till verify):
	// Note "key=<public key> sig=<signature of the chain head before this
	// event> for=<what>".
	EventChainSigned EventType = "chain_signed"
)

// KeyEvent reports whether t is one of the key events above.
func (t EventType) KeyEvent() bool {
	return t == EventKeySet || t == EventKeyRotated || t == EventChainSigned
}
