package tenant

import (
	"slices"
	"strings"
)

// hostName is host (a request's Host) in lower case without its port.
func hostName(host string) string {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return h
}

// OwnHost is host if the tenant claims it (port ignored) or claims no host
// at all (a single-tenant installation), else the tenant's first host: an
// answer that names its host (a signed FIT-Connect route) never names one
// a request made up in its Host header.
func (t Tenant) OwnHost(host string) string {
	if len(t.Hosts) == 0 || slices.Contains(t.Hosts, hostName(host)) {
		return host
	}
	return t.Hosts[0]
}
