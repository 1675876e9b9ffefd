package webhook

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDialGuard: the check runs at dial time on the resolved address, so
// a host name resolving to loopback ("localhost") is refused as well as
// the literal; only allowlisted hosts get through.
func TestDialGuard(t *testing.T) {
	t.Parallel()
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
