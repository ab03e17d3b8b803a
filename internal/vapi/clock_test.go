package vapi

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestServerClockSkew(t *testing.T) {
	// dates[n-1] is the Date header of answer n; "" sends none.
	var clock *fakeClock
	dates := []func() string{
		func() string { return clock.Now().Add(90 * time.Second).Format(http.TimeFormat) },
		func() string { return "" },
		func() string { return "not a date" },
		func() string { return clock.Now().Add(-5 * time.Second).Format(http.TimeFormat) },
		func() string { return clock.Now().Add(-5 * time.Second).Format(time.RFC850) },
	}
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if d := dates[n-1](); d != "" {
			w.Header().Set("Date", d)
		} else {
			// A nil value keeps net/http from adding its own Date.
			w.Header()["Date"] = nil
		}
		status := http.StatusOK
		if n == 4 {
			// An error answer tells the server's time as well.
			status = http.StatusNotFound
		}
		writeJSON(w, status, `{}`)
	})
	c, clk := newTestClient(t, srv.URL, nil)
	clock = clk

	if _, known := c.ServerClockSkew(); known {
		t.Fatal("skew known before any answer")
	}
	want := []time.Duration{90 * time.Second, 90 * time.Second, 90 * time.Second, -5 * time.Second, -5 * time.Second}
	for i, w := range want {
		_ = c.Do(t.Context(), http.MethodGet, "/assistant", nil, nil)
		if skew, known := c.ServerClockSkew(); !known || skew != w {
			t.Errorf("after answer %d: skew = %s, known = %v; want %s", i+1, skew, known, w)
		}
		// The local clock moves on; the next Date follows it.
		_ = clock.Sleep(t.Context(), time.Hour)
	}
}

func TestServerClockSkewIsSafeForConcurrentUse(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusOK, `{}`)
	})
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Now = time.Now })
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := c.Do(t.Context(), http.MethodGet, "/assistant", nil, nil); err != nil {
				t.Error(err)
			}
			c.ServerClockSkew()
		})
	}
	wg.Wait()
	// Date has a resolution of one second: the local and the test server's
	// clocks agree to within it.
	if skew, known := c.ServerClockSkew(); !known || skew > time.Second || skew < -time.Second {
		t.Errorf("skew = %s, known = %v; want within a second", skew, known)
	}
}
