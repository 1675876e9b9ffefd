package apiclient

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// TokenGuard throttles the OAuth token endpoint (ASVS 5.0 V6.3.1 against
// credential guessing): a token bucket per client_id named in the request
// (known or not, so the answer reveals nothing) and one per source
// address (an IPv4 address or an IPv6 /64). Like Limiter it lives in this
// process's memory; behind N processes the rates multiply by N, which
// still bounds guessing to a few attempts per second.
type TokenGuard struct {
	mu        sync.Mutex
	buckets   map[string]*bucket
	now       func() time.Time
	perClient float64 // requests per minute per client_id
	perSource float64 // requests per minute per source address
}

// Token endpoint rates: a client needs one token per 5 minutes
// (ExpiresIn); 20 a minute leaves room for restarts, 120 a minute per
// source for many clients behind one host.
const (
	TokenRatePerClient = 20
	TokenRatePerSource = 120
	maxGuardBuckets    = 100_000 // then full buckets are forgotten
)

// NewTokenGuard returns a guard with the default rates; now nil means
// time.Now.
func NewTokenGuard(now func() time.Time) *TokenGuard {
	if now == nil {
		now = time.Now
	}
	return &TokenGuard{buckets: map[string]*bucket{}, now: now, perClient: TokenRatePerClient, perSource: TokenRatePerSource}
}

// Allow takes one token for clientID and one for the source address
// remoteAddr ("host:port" or "host") and reports whether both had one;
// when not, nothing is taken and it returns how long until the next.
func (g *TokenGuard) Allow(clientID, remoteAddr string) (bool, time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.forget(now)
	c := g.fill("c:"+clientID, g.perClient, now)
	s := g.fill("s:"+sourceOf(remoteAddr), g.perSource, now)
	if c.tokens < 1 || s.tokens < 1 {
		wait := max(refill(c, g.perClient), refill(s, g.perSource))
		return false, wait
	}
	c.tokens--
	s.tokens--
	return true, 0
}

// fill returns key's bucket refilled up to now.
func (g *TokenGuard) fill(key string, rate float64, now time.Time) *bucket {
	b := g.buckets[key]
	if b == nil {
		b = &bucket{tokens: rate, last: now}
		g.buckets[key] = b
	}
	b.tokens = min(rate, b.tokens+now.Sub(b.last).Seconds()*rate/60)
	b.last = now
	return b
}

// refill is how long until b holds one token again.
func refill(b *bucket, rate float64) time.Duration {
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * 60 / rate * float64(time.Second))
}

// forget drops buckets that have refilled completely once the map grows
// past maxGuardBuckets, so random client ids cannot fill the memory.
func (g *TokenGuard) forget(now time.Time) {
	if len(g.buckets) < maxGuardBuckets {
		return
	}
	for k, b := range g.buckets {
		if now.Sub(b.last) >= time.Minute {
			delete(g.buckets, k)
		}
	}
}

// sourceOf is the throttled unit of a client address: the IPv4 address
// or the IPv6 /64 network.
func sourceOf(remoteAddr string) string {
	host := remoteAddr
	if h, _, err := net.SplitHostPort(remoteAddr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return "unknown"
	}
	if ip = ip.Unmap(); ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
