package ciskip

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Every skip of the module's tests goes through Skip, so CI's rule holds for
// all of them: no test file calls t.Skip, Skipf or SkipNow itself, and only
// the provider's skips_test.go wraps terraform-plugin-testing's version
// checks, which skip on their own.
func TestEverySkipGoesThroughCISkip(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") || filepath.Dir(rel) == filepath.Join("internal", "ciskip") {
			return nil
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, _ := sel.X.(*ast.Ident)
			switch {
			case pkg != nil && pkg.Name == "ciskip":
			case sel.Sel.Name == "Skip" || sel.Sel.Name == "Skipf" || sel.Sel.Name == "SkipNow":
				t.Errorf("%s: calls %s itself; use ciskip.Skip with a name", rel, sel.Sel.Name)
			case pkg != nil && pkg.Name == "tfversion" && strings.HasPrefix(sel.Sel.Name, "Skip") &&
				filepath.Base(rel) != "skips_test.go":
				t.Errorf("%s: uses tfversion.%s; use skipBelow, which follows CI's rule", rel, sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("found %d test files under %s: the walk is wrong", files, root)
	}
}
