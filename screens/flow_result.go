package screens

// What a sale flow's result step shows.

// XfResult classifies what the XfResult step shows.
type XfResult int

const (
	XfResDelivered  XfResult = iota
	XfResDeclined            // definitive decline: change and retry
	XfResNotSent             // nothing left the till: try again
	XfResRefused             // Sell refused before journaling (bad input, journal down)
	XfResBlocked             // an unresolved sale to the same number blocks this one
	XfResInDoubt             // the provider did not answer: the resolver settles it
	XfResPending             // accepted, the provider will confirm
	XfResSupervisor          // a person must settle it
)
