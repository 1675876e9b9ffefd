package multiproc_test

import (
	"context"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"time"
)

// balancer is a small round-robin load balancer as a real one works:
// requests go to the backends whose /readyz answered 200 at the last
// check (every 100 ms), and a backend that fails a request is taken out
// at once until its /readyz answers again. A request that was sent to a
// backend that then died gets 502; the client decides whether to retry,
// so nothing is sent twice behind its back.
type balancer struct {
	backends []*backend
	next     atomic.Uint64
}

// backend is one serve process behind the balancer.
type backend struct {
	url   *url.URL
	proxy *httputil.ReverseProxy
	up    atomic.Bool
	hits  atomic.Int64
}

func newBalancer(ctx context.Context, bases ...string) *balancer {
	b := &balancer{}
	for _, base := range bases {
		u, _ := url.Parse(base)
		be := &backend{url: u, proxy: httputil.NewSingleHostReverseProxy(u)}
		be.proxy.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) {
			be.up.Store(false)
			w.WriteHeader(http.StatusBadGateway)
		}
		be.up.Store(true)
		b.backends = append(b.backends, be)
	}
	go b.check(ctx)
	return b
}

func (b *balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := uint64(len(b.backends))
	start := b.next.Add(1)
	for i := range n {
		be := b.backends[(start+i)%n]
		if be.up.Load() {
			be.hits.Add(1)
			be.proxy.ServeHTTP(w, r)
			return
		}
	}
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
}

// check asks every backend's /readyz every 100 ms until ctx ends.
func (b *balancer) check(ctx context.Context) {
	c := &http.Client{Timeout: time.Second}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		for _, be := range b.backends {
			res, err := c.Get(be.url.String() + "/readyz")
			if err == nil {
				res.Body.Close()
			}
			be.up.Store(err == nil && res.StatusCode == http.StatusOK)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
