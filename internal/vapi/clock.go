package vapi

import (
	"net/http"
	"sync"
	"time"
)

// serverClock remembers how far the API's clock was from the local one at
// the latest answer that carried a Date header.
type serverClock struct {
	mu    sync.Mutex
	skew  time.Duration
	known bool
}

// noteServerDate records the skew shown by an answer's Date header, read
// on Options.Now. A missing or unparsable Date changes nothing.
func (c *Client) noteServerDate(date string) {
	if date == "" {
		return
	}
	server, err := http.ParseTime(date)
	if err != nil {
		return
	}
	skew := server.Sub(c.now())
	c.clock.mu.Lock()
	defer c.clock.mu.Unlock()
	c.clock.skew, c.clock.known = skew, true
}

// ServerClockSkew returns the server's time minus the local time
// (Options.Now) when the latest answer with a valid Date header arrived;
// known is false until such an answer has arrived. Date has a resolution of
// one second and is stamped before the answer travels, so the skew is exact
// only to a second or so plus the network delay.
func (c *Client) ServerClockSkew() (skew time.Duration, known bool) {
	c.clock.mu.Lock()
	defer c.clock.mu.Unlock()
	return c.clock.skew, c.clock.known
}
