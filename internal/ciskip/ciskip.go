// Package ciskip decides whether a test may skip. Outside CI a skip is a
// skip. Under CI=true, one that is not named in .ci/skips fails the test
// instead, so a check that quietly stopped running cannot pass a CI run; a
// named skip is allowed, since the file says which lane runs what it leaves
// out, and its reason is printed at the end of `make test`.
package ciskip

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// SkipsFile is the file, relative to the module root, that names the skips
// allowed under CI.
const SkipsFile = ".ci/skips"

// ReportEnv names the file each named skip taken is appended to, when set
// (make test sets it and prints the file at the end).
const ReportEnv = "VAPI_SKIP_REPORT"

// Skip skips t, saying why, unless CI is set and name is not in SkipsFile:
// then it fails t.
func Skip(t testing.TB, name, reason string) {
	t.Helper()
	msg, err := Allow(t.Name(), name, reason)
	if err != nil {
		t.Fatal(err)
	}
	t.Skip(msg)
}

// Allow decides a skip of the test testName (empty when the caller cannot
// tell, as in a version check): the message to skip with, or
// an error when CI is set and SkipsFile does not name the skip. A named skip
// under CI is appended to the report.
func Allow(testName, name, reason string) (string, error) {
	if !InCI() {
		return fmt.Sprintf("skipped (%s): %s", name, reason), nil
	}
	lanes, err := Named()
	if err != nil {
		return "", fmt.Errorf("CI=true and this test would skip (%s: %s), but the named skips cannot be read: %w", name, reason, err)
	}
	lane, ok := lanes[name]
	if !ok {
		return "", fmt.Errorf("CI=true forbids this skip: %s: %s. Make the test run here, or name the skip in %s with the lane that runs it", name, reason, SkipsFile)
	}
	line := fmt.Sprintf("%s (%s; run by %s)", reason, name, lane)
	if testName != "" {
		line = testName + ": " + line
	}
	report(line)
	return fmt.Sprintf("named skip %s, run by %s: %s", name, lane, reason), nil
}

// InCI reports whether CI is set to true, as GitHub Actions and .ci/run set it.
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}

// Named returns the skips of SkipsFile: the lane that runs each, by name.
func Named() (map[string]string, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	b, err := readIn(root, SkipsFile)
	if err != nil {
		return nil, err
	}
	return parse(bytes.NewReader(b))
}

func parse(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	scanner := bufio.NewScanner(r)
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "|")
		if len(fields) != 3 || strings.TrimSpace(fields[0]) == "" || strings.TrimSpace(fields[1]) == "" || strings.TrimSpace(fields[2]) == "" {
			return nil, fmt.Errorf("%s:%d: want name | lane | why", SkipsFile, n)
		}
		out[strings.TrimSpace(fields[0])] = strings.TrimSpace(fields[1])
	}
	return out, scanner.Err()
}

// moduleRoot is the nearest directory above the working directory (a test's
// package directory) that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// readIn reads name inside dir, and nothing outside it.
func readIn(dir, name string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = root.Close() }()
	return root.ReadFile(name)
}

var reportMu sync.Mutex

func report(line string) {
	path := os.Getenv(ReportEnv)
	if path == "" {
		return
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	dir, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return
	}
	defer func() { _ = dir.Close() }()
	f, err := dir.OpenFile(filepath.Base(path), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }()
	_, _ = fmt.Fprintln(f, line)
}
