package screens

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestScreensImportNoStoreOrProviders keeps the screens on their side of
// the wiring: they read the journal through sale.Reader (Engine.Reader),
// write it only through Engine methods, and reach providers only through
// Deps — so no non-test file of screens/ (or a package under it) imports
// till/store or till/providers/..., or calls Engine.Journal.
func TestScreensImportNoStoreOrProviders(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		n++
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if p == "till/store" || p == "till/providers" || strings.HasPrefix(p, "till/store/") || strings.HasPrefix(p, "till/providers/") {
				t.Errorf("%s imports %s: screens get the journal and providers through Deps", path, p)
			}
		}
		if strings.Contains(string(src), ".Journal()") {
			t.Errorf("%s calls Journal(): screens read through Engine.Reader and write only through Engine methods", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("read only %d files: is the test in the screens directory?", n)
	}
}
