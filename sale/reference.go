package sale

import (
	"errors"
	"fmt"
	"strconv"
)

// Reference identifies one sale for its whole life and is the idempotency key
// sent to every provider: `<storeId>-<terminalId>-<installTag>-<seq>`. It is
// assigned when the sale is first journaled (NEW) and never changes; it is
// never derived from the wall clock.
type Reference string

// MaxReferenceLen is the longest reference any provider accepts.
const MaxReferenceLen = 40

// MaxIDLen is the longest store or terminal id, so a reference always fits.
const MaxIDLen = 10

// InstallTagLen is the length of the random tag minted with each journal.
const InstallTagLen = 6

// NewReference builds the reference of the seq-th sale of a journal.
func NewReference(storeID, terminalID, installTag string, seq uint64) (Reference, error) {
	if err := ValidID("store id", storeID); err != nil {
		return "", err
	}
	if err := ValidID("terminal id", terminalID); err != nil {
		return "", err
	}
	if err := ValidID("install tag", installTag); err != nil {
		return "", err
	}
	if seq == 0 {
		return "", errors.New("reference sequence starts at 1")
	}
	r := Reference(storeID + "-" + terminalID + "-" + installTag + "-" + strconv.FormatUint(seq, 10))
	return r, r.Validate()
}

// ValidID checks a store id, terminal id or install tag: 1 to MaxIDLen ASCII
// letters and digits.
func ValidID(what, s string) error {
	if s == "" {
		return fmt.Errorf("%s is empty", what)
	}
	if len(s) > MaxIDLen {
		return fmt.Errorf("%s %q is longer than %d characters", what, s, MaxIDLen)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return fmt.Errorf("%s %q may hold only letters and digits", what, s)
		}
	}
	return nil
}

// Validate checks that r is non-empty, at most MaxReferenceLen characters and
// made only of A–Z a–z 0–9 - . = (the set every provider accepts).
func (r Reference) Validate() error {
	if r == "" {
		return errors.New("reference is empty")
	}
	if len(r) > MaxReferenceLen {
		return fmt.Errorf("reference %q is longer than %d characters", string(r), MaxReferenceLen)
	}
	for i := 0; i < len(r); i++ {
		c := r[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '=') {
			return fmt.Errorf("reference %q has a character outside A-Z a-z 0-9 - . =", string(r))
		}
	}
	return nil
}
