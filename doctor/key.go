package doctor

import (
	"errors"
	"fmt"
	"os"

	"till/keys"
)

// KeyFile is the till's key check's input (keys package): the file that
// seals the journal's secrets and signs its chain.
type KeyFile struct {
	Path string
	// JournalPath is the journal: before it exists, a missing key is made
	// at the till's first run.
	JournalPath string
	// Sealed reports whether the journal is sealed under a key (read when
	// the journal check opened it); nil: assume it is.
	Sealed func() bool
}

// check: the key file is there, owner-only and a whole key; its public
// key is shown (head office verifies the till's signed chain with it).
func (k *KeyFile) check() Check {
	c := Check{Name: "key", Area: AreaJournal}
	key, err := keys.Load(k.Path)
	switch {
	case err == nil:
		c.Status = OK
		c.Detail = fmt.Sprintf("%s: key %s, mode 0600; till public key %s", k.Path, key.ID(), key.PublicHex())
	case errors.Is(err, keys.ErrMissing):
		_, jerr := os.Stat(k.JournalPath)
		if errors.Is(jerr, os.ErrNotExist) || k.Sealed != nil && !k.Sealed() {
			c.Status, c.Detail = OK, fmt.Sprintf("%s does not exist yet: the till makes it (mode 0600) at its next start and seals "+
				"the journal's secrets with it; back it up then, apart from the journal", k.Path)
			return c
		}
		c.Status, c.Detail = Fail, err.Error()+": the till cannot sell, and secrets show as not available"
		c.Fix = "put the key file back from its backup (README: The till's key), or set [till] key_file to where it is"
	default:
		c.Status, c.Detail, c.Fix = Fail, err.Error(), "see the message; README: The till's key"
	}
	return c
}
