package emulator

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/jsonvalue"
)

// pinnedMarker is the hidden key that makes DELETE of a tool or an assistant
// answer 409, as when an assistant version pins it. Set it with Mutate or Put.
const pinnedMarker = "__pinned"

// isHidden reports whether a top-level key is an emulator marker.
func isHidden(k string) bool { return strings.HasPrefix(k, "__") }

// visible copies obj without its hidden markers.
func visible(obj map[string]any) map[string]any {
	out := jsonvalue.CloneObject(obj)
	for k := range out {
		if isHidden(k) {
			delete(out, k)
		}
	}
	return out
}

// stampLayout is the API's timestamp format: ISO-8601 UTC with milliseconds.
const stampLayout = "2006-01-02T15:04:05.000Z"

// stamp returns the next timestamp: the clock's time, moved past the previous
// stamp when the clock has not advanced a millisecond, so that createdAt
// orders objects strictly and updatedAt always changes.
func (e *Emulator) stamp() string {
	t := e.now().UTC().Truncate(time.Millisecond)
	if !t.After(e.lastStamp) {
		t = e.lastStamp.Add(time.Millisecond)
	}
	e.lastStamp = t
	return t.Format(stampLayout)
}

func (e *Emulator) insert(kind Kind, obj map[string]any) {
	if e.store[kind] == nil {
		e.store[kind] = map[string]*record{}
	}
	e.seq++
	id, _ := obj["id"].(string)
	e.store[kind][id] = &record{obj: obj, seq: e.seq}
}

// put stores an object out of band, filling what the API would have set.
func (e *Emulator) put(kind Kind, obj map[string]any) string {
	id, _ := obj["id"].(string)
	if id == "" {
		id = newUUID()
		obj["id"] = id
	}
	if _, ok := obj["orgId"]; !ok && kind != KindOrg {
		obj["orgId"] = e.orgID
	}
	_, hasCreated := obj["createdAt"]
	_, hasUpdated := obj["updatedAt"]
	if !hasCreated || !hasUpdated {
		stamp := e.stamp()
		if !hasCreated {
			obj["createdAt"] = stamp
		}
		if !hasUpdated {
			obj["updatedAt"] = stamp
		}
	}
	e.insert(kind, obj)
	return id
}

// Put stores obj as an object of kind without validation, as if created
// outside Terraform, and returns its id. It fills id (unless set), orgId
// (unless set; orgs have none) and createdAt/updatedAt (unless set); an object
// with the id of a stored one replaces it. obj must be JSON-serialisable: it
// is stored as its JSON round trip, so Go slices and ints become []any and
// float64. Put panics otherwise, as that is a mistake in the test.
func (e *Emulator) Put(kind Kind, obj map[string]any) string {
	norm, err := normalize(obj)
	if err != nil {
		panic(fmt.Sprintf("emulator: Put(%s): %v", kind, err))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.put(kind, norm)
}

// Object returns a deep copy of a stored object as stored: secrets and hidden
// markers included, whatever its org.
func (e *Emulator) Object(kind Kind, id string) (map[string]any, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec := e.store[kind][id]
	if rec == nil {
		return nil, false
	}
	return jsonvalue.CloneObject(rec.obj), true
}

// Objects returns deep copies of every stored object of kind, in the order
// they were stored.
func (e *Emulator) Objects(kind Kind) []map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	recs := e.sorted(kind, true)
	out := make([]map[string]any, len(recs))
	for i, rec := range recs {
		out[i] = jsonvalue.CloneObject(rec.obj)
	}
	return out
}

// Mutate edits a stored object out of band, as a change made in the
// dashboard: fn gets a deep copy (secrets and markers included) and what it
// leaves is stored, with the same id and a new updatedAt. fn runs with the
// emulator locked, so it must not call the Emulator.
func (e *Emulator) Mutate(kind Kind, id string, fn func(obj map[string]any)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec := e.store[kind][id]
	if rec == nil {
		return fmt.Errorf("emulator: %s %s not found", kind, id)
	}
	obj := jsonvalue.CloneObject(rec.obj)
	fn(obj)
	norm, err := normalize(obj)
	if err != nil {
		return fmt.Errorf("emulator: mutate %s %s: %w", kind, id, err)
	}
	norm["id"] = id
	norm["updatedAt"] = e.stamp()
	rec.obj = norm
	return nil
}

// Remove deletes a stored object out of band and reports whether it existed.
func (e *Emulator) Remove(kind Kind, id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.store[kind][id] == nil {
		return false
	}
	delete(e.store[kind], id)
	return true
}

// normalize turns any JSON-serialisable map into the plain JSON values a
// decoded request holds.
func normalize(obj map[string]any) (map[string]any, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("object is not JSON-serialisable: %w", err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("object does not round-trip through JSON: %w", err)
	}
	return out, nil
}
