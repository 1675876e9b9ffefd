package tenant

import "testing"

// TestOwnHost: a host the tenant claims (any case, any port) is kept, a
// made-up one becomes the tenant's first host, and a tenant without hosts
// keeps whatever the request names.
func TestOwnHost(t *testing.T) {
	t.Parallel()
	claimed := Tenant{Hosts: []string{"amt24.example", "portal.example"}}
	for _, c := range []struct {
		t          Tenant
		host, want string
	}{
		{claimed, "portal.example", "portal.example"},
		{claimed, "Portal.Example:8443", "Portal.Example:8443"},
		{claimed, "evil.example", "amt24.example"},
		{claimed, "evil.example:443", "amt24.example"},
		{claimed, "[::1]", "amt24.example"},
		{Tenant{}, "127.0.0.1:8080", "127.0.0.1:8080"},
	} {
		if got := c.t.OwnHost(c.host); got != c.want {
			t.Errorf("OwnHost(%q) with hosts %v = %q, want %q", c.host, c.t.Hosts, got, c.want)
		}
	}
}
