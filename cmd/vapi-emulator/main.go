// Command vapi-emulator serves the in-memory Vapi API emulator
// (internal/emulator) on a local port, for `make demo` and for trying the
// provider without a Vapi account.
//
// On start it prints exactly two lines to stdout, ready for eval or a .env
// file:
//
//	VAPI_BASE_URL=http://127.0.0.1:PORT
//	VAPI_API_KEY=<key>
//
// By default the emulator echoes what it was sent; -realistic makes its
// answers differ as the real API's do (emulator.Options.Realistic), to try a
// client against that.
//
// Each request is logged to stderr as one line (method, path, status,
// duration); bodies and query strings are never logged, so secrets sent to the
// emulator stay out of the log. SIGINT or SIGTERM shuts it down gracefully.
//
// Subcommands play Vapi's webhooks (see simulate.go): `simulate-call` asks a
// running emulator to play a call, `send-test-event` sends one signed event
// to any URL, and `receivers` serves webhook receivers that log what they get.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// shutdownGrace bounds how long in-flight requests may finish on shutdown.
const shutdownGrace = 5 * time.Second

// config is what the command line asks for.
type config struct {
	listen, urlFile string
	options         emulator.Options
}

// parseArgs reads the command line; on failure it returns the exit code: 0
// for -h, 2 for bad usage.
func parseArgs(args []string, stderr io.Writer) (config, int, bool) {
	var c config
	fs := flag.NewFlagSet("vapi-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:0", "`address` to listen on; port 0 picks a free port")
	fs.StringVar(&c.options.APIKey, "api-key", "", "the API `key` to accept (default: a random UUID, printed at start)")
	fs.StringVar(&c.options.OrgID, "org-id", "", "`id` of the key's org (default: a random UUID)")
	fs.StringVar(&c.options.OrgName, "org-name", "Emulated Org", "`name` of the key's org")
	fs.StringVar(&c.urlFile, "url-file", "", "write the base URL to this `file` once listening")
	fs.DurationVar(&c.options.Latency, "latency", 0, "`delay` added to every request, e.g. 200ms")
	fs.BoolVar(&c.options.OrgEndpointsForbidden, "org-forbidden", false, "answer 403 on /org routes, as Vapi may for API keys")
	fs.BoolVar(&c.options.Realistic, "realistic", false,
		"answer like the real API: spec defaults filled in, unknown extra fields, response-only values, explicit nulls, trimmed credential list, shuffled lists")
	listOrder := fs.String("list-order", "", "`order` of the legacy lists: newest, oldest or shuffled (default: newest, shuffled with -realistic)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, 0, false
		}
		return c, 2, false
	}
	if fs.NArg() > 0 {
		newLogger(stderr).Printf("unexpected arguments %q", fs.Args())
		fs.Usage()
		return c, 2, false
	}
	c.options.ListOrder = emulator.ListOrder(*listOrder)
	if *listOrder != "" && !slices.Contains(emulator.ListOrders, c.options.ListOrder) {
		newLogger(stderr).Printf("-list-order %q is none of %v", *listOrder, emulator.ListOrders)
		return c, 2, false
	}
	return c, 0, true
}

func newLogger(w io.Writer) *log.Logger { return log.New(w, "vapi-emulator: ", log.LstdFlags) }

// run serves until ctx ends and returns the exit code: 0 after a clean
// shutdown, 1 when serving fails, 2 for bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if sub, ok := subcommands[args[0]]; ok {
			return sub(ctx, args[1:], stdout, stderr)
		}
	}
	c, code, ok := parseArgs(args, stderr)
	if !ok {
		return code
	}
	logger := newLogger(stderr)

	em := emulator.New(c.options)
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", c.listen)
	if err != nil {
		logger.Printf("listen: %v", err)
		return 1
	}
	base := baseURL(ln.Addr())
	srv := &http.Server{
		Handler:           logRequests(em, logger),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	if _, err := fmt.Fprintf(stdout, "VAPI_BASE_URL=%s\nVAPI_API_KEY=%s\n", base, em.APIKey()); err != nil {
		logger.Printf("stdout: %v", err)
		_ = srv.Close()
		return 1
	}
	if c.urlFile != "" {
		if err := writeFileAtomic(c.urlFile, base+"\n"); err != nil {
			logger.Printf("url file: %v", err)
			_ = srv.Close()
			return 1
		}
	}
	logger.Printf("serving the Vapi API emulator at %s (org %s)", base, em.OrgID())

	select {
	case err := <-serveErr:
		logger.Printf("serve: %v", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Printf("shutdown: %v", err)
		return 1
	}
	logger.Print("stopped")
	return 0
}

// baseURL is the URL clients use: a wildcard listen address is reached on the
// loopback interface, which is also what the provider accepts over plain http.
func baseURL(addr net.Addr) string {
	host, port := "127.0.0.1", ""
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port = fmt.Sprint(tcp.Port)
		if !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		}
	} else if _, p, err := net.SplitHostPort(addr.String()); err == nil {
		port = p
	}
	return "http://" + net.JoinHostPort(host, port)
}

// writeFileAtomic writes through a temporary file and a rename, so a script
// polling for the file never reads it half-written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".vapi-emulator-url-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return nil
}

// statusRecorder remembers the status a handler wrote. Unwrap lets
// http.ResponseController reach the connection, so the emulator's dropped
// connection fault still works behind it.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request: method, path, status, duration.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := "dropped"
		if rec.status != 0 {
			status = fmt.Sprint(rec.status)
		}
		logger.Printf("%s %s %s %s", r.Method, r.URL.Path, status, time.Since(start).Round(time.Microsecond))
	})
}
