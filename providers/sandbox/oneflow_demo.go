package sandbox

import "strings"

// Demo credentials of the 1Flow simulator. A till configured with
// base_url = <sandbox>/oneflow, client_id = OneFlowClientID and
// client_secret = OneFlowClientSecret sells against it.
const (
	// OneFlowPrefix is where the 1Flow simulator is mounted.
	OneFlowPrefix = "/oneflow"
	// OneFlowClientID is the partner client id the token endpoint accepts.
	OneFlowClientID = "sandbox-oneflow-partner"
	// OneFlowClientSecret is its client secret (HTTP Basic password).
	OneFlowClientSecret = "sandbox-oneflow-demo-secret"
)

// Deterministic outcomes of demo devices, besides the faults.
const (
	ofOutcomeNormal = ""        // completes after OneFlowOptions.CompleteAfter
	ofOutcomeFail   = "FAILED"  // always completes as FAILED
	ofOutcomeStuck  = "PENDING" // never leaves PENDING (until /complete)
)

// ofDevice is a demo device (a water meter or dispenser) or card. Prices
// are minor units per litre; balances are millilitres (the simulator's
// reading of 1Flow's undocumented "balance").
type ofDevice struct {
	Serial   string
	Type     string // "DEVICE" or "CARD"
	Name     string
	Currency string
	Price    int64
	Balance  int64
	Cards    []string // cards linked to a device
	Outcome  string
	Fault    Fault // played on every recharge of the device
}

// ofCustomer is a demo customer.
type ofCustomer struct {
	Name    string
	Phone   string // E.164
	Devices []ofDevice
}

const (
	ofPriceKES = 50  // KES 0.50 a litre
	ofPriceGHS = 500 // GHS 5.00 a litre, as in the API document's example
)

func ofKE(serial, name string, balance int64) ofDevice {
	return ofDevice{Serial: serial, Type: "DEVICE", Name: name, Currency: "KES", Price: ofPriceKES, Balance: balance}
}

func ofGH(serial, name string, balance int64) ofDevice {
	return ofDevice{Serial: serial, Type: "DEVICE", Name: name, Currency: "GHS", Price: ofPriceGHS, Balance: balance}
}

func ofCard(d ofDevice) ofDevice { d.Type = "CARD"; return d }

func ofWith(d ofDevice, f func(*ofDevice)) ofDevice { f(&d); return d }

// ofFaultDevice is a device of the fault customer that plays fault f on
// every recharge; its serial ends in the fault's cents.
func ofFaultDevice(cents string, f Fault) ofDevice {
	d := ofKE("687535009000"+cents, "Fault "+f.String(), 0)
	d.Fault = f
	return d
}

// oneFlowCustomers are the simulator's customers. Kenyan devices are in
// KES, Ghanaian ones in GHS: a till selling in the other currency is told
// so by the completed recharge's "currency" (and holds it for a person).
var oneFlowCustomers = []ofCustomer{
	{Name: "Jane Doe", Phone: "+254712345678", Devices: []ofDevice{
		ofWith(ofKE("68753500140920", "Home meter", 130000), func(d *ofDevice) { d.Cards = []string{"CA254000123"} }),
		ofKE("68753500140921", "Kiosk tank", 52000),
		ofCard(ofKE("CA254000123", "Water card", 8000)),
	}},
	{Name: "Wanjiru Kamau", Phone: "+254110123456", Devices: []ofDevice{
		ofKE("68753500140930", "Shamba meter", 20000),
		ofWith(ofKE("68753500140990", "Offline meter", 0), func(d *ofDevice) { d.Outcome = ofOutcomeFail }),
	}},
	{Name: "Kwame Mensah", Phone: "+233241234567", Devices: []ofDevice{
		ofWith(ofGH("68753500230001", "Compound meter", 150052), func(d *ofDevice) { d.Cards = []string{"CA233000456"} }),
		ofCard(ofGH("CA233000456", "Water card", 4000)),
	}},
	{Name: "Ama Owusu", Phone: "+233501234567", Devices: []ofDevice{
		ofGH("68753500230002", "Shop meter", 75000),
		ofWith(ofGH("68753500230990", "Blocked meter", 0), func(d *ofDevice) { d.Outcome = ofOutcomeFail }),
		ofWith(ofGH("68753500230991", "Silent meter", 0), func(d *ofDevice) { d.Outcome = ofOutcomeStuck }),
	}},
	{Name: "Sandbox Faults", Phone: "+254700000099", Devices: []ofDevice{
		ofFaultDevice("91", FaultLostAnswer),
		ofFaultDevice("92", FaultServerError),
		ofFaultDevice("93", FaultGarbage),
		ofFaultDevice("94", FaultDecline),
		ofFaultDevice("95", FaultUnauthorized),
		ofFaultDevice("96", FaultSlow),
		ofFaultDevice("97", FaultReset),
		ofFaultDevice("98", FaultUpstreamError),
	}},
}

// ofFind returns the customer owning the device or card with this serial.
func ofFind(serial string) (ofCustomer, ofDevice, bool) {
	for _, c := range oneFlowCustomers {
		for _, d := range c.Devices {
			if d.Serial == serial {
				return c, d, true
			}
		}
	}
	return ofCustomer{}, ofDevice{}, false
}

// ofFindPhone returns the customer with this E.164 phone number.
func ofFindPhone(phone string) (ofCustomer, bool) {
	for _, c := range oneFlowCustomers {
		if c.Phone == phone {
			return c, true
		}
	}
	return ofCustomer{}, false
}

// OneFlowTrigger documents one 1Flow fault: the device or the cents that
// trigger it and what the till should end up doing.
type OneFlowTrigger struct {
	Cents  int
	Device string
	Fault  Fault
	// Applied says whether a recharge exists after the till's initiation
	// (with its one resend after a 401).
	Applied bool
	Till    string
}

// OneFlowTriggers lists the 1Flow simulator's faults. Each fires on every
// recharge whose amount has those cents, or of that device. 1Flow has no
// idempotent resend: a fault after the recharge was created leaves the sale
// for a supervisor, and the recharge still completes on 1Flow's side.
func OneFlowTriggers() []OneFlowTrigger {
	var out []OneFlowTrigger
	for _, d := range oneFlowCustomers[len(oneFlowCustomers)-1].Devices {
		t := OneFlowTrigger{Device: d.Serial, Fault: d.Fault, Applied: true}
		t.Cents = int(d.Serial[len(d.Serial)-1]-'0') + 10*int(d.Serial[len(d.Serial)-2]-'0')
		switch d.Fault {
		case FaultLostAnswer:
			t.Till = "no answer until the till gives up: IN_DOUBT, then NEEDS_SUPERVISOR (the recharge exists and completes)"
		case FaultServerError:
			t.Till = "HTTP 500 after the recharge was created: IN_DOUBT, then NEEDS_SUPERVISOR"
		case FaultGarbage:
			t.Till = "202 with truncated JSON: IN_DOUBT, then NEEDS_SUPERVISOR"
		case FaultDecline:
			t.Applied, t.Till = false, "422 device suspended, nothing created: DECLINED"
		case FaultUnauthorized:
			t.Till = "401 once (token revoked, nothing created), one fresh token and one resend: PENDING, then DELIVERED"
		case FaultSlow:
			t.Till = "202 after OneFlowOptions.SlowDelay: PENDING (IN_DOUBT then NEEDS_SUPERVISOR if the till's timeout is shorter)"
		case FaultReset:
			t.Till = "connection reset after the recharge was created: IN_DOUBT, then NEEDS_SUPERVISOR"
		case FaultUpstreamError:
			t.Till = "202 without a recharge id: IN_DOUBT, then NEEDS_SUPERVISOR"
		}
		out = append(out, t)
	}
	return out
}

// ofFaultFor is the fault a recharge of d for minor units plays: the
// device's own, else the one its cents choose.
func ofFaultFor(d ofDevice, minor int64) Fault {
	if d.Fault != FaultNone {
		return d.Fault
	}
	return FaultFor(minor)
}

// ofValidPhone reports whether s is E.164: "+" and 8 to 15 digits.
func ofValidPhone(s string) bool {
	d, ok := strings.CutPrefix(s, "+")
	if !ok || len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return false
	}
	return strings.Trim(d, "0123456789") == ""
}
