package screens

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"till/i18n"
)

// englishOnly are the string literals of the screens with English words
// that are not the English of a catalogue text, each for a reason that
// keeps it off an Indonesian screen. A new literal a person would read
// fails TestNoUncataloguedEnglish until it is a catalogue text (or, with
// its reason, listed here).
var englishOnly = map[string]string{
	// English plurals: the Indonesian branch beside them takes a catalogue text.
	"unresolved sale stays": "app.go: quit note, English plural",
	"unresolved sales stay": "app.go: quit note, English plural",
	" in the journal and\nwill be settled when the till starts again.": "app.go: quit note, English",
	"sale waiting to be settled":                                       "home.go: English plural (tui.home.hint_sales)",
	"sales waiting to be settled":                                      "home.go: English plural (tui.home.hint_sales)",
	"payment needs a person":                                           "home.go: English plural (tui.home.hint_pays)",
	"payments need a person":                                           "home.go: English plural (tui.home.hint_pays)",
	"sale is":                                                          "eod.go: English plural of a keyed refusal (err.day_unresolved)",
	"sales are":                                                        "eod.go: English plural of a keyed refusal (err.day_unresolved)",
	"day %s cannot be closed: %s still unresolved":                     "eod.go: the English of a keyed refusal (err.day_unresolved)",
	"COPY %d was journaled but not printed: %v":                        "kit: the English of a keyed failure (sale.Keyed) (err.copy_not_printed)",
	"COPY %d not printed: %s The journal could not record that it failed (%v): the next copy is COPY %d.": "kit: the English of a keyed failure (sale.Keyed) (err.copy_failed_unrecorded)",
	// Data, not messages.
	"unknown type":        "doctor.go: matches the doctor's own line to colour it",
	"unknown type ":       "flash.go: matches the doctor's product line",
	"Prepaid electricity": "flash: the product name journaled with the sale (slips translate its kind)",
	"1Flow water":         "water: the product name journaled with the sale",
}

var englishWords = regexp.MustCompile(`[a-z]{3,} [a-z]{2,}`)

// TestNoUncataloguedEnglish reads every non-test Go file of screens/ and
// fails on a string literal holding English words that is neither the
// English of a catalogue text (which an Indonesian till shows in
// Indonesian) nor listed in englishOnly. It is the check that a message
// has an Indonesian text at all; the *SpeaksIndonesian tests and the
// Indonesian goldens check that it is used.
func TestNoUncataloguedEnglish(t *testing.T) {
	known := map[string]bool{}
	for _, k := range i18n.Keys() {
		known[i18n.EN.T(k)] = true
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			bl, ok := n.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(bl.Value)
			if err != nil || !englishWords.MatchString(s) || known[s] || known[strings.TrimSpace(s)] {
				return true
			}
			if _, ok := englishOnly[s]; ok {
				seen[s] = true
				return true
			}
			t.Errorf("%s: %q has English words and no catalogue text (i18n/texts): an Indonesian till would show it in English", fset.Position(bl.Pos()), s)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for s, why := range englishOnly {
		if !seen[s] {
			t.Errorf("englishOnly lists %q (%s), which no screen has any more", s, why)
		}
	}
}
