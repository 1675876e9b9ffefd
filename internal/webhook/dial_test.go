package webhook

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestPublic(t *testing.T) {
	for _, tt := range []struct {
		ip   string
		want bool
	}{
		{"93.184.216.34", true}, {"2a00:1450:4001::1", true},
		{"127.0.0.1", false}, {"::1", false}, {"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"fc00::1", false}, {"fd12::1", false},
		{"224.0.0.1", false}, {"ff02::1", false}, {"0.0.0.0", false}, {"::", false},
		{"::ffff:127.0.0.1", false}, {"100.64.0.1", false},
	} {
		if got := Public(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Public(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

// TestDialGuard: the check runs at dial time on the resolved address, so
// a host name resolving to loopback ("localhost") is refused as well as
// the literal; only allowlisted hosts get through.
func TestDialGuard(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':'):]
	guarded := newClient(nil, 5*time.Second)
	for _, u := range []string{srv.URL, "http://localhost" + port} {
		_, err := guarded.Get(u)
		if err == nil || !strings.Contains(err.Error(), "non-public") {
			t.Errorf("GET %s: %v, want a refusal", u, err)
		}
	}
	res, err := newClient([]string{"127.0.0.1"}, 5*time.Second).Get(srv.URL)
	if err != nil {
		t.Fatalf("allowlisted host: %v", err)
	}
	res.Body.Close()
}
