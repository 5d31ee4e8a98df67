package sale

// Journal-level events of the journal's continuity (store/continuity.go):
// a supervisor starting a new journal when the old one is lost, or adopting
// a journal older than, or other than, the one this till last wrote (a
// backup put back). By is the supervisor (and the OS user who ran it), Note
// says what was missing: the sales this till made that the file does not
// hold, and the install tag new references carry from then on.
const (
	EventJournalNew     EventType = "journal_new"
	EventJournalAdopted EventType = "journal_adopted"
	// EventJournalArchived: closed business days were moved into a
	// read-only archive journal (till archive); its note names the archive,
	// the events and sales moved and the archive's head hash.
	EventJournalArchived EventType = "journal_archived"
	// EventArchiveReprinted: a receipt copy of an archived (read-only) sale
	// was printed; its note names the sale ("ref=...") and the copy.
	EventArchiveReprinted EventType = "archive_reprinted"
)

// ContinuityEvent reports whether t is a journal-new, journal-adopted or
// journal-archived event.
func (t EventType) ContinuityEvent() bool {
	return t == EventJournalNew || t == EventJournalAdopted || t == EventJournalArchived || t == EventArchiveReprinted
}
