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
	inner := got["a"].(map[string]any)
	list := inner["b"].([]any)
	list[1].(map[string]any)["c"] = "changed"
	list[2].([]any)[0] = false
	list[0] = 2.0
	inner["new"] = 1
	got["h"] = append(got["h"].([]any), "x")
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
	if got := Clone([]any(nil)); got.([]any) != nil {
		t.Errorf("Clone of a nil array is %#v", got)
	}
	if got := Clone(map[string]any(nil)); got.(map[string]any) != nil {
		t.Errorf("Clone of a nil object is %#v", got)
	}
}
