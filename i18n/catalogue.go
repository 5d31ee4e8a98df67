package i18n

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Text is one message in every language of the catalogue. A text may hold
// fmt verbs (%s, %d); both languages take the same arguments in the same
// order (catalogue_test.go checks it).
type Text struct {
	EN string `toml:"en"`
	ID string `toml:"id"`
}

// T is the text of key in l, formatted with args when there are any. A
// key missing from the catalogue is returned as it is (tests fail on it
// first: catalogue_test.go), an unknown language gets English.
func (l Lang) T(key string, args ...any) string {
	t, ok := catalogue[key]
	if !ok {
		return key
	}
	s := t.EN
	if l == ID {
		s = t.ID
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Label translates a label a provider's answer carries ("Serial",
// "Token", "CHANGE VOUCHER"): the till journals those in English, and they
// are translated when printed or shown. A label the catalogue does not
// know is printed as the provider sent it.
func (l Lang) Label(label string) string {
	if l != ID {
		return label
	}
	if t, ok := catalogue["label."+strings.TrimSpace(label)]; ok {
		return t.ID
	}
	// A numbered label ("Key change token 1", "Credit token 2"): the
	// label's words translated, its number kept.
	if i := strings.LastIndexByte(strings.TrimSpace(label), ' '); i > 0 {
		base, n := strings.TrimSpace(label)[:i], strings.TrimSpace(label)[i+1:]
		if t, ok := catalogue["label."+base]; ok && strings.Trim(n, "0123456789") == "" {
			return t.ID + " " + n
		}
	}
	return label
}

// Screen translates a text of the TUI's frame given in English (a menu
// label, a screen's title, a key's help): the tui.* text whose English is
// en, or en itself when the catalogue has none or l is English.
func (l Lang) Screen(en string) string {
	if l != ID || en == "" {
		return en
	}
	if k, ok := screenIndex[en]; ok {
		return catalogue[k].ID
	}
	return en
}

// screenIndex maps the English of every tui.* text without fmt verbs to
// its key (catalogue_test.go checks no two share one with different
// Indonesian).
var screenIndex = func() map[string]string {
	m := map[string]string{}
	for k, t := range catalogue {
		if strings.HasPrefix(k, "tui.") && !strings.Contains(t.EN, "%") {
			if old, dup := m[t.EN]; !dup || k < old {
				m[t.EN] = k
			}
		}
	}
	return m
}()

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys are the catalogue's keys, for tests.
func Keys() []string {
	out := make([]string, 0, len(catalogue))
	for k := range catalogue {
		out = append(out, k)
	}
	return out
}

// catalogue is every text of slips, reports and the TUI's frame. Keys are
// grouped by where they are used: slip.* (every sale slip), outcome.*,
// kind.*, target.*, tender.*, refund.*, voucher.*, elec.*, water.*, fx.*
// (Flowix), drawer.*, report.*, state.*, code.* (payment-code slips),
// label.* (labels of provider answers) and tui.*. The texts are data, one
// file per area in texts/ (slips, labels, screens, tender, back office,
// auth), built into the program and read once at start.
//
// Indonesian slips follow what Indonesian POS and PPOB slips print
// (BERHASIL, GAGAL, Kembalian, Struk), in plain words a customer reads.
var catalogue = mustLoad(texts, "texts")

//go:embed texts/*.toml
var texts embed.FS

// mustLoad reads the catalogue, or stops the program at start (and so
// every test of every package) when a file of it is broken.
func mustLoad(fsys fs.FS, dir string) map[string]Text {
	m, err := load(fsys, dir)
	if err != nil {
		panic("i18n: " + err.Error())
	}
	return m
}

// load joins the .toml files of dir into one catalogue. Each is decoded
// strictly: a key other than en and id, a key given twice in one file
// (TOML forbids it) or in two files is an error, never a text silently
// kept or dropped.
func load(fsys fs.FS, dir string) (map[string]Text, error) {
	files, err := fs.Glob(fsys, dir+"/*.toml")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no texts in %s", dir)
	}
	m := map[string]Text{}
	from := map[string]string{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var part map[string]Text
		if err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&part); err != nil {
			var de *toml.DecodeError
			if errors.As(err, &de) {
				row, col := de.Position()
				return nil, fmt.Errorf("%s line %d column %d: %v", f, row, col, err)
			}
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for k, t := range part {
			if other, dup := from[k]; dup {
				return nil, fmt.Errorf("key %q is in %s and %s", k, other, f)
			}
			m[k], from[k] = t, f
		}
	}
	return m, nil
}
