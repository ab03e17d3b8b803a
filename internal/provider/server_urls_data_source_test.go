package provider

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
	"github.com/vapi-community/terraform-provider-vapi/internal/routing"
)

// serverURLsConfig reads the inventory into the output objects.
const serverURLsConfig = `
data "vapi_server_urls" "all" {}

output "objects" {
  value = data.vapi_server_urls.all.objects
}
`

// inventoryRow is an expected entry of objects, as `terraform output -json`
// shows it: nil for null.
func inventoryRow(level routing.Level, id string, name, functionName any, inline bool, server map[string]any) map[string]any {
	row := map[string]any{"level": string(level), "id": id, "name": name, "function_name": functionName,
		"inline": inline, "url": nil, "credential_id": nil}
	if server != nil {
		row["url"] = server["url"]
		if c, ok := server["credentialId"]; ok {
			row["credential_id"] = c
		}
	}
	return row
}

// seedServerURLs stores objects of every level, each with no server, a
// server URL alone and a server URL with a credential, named and unnamed,
// with inline tools of every kind, and objects that must not be listed (tools
// of other types, another org's objects). It returns the rows objects must
// hold, in the documented order.
func seedServerURLs(t *testing.T, emu *emulator.Emulator) []map[string]any {
	t.Helper()
	cred := emu.Put(emulator.KindCredential, map[string]any{"provider": "custom-credential", "name": "hooks",
		"authenticationPlan": map[string]any{"type": "bearer", "token": "t"}})
	// serverFor returns server kind i of serverKinds: none, a URL alone, a
	// URL with a credential.
	const serverKinds = 3
	serverFor := func(i int, what string) map[string]any {
		switch i {
		case 0:
			return nil
		case 1:
			return map[string]any{"url": "https://hooks.example.com/" + what}
		default:
			return map[string]any{"url": "https://hooks.example.com/" + what + "/auth", "credentialId": cred, "timeoutSeconds": 30}
		}
	}
	with := func(obj map[string]any, server map[string]any) map[string]any {
		if server != nil {
			obj["server"] = server
		}
		return obj
	}

	var want []map[string]any
	for i := range serverKinds {
		var name any
		if i != 1 {
			name = fmt.Sprintf("Support %d", i)
		}
		phone := map[string]any{"provider": "vapi", "number": fmt.Sprintf("+1415555010%d", i), "status": "active"}
		if name != nil {
			phone["name"] = name
		}
		server := serverFor(i, fmt.Sprintf("phone-%d", i))
		want = append(want, inventoryRow(routing.LevelPhoneNumber, emu.Put(emulator.KindPhoneNumber, with(phone, server)), name, nil, false, server))

		fn := fmt.Sprintf("tool_%d", i)
		server = serverFor(i, "tool-"+fn)
		tool := map[string]any{"type": "function", "function": map[string]any{"name": fn}}
		want = append(want, inventoryRow(routing.LevelFunctionTool, emu.Put(emulator.KindTool, with(tool, server)), fn, fn, false, server))

		assistant := map[string]any{}
		if name != nil {
			assistant["name"] = name
		}
		server = serverFor(i, fmt.Sprintf("assistant-%d", i))
		// The first assistant has no model; the others hold an inline
		// function tool of each server kind, listed against the order of
		// their names, and inline tools of other types.
		var inline []map[string]any
		if i > 0 {
			var tools []any
			for j := serverKinds - 1; j >= 0; j-- {
				fn := fmt.Sprintf("inline_%d_%d", i, j)
				s := serverFor(j, fn)
				tools = append(tools, with(map[string]any{"type": "function", "function": map[string]any{"name": fn}}, s))
				inline = append(inline, map[string]any{"function_name": fn, "server": s})
			}
			tools = append(tools, map[string]any{"type": "endCall"}, map[string]any{"type": "code",
				"function": map[string]any{"name": "inline_code"}, "server": map[string]any{"url": "https://hooks.example.com/code"}})
			assistant["model"] = map[string]any{"provider": "openai", "model": "gpt-4o", "tools": tools}
		}
		id := emu.Put(emulator.KindAssistant, with(assistant, server))
		want = append(want, inventoryRow(routing.LevelAssistant, id, name, nil, false, server))
		for _, tool := range inline {
			s, _ := tool["server"].(map[string]any)
			want = append(want, inventoryRow(routing.LevelFunctionTool, id, name, tool["function_name"], true, s))
		}
	}

	// Not listed: tools that are not function tools, even with a function
	// and a server of their own, and another org's objects.
	emu.Put(emulator.KindTool, map[string]any{"type": "endCall"})
	emu.Put(emulator.KindTool, map[string]any{"type": "code", "function": map[string]any{"name": "code"},
		"server": map[string]any{"url": "https://hooks.example.com/code"}})
	emu.Put(emulator.KindTool, map[string]any{"type": "mcp", "server": map[string]any{"url": "https://mcp.example.com"}})
	const other = "3f0c2a9e-5b8d-4e1a-9c7f-2d6b8a4e1f00"
	emu.Put(emulator.KindTool, map[string]any{"orgId": other, "type": "function", "function": map[string]any{"name": "theirs"},
		"server": map[string]any{"url": "https://other.example.com"}})
	emu.Put(emulator.KindAssistant, map[string]any{"orgId": other, "name": "Theirs"})
	emu.Put(emulator.KindPhoneNumber, map[string]any{"orgId": other, "provider": "vapi", "number": "+14155550999"})

	orgServer := serverFor(2, "org")
	if err := emu.Mutate(emulator.KindOrg, emu.OrgID(), func(o map[string]any) { o["server"] = orgServer }); err != nil {
		t.Fatal(err)
	}
	want = append(want, inventoryRow(routing.LevelOrg, emu.OrgID(), "Test Org", nil, false, orgServer))
	sortInventoryRows(want)
	return want
}

// sortInventoryRows puts rows in the documented order: level by priority,
// id, standalone before inline, function name.
func sortInventoryRows(rows []map[string]any) {
	key := func(r map[string]any) string {
		level, _ := r["level"].(string)
		rank := slices.Index([]string{"function_tool", "assistant", "phone_number", "org"}, level)
		fn, _ := r["function_name"].(string)
		return fmt.Sprintf("%d %s %t %s", rank, r["id"], r["inline"], fn)
	}
	slices.SortFunc(rows, func(a, b map[string]any) int { return cmp.Compare(key(a), key(b)) })
}

// outputObjects returns the output objects of the last apply.
func outputObjects(t *testing.T, cli *cliRun) []map[string]any {
	t.Helper()
	var got []map[string]any
	if err := json.Unmarshal([]byte(cli.mustRun(t, "output", "-json", "objects")), &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// listPagesByPath counts the requests the emulator saw by path; any request
// other than a GET of a collection or of /org fails the test.
func listPagesByPath(t *testing.T, emu *emulator.Emulator) map[string]int {
	t.Helper()
	pages := map[string]int{}
	for _, r := range emu.Requests() {
		if r.Method != http.MethodGet || !slices.Contains([]string{"/org", "/phone-number", "/assistant", "/tool"}, r.Path) {
			t.Fatalf("unexpected request %s %s?%s: the inventory reads only lists", r.Method, r.Path, r.Query)
		}
		pages[r.Path]++
	}
	return pages
}

// Every object of every level, inline tools and objects without a server
// included, other tool types and other orgs' objects left out, in one order
// whatever order the API lists in, for one list request per kind.
func TestServerURLs_everyLevel(t *testing.T) {
	t.Parallel()
	for _, mode := range emulatorModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mode.opts)
			want := seedServerURLs(t, env.emu)
			cli := newCLIRun(t, env, serverURLsConfig)
			for read := range 2 {
				env.emu.ResetRequests()
				cli.mustRun(t, "apply", "-auto-approve")
				pages := listPagesByPath(t, env.emu)
				if want := map[string]int{"/org": 1, "/phone-number": 1, "/assistant": 1, "/tool": 1}; !reflect.DeepEqual(pages, want) {
					t.Fatalf("read %d made %v, want %v", read, pages, want)
				}
				if got := outputObjects(t, cli); !reflect.DeepEqual(got, want) {
					gotJSON, _ := json.MarshalIndent(got, "", "  ")
					wantJSON, _ := json.MarshalIndent(want, "", "  ")
					t.Fatalf("read %d: objects\n%s\nwant\n%s", read, gotJSON, wantJSON)
				}
			}
		})
	}
}

// Past 1000 objects of a kind, each kind costs ⌈N/1000⌉ list pages and
// nothing per object.
func TestServerURLs_pagesEachKind(t *testing.T) {
	t.Parallel()
	counts := map[string]int{"/tool": 2500, "/assistant": 1500, "/phone-number": 1001}
	for _, mode := range emulatorModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mode.opts)
			var want []string
			for range counts["/tool"] {
				want = append(want, env.emu.Put(emulator.KindTool, map[string]any{"type": "function",
					"function": map[string]any{"name": "t"}, "server": map[string]any{"url": "https://hooks.example.com/t"}}))
			}
			for range counts["/assistant"] {
				want = append(want, env.emu.Put(emulator.KindAssistant, map[string]any{"name": "a"}))
			}
			for i := range counts["/phone-number"] {
				want = append(want, env.emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi",
					"number": fmt.Sprintf("+1415%07d", i)}))
			}
			want = append(want, env.emu.OrgID())
			slices.Sort(want)

			cli := newCLIRun(t, env, `
data "vapi_server_urls" "all" {}

output "ids" {
  value = sort(data.vapi_server_urls.all.objects[*].id)
}
`)
			env.emu.ResetRequests()
			cli.mustRun(t, "apply", "-auto-approve")
			pages := listPagesByPath(t, env.emu)
			for path, n := range counts {
				if want := (n + listPageSize - 1) / listPageSize; pages[path] != want {
					t.Errorf("%d objects of %s took %d list pages, want %d", n, path, pages[path], want)
				}
			}
			if pages["/org"] != 1 {
				t.Errorf("the org took %d requests, want 1", pages["/org"])
			}
			var got []string
			if err := json.Unmarshal([]byte(cli.mustRun(t, "output", "-json", "ids")), &got); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("listed %d objects, want the %d stored", len(got), len(want))
			}
		})
	}
}

// However GET /org answers, the org listed is the API key's; when Vapi
// refuses the org to the key, or nothing tells which org is the key's, the
// org is left out with a warning and the other objects are still listed.
func TestServerURLs_org(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		opt     func(*emulator.Options)
		several bool // GET /org lists another org too
		empty   bool // the org holds no object
		warning string
	}{
		{name: "list"},
		{name: "object", opt: func(o *emulator.Options) { o.OrgListAsObject = true }},
		{name: "several orgs", several: true},
		{name: "forbidden", opt: forbidOrgEndpoints, warning: "Org Not Readable"},
		{name: "forbidden, empty org", opt: forbidOrgEndpoints, empty: true, warning: "Org Not Found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			opts := []func(*emulator.Options){}
			if c.opt != nil {
				opts = append(opts, c.opt)
			}
			env := newTestEnv(t, opts...)
			if c.several {
				env.emu.AddOrg("Another Org")
			}
			var want []string
			if !c.empty {
				want = append(want, "assistant "+env.emu.Put(emulator.KindAssistant, map[string]any{"name": "a"}))
			}
			if c.warning == "" {
				want = append(want, "org "+env.emu.OrgID())
			}
			cli := newCLIRun(t, env, serverURLsConfig)
			out := cli.mustRun(t, "apply", "-auto-approve")
			if c.warning != "" && !strings.Contains(out, "Warning: "+c.warning) {
				t.Errorf("the apply does not warn %q:\n%s", c.warning, out)
			}
			if c.warning == "" && strings.Contains(out, "Warning:") {
				t.Errorf("the apply warns:\n%s", out)
			}
			var got []string
			for _, o := range outputObjects(t, cli) {
				got = append(got, fmt.Sprintf("%s %s", o["level"], o["id"]))
			}
			if !slices.Equal(got, want) {
				t.Fatalf("objects %v, want %v", got, want)
			}
		})
	}
}

// The audit of the data source's example warns, naming the objects, about
// each webhook that points at a staging host or is not https://, inline
// function tools included, and is silent about an org without any.
func TestServerURLs_exampleAudit(t *testing.T) {
	t.Parallel()
	example := readFile(t, filepath.Join(examplesDir, "data-sources", "vapi_server_urls"), "data-source.tf")
	env := newTestEnv(t, func(o *emulator.Options) { o.Realistic = true })
	env.emu.Put(emulator.KindPhoneNumber, map[string]any{"provider": "vapi", "number": "+14155550100", "name": "Support line",
		"server": map[string]any{"url": "https://hooks.example.com/phone"}})
	cli := newCLIRun(t, env, example)
	if out := cli.mustRun(t, "plan"); strings.Contains(out, "Warning:") {
		t.Fatalf("the audit warns about an org whose webhooks are fine:\n%s", out)
	}

	env.emu.Put(emulator.KindAssistant, map[string]any{"name": "Sales", "model": map[string]any{"provider": "openai",
		"model": "gpt-4o", "tools": []any{map[string]any{"type": "function", "function": map[string]any{"name": "book_demo"},
			"server": map[string]any{"url": "https://api.staging.example.com/book"}}}}})
	env.emu.Put(emulator.KindTool, map[string]any{"type": "function", "function": map[string]any{"name": "lookup"},
		"server": map[string]any{"url": "http://hooks.example.com/lookup"}})
	out := cli.mustRun(t, "plan")
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		`Check block assertion failed`,
		`Server URLs point at a staging host: the function book_demo of the assistant Sales`,
		`sends to https://api.staging.example.com/book.`,
		`Server URLs without https://: the function tool lookup: http://hooks.example.com/lookup.`,
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the audit does not say %q:\n%s", want, out)
		}
	}
}
