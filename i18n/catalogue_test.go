package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"till/sale"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Every key has an English and an Indonesian text, taking the same fmt
// verbs in the same order, and no two keys of one group share an
// Indonesian text they do not share in English (a copy-paste slip).
func TestCatalogueComplete(t *testing.T) {
	keys := Keys()
	sort.Strings(keys)
	for _, k := range keys {
		tx := catalogue[k]
		if strings.TrimSpace(tx.EN) == "" {
			t.Errorf("%s has no English text", k)
		}
		if strings.TrimSpace(tx.ID) == "" {
			t.Errorf("%s has no Indonesian text", k)
		}
		if en, id := verb.FindAllString(tx.EN, -1), verb.FindAllString(tx.ID, -1); strings.Join(en, " ") != strings.Join(id, " ") {
			t.Errorf("%s: English takes %v, Indonesian %v", k, en, id)
		}
		for _, r := range tx.EN + tx.ID {
			if !onScreen(k) && (r < 0x20 || r > 0x7e) {
				t.Errorf("%s: %q is not printable ASCII (slips print ASCII)", k, r)
				break
			}
		}
		if strings.HasPrefix(k, "label.") && tx.EN != strings.TrimPrefix(k, "label.") {
			t.Errorf("%s: a label's English text is the label itself, not %q", k, tx.EN)
		}
	}
}

// Screen's English index is unambiguous: two tui.* texts with the same
// English have the same Indonesian.
func TestScreenIndex(t *testing.T) {
	seen := map[string]Text{}
	for _, k := range Keys() {
		tx := catalogue[k]
		if !strings.HasPrefix(k, "tui.") || strings.Contains(tx.EN, "%") {
			continue
		}
		if old, ok := seen[tx.EN]; ok && old.ID != tx.ID {
			t.Errorf("%q is %q and %q in Indonesian", tx.EN, old.ID, tx.ID)
		}
		seen[tx.EN] = tx
	}
	if got := ID.Screen("Sell airtime"); got != "Jual pulsa" {
		t.Errorf("Screen = %q", got)
	}
	if got := EN.Screen("Sell airtime"); got != "Sell airtime" {
		t.Errorf("en Screen = %q", got)
	}
	if got := ID.Screen("not in the catalogue"); got != "not in the catalogue" {
		t.Errorf("unknown Screen = %q", got)
	}
}

// Every key the till's code asks for is in the catalogue: the receipts,
// the screens and the command line are scanned for T("…") calls.
func TestEveryKeyUsedExists(t *testing.T) {
	call := regexp.MustCompile(`\.[tT]\("([a-z_.0-9-]+)"[,)]`)
	found := 0
	// The whole module, whatever package a screen or command lives in.
	err := filepath.WalkDir("..", func(f string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && f != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			found++
			if !Has(m[1]) {
				t.Errorf("%s asks for key %q, which the catalogue lacks", f, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("only %d T(…) calls found: the scan is broken", found)
	}
}

func TestT(t *testing.T) {
	if got := ID.T("outcome.delivered"); got != "BERHASIL" {
		t.Errorf("id delivered = %q", got)
	}
	if got := EN.T("outcome.delivered"); got != "SUCCESSFUL" {
		t.Errorf("en delivered = %q", got)
	}
	if got := ID.T("slip.copy", 2); got != "*** SALINAN 2 ***" {
		t.Errorf("id copy = %q", got)
	}
	if got := Lang("fr").T("slip.date"); got != "Date" {
		t.Errorf("unknown language = %q, want English", got)
	}
	if got := ID.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	if got := ID.Label("Serial"); got != "No. seri" {
		t.Errorf("label = %q", got)
	}
	if got := ID.Label("Something new"); got != "Something new" {
		t.Errorf("unknown label = %q", got)
	}
	if got := EN.Label("Serial"); got != "Serial" {
		t.Errorf("en label = %q", got)
	}
	if got := ID.Money(sale.New(123450, sale.KES)); got != "KES 1.234,50" {
		t.Errorf("id money = %q", got)
	}
}

func TestParseAndFromEnv(t *testing.T) {
	for _, s := range []string{"en", "id"} {
		if l, err := Parse(s); err != nil || string(l) != s {
			t.Errorf("Parse(%q) = %q, %v", s, l, err)
		}
	}
	for _, s := range []string{"", "EN", "Id", "id_ID", "id-ID", "en_US", "fr", " id"} {
		if l, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %q, want refused", s, l)
		}
	}
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, c := range []struct {
		env  map[string]string
		want Lang
	}{
		{nil, EN},
		{map[string]string{"LANG": "id_ID.UTF-8"}, ID},
		{map[string]string{"LANG": "id"}, ID},
		{map[string]string{"LANG": "id-ID"}, ID},
		{map[string]string{"LANG": "en_ZA.UTF-8"}, EN},
		{map[string]string{"LANG": "C"}, EN},
		{map[string]string{"LANG": "ida_XX"}, EN},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "id_ID.UTF-8"}, EN},
		{map[string]string{"LC_MESSAGES": "id_ID.UTF-8", "LANG": "en_ZA"}, ID},
		{map[string]string{"LC_ALL": "id_ID.UTF-8"}, ID},
	} {
		if got := FromEnv(env(c.env)); got != c.want {
			t.Errorf("FromEnv(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

// onScreen reports whether key is drawn on screen only (never printed), so
// it may use the terminal's symbols (✓, —, …).
func onScreen(key string) bool {
	for _, p := range []string{"tui.", "fxr.", "tnd.", "jnl.", "eod.", "sig.", "fxa.", "fxs.", "sup.", "pay.", "air.", "wat.", "prod.", "said.", "doc.", "fla."} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// The catalogue's files are read strictly: a key in two files, a key twice
// in one, a language that is not en or id, or a broken line stops the
// load, naming the file; none keeps one text and drops the other.
func TestLoadRefusesBrokenTexts(t *testing.T) {
	good := `"a.one" = { en = "One", id = "Satu" }` + "\n"
	for name, files := range map[string]map[string]string{
		"a key in two files":  {"x/a.toml": good, "x/b.toml": good},
		"a key twice in one":  {"x/a.toml": good + good},
		"a third language":    {"x/a.toml": `"a.one" = { en = "One", id = "Satu", fr = "Un" }`},
		"a broken line":       {"x/a.toml": `"a.one" = { en = "One", id = }`},
		"no texts":            {"y/a.toml": good},
		"a text not a string": {"x/a.toml": `"a.one" = { en = 1, id = "Satu" }`},
	} {
		fsys := fstest.MapFS{}
		for f, body := range files {
			fsys[f] = &fstest.MapFile{Data: []byte(body)}
		}
		if m, err := load(fsys, "x"); err == nil {
			t.Errorf("%s: loaded %v", name, m)
		} else if name != "no texts" && !strings.Contains(err.Error(), "x/a.toml") && !strings.Contains(err.Error(), "x/b.toml") {
			t.Errorf("%s: %v does not name the file", name, err)
		}
	}
	m, err := load(fstest.MapFS{"x/a.toml": {Data: []byte(good)}, "x/b.toml": {Data: []byte(`"b.two" = { en = "Two", id = "Dua" }`)}}, "x")
	if err != nil || len(m) != 2 || m["a.one"] != (Text{"One", "Satu"}) || m["b.two"] != (Text{"Two", "Dua"}) {
		t.Errorf("load = %v, %v", m, err)
	}
}
