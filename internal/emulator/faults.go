package emulator

import (
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault makes matching requests fail or slow down instead of (or before)
// reaching the API. A faulted answer never touches the stored objects.
type Fault struct {
	// Method and PathPrefix select requests; "" matches any.
	Method     string
	PathPrefix string
	// Status is the injected answer; 0 lets the request through after Latency.
	Status int
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Body is the raw answer; empty means NestJS's body for Status.
	Body string
	// Rate is the fraction of matching requests hit, drawn from the seeded
	// generator; 0 or 1 (or beyond) hits every one.
	Rate float64
	// Times caps how often the fault fires; 0 means no cap.
	Times int
	// Latency delays matching requests.
	Latency time.Duration
	// Drop closes the connection without an answer.
	Drop bool
	// DropAfterHandling lets the API handle the request (a create stores its
	// object) and then closes the connection without an answer, as when the
	// answer is lost. The request log records it as Faulted with the status
	// the API gave. Drop and Status take precedence over it.
	DropAfterHandling bool
}

type faultState struct {
	Fault
	fired int
}

// faultAction is what the faults that fired for one request add up to.
type faultAction struct {
	matched    bool
	latency    time.Duration
	status     int
	retryAfter string
	body       string
	drop       bool
	dropAfter  bool
}

// AddFault appends a fault; faults are tried in the order added and the first
// that answers (Status, Drop or DropAfterHandling) ends the search, latencies
// adding up.
func (e *Emulator) AddFault(f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &faultState{Fault: f})
}

// ClearFaults removes every fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

func (e *Emulator) pickFault(method, path string) faultAction {
	e.mu.Lock()
	defer e.mu.Unlock()
	var a faultAction
	for _, f := range e.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) || !strings.HasPrefix(path, f.PathPrefix) {
			continue
		}
		if f.Times > 0 && f.fired >= f.Times {
			continue
		}
		if f.Rate > 0 && f.Rate < 1 && e.rng.float64() >= f.Rate {
			continue
		}
		f.fired++
		a.matched = true
		a.latency += f.Latency
		if f.Drop || f.Status != 0 || f.DropAfterHandling {
			a.drop, a.status, a.retryAfter, a.body = f.Drop, f.Status, f.RetryAfter, f.Body
			a.dropAfter = f.DropAfterHandling && !f.Drop && f.Status == 0
			break
		}
	}
	return a
}

// statusBody is NestJS's body for errors without an "error" field.
type statusBody struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
}

func (a faultAction) response() response {
	resp := response{status: a.status}
	if a.retryAfter != "" {
		resp.header = http.Header{"Retry-After": {a.retryAfter}}
	}
	switch {
	case a.body != "":
		resp.raw = []byte(a.body)
	case a.status == http.StatusTooManyRequests:
		resp.body = statusBody{StatusCode: a.status, Message: "ThrottlerException: Too Many Requests"}
	case a.status == http.StatusInternalServerError:
		resp.body = statusBody{StatusCode: a.status, Message: "Internal server error"}
	default:
		resp.body = nestBody{Message: http.StatusText(a.status), Error: http.StatusText(a.status), StatusCode: a.status}
	}
	return resp
}

// splitMix is SplitMix64: a tiny deterministic generator, so a seed replays
// the same faults; it needs no cryptographic strength.
type splitMix struct{ state uint64 }

func newSplitMix(seed int64) splitMix {
	h := fnv.New64a()
	_, _ = h.Write([]byte(strconv.FormatInt(seed, 10)))
	return splitMix{state: h.Sum64()}
}

// float64 returns a number in [0, 1).
func (s *splitMix) float64() float64 {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}
