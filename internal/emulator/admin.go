package emulator

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// CallsPath is the emulator's own route that simulates a call:
//
//	POST /__emulator/calls
//	Authorization: Bearer <the emulator's API key>
//	{"phoneNumberId": "…"} or {"assistantId": "…"}, optionally with
//	"functions": ["get_weather", …] and "customerNumber": "+1…"
//
// It answers 200 with the CallReport once the call has been played (which
// takes as long as the webhooks take), 400 for a call that cannot be
// simulated as given, 404 when the phone number or assistant does not exist
// and 401 without the key. Webhooks go to loopback hosts only. Routes under
// /__emulator/ are not Vapi's: they skip faults and latency and are not in
// the request log.
const CallsPath = "/__emulator/calls"

const adminPrefix = "/__emulator/"

// serveAdmin answers the emulator's own routes and reports whether the
// request was one.
func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, adminPrefix) {
		return false
	}
	e.send(w, e.admin(r))
	return true
}

func (e *Emulator) admin(r *http.Request) response {
	if r.URL.Path != CallsPath || r.Method != http.MethodPost {
		return errorResponse(http.StatusNotFound, "Cannot "+r.Method+" "+r.URL.Path)
	}
	if !e.authorized(r.Header.Get("Authorization")) {
		return errorResponse(http.StatusUnauthorized, unauthorizedMessage)
	}
	var spec CallSpec
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return errorResponse(http.StatusBadRequest, "the body must be a call: "+err.Error())
	}
	report, err := e.SimulateCall(r.Context(), spec, DispatchOptions{})
	switch {
	case errors.Is(err, ErrNotFound):
		return errorResponse(http.StatusNotFound, err.Error())
	case err != nil:
		return errorResponse(http.StatusBadRequest, err.Error())
	}
	return reply(http.StatusOK, report)
}
