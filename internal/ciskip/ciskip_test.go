package ciskip

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeT records what Skip did to a test, without ending the real one: its
// Skip and Fatal stop Skip with a panic that run recovers, as the real
// ones stop the test.
type fakeT struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeT) Helper()      {}
func (f *fakeT) Name() string { return "TestProbe" }
func (f *fakeT) Skip(...any)  { f.skipped = true; panic(f) }
func (f *fakeT) Fatal(...any) { f.failed = true; panic(f) }

func run(name string) *fakeT {
	f := &fakeT{}
	func() {
		defer func() { _ = recover() }()
		Skip(f, name, "a reason")
	}()
	return f
}

func TestSkip(t *testing.T) {
	named, err := Named()
	if err != nil {
		t.Fatal(err)
	}
	if len(named) == 0 {
		t.Fatalf("%s names no skip", SkipsFile)
	}
	var aNamed string
	for name := range named {
		aNamed = name
	}
	reportDir := t.TempDir()
	report := filepath.Join(reportDir, "skips")
	t.Setenv(ReportEnv, report)

	t.Setenv("CI", "")
	if f := run("anything"); !f.skipped || f.failed {
		t.Errorf("outside CI, a skip fails: %+v", f)
	}
	t.Setenv("CI", "true")
	if f := run("not-a-named-skip"); !f.failed || f.skipped {
		t.Errorf("under CI, a skip no line of %s names does not fail: %+v", SkipsFile, f)
	}
	if f := run(aNamed); !f.skipped || f.failed {
		t.Errorf("under CI, the named skip %s fails: %+v", aNamed, f)
	}
	b, err := readIn(reportDir, "skips")
	if err != nil || !strings.Contains(string(b), aNamed) || strings.Contains(string(b), "not-a-named-skip") {
		t.Errorf("the report holds %q (%v), want the named skip only", b, err)
	}
}

func TestParseRefusesIncompleteLines(t *testing.T) {
	if _, err := parse(strings.NewReader("# comment\nname-only\n")); err == nil {
		t.Error("a line without lane and reason parses")
	}
}

// The shell checks (check-docs, validate-examples) skip through
// scripts/lib/skip.sh, which scripts/lib/skip_test.sh tests.
func TestShellSkipFollowsTheSameRule(t *testing.T) {
	cmd := exec.CommandContext(t.Context(), "bash", "../../scripts/lib/skip_test.sh")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/lib/skip_test.sh: %v\n%s", err, out)
	}
}
