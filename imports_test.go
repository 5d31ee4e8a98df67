package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The import rules of docs/ARCHITECTURE.md ("Import rules"), checked on the
// source: every non-test file's imports, package by package.
//
//   - sale/ is the domain: it imports nothing of ours;
//   - only the wiring (wire/), the store itself and bench/ import store/:
//     the command line and the screens read the journal through sale.Reader
//     and write it only through the engine;
//   - providers/sandbox is written on its own: it imports no client package,
//     so it can disagree with the clients;
//   - the screens import no provider client: they reach providers through
//     the interfaces their Deps declare;
//   - main only starts the program: no other non-test file at the root.
func TestImportRules(t *testing.T) {
	imports := ourImports(t)
	if len(imports) < 10 {
		t.Fatalf("only %d packages found: the scan is broken", len(imports))
	}
	clients := []string{"till/providers/flash", "till/providers/flowix", "till/providers/oneflow", "till/providers/flutterwave", "till/providers/mpesaflow"}
	for pkg, imps := range imports {
		for _, imp := range imps {
			switch {
			case pkg == "till/sale" || strings.HasPrefix(pkg, "till/sale/"):
				t.Errorf("%s imports %s: the domain imports nothing of ours", pkg, imp)
			case imp == "till/store" && pkg != "till/wire" && !strings.HasPrefix(pkg, "till/store") && !strings.HasPrefix(pkg, "till/bench/"):
				t.Errorf("%s imports till/store: only the wiring (wire/) opens the journal", pkg)
			case strings.HasPrefix(pkg, "till/providers/sandbox") && slices.Contains(clients, imp):
				t.Errorf("%s imports the client %s: the sandbox must be able to disagree with it", pkg, imp)
			case (pkg == "till/screens" || strings.HasPrefix(pkg, "till/screens/")) && slices.Contains(clients, imp):
				t.Errorf("%s imports the client %s: screens reach providers through their Deps", pkg, imp)
			}
		}
	}
	root, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range root {
		if f != "main.go" && !strings.HasSuffix(f, "_test.go") {
			t.Errorf("%s is at the root: main.go only starts the program (put it in cli/, config/ or wire/)", f)
		}
	}
}

// TestImportRulesCatchABreak: the scan sees a forbidden import when there
// is one (a test that cannot fail proves nothing).
func TestImportRulesCatchABreak(t *testing.T) {
	imports := ourImports(t)
	if !slices.Contains(imports["till/wire"], "till/store") {
		t.Fatalf("wire's imports %v lack till/store: the scan does not read them", imports["till/wire"])
	}
	if !slices.Contains(imports["till/cli"], "till/wire") {
		t.Fatalf("cli's imports %v lack till/wire", imports["till/cli"])
	}
}

// ourImports maps each package of the module (by import path) to the
// module's packages its non-test files import.
func ourImports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := "till"
		if dir := filepath.Dir(path); dir != "." {
			pkg += "/" + filepath.ToSlash(dir)
		}
		for _, is := range f.Imports {
			imp, _ := strconv.Unquote(is.Path.Value)
			if (imp == "till" || strings.HasPrefix(imp, "till/")) && !slices.Contains(out[pkg], imp) {
				out[pkg] = append(out[pkg], imp)
			}
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
