package screens

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
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

// TestFlowAndProductsImports keeps the layers of the screens apart: the
// sale flow (flow) builds only on kit, and a product's input steps
// (airtime, water, flash, flowix) only on kit and flow — never on the App,
// the back office, sign-in or another product.
func TestFlowAndProductsImports(t *testing.T) {
	allowed := map[string][]string{
		"flow":    {"till/screens/kit"},
		"airtime": {"till/screens/kit", "till/screens/flow"},
		"water":   {"till/screens/kit", "till/screens/flow"},
		"flash":   {"till/screens/kit", "till/screens/flow"},
		"flowix":  {"till/screens/kit", "till/screens/flow"},
	}
	fset := token.NewFileSet()
	for dir, ok := range allowed {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no files (%v)", dir, err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				if p == "till/screens" || strings.HasPrefix(p, "till/screens/") && !slices.Contains(ok, p) {
					t.Errorf("%s imports %s: %s builds only on %v", path, p, dir, ok)
				}
			}
		}
	}
}
