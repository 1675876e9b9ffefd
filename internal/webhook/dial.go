package webhook

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"syscall"
	"time"

	"github.com/amtsweg/amtsweg/internal/webhook/target"
)

// newClient returns the HTTP client for deliveries with SSRF protection:
// unless the target host is on allow (exact host names or IP literals),
// every connection is checked at dial time — after DNS resolution, on the
// address actually dialled, so DNS rebinding cannot slip past a check made
// earlier — and refused for every special-purpose address (target.Public:
// loopback, private, shared, link-local, documentation, multicast, …). No proxy from the environment (it
// would hide the target) and no redirects (they could point inside).
func newClient(allow []string, timeout time.Duration) *http.Client {
	guarded := &net.Dialer{Timeout: 10 * time.Second, Control: checkAddress}
	open := &net.Dialer{Timeout: 10 * time.Second}
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err == nil && slices.Contains(allow, host) {
				return open.DialContext(ctx, network, addr)
			}
			return guarded.DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     30 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// checkAddress is the dialer's Control hook: address is the resolved
// ip:port about to be connected.
func checkAddress(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhook: refusing %s: %w", address, err)
	}
	if !target.Public(ap.Addr()) {
		return fmt.Errorf("webhook: refusing non-public address %s", ap.Addr())
	}
	return nil
}
