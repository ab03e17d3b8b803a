package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vapi-community/terraform-provider-vapi/internal/vapi"
)

// orgFinder finds the organization the API key belongs to, once per provider
// process (one terraform command), for vapi_org and vapi_effective_server_url
// when they are given no org_id.
//
// GET /org is hidden from the public spec and may be refused to API keys, so
// when it is refused or ambiguous the finder takes the orgId of any object the
// key can list: every Vapi object carries the id of the org that owns it.
type orgFinder struct {
	client *vapi.Client

	mu    sync.Mutex
	found string
}

func newOrgFinder(client *vapi.Client) *orgFinder {
	return &orgFinder{client: client}
}

// errOrgNotFound says that no request could tell the key's org.
var errOrgNotFound = errors.New("could not tell which organization the API key belongs to: " +
	"GET /org was refused or ambiguous and the key can list no assistant, tool, phone number or credential. " +
	"Set org_id (Vapi dashboard: Organization Settings, \"Organization ID\")")

// orgID returns the key's org id. Only a success is cached, so a transient
// failure does not stick for the rest of the run.
func (f *orgFinder) orgID(ctx context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.found != "" {
		return f.found, nil
	}
	id, err := f.discover(ctx)
	if err != nil {
		return "", err
	}
	f.found = id
	return id, nil
}

// resolve returns configured when the configuration sets it, else the key's
// org. A failed discovery is blamed on attr, the org_id the user can set to
// avoid it.
func (f *orgFinder) resolve(ctx context.Context, configured types.String, attr path.Path) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !configured.IsNull() && !configured.IsUnknown() {
		return configured.ValueString(), diags
	}
	id, err := f.orgID(ctx)
	switch {
	case errors.Is(err, errOrgNotFound):
		diags.AddAttributeError(attr, "Unable to Find the API Key's Org", err.Error())
	case err != nil:
		diags.Append(apiErrorDiag("Find", "the API Key's Org", err))
	}
	return id, diags
}

func (f *orgFinder) discover(ctx context.Context) (string, error) {
	orgs, err := listOrgs[vapi.Object](ctx, f.client)
	switch {
	case err == nil && len(orgs) == 1 && orgs[0].ID != "":
		return orgs[0].ID, nil
	case err != nil && !refused(err):
		return "", fmt.Errorf("finding the API key's organization: %w", err)
	}
	for _, list := range []string{vapi.PathAssistants, vapi.PathTools, vapi.PathPhoneNumbers, vapi.PathCredentials} {
		var objects []vapi.Object
		if err := f.client.Do(ctx, http.MethodGet, list+"?limit=1", nil, &objects); err != nil {
			if refused(err) {
				continue
			}
			return "", fmt.Errorf("finding the API key's organization: %w", err)
		}
		if len(objects) > 0 && objects[0].OrgID != "" {
			return objects[0].OrgID, nil
		}
	}
	return "", errOrgNotFound
}

// listOrgs reads GET /org. The public spec does not describe it any more: the
// 2024 spec answers an array of orgs, and third-party code also handles a
// single org object, so both are read.
func listOrgs[T any](ctx context.Context, client *vapi.Client) ([]T, error) {
	var raw json.RawMessage
	if err := client.Do(ctx, http.MethodGet, vapi.PathOrgs, nil, &raw); err != nil {
		return nil, err
	}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		var one T
		if err := json.Unmarshal(trimmed, &one); err != nil {
			return nil, fmt.Errorf("GET /org: decoding the org: %w", err)
		}
		return []T{one}, nil
	}
	var many []T
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("GET /org: decoding the orgs: %w", err)
	}
	return many, nil
}

// refused reports an answer that says "not for this key" rather than "failed":
// the discovery then tries the next way.
func refused(err error) bool {
	var apiErr *vapi.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.StatusCode {
	case http.StatusForbidden, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusBadRequest:
		return true
	}
	return false
}
