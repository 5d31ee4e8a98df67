package kit

import (
	"strings"
	"testing"

	"till/i18n"
	"till/sale"
)

// TestErrInTheTillsLanguage: a refusal of the domain reaches the cashier
// in the till's language (an Indonesian till: Indonesian, rupiah grouped),
// and as the domain wrote it in English.
func TestErrInTheTillsLanguage(t *testing.T) {
	err := &sale.Error{Code: sale.CodeExposure, Message: "unresolved sales already add up to IDR 900000; with this sale they would pass the limit of IDR 1000000: settle some before selling again",
		Key: "exposure_value", Args: []any{sale.New(900000, sale.IDR), sale.New(1000000, sale.IDR)}}
	id := &Env{D: Deps{Language: i18n.ID}}
	if got := id.Err(err); !strings.Contains(got, "Rp 900.000") || !strings.Contains(got, "selesaikan sebagian dulu") {
		t.Errorf("id: %q", got)
	}
	en := &Env{D: Deps{Language: i18n.EN}}
	if got := en.Err(err); got != err.Message {
		t.Errorf("en: %q", got)
	}
}
