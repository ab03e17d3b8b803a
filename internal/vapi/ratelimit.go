package vapi

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// newLimiter returns nil (no limit) unless rps > 0. Burst 1 keeps requests
// evenly spaced rather than letting a batch through at once.
func newLimiter(rps float64) *rate.Limiter {
	// Written as !(rps > 0) so that NaN also means "no limit".
	if !(rps > 0) {
		return nil
	}
	return rate.NewLimiter(rate.Limit(rps), 1)
}

// throttle waits for the client-side rate limit before an attempt. It takes a
// reservation and waits through Options.Sleep on Options.Now rather than
// calling Limiter.Wait, which would use real timers and the real clock and
// make the limit untestable without sleeping.
func (c *Client) throttle(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	now := c.now()
	// With burst 1 a reservation of one token is always granted.
	r := c.limiter.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	if delay <= 0 {
		return nil
	}
	tflog.Debug(ctx, "Waiting for the client-side Vapi API rate limit", map[string]any{
		"wait": delay.String(),
	})
	if err := c.sleep(ctx, delay); err != nil {
		// Hand the slot back: this request will not be sent.
		r.CancelAt(c.now())
		return &waitError{err: err}
	}
	return nil
}
