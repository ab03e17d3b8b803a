package provider

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/vapi-community/terraform-provider-vapi/internal/emulator"
)

// benchLatency is the emulator's answer time: far above the loopback's and
// the provider's own costs, so ns/op counts round trips.
const benchLatency = 50 * time.Millisecond

// BenchmarkEffectiveServerURL compares one plain GET with the data source's
// resolution (resolveEffectiveServerURL, what Read runs) against an API that
// takes 50 ms to answer. The four-level resolution should cost about one
// round trip, the inferred-assistant one about two; round-trips/op reports
// ns/op in units of that latency. Run it with
//
//	go test -run '^$' -bench EffectiveServerURL -benchtime 20x ./internal/provider/
func BenchmarkEffectiveServerURL(b *testing.B) {
	f := newResolveFixture(b, emulator.Options{Latency: benchLatency})
	data := f.data(b, nil)
	ctx := context.Background()
	reportRoundTrips := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(benchLatency), "round-trips/op")
	}

	b.Run("plain_get", func(b *testing.B) {
		for b.Loop() {
			var out routedObject
			if err := data.client.Do(ctx, http.MethodGet, "/tool/"+f.tool, nil, &out); err != nil {
				b.Fatal(err)
			}
		}
		reportRoundTrips(b)
	})
	b.Run("tool_calls_four_levels", func(b *testing.B) {
		q := effectiveServerURLQuery{Event: "tool-calls", FunctionToolID: f.tool, AssistantID: f.assistant, PhoneNumberID: f.phone}
		for b.Loop() {
			if _, diags := resolveEffectiveServerURL(ctx, data, q); diags.HasError() {
				b.Fatal(diags)
			}
		}
		reportRoundTrips(b)
	})
	b.Run("inferred_assistant", func(b *testing.B) {
		q := effectiveServerURLQuery{Event: "tool-calls", FunctionToolID: f.tool, PhoneNumberID: f.phone}
		for b.Loop() {
			if _, diags := resolveEffectiveServerURL(ctx, data, q); diags.HasError() {
				b.Fatal(diags)
			}
		}
		reportRoundTrips(b)
	})
}
