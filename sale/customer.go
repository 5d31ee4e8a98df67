package sale

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TokenLife is how long Flutterwave keeps a card token: a year from the
// card's first charge. A charge with an older token is declined, so the
// customer must pay once more by card (online) to get a new one.
const TokenLife = 365 * 24 * time.Hour

// TokenWarnBefore is how long before a token's end the till warns the
// cashier, so the customer can be asked to renew it in time.
const TokenWarnBefore = 30 * 24 * time.Hour

// Customer is an account customer with a card on file: the card token
// Flutterwave issued at the card's first charge, and what the till shows
// instead of it. The token is a secret: it goes into the charge request
// (Order.Secrets) and nowhere else — screens, receipts, logs and exports
// show MaskedCard.
type Customer struct {
	// ID is the book's key, "C1", "C2", … in the order customers were added.
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// Phone is optional, as the customer gave it.
	Phone string `json:"phone,omitempty"`
	// Token is the Flutterwave card token. Never shown.
	Token string `json:"token"`
	// Brand, Last4 and Expiry ("09/32") describe the card.
	Brand  string `json:"brand,omitempty"`
	Last4  string `json:"last4,omitempty"`
	Expiry string `json:"expiry,omitempty"`
	// Currency is what the card is charged in (default: the sale's).
	Currency Currency `json:"currency,omitempty"`
	// TokenCreated is when Flutterwave issued the token (the card's first
	// charge); the token ends TokenLife later.
	TokenCreated time.Time `json:"tokenCreated"`
	Added        time.Time `json:"added"`
	Updated      time.Time `json:"updated,omitzero"`
}

// CustomerBook is the till's book of card-on-file customers; store.DB
// implements it in the journal file.
type CustomerBook interface {
	// Customers returns every customer, in the order they were added.
	Customers() ([]Customer, error)
	// Customer returns one customer by ID, or CodeNotFound.
	Customer(id string) (Customer, error)
}

// MaskedCard is how the card is shown everywhere: "MASTERCARD **** 2950
// 09/32". The token never is.
func (c Customer) MaskedCard() string {
	parts := []string{}
	if b := strings.TrimSpace(c.Brand); b != "" {
		parts = append(parts, strings.ToUpper(b))
	}
	if c.Last4 != "" {
		parts = append(parts, "**** "+c.Last4)
	} else {
		parts = append(parts, "card on file")
	}
	if c.Expiry != "" {
		parts = append(parts, c.Expiry)
	}
	return strings.Join(parts, " ")
}

// TokenExpires is when the card token stops working.
func (c Customer) TokenExpires() time.Time { return c.TokenCreated.Add(TokenLife) }

// Validate checks a customer before it is written to the book.
func (c Customer) Validate() error {
	switch {
	case strings.TrimSpace(c.Name) == "":
		return errorf(CodeInvalid, "a customer needs a name")
	case !validEmail(c.Email):
		return errorf(CodeInvalid, "email %q is not a valid address", clip(c.Email))
	case !validToken(c.Token):
		return errorf(CodeInvalid, "the card token is missing or has characters a token cannot have")
	case c.Last4 != "" && (len(c.Last4) != 4 || !allDigits(c.Last4)):
		return errorf(CodeInvalid, "last four %q must be 4 digits", clip(c.Last4))
	case c.Expiry != "" && !validExpiry(c.Expiry):
		return errorf(CodeInvalid, "card expiry %q must be MM/YY", clip(c.Expiry))
	case c.Currency != "" && !c.Currency.Valid():
		return errorf(CodeInvalid, "unknown currency %q", clip(string(c.Currency)))
	case c.TokenCreated.IsZero():
		return errorf(CodeInvalid, "the date the card token was created is needed (its one-year life starts then)")
	}
	return nil
}

// CardWarning says what is wrong with the card on file at now: its token
// has expired or ends soon, or the card itself has expired. Empty when all
// is well. A warning is shown; only an expired token or card stops a charge
// (CardUsable).
func (c Customer) CardWarning(now time.Time) string {
	if c.cardExpired(now) {
		return "the card expired " + c.Expiry + ": ask for another card"
	}
	end := c.TokenExpires()
	switch left := end.Sub(now); {
	case left <= 0:
		return "the card token expired on " + end.Format(time.DateOnly) + ": the customer must pay once by card online to renew it"
	case left <= TokenWarnBefore:
		days := int((left + 24*time.Hour - 1) / (24 * time.Hour))
		return fmt.Sprintf("the card token ends in %d day(s), on %s: ask the customer to renew it", days, end.Format(time.DateOnly))
	}
	return ""
}

// CardUsable reports whether the card may be charged at now: neither the
// token nor the card has expired.
func (c Customer) CardUsable(now time.Time) error {
	if c.cardExpired(now) {
		return errorf(CodeInvalid, "%s's card expired %s: ask for another card", c.Name, c.Expiry)
	}
	if !now.Before(c.TokenExpires()) {
		return errorf(CodeInvalid, "%s's card token expired on %s: the customer must renew it", c.Name, c.TokenExpires().Format(time.DateOnly))
	}
	return nil
}

// cardExpired reports whether the card's MM/YY has passed at now (a card
// is good to the end of its expiry month).
func (c Customer) cardExpired(now time.Time) bool {
	if !validExpiry(c.Expiry) {
		return false
	}
	mm, _ := strconv.Atoi(c.Expiry[:2])
	yy, _ := strconv.Atoi(c.Expiry[3:])
	end := time.Date(2000+yy, time.Month(mm)+1, 1, 0, 0, 0, 0, time.UTC)
	return !now.Before(end)
}

func validExpiry(s string) bool {
	if len(s) != 5 || s[2] != '/' || !allDigits(s[:2]) || !allDigits(s[3:]) {
		return false
	}
	mm, _ := strconv.Atoi(s[:2])
	return mm >= 1 && mm <= 12
}

// validEmail catches typing mistakes, as the Flutterwave client does.
func validEmail(e string) bool {
	local, domain, ok := strings.Cut(e, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") &&
		!strings.HasSuffix(domain, ".") && !strings.Contains(domain, "@") && len(e) <= 254 &&
		!strings.ContainsAny(e, " \t\r\n\"<>,;")
}

// validToken checks a card token's shape without ever echoing it.
func validToken(t string) bool {
	if t == "" || len(t) > 200 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] <= ' ' || t[i] >= 0x7f || t[i] == '/' || t[i] == '?' || t[i] == '#' || t[i] == '%' {
			return false
		}
	}
	return true
}
