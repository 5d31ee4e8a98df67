package flow

// What a sale flow's result step shows.

// Result classifies what the result step shows.
type Result int

const (
	ResDelivered  Result = iota
	ResDeclined          // definitive decline: change and retry
	ResNotSent           // nothing left the till: try again
	ResRefused           // Sell refused before journaling (bad input, journal down)
	ResBlocked           // an unresolved sale to the same number blocks this one
	ResInDoubt           // the provider did not answer: the resolver settles it
	ResPending           // accepted, the provider will confirm
	ResSupervisor        // a person must settle it
)
