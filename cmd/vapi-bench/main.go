// Command vapi-bench measures what users pay for the provider: the built
// binary, through dev_overrides, driven by the terraform CLI against the
// emulator, which runs in this process so that every request can be counted.
// The real API answers in tens to hundreds of milliseconds, and there the
// cost is round trips, so the emulator answers every request after an added
// latency (-latency, 0 and 100 ms by default).
//
// For each size N (-sizes, 100 and 500 by default) and each latency it times
// N vapi_function_tool through four phases: an apply that creates them, a
// refresh-only plan, a no-op apply and a destroy. Next to them it times N
// terraform_data, built into terraform and so Terraform's own floor; they
// make no request, so they are timed once per N whatever the latency. It
// reports the median wall time of each phase (of -repeat runs, 3 by default;
// at a latency above 0, creating and destroying run once), its ratio to
// terraform_data at the same N and its ratio to the same phase at 0 ms.
//
// It checks the requests of every phase exactly, and exits 1 naming the
// first one that is off (see expectedRequests): a create is N POSTs; a
// refresh reads the tools with ⌈N/1000⌉ list pages and no GET of a single
// tool; a no-op apply is its refresh and no write; a destroy is its refresh
// and N DELETEs. It also samples, from /proc, the provider processes
// terraform starts: how many, their CPU time and their peak resident memory
// (VmHWM).
//
// terraform runs with no TF_LOG* variable from the caller's environment, so
// the figures are those of a user who has not asked for logs (the provider
// then switches its own logging off, see quietLogsUnlessAsked in main.go). A
// third variant runs the vapi workspace with TF_LOG=TRACE and TF_LOG_PATH
// set, to show what full logging costs. It runs at 0 ms only: logging costs
// CPU, which is all there is to see at 0 ms, while at 100 ms the commands
// mostly wait on the API.
//
// scripts/bench.sh (make bench) builds the provider and runs this command.
package main

import (
	"bytes"
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
	latencies   []time.Duration
	// repeat is the number of runs of each measurement (see scheduleOf).
	repeat int
}

func parseFlags(args []string) (options, error) {
	fset := flag.NewFlagSet("vapi-bench", flag.ContinueOnError)
	var o options
	var sizes, latencies string
	fset.StringVar(&o.terraform, "terraform", "terraform", "the terraform `binary`")
	fset.StringVar(&o.providerDir, "provider-dir", "", "`directory` holding the built terraform-provider-vapi (required)")
	fset.StringVar(&sizes, "sizes", "100,500", "comma-separated `counts` of objects")
	fset.StringVar(&latencies, "latency", "0,100ms", "comma-separated `durations` the emulator adds to every request")
	fset.IntVar(&o.repeat, "repeat", 3, "runs of each measurement (once for creating and destroying at a latency above 0); the median is reported")
	if err := fset.Parse(args); err != nil {
		return o, err
	}
	if o.providerDir == "" {
		return o, errors.New("-provider-dir is required")
	}
	if o.repeat < 1 {
		return o, errors.New("-repeat must be at least 1")
	}
	for s := range strings.SplitSeq(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-sizes: %q is not a positive count", s)
		}
		o.sizes = append(o.sizes, n)
	}
	for s := range strings.SplitSeq(latencies, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil || d < 0 {
			return o, fmt.Errorf("-latency: %q is not a duration of 0 or more", s)
		}
		if !slices.Contains(o.latencies, d) {
			o.latencies = append(o.latencies, d)
		}
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
	dir      string // the workspace directory's name, before "-latency-N"
	provider bool   // vapi_function_tool rather than terraform_data
	trace    bool   // run with TF_LOG=TRACE and TF_LOG_PATH
	latency  time.Duration
}

// The variants, each at its latency (the vapi ones) by withLatency.
var (
	floor    = variant{name: "terraform_data", dir: "floor"}
	vapi     = variant{name: "vapi_function_tool", dir: "vapi", provider: true}
	vapiLogs = variant{name: "vapi_function_tool, TF_LOG=TRACE", dir: "vapi-trace", provider: true, trace: true}
)

func (v variant) withLatency(d time.Duration) variant {
	v.latency = d
	return v
}

// schedule is how a variant is measured: cycles of the four phases, each
// running the phases that change nothing (the refresh-only plan and the
// no-op apply) reads times.
type schedule struct{ cycles, reads int }

// variantsOf lists what a run measures, in the order each round runs them
// (alternating the variants spreads any drift of the machine over all), with
// the schedule of each. Each is measured -repeat times: in as many cycles,
// except at a latency above 0, where creating and destroying N objects
// waits N/10 round trips and runs once, in one cycle that repeats the
// phases that change nothing.
func variantsOf(o options) ([]variant, map[variant]schedule) {
	vs := []variant{floor}
	sched := map[variant]schedule{floor: {cycles: o.repeat, reads: 1}}
	for _, d := range o.latencies {
		v := vapi.withLatency(d)
		vs = append(vs, v)
		sched[v] = schedule{cycles: 1, reads: o.repeat}
		if d == 0 {
			sched[v] = schedule{cycles: o.repeat, reads: 1}
			vs = append(vs, vapiLogs)
			sched[vapiLogs] = schedule{cycles: o.repeat, reads: 1}
		}
	}
	return vs, sched
}

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

// result holds the samples of one size: variant and phase to the samples
// of the runs.
type result map[variant]map[string][]sample

func (r result) add(v variant, phase string, s sample) {
	if r[v] == nil {
		r[v] = map[string][]sample{}
	}
	r[v][phase] = append(r[v][phase], s)
}

// api is one emulator, at one latency, and where it listens.
type api struct {
	emu     *emulator.Emulator
	baseURL string
}

// serve starts an emulator that adds latency to every request; it stops
// with ctx.
func serve(ctx context.Context, latency time.Duration) (api, error) {
	emu := emulator.New(emulator.Options{OrgName: "Bench Org", Latency: latency})
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return api{}, err
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	context.AfterFunc(ctx, func() { _ = srv.Close() })
	return api{emu: emu, baseURL: "http://" + ln.Addr().String()}, nil
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

	ctx, stop := context.WithCancel(ctx)
	defer stop()
	apis := map[time.Duration]api{}
	for _, d := range o.latencies {
		if apis[d], err = serve(ctx, d); err != nil {
			return err
		}
	}

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
	fmt.Fprintf(&b, "Each figure is the median of %d run(s) (the runs column), except at a latency above 0 ms: there, creating\n", o.repeat)
	fmt.Fprintln(&b, "and destroying N objects, which waits N/10 round trips, runs once. The emulator runs in the benchmark's process.")
	fmt.Fprintln(&b)

	variants, sched := variantsOf(o)
	results := map[int]result{}
	for _, n := range o.sizes {
		res := result{}
		for _, v := range variants {
			dir := workspaceDir(work, v, n)
			if err := os.Mkdir(dir, 0o750); err != nil {
				return err
			}
			a := apis[v.latency]
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configFor(v, n, a)), 0o600); err != nil {
				return err
			}
		}
		for round := range o.repeat {
			for _, v := range variants {
				if round >= sched[v].cycles {
					continue
				}
				ws := workspace{dir: workspaceDir(work, v, n), terraform: o.terraform, env: env}
				if v.trace {
					ws.logPath = filepath.Join(ws.dir, traceLog)
					ws.env = append(slices.Clone(env), "TF_LOG=TRACE", "TF_LOG_PATH="+ws.logPath)
				}
				fmt.Fprintf(os.Stderr, "vapi-bench: N=%d %s (cycle %d of %d)\n", n, v.label(), round+1, sched[v].cycles)
				if err := cycle(ctx, ws, apis[v.latency].emu, v, n, sched[v].reads, res); err != nil {
					return fmt.Errorf("%d × %s: %w", n, v.label(), err)
				}
			}
		}
		results[n] = res
	}
	report(&b, o, results)
	fmt.Fprintf(&b, "\nThe run took %s.\n", time.Since(began).Round(time.Second))
	_, err = io.WriteString(out, b.String())
	return err
}

// label names the variant in messages, with its latency.
func (v variant) label() string {
	if !v.provider {
		return v.name
	}
	return v.name + " at " + formatLatency(v.latency)
}

// configFor is the configuration of n objects of a variant against a.
func configFor(v variant, n int, a api) string {
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
`, a.emu.APIKey(), a.baseURL, n)
}

func workspaceDir(work string, v variant, n int) string {
	return filepath.Join(work, fmt.Sprintf("%s-%s-%d", v.dir, v.latency, n))
}

// cycle runs the four phases, those that change nothing reads times, and
// checks the requests of each command against the emulator's log.
func cycle(ctx context.Context, ws workspace, emu *emulator.Emulator, v variant, n, reads int, res result) error {
	for _, phase := range phases {
		times := 1
		if phase == phaseRefresh || phase == phaseNoop {
			times = reads
		}
		for range times {
			if v.provider {
				emu.ResetRequests()
			}
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
