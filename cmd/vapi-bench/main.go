// Command vapi-bench measures the provider the way users run it: the built
// binary, through dev_overrides, driven by the terraform CLI against the
// emulator, which runs in this process so that every request can be counted.
//
// For each size N it times, side by side, N vapi_function_tool and N
// terraform_data (built into terraform, so Terraform's own floor): an apply
// that creates them, a refresh-only plan, a no-op apply and a destroy. It
// checks the request counts (creating N objects takes exactly N POSTs, a
// refresh exactly N GETs, a no-op apply no write, a destroy exactly N
// DELETEs) and exits 1 when one is off. It also samples, from /proc, the
// provider processes terraform starts: how many, their CPU time and their
// peak resident memory (VmHWM).
//
// terraform runs with no TF_LOG* variable from the caller's environment, so
// the figures are those of a user who has not asked for logs (the provider
// then switches its own logging off, see quietLogsUnlessAsked in main.go). A
// third variant runs the vapi workspace with TF_LOG=TRACE and TF_LOG_PATH
// set, to show what full logging costs.
//
// scripts/bench.sh (make bench) builds the provider and runs this command.
package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "vapi-bench:", err)
		os.Exit(1)
	}
}

type options struct {
	terraform   string
	providerDir string
	sizes       []int
	repeat      int
}

func parseFlags(args []string) (options, error) {
	fset := flag.NewFlagSet("vapi-bench", flag.ContinueOnError)
	var o options
	var sizes string
	fset.StringVar(&o.terraform, "terraform", "terraform", "the terraform `binary`")
	fset.StringVar(&o.providerDir, "provider-dir", "", "`directory` holding the built terraform-provider-vapi (required)")
	fset.StringVar(&sizes, "sizes", "1,100,500", "comma-separated `counts` of objects")
	fset.IntVar(&o.repeat, "repeat", 3, "runs of each measurement; the median is reported")
	if err := fset.Parse(args); err != nil {
		return o, err
	}
	if o.providerDir == "" {
		return o, errors.New("-provider-dir is required")
	}
	if o.repeat < 1 {
		return o, errors.New("-repeat must be at least 1")
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-sizes: %q is not a positive count", s)
		}
		o.sizes = append(o.sizes, n)
	}
	return o, nil
}

// The phases of one cycle, in the order they run.
const (
	phaseCreate  = "apply (create N)"
	phaseRefresh = "plan -refresh-only"
	phaseNoop    = "apply (no changes)"
	phaseDestroy = "destroy"
)

var phases = []string{phaseCreate, phaseRefresh, phaseNoop, phaseDestroy}

// sample is one timed terraform command.
type sample struct {
	wall time.Duration
	// cpu is the user + system CPU of terraform and every process it
	// waited for (its providers included).
	cpu      time.Duration
	provider providerUsage
	logBytes int64 // what terraform wrote to TF_LOG_PATH
}

// variant is one way of running a workspace of N objects.
type variant struct {
	name     string
	dir      string // the workspace directory's name, before "-N"
	provider bool   // vapi_function_tool rather than terraform_data
	trace    bool   // run with TF_LOG=TRACE and TF_LOG_PATH
}

var (
	floor    = variant{name: "terraform_data", dir: "floor"}
	vapi     = variant{name: "vapi_function_tool", dir: "vapi", provider: true}
	vapiLogs = variant{name: "vapi_function_tool, TF_LOG=TRACE", dir: "vapi-trace", provider: true, trace: true}
	// Alternating the variants spreads any drift of the machine over all.
	variants = []variant{floor, vapi, vapiLogs}
)

// traceLog is the file, in each workspace, that TF_LOG_PATH names.
const traceLog = "terraform.log"

// childEnv is the environment of every terraform command: the caller's,
// without anything that would change what is measured. TF_LOG* goes first
// of all: any of them turns the provider's logging back on.
func childEnv(parent []string, cliConfig string) []string {
	env := []string{"TF_CLI_CONFIG_FILE=" + cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	for _, kv := range parent {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TF_CLI_") ||
			strings.HasPrefix(name, "VAPI_") || name == "TF_REATTACH_PROVIDERS" || name == "TF_DATA_DIR" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// result holds the samples of one size: variant
// and phase to the samples of the repeats.
type result map[string]map[string][]sample

func (r result) add(v variant, phase string, s sample) {
	if r[v.name] == nil {
		r[v.name] = map[string][]sample{}
	}
	r[v.name][phase] = append(r[v.name][phase], s)
}

func run(ctx context.Context, args []string, out io.Writer) error {
	began := time.Now()
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if o.terraform, err = exec.LookPath(o.terraform); err != nil {
		return err
	}
	providerDir, err := filepath.Abs(o.providerDir)
	if err != nil {
		return err
	}

	emu := emulator.New(emulator.Options{OrgName: "Bench Org"})
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() { _ = srv.Close() }()
	baseURL := "http://" + ln.Addr().String()

	work, err := os.MkdirTemp("", "vapi-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.terraform.io/vapi-community/vapi" = %q
  }
  direct {}
}
`, filepath.ToSlash(providerDir)), 0o600); err != nil {
		return err
	}
	env := childEnv(os.Environ(), rc)

	// The report is printed at the end, after everything has passed.
	var b strings.Builder
	if err := describeMachine(ctx, &b, o.terraform); err != nil {
		return err
	}
	fmt.Fprintf(&b, "Each figure is the median of %d run(s); the emulator runs in the benchmark's process.\n\n", o.repeat)

	results := map[int]result{}
	for _, n := range o.sizes {
		res := result{}
		for _, v := range variants {
			dir := workspaceDir(work, v, n)
			if err := os.Mkdir(dir, 0o750); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configFor(v, n, emu.APIKey(), baseURL)), 0o600); err != nil {
				return err
			}
		}
		for range o.repeat {
			for _, v := range variants {
				ws := workspace{dir: workspaceDir(work, v, n), terraform: o.terraform, env: env}
				if v.trace {
					ws.logPath = filepath.Join(ws.dir, traceLog)
					ws.env = append(slices.Clone(env), "TF_LOG=TRACE", "TF_LOG_PATH="+ws.logPath)
				}
				fmt.Fprintf(os.Stderr, "vapi-bench: N=%d %s\n", n, v.name)
				if err := cycle(ctx, ws, emu, v, n, res); err != nil {
					return fmt.Errorf("%d × %s: %w", n, v.name, err)
				}
			}
		}
		results[n] = res
	}
	report(&b, o.sizes, results)
	fmt.Fprintf(&b, "\nThe run took %s.\n", time.Since(began).Round(time.Second))
	_, err = io.WriteString(out, b.String())
	return err
}

// configFor is the configuration of n objects of a variant.
func configFor(v variant, n int, apiKey, baseURL string) string {
	if !v.provider {
		return fmt.Sprintf(`
resource "terraform_data" "bench" {
  count = %d
  input = "bench_${count.index}"
}
`, n)
	}
	return fmt.Sprintf(`
terraform {
  required_providers {
    vapi = { source = "vapi-community/vapi" }
  }
}

provider "vapi" {
  api_key  = %q
  base_url = %q
}

resource "vapi_function_tool" "bench" {
  count = %d
  name  = "bench_${count.index}"
}
`, apiKey, baseURL, n)
}

func workspaceDir(work string, v variant, n int) string {
	return filepath.Join(work, fmt.Sprintf("%s-%d", v.dir, n))
}

// cycle runs the four phases once and checks the requests of each against
// the emulator's log.
func cycle(ctx context.Context, ws workspace, emu *emulator.Emulator, v variant, n int, res result) error {
	for _, phase := range phases {
		emu.ResetRequests()
		s, err := ws.run(terraformCommand(ctx, ws.terraform, phase))
		if err != nil {
			return fmt.Errorf("%s: %w", phase, err)
		}
		if v.provider {
			if err := checkRequests(phase, n, emu.Requests()); err != nil {
				return fmt.Errorf("%s: %w", phase, err)
			}
		}
		res.add(v, phase, s)
	}
	return nil
}

// checkRequests enforces the request budget of each phase: nothing is read
// before a create or written by a no-op, and every object costs exactly one
// request per phase.
func checkRequests(phase string, n int, reqs []emulator.Request) error {
	count := map[string]int{}
	for _, r := range reqs {
		if r.Status < 200 || r.Status > 299 {
			return fmt.Errorf("the emulator answered %d to %s %s", r.Status, r.Method, r.Path)
		}
		count[r.Method]++
	}
	want := map[string]map[string]int{
		phaseCreate:  {http.MethodPost: n},
		phaseRefresh: {http.MethodGet: n},
		phaseNoop:    {http.MethodGet: n},
		phaseDestroy: {http.MethodGet: n, http.MethodDelete: n},
	}[phase]
	if len(count) != len(want) {
		return fmt.Errorf("REQUEST COUNT MISMATCH: expected %v, the emulator saw %v", want, count)
	}
	for method, w := range want {
		if count[method] != w {
			return fmt.Errorf("REQUEST COUNT MISMATCH: expected %v, the emulator saw %v", want, count)
		}
	}
	return nil
}

type workspace struct {
	dir, terraform string
	env            []string
	logPath        string // TF_LOG_PATH, if env sets it
}

// terraformCommand is the terraform command of a phase.
func terraformCommand(ctx context.Context, terraform, phase string) *exec.Cmd {
	switch phase {
	case phaseCreate, phaseNoop:
		return exec.CommandContext(ctx, terraform, "apply", "-auto-approve", "-input=false", "-no-color")
	case phaseRefresh:
		return exec.CommandContext(ctx, terraform, "plan", "-refresh-only", "-input=false", "-no-color")
	default:
		return exec.CommandContext(ctx, terraform, "destroy", "-auto-approve", "-input=false", "-no-color")
	}
}

// run runs a terraform command in the workspace to completion, timing it and
// sampling the provider processes it starts.
func (w workspace) run(cmd *exec.Cmd) (sample, error) {
	var output bytes.Buffer
	cmd.Dir = w.dir
	cmd.Env = w.env
	cmd.Stdout, cmd.Stderr = &output, &output
	// On ^C terraform gets the interrupt, so it stops its provider.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, err
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var usage providerUsage
	wg.Go(func() { usage = watchProviders(cmd.Process.Pid, done) })
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	wg.Wait()
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, output.String())
	}
	s := sample{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), provider: usage}
	if w.logPath != "" {
		// Each command gets a fresh file: terraform appends to it.
		st, err := os.Stat(w.logPath)
		if err != nil {
			return sample{}, fmt.Errorf("TF_LOG_PATH: %w", err)
		}
		s.logBytes = st.Size()
		if err := os.Remove(w.logPath); err != nil {
			return sample{}, err
		}
	}
	return s, nil
}

// providerComm is the provider's process name as /proc/PID/stat shows it
// (truncated to 15 bytes by the kernel).
const providerComm = "terraform-provi"

// userHZ is the unit of the CPU times in /proc/PID/stat (USER_HZ, 100 on
// every Linux architecture Go supports).
const userHZ = 100

// providerUsage is what the provider processes of one terraform command used.
type providerUsage struct {
	processes int           // how many terraform started
	peakKiB   int64         // highest VmHWM (peak resident set) of one process
	cpu       time.Duration // user + system CPU of all of them
}

// watchProviders polls, until done, the children of parent that are the
// provider. VmHWM is a high-water mark and the CPU times only grow, so
// polling misses at most the last interval before a provider exits; a
// provider process lives for tens of milliseconds at least (it starts, does
// a TLS handshake, answers, and is stopped), so none goes unseen. Zero where
// /proc does not exist.
func watchProviders(parent int, done <-chan struct{}) providerUsage {
	procfs := os.DirFS("/proc")
	var u providerUsage
	cpu := map[string]*processCPU{}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		entries, err := fs.ReadDir(procfs, ".")
		if err != nil {
			return u
		}
		for _, e := range entries {
			if _, err := strconv.Atoi(e.Name()); err != nil {
				continue
			}
			stat, err := fs.ReadFile(procfs, e.Name()+"/stat")
			if err != nil {
				continue
			}
			st, ok := parseStat(string(stat))
			if !ok || st.ppid != parent || st.comm != providerComm {
				continue
			}
			if cpu[e.Name()] == nil {
				cpu[e.Name()] = &processCPU{threads: map[string]time.Duration{}}
			}
			cpu[e.Name()].update(procfs, e.Name(), st)
			u.peakKiB = max(u.peakKiB, readVmHWM(procfs, e.Name()))
		}
		select {
		case <-done:
			for _, c := range cpu {
				u.cpu += c.total()
			}
			u.processes = len(cpu)
			return u
		case <-tick.C:
		}
	}
}

// processCPU follows the CPU time of one process. /proc/PID/stat counts
// it in ticks of 10 ms, utime and stime each rounded down: up to 20 ms lost
// of a provider process that uses about 30 ms.
// /proc/PID/task/TID/schedstat has it in nanoseconds, but per thread, and a
// thread's file goes when the thread or the process exits; so the last value
// seen of every thread is kept. Both sums are lower bounds (polling misses
// the last interval): total is the larger.
type processCPU struct {
	ticks   time.Duration
	threads map[string]time.Duration
}

func (c *processCPU) update(procfs fs.FS, pid string, st procStat) {
	c.ticks = time.Duration(st.cpuTicks) * time.Second / userHZ
	tasks, err := fs.ReadDir(procfs, pid+"/task")
	if err != nil {
		return
	}
	for _, t := range tasks {
		b, err := fs.ReadFile(procfs, pid+"/task/"+t.Name()+"/schedstat")
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			if ns, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				c.threads[t.Name()] = time.Duration(ns)
			}
		}
	}
}

func (c *processCPU) total() time.Duration {
	var sum time.Duration
	for _, t := range c.threads {
		sum += t
	}
	return max(sum, c.ticks)
}

type procStat struct {
	comm     string
	ppid     int
	cpuTicks int64 // utime + stime
}

// parseStat reads /proc/PID/stat: "pid (comm) state ppid ... utime stime
// ...", where comm may itself hold spaces and ")".
func parseStat(stat string) (procStat, bool) {
	open, closing := strings.IndexByte(stat, '('), strings.LastIndexByte(stat, ')')
	if open < 0 || closing < open {
		return procStat{}, false
	}
	// fields[0] is field 3 of proc(5) (state): ppid is field 4, utime 14,
	// stime 15.
	fields := strings.Fields(stat[closing+1:])
	if len(fields) < 13 {
		return procStat{}, false
	}
	ppid, err1 := strconv.Atoi(fields[1])
	utime, err2 := strconv.ParseInt(fields[11], 10, 64)
	stime, err3 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return procStat{}, false
	}
	return procStat{comm: stat[open+1 : closing], ppid: ppid, cpuTicks: utime + stime}, true
}

func readVmHWM(procfs fs.FS, pid string) int64 {
	status, err := fs.ReadFile(procfs, pid+"/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, found := strings.CutPrefix(line, "VmHWM:"); found {
			kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kib
		}
	}
	return 0
}

// median returns the median of what metric takes from each sample.
func median[T cmp.Ordered](samples []sample, metric func(sample) T) T {
	values := make([]T, len(samples))
	for i, s := range samples {
		values[i] = metric(s)
	}
	slices.Sort(values)
	return values[len(values)/2]
}

func wallTime(s sample) time.Duration    { return s.wall }
func cpuTime(s sample) time.Duration     { return s.cpu }
func providerCPU(s sample) time.Duration { return s.provider.cpu }
func processes(s sample) int             { return s.provider.processes }
func logBytes(s sample) int64            { return s.logBytes }

func highestRSS(samples []sample) int64 {
	var p int64
	for _, s := range samples {
		p = max(p, s.provider.peakKiB)
	}
	return p
}

func report(out *strings.Builder, sizes []int, results map[int]result) {
	requests := map[string]string{
		phaseCreate:  "N POST",
		phaseRefresh: "N GET",
		phaseNoop:    "N GET, 0 writes",
		phaseDestroy: "N GET + N DELETE",
	}
	fmt.Fprintln(out, "Wall times (medians). Ratio = vapi_function_tool / terraform_data. CPU = user + system of terraform")
	fmt.Fprintln(out, "and the provider processes it ran; in parentheses, the provider processes alone. Processes = provider")
	fmt.Fprintln(out, "processes terraform started for the command. No TF_LOG* variable is set.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| N | operation | terraform_data | vapi_function_tool | ratio | CPU terraform_data | CPU vapi (provider) | processes | requests (checked) | provider peak RSS |")
	fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---:|---:|---|---:|")
	for _, n := range sizes {
		res := results[n]
		for _, phase := range phases {
			fs, vs := res[floor.name][phase], res[vapi.name][phase]
			fw, vw := median(fs, wallTime), median(vs, wallTime)
			fmt.Fprintf(out, "| %d | %s | %.2f s | %.2f s | %.2f | %.2f s | %.2f s (%.2f s) | %d | %s | %.1f MiB |\n",
				n, phase, fw.Seconds(), vw.Seconds(), vw.Seconds()/fw.Seconds(),
				median(fs, cpuTime).Seconds(), median(vs, cpuTime).Seconds(), median(vs, providerCPU).Seconds(),
				median(vs, processes), strings.ReplaceAll(requests[phase], "N", strconv.Itoa(n)),
				float64(highestRSS(vs))/1024)
		}
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Full logging: the same vapi workspace with TF_LOG=TRACE and TF_LOG_PATH set (terraform and the provider")
	fmt.Fprintln(out, "log everything, to a file). Slowdown = its wall time / that of the run without TF_LOG*.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| N | operation | vapi_function_tool | with TF_LOG=TRACE | slowdown | ratio to terraform_data | CPU (provider) | log written |")
	fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---:|---:|")
	for _, n := range sizes {
		res := results[n]
		for _, phase := range phases {
			fs, vs, ts := res[floor.name][phase], res[vapi.name][phase], res[vapiLogs.name][phase]
			fw, vw, tw := median(fs, wallTime), median(vs, wallTime), median(ts, wallTime)
			fmt.Fprintf(out, "| %d | %s | %.2f s | %.2f s | %.2f | %.2f | %.2f s (%.2f s) | %.1f MiB |\n",
				n, phase, vw.Seconds(), tw.Seconds(), tw.Seconds()/vw.Seconds(), tw.Seconds()/fw.Seconds(),
				median(ts, cpuTime).Seconds(), median(ts, providerCPU).Seconds(), float64(median(ts, logBytes))/(1<<20))
		}
	}
}

// describeMachine prints what the figures depend on.
func describeMachine(ctx context.Context, out *strings.Builder, terraform string) error {
	tfVersion, err := exec.CommandContext(ctx, terraform, "version").Output()
	if err != nil {
		return fmt.Errorf("terraform version: %w", err)
	}
	firstLine := func(s string) string {
		line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
		return line
	}
	cpu, mem := "unknown", "unknown"
	procfs := os.DirFS("/proc")
	if b, err := fs.ReadFile(procfs, "cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := fs.ReadFile(procfs, "meminfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				if err == nil {
					mem = fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
				}
			}
		}
	}
	fmt.Fprintf(out, "date:      %s\n", time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintf(out, "machine:   %s/%s, %d CPUs (%s), %s memory\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, mem)
	if b, err := fs.ReadFile(procfs, "loadavg"); err == nil {
		// Other work on the machine shows in wall times far more than in
		// CPU times.
		fmt.Fprintf(out, "load:      %s (1, 5, 15 min averages at start)\n", strings.Join(strings.Fields(string(b))[:3], ", "))
	}
	fmt.Fprintf(out, "terraform: %s\n", firstLine(string(tfVersion)))
	fmt.Fprintf(out, "go:        %s\n\n", runtime.Version())
	return nil
}
