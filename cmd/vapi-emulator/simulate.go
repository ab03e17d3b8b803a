package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// subcommands are the commands besides serving the emulator. Each returns an
// exit code: 0 on success, 1 when the work failed, 2 for bad usage.
var subcommands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"simulate-call":   runSimulateCall,
	"send-test-event": runSendTestEvent,
	"receivers":       runReceivers,
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// newFlags is a flag set that reports to stderr. -h is not an error.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("vapi-emulator "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args; done is true when the command should stop with code.
func parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return 2, true
	}
	if fs.NArg() > 0 {
		_, _ = fmt.Fprintf(fs.Output(), "unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return 2, true
	}
	return 0, false
}

// runSimulateCall asks a running emulator to play a call (POST
// /__emulator/calls) and prints, per event, where it went and how.
func runSimulateCall(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("simulate-call", stderr)
	baseURL := fs.String("base-url", "", "the emulator's base `URL` (default $VAPI_BASE_URL)")
	apiKey := fs.String("api-key", "", "the emulator's API `key` (default $VAPI_API_KEY)")
	phone := fs.String("phone-number", "", "`id` of the phone number an inbound call rings")
	assistant := fs.String("assistant", "", "`id` of the assistant a web call talks to")
	customer := fs.String("customer-number", "", "the caller's `number` (default +14155550100)")
	asJSON := fs.Bool("json", false, "print the emulator's report as JSON")
	var functions stringList
	fs.Var(&functions, "function", "`name` of a function the model calls (repeatable, in order)")
	if code, done := parse(fs, args); done {
		return code
	}
	if *baseURL == "" {
		*baseURL = os.Getenv("VAPI_BASE_URL")
	}
	if *apiKey == "" {
		*apiKey = os.Getenv("VAPI_API_KEY")
	}
	if (*phone == "") == (*assistant == "") || *baseURL == "" || *apiKey == "" {
		_, _ = fmt.Fprintln(stderr, "simulate-call needs -base-url, -api-key and exactly one of -phone-number and -assistant")
		fs.Usage()
		return 2
	}
	spec, err := json.Marshal(emulator.CallSpec{PhoneNumberID: *phone, AssistantID: *assistant, Functions: functions, CustomerNumber: *customer})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "simulate-call: %v\n", err)
		return 1
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(*baseURL, "/")+emulator.CallsPath, bytes.NewReader(spec))
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "simulate-call: invalid -base-url")
		return 2
	}
	req.Header.Set("Authorization", "Bearer "+*apiKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "simulate-call: %v\n", err)
		return 1
	}
	raw, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "simulate-call: reading the answer: %v\n", err)
		return 1
	}
	if resp.StatusCode != http.StatusOK {
		var nest struct {
			Message any `json:"message"`
		}
		_ = json.Unmarshal(raw, &nest)
		_, _ = fmt.Fprintf(stderr, "simulate-call: the emulator answered %d: %v\n", resp.StatusCode, nest.Message)
		return 1
	}
	if *asJSON {
		_, err = fmt.Fprintln(stdout, string(raw))
		return exitOn(err, stderr)
	}
	var rep emulator.CallReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		_, _ = fmt.Fprintf(stderr, "simulate-call: the answer is not a call report: %v\n", err)
		return 1
	}
	return exitOn(printCall(stdout, &rep), stderr)
}

func exitOn(err error, stderr io.Writer) int {
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "vapi-emulator: %v\n", err)
		return 1
	}
	return 0
}

// printCall prints a call report as a table, one event a line.
func printCall(w io.Writer, rep *emulator.CallReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "call %s (%s)", rep.CallID, rep.CallType)
	if rep.PhoneNumberID != "" {
		fmt.Fprintf(&b, ", phone number %s", rep.PhoneNumberID)
	}
	switch {
	case rep.AssistantID != "":
		fmt.Fprintf(&b, ", assistant %s", rep.AssistantID)
	case rep.TransientAssistant:
		b.WriteString(", a transient assistant")
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "EVENT\tLEVEL\tURL\tAUTH\tSTATUS\tLATENCY\tDETAIL")
	for _, ev := range rep.Events {
		writeEvent(tw, ev)
	}
	_ = tw.Flush()
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if rep.NotSimulated != "" {
		fmt.Fprintf(&b, "not simulated: %s\n", rep.NotSimulated)
	}
	if rep.EndedReason != "" {
		fmt.Fprintf(&b, "ended: %s\n", rep.EndedReason)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeEvent writes one event's row, ending with its error or answer.
// Nothing in a report is secret, so it is printed as it is.
func writeEvent(tw io.Writer, ev emulator.EventReport) {
	name := ev.Type
	if ev.Detail != "" {
		name += " " + ev.Detail
	}
	level := string(ev.Level)
	if ev.Inline {
		level += " (inline)"
	}
	if level == "" {
		level = "-"
	}
	url := ev.URL
	if url == "" {
		url = "-"
	}
	var auth []string
	for _, a := range ev.Auth {
		s := a.Kind + "[" + strings.Join(a.Headers, ",") + "]"
		if len(a.Overridden) > 0 {
			s += " overridden by server.headers: " + strings.Join(a.Overridden, ",")
		}
		auth = append(auth, s)
	}
	if len(ev.ServerHeaders) > 0 {
		auth = append(auth, "server.headers["+strings.Join(ev.ServerHeaders, ",")+"]")
	}
	switch {
	case len(auth) > 0:
	case len(ev.Attempts) == 0:
		auth = []string{"-"}
	default:
		auth = []string{"none"}
	}
	status, latency := "not sent", "-"
	if ev.Skipped != "" {
		status = "skipped: " + ev.Skipped
	}
	var statuses []string
	for _, a := range ev.Attempts {
		switch {
		case a.TimedOut:
			statuses = append(statuses, "timeout")
		case a.Status == 0:
			statuses = append(statuses, "error")
		default:
			statuses = append(statuses, fmt.Sprint(a.Status))
		}
		latency = time.Duration(a.LatencyMS * float64(time.Millisecond)).Round(100 * time.Microsecond).String()
	}
	if len(statuses) > 0 {
		status = strings.Join(statuses, ",")
	}
	// The last cell is not tab-terminated, so long text does not widen the
	// aligned columns.
	detail := ""
	switch {
	case ev.Error != "":
		detail = "error: " + ev.Error
	case len(ev.Attempts) > 0 && ev.Attempts[len(ev.Attempts)-1].Error != "":
		detail = "error: " + ev.Attempts[len(ev.Attempts)-1].Error
	case len(ev.Answer) > 0:
		detail = "answer: " + string(ev.Answer)
	}
	_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, level, url, strings.Join(auth, " "), status, latency, detail)
}

// readCredential reads a credential body, as POSTed to /credential, from a
// JSON file.
func readCredential(path string) (map[string]any, error) {
	raw, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return nil, err
	}
	var cred map[string]any
	if err := json.Unmarshal(raw, &cred); err != nil || cred == nil {
		return nil, fmt.Errorf("%s does not hold a JSON object", path)
	}
	return cred, nil
}

// runSendTestEvent sends one sample event, authenticated as Vapi would, to
// any URL, to check that a real server verifies it.
func runSendTestEvent(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("send-test-event", stderr)
	target := fs.String("url", "", "the webhook `URL` to send to")
	credFile := fs.String("credential-file", "", "a JSON `file` holding a credential as POSTed to /credential, to authenticate with")
	event := fs.String("event", "tool-calls", "the `type` of event: "+strings.Join(emulator.SampleEvents(), ", "))
	timeout := fs.Float64("timeout-seconds", 0, "the server's timeoutSeconds (default Vapi's: 20, and 7.5 for assistant-request)")
	allow := fs.Bool("allow-non-loopback", false, "allow a URL whose host is not loopback")
	var headers stringList
	fs.Var(&headers, "header", "a server.headers entry `Name=value`, sent verbatim (repeatable)")
	if code, done := parse(fs, args); done {
		return code
	}
	if *target == "" {
		_, _ = fmt.Fprintln(stderr, "send-test-event needs -url")
		fs.Usage()
		return 2
	}
	server := map[string]any{"url": *target}
	if *timeout != 0 {
		server["timeoutSeconds"] = *timeout
	}
	if len(headers) > 0 {
		h := map[string]any{}
		for _, kv := range headers {
			name, value, ok := strings.Cut(kv, "=")
			if !ok || name == "" {
				// The flag's text is not echoed: its value may be a secret.
				_, _ = fmt.Fprintln(stderr, "send-test-event: every -header must be Name=value")
				return 2
			}
			h[name] = value
		}
		server["headers"] = h
	}
	var cred map[string]any
	if *credFile != "" {
		c, err := readCredential(*credFile)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "send-test-event: %v\n", err)
			return 2
		}
		cred = c
	}
	rep, err := emulator.SendTestEvent(ctx, *event, server, cred, emulator.DispatchOptions{AllowNonLoopback: *allow})
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "send-test-event: %v\n", err)
		return 2
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "EVENT\tLEVEL\tURL\tAUTH\tSTATUS\tLATENCY\tDETAIL")
	writeEvent(tw, *rep)
	_ = tw.Flush()
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		return exitOn(err, stderr)
	}
	if !rep.Delivered {
		return 1
	}
	return 0
}

// runReceivers serves webhook receivers on loopback ports, for demos: each
// checks the authentication it is told to expect, logs every event as one
// line on stdout and answers as a simple webhook server would.
func runReceivers(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("receivers", stderr)
	count := fs.Int("count", 4, "how many receivers to start, each on its own loopback port")
	urlFile := fs.String("url-file", "", "write the receivers' URLs, one a line, to this `file` once listening")
	credFile := fs.String("credential-file", "", "a JSON `file` holding the credential (as POSTed to /credential) requests must carry")
	bearer := fs.String("bearer-token", "", "expect `Authorization: Bearer <token>` (shorthand for a bearer credential)")
	hmacSecret := fs.String("hmac-secret", "", "expect an HMAC-SHA256 signature with the plan's defaults under this `key`")
	assistantID := fs.String("assistant-id", "", "the assistant `id` to answer assistant-request with")
	if code, done := parse(fs, args); done {
		return code
	}
	if *count < 1 || *count > 64 {
		_, _ = fmt.Fprintln(stderr, "receivers: -count must be 1 to 64")
		return 2
	}
	var cred map[string]any
	switch given := btoi(*credFile != "") + btoi(*bearer != "") + btoi(*hmacSecret != ""); {
	case given > 1:
		_, _ = fmt.Fprintln(stderr, "receivers: give at most one of -credential-file, -bearer-token and -hmac-secret")
		return 2
	case *credFile != "":
		c, err := readCredential(*credFile)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "receivers: %v\n", err)
			return 2
		}
		cred = c
	case *bearer != "":
		cred = map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{"type": "bearer", "token": *bearer}}
	case *hmacSecret != "":
		cred = map[string]any{"provider": "custom-credential", "authenticationPlan": map[string]any{"type": "hmac", "secretKey": *hmacSecret, "algorithm": "sha256"}}
	}
	logger := log.New(stdout, "", log.LstdFlags)
	var servers []*http.Server
	var urls []string
	serveErr := make(chan error, *count)
	closeAll := func() {
		for _, s := range servers {
			_ = s.Close()
		}
	}
	for i := 1; i <= *count; i++ {
		recv, err := emulator.NewWebhookReceiver(cred, *assistantID, func(r emulator.ReceivedWebhook) {
			typ := r.Type
			if typ == "" {
				typ = "(not a server message)"
			}
			logger.Printf("receiver %d: %s %s auth %s", i, typ, r.Path, r.Auth)
		})
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "receivers: %v\n", err)
			return 2
		}
		var lc net.ListenConfig
		ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
		if err != nil {
			closeAll()
			_, _ = fmt.Fprintf(stderr, "receivers: listen: %v\n", err)
			return 1
		}
		srv := &http.Server{Handler: recv, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
		servers = append(servers, srv)
		urls = append(urls, baseURL(ln.Addr()))
		go func() { serveErr <- srv.Serve(ln) }()
	}
	var lines strings.Builder
	for i, u := range urls {
		fmt.Fprintf(&lines, "RECEIVER_%d_URL=%s\n", i+1, u)
	}
	if _, err := io.WriteString(stdout, lines.String()); err != nil {
		closeAll()
		return exitOn(err, stderr)
	}
	if *urlFile != "" {
		if err := writeFileAtomic(*urlFile, strings.Join(urls, "\n")+"\n"); err != nil {
			closeAll()
			_, _ = fmt.Fprintf(stderr, "receivers: url file: %v\n", err)
			return 1
		}
	}
	select {
	case err := <-serveErr:
		closeAll()
		_, _ = fmt.Fprintf(stderr, "receivers: serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Go(func() { _ = s.Shutdown(shutdownCtx) })
	}
	wg.Wait()
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
