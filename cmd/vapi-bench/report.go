package main

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// median returns the median of what metric takes from each sample, zero
// without samples.
func median[T cmp.Ordered](samples []sample, metric func(sample) T) T {
	if len(samples) == 0 {
		var zero T
		return zero
	}
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

// row is one line of the main table: a phase of N vapi_function_tool at a
// latency.
type row struct {
	n       int
	phase   string
	latency time.Duration
	runs    int
	// floor and vapi are the median wall times of terraform_data and of
	// vapi_function_tool.
	floor, vapi time.Duration
	// toFloor is vapi / floor; toNoLatency is vapi / the same phase at 0 ms,
	// NaN at 0 ms itself or without a run at 0 ms.
	toFloor, toNoLatency float64
}

// ratio is num / den, NaN when there is no den.
func ratio(num, den time.Duration) float64 {
	if num <= 0 || den <= 0 {
		return math.NaN()
	}
	return num.Seconds() / den.Seconds()
}

// summarize computes the main table's rows: by N, phase and latency.
func summarize(o options, results map[int]result) []row {
	var rows []row
	for _, n := range o.sizes {
		res := results[n]
		for _, phase := range phases {
			floorWall := median(res[floor][phase], wallTime)
			atZero := median(res[vapi.withLatency(0)][phase], wallTime)
			for _, d := range o.latencies {
				vs := res[vapi.withLatency(d)][phase]
				r := row{n: n, phase: phase, latency: d, runs: len(vs), floor: floorWall, vapi: median(vs, wallTime)}
				r.toFloor = ratio(r.vapi, floorWall)
				r.toNoLatency = math.NaN()
				if d != 0 {
					r.toNoLatency = ratio(r.vapi, atZero)
				}
				rows = append(rows, r)
			}
		}
	}
	return rows
}

// Issue 14's goal: against an API that answers in 100 ms, a refresh-only
// plan of 500 objects takes at most 1.3 times as long as at 0 ms (the
// latency no longer matters) and at most 4 times as long as for
// terraform_data.
const (
	goalN           = 500
	goalLatency     = 100 * time.Millisecond
	goalToNoLatency = 1.3
	goalToFloor     = 4
)

// goalVerdict states whether rows meet the goal; "" when they do not hold
// its measurement.
func goalVerdict(rows []row) string {
	for _, r := range rows {
		if r.n != goalN || r.phase != phaseRefresh || r.latency != goalLatency {
			continue
		}
		verdict := "met"
		if !(r.toNoLatency <= goalToNoLatency && r.toFloor <= goalToFloor) {
			verdict = "NOT met"
		}
		return fmt.Sprintf("Goal (issue 14), %s of N = %d at %s: %s × its 0 ms time (goal ≤ %g) and %s × terraform_data (goal ≤ %g): %s.",
			phaseRefresh, goalN, formatLatency(goalLatency), formatRatio(r.toNoLatency), goalToNoLatency,
			formatRatio(r.toFloor), float64(goalToFloor), verdict)
	}
	return ""
}

func formatRatio(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("%.2f", f)
}

func formatLatency(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', -1, 64) + " ms"
}

func report(out *strings.Builder, o options, results map[int]result) {
	rows := summarize(o, results)
	fmt.Fprintln(out, "What users pay: the median wall time of each phase. × terraform_data = vapi_function_tool / terraform_data")
	fmt.Fprintln(out, "at the same N; × 0 ms = vapi_function_tool / the same phase at 0 ms. Latency is what the emulator adds to")
	fmt.Fprintln(out, "every request; terraform_data makes none, so its time is the same at every latency. No TF_LOG* is set.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| N | operation | latency | runs | terraform_data | vapi_function_tool | × terraform_data | × 0 ms | requests (checked exactly) |")
	fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---:|---:|---|")
	for _, r := range rows {
		fmt.Fprintf(out, "| %d | %s | %s | %d | %.2f s | %.2f s | %s | %s | %s |\n",
			r.n, r.phase, formatLatency(r.latency), r.runs, r.floor.Seconds(), r.vapi.Seconds(),
			formatRatio(r.toFloor), formatRatio(r.toNoLatency), describeRequests(expectedRequests(r.phase, r.n)))
	}
	if g := goalVerdict(rows); g != "" {
		fmt.Fprintln(out)
		fmt.Fprintln(out, g)
	}

	fmt.Fprintln(out)
	fmt.Fprintln(out, "CPU = user + system of terraform and the provider processes it ran; in parentheses, the provider processes")
	fmt.Fprintln(out, "alone. Processes = provider processes terraform started for the command.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| N | operation | latency | CPU terraform_data | CPU vapi (provider) | processes | provider peak RSS |")
	fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fs, vs := results[r.n][floor][r.phase], results[r.n][vapi.withLatency(r.latency)][r.phase]
		fmt.Fprintf(out, "| %d | %s | %s | %.2f s | %.2f s (%.2f s) | %d | %.1f MiB |\n",
			r.n, r.phase, formatLatency(r.latency), median(fs, cpuTime).Seconds(),
			median(vs, cpuTime).Seconds(), median(vs, providerCPU).Seconds(), median(vs, processes),
			float64(highestRSS(vs))/1024)
	}

	if !slices.Contains(o.latencies, 0) {
		return
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Full logging, at 0 ms: the same vapi workspace with TF_LOG=TRACE and TF_LOG_PATH set (terraform and the")
	fmt.Fprintln(out, "provider log everything, to a file). Slowdown = its wall time / that of the run without TF_LOG*.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| N | operation | vapi_function_tool | with TF_LOG=TRACE | slowdown | × terraform_data | CPU (provider) | log written |")
	fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---:|---:|")
	for _, n := range o.sizes {
		res := results[n]
		for _, phase := range phases {
			fs, vs, ts := res[floor][phase], res[vapi][phase], res[vapiLogs][phase]
			fw, vw, tw := median(fs, wallTime), median(vs, wallTime), median(ts, wallTime)
			fmt.Fprintf(out, "| %d | %s | %.2f s | %.2f s | %s | %s | %.2f s (%.2f s) | %.1f MiB |\n",
				n, phase, vw.Seconds(), tw.Seconds(), formatRatio(ratio(tw, vw)), formatRatio(ratio(tw, fw)),
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
