package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// getHost GETs path from base with the Host header host.
func getHost(t *testing.T, base, host, path string) (*http.Response, string) {
	t.Helper()
	u := base + path
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	res, err := webtest.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return res, b.String()
}

// TestTenantByHost: the demo's two tenants share one installation and one
// Elterngeld procedure; the host name selects the tenant, its branding
// (stylesheet, imprint) and its overlay (fees, hints).
func TestTenantByHost(t *testing.T) {
	t.Parallel()
	base := browsertest.Start(t)
	const th, sn = "thueringen.localhost", "127.0.0.1"
	tests := []struct {
		name, host, path string
		status           int
		want, notWant    []string
	}{
		{"TH intro shows TH overlay", th, "/antrag/elterngeld", 200,
			[]string{"Freistaat Thüringen", "in Thüringen gebührenfrei", "Elterngeldstellen der Thüringer Landkreise", `href="/static/tenant/th.css"`}, nil},
		{"SN intro shows the shared procedure", sn, "/antrag/elterngeld", 200,
			[]string{"Freistaat Sachsen", "Elterngeld"}, []string{"Thüringen", "/static/tenant/"}},
		{"TH imprint is the tenant's text", th, "/impressum", 200, []string{"Dieses Impressum ist ein Beispiel"}, nil},
		{"SN imprint is the generic text", sn, "/impressum", 200, nil, []string{"Dieses Impressum ist ein Beispiel"}},
		{"TH stylesheet", th, "/static/tenant/th.css", 200, []string{"--kern-color-action-default: #00527a;"}, []string{"<"}},
		{"no stylesheet without theme", sn, "/static/tenant/sn.css", 404, nil, nil},
		{"no stylesheet for unknown tenant", th, "/static/tenant/xx.css", 404, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := getHost(t, base, tt.host, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("unexpected %q", w)
				}
			}
		})
	}
}
