package jsonvalue

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A clone equals its source, and no change to the clone, at any depth,
// reaches the source.
func TestClone_sharesNothing(t *testing.T) {
	const doc = `{"a": {"b": [1, {"c": "d"}, [true, null]]}, "e": "f", "g": null, "h": []}`
	var src, want map[string]any
	for _, m := range []*map[string]any{&src, &want} {
		if err := json.Unmarshal([]byte(doc), m); err != nil {
			t.Fatal(err)
		}
	}
	got := CloneObject(src)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("clone %v, want %v", got, want)
	}
	// Change every container of the clone.
	inner := as[map[string]any](t, got["a"])
	list := as[[]any](t, inner["b"])
	as[map[string]any](t, list[1])["c"] = "changed"
	as[[]any](t, list[2])[0] = false
	list[0] = 2.0
	inner["new"] = 1
	got["h"] = append(as[[]any](t, got["h"]), "x")
	got["e"] = "changed"
	if !reflect.DeepEqual(src, want) {
		t.Fatalf("a change to the clone reached the source: %v", src)
	}
}

func TestClone_nilsStayNil(t *testing.T) {
	if CloneObject(nil) != nil {
		t.Error("CloneObject(nil) is not nil")
	}
	if Clone(nil) != nil {
		t.Error("Clone(nil) is not nil")
	}
	if got := as[[]any](t, Clone([]any(nil))); got != nil {
		t.Errorf("Clone of a nil array is %#v", got)
	}
	if got := as[map[string]any](t, Clone(map[string]any(nil))); got != nil {
		t.Errorf("Clone of a nil object is %#v", got)
	}
}

// as is v as a T, or the end of the test.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("%#v is not a %T", v, x)
	}
	return x
}
