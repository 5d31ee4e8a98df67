package screens

import (
	"fmt"
	"time"
)

// HeadOfficeMsg says how far the chain's head office is behind this till's
// journal; the program sends it after every background ship to head office.
// Since is the time of the oldest event head office does not hold yet,
// zero when it holds every one.
type HeadOfficeMsg struct {
	Since time.Time
}

// HeadOfficeLagShown is how far behind head office may fall before the
// header says so: a ship every minute that fails now and then is normal.
const HeadOfficeLagShown = 5 * time.Minute

// headOfficeLag is the header's word on head office: "" while it is less
// than HeadOfficeLagShown behind, else "HQ 12m BEHIND".
func (a *App) headOfficeLag() string {
	if a.headOffice.IsZero() {
		return ""
	}
	lag := a.now.Sub(a.headOffice)
	if lag <= HeadOfficeLagShown {
		return ""
	}
	var s string
	switch {
	case lag < time.Hour:
		s = fmt.Sprintf("%dm", int(lag/time.Minute))
	case lag < 48*time.Hour:
		s = fmt.Sprintf("%dh", int(lag/time.Hour))
	default:
		s = fmt.Sprintf("%dd", int(lag/(24*time.Hour)))
	}
	return a.env.St.Alert.Render("HQ " + s + " BEHIND")
}
