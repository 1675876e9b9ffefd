// Package target decides where webhooks may be sent (SSRF protection,
// ASVS 5.0 V15.3/V13.2): which IP addresses count as public, and which
// webhook URLs an API client may register. Package webhook checks every
// address it dials against Public (after DNS resolution, so rebinding
// cannot slip past); package apiclient checks a URL with CheckURL when a
// client is created, so a bad target is refused with a clear message
// instead of failing silently at every delivery.
//
// Our own code: the standard library's netip predicates cover only part of
// the IANA special-purpose registries (RFC 6890 and its updates), and no
// maintained library of the field offers the table without a transport.
package target

import (
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// special lists the IANA IPv4 and IPv6 special-purpose address blocks
// (RFC 6890 and later registrations) and the other ranges no public
// receiver lives in: this network, private, shared (carrier-grade NAT),
// loopback, link-local, IETF protocol assignments, documentation, 6to4
// relay, benchmarking, AS112, multicast, reserved and broadcast; for IPv6
// also the prefixes that embed an IPv4 address (NAT64, 6to4, Teredo) and
// so could reach any of the above.
var special = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24",
		"192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
		"224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
		"::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64",
		"2001::/23", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48", "3fff::/20", "5f00::/16",
		"fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// Public reports whether ip is a public unicast address a webhook may
// reach: not in any special-purpose block.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.Zone() != "" {
		return false
	}
	for _, p := range special {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// CheckURL checks a webhook URL at registration: an absolute https URL
// with a host and no user information (http only to a host on allow, the
// operator's --webhook-allow list); a host written as an IP address must
// be public unless allowed. Host names are checked again at every dial,
// on the addresses they resolve to then.
func CheckURL(raw string, allow []string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("the webhook URL %q is not an absolute URL (https://host/path)", raw)
	}
	host := u.Hostname()
	allowed := slices.Contains(allow, host)
	switch {
	case u.User != nil:
		return fmt.Errorf("the webhook URL must not contain a user name or password")
	case u.Scheme != "https" && !(u.Scheme == "http" && allowed):
		return fmt.Errorf("the webhook URL must use https (http only for hosts on --webhook-allow), not %q", u.Scheme)
	case host == "" || strings.ContainsAny(host, " \t\r\n\\%"):
		return fmt.Errorf("the webhook URL has no valid host")
	}
	if ip, err := netip.ParseAddr(host); err == nil && !allowed && !Public(ip) {
		return fmt.Errorf("the webhook URL names the non-public address %s", ip)
	}
	return nil
}
