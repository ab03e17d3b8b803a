package main

import (
	"os"
	"strings"
	"testing"
)

func TestQuietLogsUnlessAsked(t *testing.T) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") {
			unsetForTest(t, name)
		}
	}
	for _, name := range sdkLogSettings {
		unsetForTest(t, name)
	}
	t.Setenv("TF_LOG", "TRACE")
	if err := quietLogsUnlessAsked(); err != nil {
		t.Fatal(err)
	}
	for _, name := range sdkLogSettings {
		if v, ok := os.LookupEnv(name); ok {
			t.Fatalf("with TF_LOG set, %s must stay unset, got %q", name, v)
		}
	}

	if err := os.Unsetenv("TF_LOG"); err != nil {
		t.Fatal(err)
	}
	if err := quietLogsUnlessAsked(); err != nil {
		t.Fatal(err)
	}
	for _, name := range sdkLogSettings {
		if v := os.Getenv(name); v != "off" {
			t.Fatalf("without TF_LOG, %s = %q, want off", name, v)
		}
	}
}

// unsetForTest removes name from the environment and restores it after the test.
func unsetForTest(t *testing.T, name string) {
	t.Helper()
	t.Setenv(name, "")
	if err := os.Unsetenv(name); err != nil {
		t.Fatal(err)
	}
}
