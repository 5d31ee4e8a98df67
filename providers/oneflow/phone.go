package oneflow

import (
	"strings"

	"till/sale"
)

// NormalizePhone reads a Kenyan or Ghanaian mobile number with the till's
// one parser (sale.ParsePhone) and returns it in E.164, as 1Flow expects
// ("+254712345678"). Local numbers (0712345678, 0241234567) are read in
// defaultCountry ("KE" or "GH", any case); with none, the country code is
// needed. Letters, a sign, a wrong length or another country are refused
// with a message for the cashier (a *sale.Error with sale.CodeInvalid).
func NormalizePhone(s, defaultCountry string) (string, error) {
	home := strings.ToUpper(strings.TrimSpace(defaultCountry))
	if home != "KE" && home != "GH" {
		home = ""
	}
	p, err := sale.ParsePhone(s, home, "KE", "GH")
	if err != nil {
		return "", err
	}
	return p.E164(), nil
}
