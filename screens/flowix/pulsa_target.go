package flowix

import (
	"strings"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// PulsaTarget checks and normalises what a cashier typed as the target of a
// Flowix prepaid service, by the service's type: an Indonesian mobile
// number for pulsa and data ("+62 812-3456-7890" becomes "081234567890",
// 10–13 digits starting 08), a PLN meter or customer number for tokens
// (11 or 12 digits), a game id for games (5–24 of digits, "(", ")" and
// "|", such as "12345678(1234)"). Errors are *sale.Error with CodeInvalid.
// The command line uses it too.
func PulsaTarget(p sale.Product, typed string) (string, sale.TargetKind, error) {
	t := strings.TrimSpace(typed)
	switch pulsaTargetType(p) {
	case "mobile":
		// The till's one phone parser; Flowix's own format (08…) is what
		// the journal keeps and the screens show.
		p, err := sale.ParsePhone(t, "ID")
		if err != nil {
			return "", "", err
		}
		return p.National(), sale.TargetMobile, nil
	case "meter":
		d := strings.NewReplacer(" ", "", "-", "").Replace(t)
		if d == "" {
			return "", "", sale.Keyed(sale.CodeInvalid, "fx_meter_type", nil, "type the meter number")
		}
		if !digitsOnly(d) || len(d) < 11 || len(d) > 12 {
			return "", "", sale.Keyed(sale.CodeInvalid, "fx_meter", []any{ui.Clean(typed)}, "%q is not a PLN meter number (11 or 12 digits)", ui.Clean(typed))
		}
		return d, sale.TargetMeter, nil
	}
	d := strings.ReplaceAll(t, " ", "")
	if d == "" {
		return "", "", sale.Keyed(sale.CodeInvalid, "fx_id_type", nil, "type the customer's id")
	}
	if len(d) < 5 || len(d) > 24 || strings.Trim(d, "0123456789()|") != "" {
		return "", "", sale.Keyed(sale.CodeInvalid, "fx_id", []any{ui.Clean(typed)}, "%q is not a customer id (5 to 24 digits, with ( ) or | as the game asks)", ui.Clean(typed))
	}
	return d, sale.TargetAccount, nil
}

// pulsaTargetType is what a prepaid service's target is: "mobile",
// "meter" or "id".
func pulsaTargetType(p sale.Product) string {
	typ := strings.ToLower(p.Details["type"] + " " + p.Details["category"])
	switch {
	case strings.Contains(typ, "pln") || strings.Contains(strings.ToUpper(p.Code), "PLN"):
		return "meter"
	case strings.Contains(typ, "pulsa") || strings.Contains(typ, "data") || strings.Contains(typ, "paket"):
		return "mobile"
	}
	return "id"
}

// pulsaTargetLabel is how the target field is labelled, in the till's
// language.
func pulsaTargetLabel(e *kit.Env, p sale.Product) (label, placeholder string) {
	switch pulsaTargetType(p) {
	case "mobile":
		return e.T("air.mobile_prompt"), "0812 3456 7890"
	case "meter":
		return e.T("fxr.pulsa.meter"), "12345678901"
	}
	return e.T("fxr.pulsa.game_id"), "12345678(1234)"
}

// digitsOnly reports whether s is all ASCII digits (and not empty).
func digitsOnly(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// fxTargetFilter is the keys a target field takes: digits, and + - ( ) |
// and spaces.
func fxTargetFilter(_ string, r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9', r == ' ', r == '+', r == '-', r == '(', r == ')', r == '|':
		return r, true
	}
	return 0, false
}

// fxDigitsFilter is the keys a customer or account number field takes:
// digits only (spaces and dashes typed or pasted are dropped).
func fxDigitsFilter(_ string, r rune) (rune, bool) { return r, r >= '0' && r <= '9' }
