package fitconnect

import (
	"sync"
	"time"
)

// signedRoutes keeps the signatures of recently answered routes: signing
// costs two RSA-4096 operations (about 35 ms of CPU on a small machine),
// and the routing endpoint is public. Like the Self-Service Portal's
// signature, which is made once and then served from XZuFi, a route's
// signatures are reused — for an hour, and only while the destination's
// parameters (its key) and the signing key are the same (both are in the
// cache key).
type signedRoutes struct {
	mu sync.Mutex
	m  map[routeKey]signedRoute
}

type routeKey struct {
	host, destination, params, leika, ars, signKid string
}

type signedRoute struct {
	destination, parameters string
	until                   time.Time
}

// maxSignedRoutes bounds the cache; when full it starts again.
const maxSignedRoutes = 4096

func (c *signedRoutes) get(k routeKey, now time.Time) (signedRoute, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[k]
	return r, ok && now.Before(r.until)
}

func (c *signedRoutes) put(k routeKey, r signedRoute) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxSignedRoutes {
		c.m = make(map[routeKey]signedRoute)
	}
	c.m[k] = r
}
