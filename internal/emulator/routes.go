package emulator

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/jsonvalue"
)

// routeMatch is a matched route: run executes it with the lock held.
type routeMatch struct {
	run func(e *Emulator, q url.Values, body map[string]any) response
	id  string
	org bool
}

// collection is one REST resource with the API's CRUD routes.
type collection struct {
	kind    Kind
	segment string
	// noun starts the 404 message: "<noun> not found".
	noun         string
	create       *rule
	update       *rule
	paginatedV2  bool
	pinnedError  string
	pinnedReason string
	// assign sets the fields the server decides on create.
	assign func(e *Emulator, obj map[string]any)
	// reassign updates them after a PATCH that sent body.
	reassign func(e *Emulator, obj, body map[string]any)
}

var collections = []*collection{
	{
		kind: KindTool, segment: "tool", noun: "Tool",
		create: createToolRule, update: updateToolRule,
		pinnedError:  "tool_pinned",
		pinnedReason: "Tool cannot be deleted while an assistant version pins it.",
	},
	{
		kind: KindCredential, segment: "credential", noun: "Credential",
		create: createCredentialRule, update: updateCredentialRule,
		assign: assignSession,
		reassign: func(e *Emulator, obj, body map[string]any) {
			if _, ok := body["authenticationPlan"]; ok {
				assignSession(e, obj)
			}
		},
	},
	{
		kind: KindAssistant, segment: "assistant", noun: "Assistant",
		create: createAssistantRule, update: updateAssistantRule,
		pinnedError:  "assistant_pinned",
		pinnedReason: "Assistant cannot be deleted while one of its versions is pinned.",
	},
	{
		kind: KindPhoneNumber, segment: "phone-number", noun: "Phone number",
		create: createPhoneNumberRule, update: updatePhoneNumberRule,
		paginatedV2: true,
		assign:      assignPhoneNumber,
	},
}

// collectionOf returns the collection of a kind other than org.
func collectionOf(kind Kind) *collection {
	for _, c := range collections {
		if c.kind == kind {
			return c
		}
	}
	panic("emulator: no collection of kind " + string(kind))
}

// assignSession sets a custom credential's authenticationSession, which
// CustomCredential lists as always present: the OAuth2 session the API starts
// for an oauth2 plan. Only with ResponseOnly does the emulator make one up
// (random tokens, an hour to live); otherwise it stays empty.
func assignSession(e *Emulator, obj map[string]any) {
	if obj["provider"] != "custom-credential" {
		return
	}
	session := map[string]any{}
	if plan, _ := obj["authenticationPlan"].(map[string]any); e.responseOnly && plan["type"] == "oauth2" {
		session = map[string]any{
			"accessToken":  randomToken(),
			"refreshToken": randomToken(),
			"expiresAt":    e.now().UTC().Add(time.Hour).Truncate(time.Millisecond).Format(stampLayout),
		}
	}
	obj["authenticationSession"] = session
}

// assignPhoneNumber activates a number at once and gives a free number bought
// by area code its digits: "+1", the area code, then 555-01xx style digits
// from a counter, so numbers are unique and predictable within a run.
func assignPhoneNumber(e *Emulator, obj map[string]any) {
	obj["status"] = "active"
	if area, ok := obj["numberDesiredAreaCode"].(string); ok && obj["provider"] == "vapi" {
		obj["number"] = fmt.Sprintf("+1%s555%04d", area, 100+e.numbers%9900)
		e.numbers++
	}
}

// route maps a method and a path without trailing slash to its handler.
func route(method, path string) (routeMatch, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(segs) > 2 || slices.Contains(segs, "") {
		return routeMatch{}, false
	}
	if segs[0] == "org" {
		return orgRoute(method, segs)
	}
	if segs[0] == "v2" {
		if len(segs) == 2 && method == http.MethodGet {
			for _, c := range collections {
				if c.paginatedV2 && c.segment == segs[1] {
					return routeMatch{run: c.listPaginated}, true
				}
			}
		}
		return routeMatch{}, false
	}
	for _, c := range collections {
		if c.segment != segs[0] {
			continue
		}
		if len(segs) == 1 {
			switch method {
			case http.MethodPost:
				return routeMatch{run: c.createObject}, true
			case http.MethodGet:
				return routeMatch{run: c.list}, true
			}
			return routeMatch{}, false
		}
		id := segs[1]
		var run func(c *collection, e *Emulator, id string, body map[string]any) response
		switch method {
		case http.MethodGet:
			run = (*collection).get
		case http.MethodPatch:
			run = (*collection).patch
		case http.MethodDelete:
			run = (*collection).remove
		default:
			return routeMatch{}, false
		}
		return routeMatch{id: id, run: func(e *Emulator, _ url.Values, body map[string]any) response {
			return run(c, e, id, body)
		}}, true
	}
	return routeMatch{}, false
}

// orgRoute serves GET /org and GET/PATCH /org/{id}; creating and deleting
// orgs is outside what an API key may do here.
func orgRoute(method string, segs []string) (routeMatch, bool) {
	if len(segs) == 1 && method == http.MethodGet {
		return routeMatch{org: true, run: (*Emulator).listOrgs}, true
	}
	if len(segs) != 2 {
		return routeMatch{}, false
	}
	id := segs[1]
	switch method {
	case http.MethodGet:
		return routeMatch{id: id, org: true, run: func(e *Emulator, _ url.Values, _ map[string]any) response {
			rec := e.findOrg(id)
			if rec == nil {
				return errorResponse(http.StatusNotFound, "Org not found")
			}
			return reply(http.StatusOK, e.orgView(rec.obj))
		}}, true
	case http.MethodPatch:
		return routeMatch{id: id, org: true, run: func(e *Emulator, _ url.Values, body map[string]any) response {
			rec := e.findOrg(id)
			if rec == nil {
				return errorResponse(http.StatusNotFound, "Org not found")
			}
			if msgs := withHiddenKeys(validate(updateOrgRule, body), body); len(msgs) > 0 {
				return errorResponse(http.StatusBadRequest, msgs)
			}
			e.merge(rec, body)
			e.fillReplaced(KindOrg, rec.obj, body)
			return reply(http.StatusOK, e.orgView(rec.obj))
		}}, true
	}
	return routeMatch{}, false
}

// listOrgs is GET /org: every org visible to the key, in the list order; with
// OrgListAsObject, the key's org alone as an object.
func (e *Emulator) listOrgs(_ url.Values, _ map[string]any) response {
	if e.orgListAsObject {
		rec := e.findOrg(e.orgID)
		if rec == nil {
			return errorResponse(http.StatusNotFound, "Org not found")
		}
		return reply(http.StatusOK, e.orgView(rec.obj))
	}
	out := []map[string]any{}
	for _, rec := range e.sorted(KindOrg, e.listOrder == ListOldestFirst) {
		if id, _ := rec.obj["id"].(string); e.findOrg(id) != nil {
			out = append(out, e.orgView(rec.obj))
		}
	}
	if e.listOrder == ListShuffled {
		e.shuffle(out)
	}
	return reply(http.StatusOK, out)
}

// findOrg returns an org visible to the key by id.
func (e *Emulator) findOrg(id string) *record {
	if !slices.Contains(e.orgs, id) {
		return nil
	}
	return e.store[KindOrg][id]
}

func (e *Emulator) orgView(obj map[string]any) map[string]any {
	return e.view(KindOrg, updateOrgRule, obj)
}

// find returns a stored object of the key's org.
func (c *collection) find(e *Emulator, id string) *record {
	rec := e.store[c.kind][id]
	if rec == nil || rec.obj["orgId"] != e.orgID {
		return nil
	}
	return rec
}

// view is what the API answers for a stored object of the collection.
func (c *collection) view(e *Emulator, obj map[string]any) map[string]any {
	return e.view(c.kind, c.create, obj)
}

func (c *collection) notFound() response {
	return errorResponse(http.StatusNotFound, c.noun+" not found")
}

func (c *collection) createObject(e *Emulator, _ url.Values, body map[string]any) response {
	if msgs := withHiddenKeys(validate(c.create, body), body); len(msgs) > 0 {
		return errorResponse(http.StatusBadRequest, msgs)
	}
	obj := jsonvalue.CloneObject(body)
	if e.fillDefaults {
		if schema := e.requestSchema(c.kind, obj); schema != "" {
			e.facts.FillDefaults(schema, obj)
		}
	}
	stamp := e.stamp()
	obj["id"] = newUUID()
	obj["orgId"] = e.orgID
	obj["createdAt"] = stamp
	obj["updatedAt"] = stamp
	if c.assign != nil {
		c.assign(e, obj)
	}
	e.insert(c.kind, obj)
	return reply(http.StatusCreated, c.view(e, obj))
}

func (c *collection) get(e *Emulator, id string, _ map[string]any) response {
	rec := c.find(e, id)
	if rec == nil {
		return c.notFound()
	}
	return reply(http.StatusOK, c.view(e, rec.obj))
}

func (c *collection) patch(e *Emulator, id string, body map[string]any) response {
	rec := c.find(e, id)
	if rec == nil {
		return c.notFound()
	}
	if msgs := withHiddenKeys(validatePatch(c.update, rec.obj, body), body); len(msgs) > 0 {
		return errorResponse(http.StatusBadRequest, msgs)
	}
	e.merge(rec, body)
	e.fillReplaced(c.kind, rec.obj, body)
	if c.reassign != nil {
		c.reassign(e, rec.obj, body)
	}
	return reply(http.StatusOK, c.view(e, rec.obj))
}

// pinnedBody is the API's *PinnedConflictResponseDTO.
type pinnedBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func (c *collection) remove(e *Emulator, id string, _ map[string]any) response {
	rec := c.find(e, id)
	if rec == nil {
		return c.notFound()
	}
	if pinned, _ := rec.obj[pinnedMarker].(bool); pinned && c.pinnedError != "" {
		return response{status: http.StatusConflict, body: pinnedBody{Error: c.pinnedError, Message: c.pinnedReason}}
	}
	delete(e.store[c.kind], id)
	return reply(http.StatusOK, c.view(e, rec.obj))
}

// merge applies a PATCH: top-level keys replace the stored ones wholesale
// (nested objects and arrays included) and null is stored as null.
func (e *Emulator) merge(rec *record, body map[string]any) {
	for k, v := range body {
		rec.obj[k] = jsonvalue.Clone(v)
	}
	rec.obj["updatedAt"] = e.stamp()
}

// withHiddenKeys adds a whitelist message for each hidden-marker key sent
// through the API, which the whitelist of an unchecked variant would let in.
func withHiddenKeys(msgs []string, body map[string]any) []string {
	for _, k := range slices.Sorted(maps.Keys(body)) {
		if !isHidden(k) {
			continue
		}
		if m := "property " + k + " should not exist"; !slices.Contains(msgs, m) {
			msgs = append(msgs, m)
		}
	}
	return msgs
}
