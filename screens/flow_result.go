package screens

// What a sale flow's result step shows.

// result classifies what the result step shows.
type result int

const (
	resDelivered  result = iota
	resDeclined          // definitive decline: change and retry
	resNotSent           // nothing left the till: try again
	resRefused           // Sell refused before journaling (bad input, journal down)
	resBlocked           // an unresolved sale to the same number blocks this one
	resInDoubt           // the provider did not answer: the resolver settles it
	resPending           // accepted, the provider will confirm
	resSupervisor        // a person must settle it
)
