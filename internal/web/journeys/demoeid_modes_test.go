package journeys_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestDemoEIDOnlyInDemoMode: without --demo, and with --demo but a real
// provider configured, the demo eID does not exist: its paths are the
// portal's plain 404 and no login page offers it.
func TestDemoEIDOnlyInDemoMode(t *testing.T) {
	d := storetest.Dialects()[len(storetest.Dialects())-1]
	op := ssotest.Start(t)
	modes := map[string]func(*config.Config){
		"no demo":            func(c *config.Config) { c.Demo = false },
		"demo with provider": func(c *config.Config) { c.OIDC = op.Config() },
	}
	for name, configure := range modes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			base, _, _ := webtest.AccountApp(t, d, configure)
			for _, p := range []string{"/demo-eid/.well-known/openid-configuration", "/demo-eid/anmelden?id=x", "/demo-eid/keys"} {
				res, err := http.Get(base + p)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusNotFound {
					t.Errorf("%s: %d, want 404", p, res.StatusCode)
				}
			}
			v := newVisitor(t, base)
			v.get("/anmelden?level=substantial&next=/antrag/elterngeld")
			if strings.Contains(v.body, "Demo-eID") {
				t.Error("the login page offers the demo eID")
			}
		})
	}
}

// TestDemoEIDTenantHost: a tenant on its own host name (the demo's
// Thuringia on thueringen.localhost) logs in with the demo eID on that
// host: the provider's page, the redirect URI and the session cookie all
// stay on it.
func TestDemoEIDTenantHost(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base, _, _ := webtest.AccountApp(t, d, func(*config.Config) {})
			u, _ := url.Parse(base)
			v := newVisitor(t, "http://thueringen.localhost:"+u.Port())
			v.c.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, u.Host)
			}}
			v.get("/anmelden?level=high&next=/konto")
			v.get(attrOf(t, v.body, `id="sso-login" href="([^"]+)"`))
			if v.at.Host != "thueringen.localhost:"+u.Port() || v.at.Path != "/demo-eid/anmelden" {
				t.Fatalf("the demo eID's page is at %s, want on the tenant's host", v.at)
			}
			v.post("/demo-eid/anmelden", url.Values{"id": {v.at.Query().Get("id")}, "person": {"demo-sophie-neumann"}, "level": {"high"}})
			if v.at.Host != "thueringen.localhost:"+u.Port() || v.at.Path != "/konto" || !strings.Contains(v.body, "Sophie Neumann") ||
				!strings.Contains(v.body, "Vertrauensniveau der Anmeldung: hoch.") {
				t.Fatalf("after the login at %s: %s", v.at, errorsOn(v.body))
			}
		})
	}
}
