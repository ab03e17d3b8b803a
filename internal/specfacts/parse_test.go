package specfacts

import "testing"

func TestParseRejectsBrokenFacts(t *testing.T) {
	t.Parallel()
	for _, b := range []string{``, `{`, `[]`, `{}`, `{"kinds":{"tool":{}}}`, `{"schemas":{"A":{}}}`, `{"kinds":{"tool":{}},"schemas":{"A":{"properties":1}}}`} {
		if _, err := parse([]byte(b)); err == nil {
			t.Errorf("parse(%q) succeeded", b)
		}
	}
	if _, err := parse(factsJSON); err != nil {
		t.Fatalf("embedded facts: %v", err)
	}
}
