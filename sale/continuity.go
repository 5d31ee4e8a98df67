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
)

// ContinuityEvent reports whether t is a journal-new or journal-adopted
// event.
func (t EventType) ContinuityEvent() bool {
	return t == EventJournalNew || t == EventJournalAdopted
}
