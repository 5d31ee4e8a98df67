// Package i18n is the till's one message catalogue: every text a cashier or
// a customer reads (slips, reports and the TUI's frame) is a key here with an
// English and an Indonesian text, and money is written by sale.Money.Format
// in the same language. Its texts are data files in texts/, one per area.
// Of ours it imports only sale.
package i18n

import (
	"fmt"
	"strings"

	"till/sale"
)

// Lang is a language the till speaks: "en" or "id".
type Lang string

// The languages of the catalogue.
const (
	EN Lang = "en" // English
	ID Lang = "id" // Bahasa Indonesia
)

// Langs are the languages every key must have a text in.
var Langs = []Lang{EN, ID}

// Parse reads [till] language strictly: "en" or "id", nothing else (no
// "EN", no "id_ID"; the locale's forms belong to FromEnv).
func Parse(s string) (Lang, error) {
	switch Lang(s) {
	case EN, ID:
		return Lang(s), nil
	}
	return "", fmt.Errorf("language %q: must be \"en\" or \"id\"", s)
}

// FromEnv is the language when the config sets none, from the locale as
// POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG; the first that is
// set decides. Indonesian ("id", "id_ID.UTF-8", "id-ID") is id; anything
// else, or none, is en.
func FromEnv(getenv func(string) string) Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		v = strings.ToLower(v)
		if v == "id" || strings.HasPrefix(v, "id_") || strings.HasPrefix(v, "id-") || strings.HasPrefix(v, "id.") {
			return ID
		}
		return EN
	}
	return EN
}

// Money writes m for a reader of l: sale.Money.Format, the one formatter.
func (l Lang) Money(m sale.Money) string { return m.Format(string(l)) }
