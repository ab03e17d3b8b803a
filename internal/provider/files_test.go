package provider

import (
	"os"
	"testing"
)

// readFileIn reads name inside dir, and nothing outside it: name cannot
// climb out of dir with .. or a symbolic link.
func readFileIn(dir, name string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = root.Close() }()
	return root.ReadFile(name)
}

// readFile is readFileIn for a file the test cannot go on without.
func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := readFileIn(dir, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
