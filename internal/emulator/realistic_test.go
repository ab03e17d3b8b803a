package emulator

import (
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/specfacts"
)

// variantBodies are minimal valid create bodies, one per validated variant.
func variantBodies() []struct {
	kind Kind
	path string
	body map[string]any
} {
	return []struct {
		kind Kind
		path string
		body map[string]any
	}{
		{KindTool, "/tool", map[string]any{"type": "function", "function": map[string]any{"name": "f"}}},
		{KindAssistant, "/assistant", map[string]any{"name": "A"}},
		{KindCredential, "/credential", map[string]any{"provider": "custom-credential",
			"authenticationPlan": map[string]any{"type": "bearer", "token": "t"}}},
		{KindPhoneNumber, "/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": "415"}},
		{KindPhoneNumber, "/phone-number", map[string]any{"provider": "twilio", "number": "+14155550100",
			"twilioAccountSid": "AC", "twilioAuthToken": "t"}},
		{KindPhoneNumber, "/phone-number", map[string]any{"provider": "vonage", "number": "+14155550101", "credentialId": newUUID()}},
		{KindPhoneNumber, "/phone-number", map[string]any{"provider": "telnyx", "number": "+14155550102", "credentialId": newUUID()}},
		{KindPhoneNumber, "/phone-number", map[string]any{"provider": "byo-phone-number", "credentialId": newUUID()}},
	}
}

// withServer adds a server object to a body, where the DTO has one.
func withServer(body map[string]any) map[string]any {
	out := maps.Clone(body)
	if body["provider"] != "custom-credential" {
		out["server"] = map[string]any{"url": "https://h.example"}
	}
	return out
}

// schemaOf is the facts' schema of a kind's variant in one direction.
func schemaOf(t *testing.T, kind Kind, obj map[string]any, pick func(*specfacts.Kind) map[string]string) *specfacts.Schema {
	t.Helper()
	k, ok := specfacts.Load().Kind(string(kind))
	if !ok {
		t.Fatalf("no kind %s", kind)
	}
	s, ok := specfacts.Load().Schema(pick(k)[k.Variant(obj)])
	if !ok {
		t.Fatalf("no schema for %s %v", kind, obj)
	}
	return s
}

func createDTOs(k *specfacts.Kind) map[string]string   { return k.Create }
func responseDTOs(k *specfacts.Kind) map[string]string { return k.Response }

// TestFillDefaults: every default the spec states for a created variant and
// for its server object is in the answer, in later reads and in storage.
func TestFillDefaults(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{FillDefaults: true})
	checked := 0
	for _, v := range variantBodies() {
		body := withServer(v.body)
		created := a.create(v.path, body)
		got := a.call(http.MethodGet, v.path+"/"+strField(t, created, "id"), nil).want(http.StatusOK).object()
		stored, _ := e.Object(v.kind, strField(t, created, "id"))
		dto := schemaOf(t, v.kind, body, createDTOs)
		for name, p := range dto.Properties {
			if _, sent := body[name]; sent || p.Default == nil {
				continue
			}
			checked++
			for what, obj := range map[string]map[string]any{"POST": created, "GET": got, "stored": stored} {
				if !reflect.DeepEqual(obj[name], p.Default) {
					t.Errorf("%s %v: %s = %#v, want the default %#v", what, body, name, obj[name], p.Default)
				}
			}
		}
		if srv, ok := got["server"].(map[string]any); ok {
			if srv["timeoutSeconds"] != 20.0 || srv["staticIpAddressesEnabled"] != false || srv["url"] != "https://h.example" {
				t.Errorf("%v: server %v", body, srv)
			}
		}
	}
	// Today's spec states six: four of the assistant's, twilio's smsEnabled
	// and byo's numberE164CheckEnabled.
	if checked < 6 {
		t.Fatalf("only %d defaults checked", checked)
	}

	tool := a.create("/tool", map[string]any{"type": "function", "function": map[string]any{"name": "f"}})
	if got, _ := field(t, tool, "function.strict"); got != false {
		t.Errorf("function.strict %v", got)
	}
	if _, ok := tool["server"]; ok {
		t.Error("a server object was created")
	}

	// PATCH: the nested objects it replaces get their defaults; a null stays.
	asst := strField(t, a.create("/assistant", map[string]any{"name": "A"}), "id")
	patched := a.call(http.MethodPatch, "/assistant/"+asst, map[string]any{
		"server":             map[string]any{"url": "https://p.example", "backoffPlan": map[string]any{"type": "exponential", "maxRetries": 2, "baseDelaySeconds": 1}},
		"maxDurationSeconds": nil,
	}).want(http.StatusOK).object()
	wantServer := map[string]any{"url": "https://p.example", "timeoutSeconds": 20.0, "staticIpAddressesEnabled": false,
		"backoffPlan": map[string]any{"type": "exponential", "maxRetries": 2.0, "baseDelaySeconds": 1.0}}
	if !reflect.DeepEqual(patched["server"], wantServer) {
		t.Errorf("patched server %v", patched["server"])
	}
	if v, present := patched["maxDurationSeconds"]; !present || v != nil {
		t.Errorf("maxDurationSeconds %v (present %v), want null", v, present)
	}
	if patched["firstMessageMode"] != "assistant-speaks-first" {
		t.Errorf("firstMessageMode %v", patched["firstMessageMode"])
	}
	org := a.call(http.MethodPatch, "/org/"+e.OrgID(), map[string]any{"server": map[string]any{"url": "https://o.example"}}).want(http.StatusOK).object()
	if got, _ := field(t, org, "server.timeoutSeconds"); got != 20.0 {
		t.Errorf("org server %v", org["server"])
	}

	// Off by default: the echo stays an echo.
	_, plain := newAPI(t, Options{})
	if got := plain.create("/assistant", map[string]any{"name": "A"}); got["maxDurationSeconds"] != nil {
		t.Errorf("defaults filled without the option: %v", got)
	}
}

func TestExtraFields(t *testing.T) {
	t.Parallel()
	for _, name := range []string{extraTopField, extraServerField, extraModelField} {
		for schema, s := range specfacts.Load().Schemas {
			if _, ok := s.Properties[name]; ok {
				t.Fatalf("%s is a property of %s: pick a name the spec does not know", name, schema)
			}
		}
	}
	e, a := newAPI(t, Options{ExtraFields: true})
	created := a.create("/assistant", map[string]any{"name": "A",
		"model":  map[string]any{"provider": "openai", "model": "gpt-4o"},
		"server": map[string]any{"url": "https://h.example"}})
	id := strField(t, created, "id")
	for _, obj := range []map[string]any{
		created,
		a.call(http.MethodGet, "/assistant/"+id, nil).object(),
		a.call(http.MethodGet, "/assistant", nil).array()[0],
	} {
		for path, want := range map[string]any{extraTopField: 1.0, "server." + extraServerField: 5.0, "model." + extraModelField: 128000.0} {
			if got, _ := field(t, obj, path); got != want {
				t.Errorf("%s = %v in %v", path, got, obj)
			}
		}
	}
	stored, _ := e.Object(KindAssistant, id)
	for _, name := range []string{extraTopField, extraServerField, extraModelField} {
		if hasKey(stored, name) {
			t.Fatalf("%s stored: %v", name, stored)
		}
	}
	// A client that sends back what it read gets the whitelist's answer.
	r := a.call(http.MethodPatch, "/assistant/"+id, map[string]any{"server": created["server"], extraTopField: 1})
	r.wantMessage("server.property " + extraServerField + " should not exist")
	r.wantMessage("property " + extraTopField + " should not exist")
	r = a.call(http.MethodPatch, "/assistant/"+id, map[string]any{"model": created["model"]})
	r.wantMessage("model.property " + extraModelField + " should not exist")

	tool := a.create("/tool", map[string]any{"type": "function", "server": map[string]any{"url": "u"}})
	if got, _ := field(t, tool, "server."+extraServerField); tool[extraTopField] != 1.0 || got != 5.0 || hasKey(tool, extraModelField) {
		t.Errorf("tool %v", tool)
	}
	if org := a.call(http.MethodGet, "/org/"+e.OrgID(), nil).object(); org[extraTopField] != 1.0 {
		t.Errorf("org %v", org)
	}
	if deleted := a.call(http.MethodDelete, "/assistant/"+id, nil).object(); deleted[extraTopField] != 1.0 {
		t.Errorf("DELETE answer %v", deleted)
	}
	if r := a.call(http.MethodGet, "/assistant/"+id, nil).want(http.StatusNotFound); strings.Contains(r.raw, extraTopField) {
		t.Errorf("an error body has the extra field: %s", r.raw)
	}
}

// hasKey reports whether key is a key anywhere in v.
func hasKey(v any, key string) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if k == key || hasKey(x, key) {
				return true
			}
		}
	case []any:
		for _, x := range t {
			if hasKey(x, key) {
				return true
			}
		}
	}
	return false
}

func TestResponseOnly(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	e, a := newAPI(t, Options{ResponseOnly: true, Now: clk.now})
	other := e.AddOrg("Other")
	secret := func(id string) string {
		t.Helper()
		org := a.call(http.MethodGet, "/org/"+id, nil).want(http.StatusOK).object()
		s := strField(t, org, "jwtSecret")
		if len(s) != 32 {
			t.Fatalf("jwtSecret %q", s)
		}
		return s
	}
	mine := secret(e.OrgID())
	if secret(e.OrgID()) != mine || secret(other) == mine {
		t.Fatal("jwtSecret is not stable per org, or is shared")
	}
	a.call(http.MethodPatch, "/org/"+e.OrgID(), map[string]any{"jwtSecret": "x"}).wantMessage("property jwtSecret should not exist")

	oauth := map[string]any{"type": "oauth2", "url": "https://auth.example/token", "clientId": "c", "clientSecret": "s"}
	cred := a.create("/credential", map[string]any{"provider": "custom-credential", "authenticationPlan": oauth})
	session, _ := cred["authenticationSession"].(map[string]any)
	if len(session) != 3 || len(strField(t, session, "accessToken")) != 32 || strField(t, session, "refreshToken") == session["accessToken"] ||
		session["expiresAt"] != "2026-03-01T13:00:00.000Z" {
		t.Fatalf("session %v", session)
	}
	id := strField(t, cred, "id")
	again := a.call(http.MethodPatch, "/credential/"+id, map[string]any{"name": "renamed"}).want(http.StatusOK).object()
	if !reflect.DeepEqual(again["authenticationSession"], cred["authenticationSession"]) {
		t.Error("a PATCH without a plan changed the session")
	}
	bearer := a.call(http.MethodPatch, "/credential/"+id, map[string]any{
		"authenticationPlan": map[string]any{"type": "bearer", "token": "t"}}).want(http.StatusOK).object()
	if !reflect.DeepEqual(bearer["authenticationSession"], map[string]any{}) {
		t.Errorf("bearer plan kept a session: %v", bearer["authenticationSession"])
	}
	renewed := a.call(http.MethodPatch, "/credential/"+id, map[string]any{"authenticationPlan": oauth}).want(http.StatusOK).object()
	if s, _ := renewed["authenticationSession"].(map[string]any); s["accessToken"] == nil || s["accessToken"] == session["accessToken"] {
		t.Errorf("a new oauth2 plan did not start a new session: %v", renewed["authenticationSession"])
	}

	_, plain := newAPI(t, Options{})
	got := plain.create("/credential", map[string]any{"provider": "custom-credential", "authenticationPlan": oauth})
	if !reflect.DeepEqual(got["authenticationSession"], map[string]any{}) {
		t.Errorf("session without the option: %v", got)
	}
	if org := plain.call(http.MethodGet, "/org", nil).array()[0]; org["jwtSecret"] != nil {
		t.Errorf("jwtSecret without the option: %v", org)
	}
}

// TestExplicitNulls: every property of the variant's response schema is in
// the answer, null when unset, and so is every property of its server; the
// secrets stay out even as null.
func TestExplicitNulls(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{ExplicitNulls: true})
	for _, v := range variantBodies() {
		body := withServer(v.body)
		created := a.create(v.path, body)
		got := a.call(http.MethodGet, v.path+"/"+strField(t, created, "id"), nil).want(http.StatusOK).object()
		resp := schemaOf(t, v.kind, body, responseDTOs)
		for name := range resp.Properties {
			val, present := got[name]
			if isSecretOf(v.kind, body, name) {
				if present {
					t.Errorf("%v: secret %s answered as %v", body, name, val)
				}
				continue
			}
			if !present {
				t.Errorf("%v: %s missing", body, name)
				continue
			}
			if _, set := body[name]; !set && val != nil && !slices.Contains([]string{"id", "orgId", "createdAt", "updatedAt",
				"status", "number", "authenticationSession", "provider", "type"}, name) {
				t.Errorf("%v: unset %s answered as %v", body, name, val)
			}
		}
		if srv, ok := got["server"].(map[string]any); ok {
			if len(srv) < 5 || srv["url"] != "https://h.example" || srv["credentialId"] != nil {
				t.Errorf("%v: server %v", body, srv)
			}
			for k, val := range srv {
				if k != "url" && val != nil {
					t.Errorf("%v: server.%s = %v", body, k, val)
				}
			}
		}
	}
	twilio := a.call(http.MethodGet, "/phone-number", nil).array()
	for _, pn := range twilio {
		if _, ok := pn["twilioAuthToken"]; ok {
			t.Errorf("a secret answered as null: %v", pn)
		}
	}
	org := a.call(http.MethodGet, "/org/"+e.OrgID(), nil).object()
	if v, ok := org["jwtSecret"]; !ok || v != nil {
		t.Errorf("org %v", org)
	}
}

// isSecretOf reports whether the emulator redacts a top-level property of a
// variant.
func isSecretOf(kind Kind, body map[string]any, name string) bool {
	for _, c := range collections {
		if c.kind != kind {
			continue
		}
		r := c.create
		if r.union != nil {
			d, _ := body[r.union.key].(string)
			r, _ = r.union.find(d)
		}
		return r != nil && r.props[name] != nil && r.props[name].secret
	}
	return false
}

func TestListOrder(t *testing.T) {
	t.Parallel()
	setup := func(o Options) (*api, []string) {
		clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		o.Now = clk.now
		_, a := newAPI(t, o)
		var ids []string
		for range 6 {
			clk.advance(time.Minute)
			ids = append(ids, strField(t, a.create("/tool", map[string]any{"type": "dtmf"}), "id"))
		}
		return a, ids
	}
	listIDs := func(a *api, query string) []string {
		var out []string
		for _, o := range a.call(http.MethodGet, "/tool"+query, nil).want(http.StatusOK).array() {
			out = append(out, strField(t, o, "id"))
		}
		return out
	}
	rev := func(s []string) []string { s = slices.Clone(s); slices.Reverse(s); return s }

	a, ids := setup(Options{})
	if got := listIDs(a, "?limit=3"); !reflect.DeepEqual(got, rev(ids)[:3]) {
		t.Errorf("default: %v", got)
	}
	a, ids = setup(Options{ListOrder: ListNewestFirst, Realistic: true})
	if got := listIDs(a, ""); !reflect.DeepEqual(got, rev(ids)) {
		t.Errorf("newest first: %v", got)
	}
	a, ids = setup(Options{ListOrder: ListOldestFirst})
	if got := listIDs(a, "?limit=3"); !reflect.DeepEqual(got, ids[:3]) {
		t.Errorf("oldest first: %v", got)
	}

	shuffled := func(o Options) []int {
		a, ids := setup(o)
		got := listIDs(a, "?limit=4")
		if !reflect.DeepEqual(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(rev(ids)[:4]))) {
			t.Errorf("a shuffled page holds other objects than the newest: %v", got)
		}
		// Positions in creation order, so that runs with different ids compare.
		var pos []int
		for _, id := range got {
			pos = append(pos, slices.Index(ids, id))
		}
		return pos
	}
	first := shuffled(Options{ListOrder: ListShuffled, Seed: 3})
	if again := shuffled(Options{ListOrder: ListShuffled, Seed: 3}); !reflect.DeepEqual(first, again) {
		t.Errorf("same seed, different orders: %v %v", first, again)
	}
	differs := false
	for seed := range int64(6) {
		if got := shuffled(Options{Realistic: true, Seed: seed}); !reflect.DeepEqual(got, []int{5, 4, 3, 2}) {
			differs = true
		}
	}
	if !differs {
		t.Error("realistic lists are never shuffled")
	}

	// The paginated list keeps its documented order.
	_, v2 := newAPI(t, Options{ListOrder: ListShuffled})
	var pns []string
	for _, area := range []string{"212", "213", "214", "215"} {
		pns = append(pns, strField(t, v2.create("/phone-number", map[string]any{"provider": "vapi", "numberDesiredAreaCode": area}), "id"))
	}
	results, _ := v2.call(http.MethodGet, "/v2/phone-number", nil).object()["results"].([]any)
	for i, r := range results {
		if m, _ := r.(map[string]any); m["id"] != pns[len(pns)-1-i] {
			t.Fatalf("/v2 order changed: %v", results)
		}
	}
}

func TestShuffleLeavesFaultsAlone(t *testing.T) {
	t.Parallel()
	run := func(order ListOrder) []int {
		e, a := newAPI(t, Options{Seed: 9, ListOrder: order})
		for range 3 {
			a.create("/tool", map[string]any{"type": "dtmf"})
		}
		e.AddFault(Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable, Rate: 0.5})
		return statuses(a, 30)
	}
	if shuffled, plain := run(ListShuffled), run(ListNewestFirst); !reflect.DeepEqual(shuffled, plain) {
		t.Fatalf("shuffling moved the faults:\n%v\n%v", shuffled, plain)
	}
}

func TestTrimCredentialList(t *testing.T) {
	t.Parallel()
	_, a := newAPI(t, Options{TrimCredentialList: true})
	named := a.create("/credential", map[string]any{"provider": "custom-credential", "name": "hooks",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "t", "headerName": "X-A"}})
	unnamed := a.create("/credential", map[string]any{"provider": "openai", "apiKey": "k"})
	list := a.call(http.MethodGet, "/credential", nil).want(http.StatusOK).array()
	want := []map[string]any{
		{"id": unnamed["id"], "provider": "openai"},
		{"id": named["id"], "name": "hooks", "provider": "custom-credential"},
	}
	if !reflect.DeepEqual(list, want) {
		t.Fatalf("list %v", list)
	}
	if got := a.call(http.MethodGet, "/credential/"+strField(t, named, "id"), nil).object(); !reflect.DeepEqual(got, named) {
		t.Fatalf("GET by id %v", got)
	}
	if tools := a.create("/tool", map[string]any{"type": "dtmf", "x": 1}); len(a.call(http.MethodGet, "/tool", nil).array()[0]) != len(tools) {
		t.Fatal("other lists are trimmed")
	}

	_, both := newAPI(t, Options{TrimCredentialList: true, ExplicitNulls: true})
	both.create("/credential", map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{"type": "bearer", "token": "t"}})
	if got := both.call(http.MethodGet, "/credential", nil).array()[0]; len(got) != 3 || got["name"] != nil {
		t.Fatalf("trimmed with nulls %v", got)
	}
}

func TestAddOrg(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{OrgName: "Mine", ListOrder: ListOldestFirst})
	second := e.AddOrg("Second")
	third := e.AddOrg("")
	if !uuidV4Re.MatchString(second) || second == third {
		t.Fatalf("ids %q %q", second, third)
	}
	list := a.call(http.MethodGet, "/org", nil).want(http.StatusOK).array()
	var ids []any
	for _, o := range list {
		ids = append(ids, o["id"])
	}
	if !reflect.DeepEqual(ids, []any{e.OrgID(), second, third}) || list[1]["name"] != "Second" {
		t.Fatalf("GET /org %v", list)
	}
	if _, named := list[2]["name"]; named {
		t.Errorf("an unnamed org has a name: %v", list[2])
	}
	a.call(http.MethodPatch, "/org/"+second, map[string]any{"name": "Renamed"}).want(http.StatusOK)
	if got := a.call(http.MethodGet, "/org/"+second, nil).want(http.StatusOK).object(); got["name"] != "Renamed" {
		t.Fatalf("GET /org/{id} %v", got)
	}
	if mine := a.call(http.MethodGet, "/org/"+e.OrgID(), nil).object(); mine["name"] != "Mine" {
		t.Fatalf("own org %v", mine)
	}
	if tool := a.create("/tool", map[string]any{"type": "dtmf"}); tool["orgId"] != e.OrgID() {
		t.Fatalf("created in %v", tool["orgId"])
	}
	hidden := e.Put(KindOrg, map[string]any{"name": "Hidden"})
	a.call(http.MethodGet, "/org/"+hidden, nil).want(http.StatusNotFound)
	if got := len(a.call(http.MethodGet, "/org", nil).array()); got != 3 {
		t.Fatalf("%d orgs listed", got)
	}
}

func TestOrgListAsObject(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{OrgListAsObject: true, OrgName: "Mine"})
	e.AddOrg("Other")
	got := a.call(http.MethodGet, "/org", nil).want(http.StatusOK).object()
	if got["id"] != e.OrgID() || got["name"] != "Mine" {
		t.Fatalf("GET /org %v", got)
	}
	if !e.Remove(KindOrg, e.OrgID()) {
		t.Fatal("Remove")
	}
	a.call(http.MethodGet, "/org", nil).want(http.StatusNotFound)
}

func TestFaultDropAfterHandling(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{})
	e.AddFault(Fault{Method: http.MethodPost, PathPrefix: "/tool", DropAfterHandling: true, Times: 1})
	if _, err := a.try(http.MethodPost, "/tool", map[string]any{"type": "function"}, "Bearer "+a.key); err == nil {
		t.Fatal("the lost answer arrived")
	}
	if got := len(e.Objects(KindTool)); got != 1 {
		t.Fatalf("%d tools stored; the API handled the create", got)
	}
	reqs := e.Requests()
	if len(reqs) != 1 || !reqs[0].Faulted || reqs[0].Status != http.StatusCreated {
		t.Fatalf("log %+v", reqs)
	}
	a.create("/tool", map[string]any{"type": "function"})

	// A failing request is handled (and fails) all the same.
	e.AddFault(Fault{Method: http.MethodPost, DropAfterHandling: true, Times: 1})
	if _, err := a.try(http.MethodPost, "/tool", map[string]any{"type": "nope"}, "Bearer "+a.key); err == nil {
		t.Fatal("the lost answer arrived")
	}
	if r := e.Requests()[2]; !r.Faulted || r.Status != http.StatusBadRequest {
		t.Fatalf("log %+v", r)
	}

	// Drop wins: nothing is handled.
	e.AddFault(Fault{Method: http.MethodPost, Drop: true, DropAfterHandling: true, Times: 1})
	if _, err := a.try(http.MethodPost, "/tool", map[string]any{"type": "function"}, "Bearer "+a.key); err == nil {
		t.Fatal("the dropped request was answered")
	}
	if got := len(e.Objects(KindTool)); got != 2 {
		t.Fatalf("%d tools stored", got)
	}
	if r := e.Requests()[3]; !r.Faulted || r.Status != 0 {
		t.Fatalf("log %+v", r)
	}
}

func TestDateHeader(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2031, 7, 4, 9, 30, 15, 0, time.UTC)}
	e, a := newAPI(t, Options{Now: clk.now, APIKey: "k"})
	e.AddFault(Fault{PathPrefix: "/assistant", Status: http.StatusBadGateway})
	for _, r := range []result{
		a.call(http.MethodGet, "/tool", nil),
		a.callWith(http.MethodGet, "/tool", nil, ""),
		a.call(http.MethodGet, "/nope", nil),
		a.call(http.MethodGet, "/assistant", nil),
	} {
		if got := r.header.Get("Date"); got != "Fri, 04 Jul 2031 09:30:15 GMT" {
			t.Errorf("status %d: Date %q", r.status, got)
		}
	}
	clk.advance(90 * time.Second)
	if got := a.call(http.MethodGet, "/tool", nil).header.Get("Date"); got != "Fri, 04 Jul 2031 09:31:45 GMT" {
		t.Errorf("Date after the clock moved: %q", got)
	}
}

// TestRealistic: one option turns on every reading, and each shows.
func TestRealistic(t *testing.T) {
	t.Parallel()
	e, a := newAPI(t, Options{Realistic: true})
	for range 8 {
		a.create("/credential", map[string]any{"provider": "custom-credential",
			"authenticationPlan": map[string]any{"type": "oauth2", "url": "u", "clientId": "c", "clientSecret": "s"}})
	}
	created := a.create("/credential", map[string]any{"provider": "custom-credential",
		"authenticationPlan": map[string]any{"type": "oauth2", "url": "u", "clientId": "c", "clientSecret": "s"}})
	if session, _ := created["authenticationSession"].(map[string]any); session["accessToken"] == nil {
		t.Error("ResponseOnly is off")
	}
	if created[extraTopField] == nil {
		t.Error("ExtraFields is off")
	}
	if v, ok := created["encryptionPlan"]; !ok || v != nil {
		t.Error("ExplicitNulls is off")
	}
	list := a.call(http.MethodGet, "/credential", nil).array()
	if len(list[0]) != 3 {
		t.Error("TrimCredentialList is off")
	}
	if e.listOrder != ListShuffled {
		t.Error("lists are not shuffled")
	}
	asst := a.create("/assistant", map[string]any{"server": map[string]any{"url": "u"}})
	if got, _ := field(t, asst, "server.timeoutSeconds"); got != 20.0 {
		t.Error("FillDefaults is off")
	}
	if e.orgListAsObject {
		t.Error("Realistic answers GET /org as an object")
	}
}
