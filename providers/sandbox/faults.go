package sandbox

import "strconv"

// Fault is a deterministic misbehaviour a simulator plays, chosen by the
// cents of the amount (minor units modulo 100) so a cashier can type it in
// the demo: R 10.91 loses the answer. A fault fires only on the FIRST
// request of a reference; a resend with the same reference gets the
// original answer, as the real provider does. No fault ever applies a sale
// twice.
type Fault int

// Faults, by the cents that trigger them.
const (
	FaultNone          Fault = iota
	FaultLostAnswer          // .91 applied, then no answer until the client gives up
	FaultServerError         // .92 applied, then HTTP 503
	FaultGarbage             // .93 applied, then truncated JSON
	FaultDecline             // .94 definitive decline (insufficient balance), not applied
	FaultUnauthorized        // .95 401 once, not applied; the resend with a fresh token succeeds
	FaultSlow                // .96 applied, answered after Options.SlowDelay
	FaultReset               // .97 applied, then the connection is reset
	FaultUpstreamError       // .98 applied, then a 200 with an in-doubt error code
)

// Trigger documents one fault: what to type and what the till should end
// up doing.
type Trigger struct {
	Cents   int
	Fault   Fault
	Name    string
	Applied bool   // whether the sale is applied on the first request
	Till    string // what the till should end up doing
}

var triggers = []Trigger{
	{91, FaultLostAnswer, "lost answer", true, "times out: IN_DOUBT; the resend returns the original answer: DELIVERED"},
	{92, FaultServerError, "server error", true, "HTTP 503: IN_DOUBT; the resend returns the original answer: DELIVERED"},
	{93, FaultGarbage, "garbage answer", true, "truncated JSON: IN_DOUBT; the resend returns the original answer: DELIVERED"},
	{94, FaultDecline, "decline", false, "insufficient balance: DECLINED, nothing sold"},
	{95, FaultUnauthorized, "401 once", false, "one fresh token and one resend inside the same attempt: DELIVERED"},
	{96, FaultSlow, "slow", true, "DELIVERED after the delay (IN_DOUBT then DELIVERED if the till's timeout is shorter)"},
	{97, FaultReset, "connection reset", true, "connection closed after the request: IN_DOUBT; the resend: DELIVERED"},
	{98, FaultUpstreamError, "upstream error", true, "200 with an in-doubt code: IN_DOUBT; the resend: DELIVERED"},
}

// CentsTrigger documents what an amount's cents do to a payment simulator
// (FlutterwaveTriggers, MpesaFlowTriggers): the fault they choose and what
// the till then does.
type CentsTrigger struct {
	Cents int
	Fault Fault
	Does  string
}

// Triggers lists every fault trigger, in cents order.
func Triggers() []Trigger { return append([]Trigger(nil), triggers...) }

// FaultFor returns the fault an amount in minor units triggers, by its cents.
func FaultFor(minor int64) Fault {
	c := int(minor % 100)
	for _, t := range triggers {
		if t.Cents == c {
			return t.Fault
		}
	}
	return FaultNone
}

// String names the fault.
func (f Fault) String() string {
	for _, t := range triggers {
		if t.Fault == f {
			return t.Name
		}
	}
	if f == FaultNone {
		return "none"
	}
	return "fault(" + strconv.Itoa(int(f)) + ")"
}
