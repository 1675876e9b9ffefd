package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

const formatPath = "/verwaltung/mandant/api-clients/format"

// TestAdminWebhookFormat: the API clients page shows the sunset date next
// to a client still on the deprecated format; switching it to CloudEvents
// changes the format the webhook sender reads (apiclient.Get) and is
// audited; an unknown format is refused with the page and nothing changed;
// B's admin cannot switch A's client (404 like an unknown one) — on both
// databases.
func TestAdminWebhookFormat(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			ctx := context.Background()
			admin := w.Principal(t, w.TenantA, "")
			token := w.Session(t, admin.AccountID)
			tokenB := w.Session(t, w.Principal(t, w.TenantB, "").AccountID)
			a := legacyClient(t, w, w.TenantA, "Fachverfahren Alt")

			status, _, body := w.Do(t, http.MethodGet, "/verwaltung/mandant/api-clients", token, "", "")
			if status != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`id="client-%d-sunset"`, a)) || !strings.Contains(body, "31.12.2027") ||
				!strings.Contains(body, "Auf CloudEvents umstellen") || strings.Contains(body, i18n.MissingMarker) {
				t.Fatalf("clients page: %d, no sunset next to the legacy client", status)
			}
			for _, bad := range []struct {
				token, host, form string
				want              int
			}{
				{token, "", fmt.Sprint("client=", a, "&format=xml"), http.StatusUnprocessableEntity},
				{tokenB, webtest.HostB, fmt.Sprint("client=", a, "&format=cloudevents"), http.StatusNotFound},
				{tokenB, webtest.HostB, "client=999999999&format=cloudevents", http.StatusNotFound},
			} {
				status, _, body := w.Do(t, http.MethodPost, formatPath, bad.token, bad.host, bad.form)
				if status != bad.want || (bad.want == http.StatusUnprocessableEntity && !strings.Contains(body, `id="client-format-error"`)) {
					t.Errorf("%s: %d, want %d", bad.form, status, bad.want)
				}
				if f := formatOf(t, w, a); f != apiclient.FormatAmtsweg {
					t.Errorf("%s switched A's client to %s", bad.form, f)
				}
			}
			status, loc, _ := w.Do(t, http.MethodPost, formatPath, token, "", fmt.Sprint("client=", a, "&format=cloudevents"))
			if status != http.StatusSeeOther || loc != "/verwaltung/mandant/api-clients?hinweis=format" {
				t.Fatalf("switch: %d %s", status, loc)
			}
			if f := formatOf(t, w, a); f != apiclient.FormatCloudEvents {
				t.Errorf("after the switch the sender reads format %s", f)
			}
			var actor string
			webtest.Check(t, w.DB.QueryRowContext(ctx, `SELECT actor FROM audit_log WHERE action = 'apiclient.webhook_format'
				AND tenant_id = $1 AND object_id = $2`, w.TenantA, fmt.Sprint(a)).Scan(&actor))
			if actor != fmt.Sprint("staff:", admin.AccountID) {
				t.Errorf("switch audited as %q", actor)
			}
			_, _, body = w.Do(t, http.MethodGet, loc, token, "", "")
			if !strings.Contains(body, `id="client-format-switched"`) || strings.Contains(body, fmt.Sprintf(`id="client-%d-sunset"`, a)) ||
				!strings.Contains(body, "Zurück zum alten Format") {
				t.Errorf("after the switch the page shows no notice or still the sunset")
			}
		})
	}
}

// legacyClient creates a client of tenantID with a webhook on the
// deprecated format, as clients made before CloudEvents are.
func legacyClient(t *testing.T, w *webtest.World, tenantID tenant.ID, name string) int64 {
	t.Helper()
	c, err := apiclient.Create(context.Background(), w.DB, "test", apiclient.New{TenantID: tenantID, Name: name,
		Scopes: []apiclient.Scope{apiclient.EventsRead}, WebhookURL: "https://receiver.example/hook",
		WebhookFormat: apiclient.FormatAmtsweg, Secrets: blobtest.KeysOf(t, w.DB, w.Dir)})
	webtest.Check(t, err)
	return c.ID
}

// formatOf is the format the webhook sender reads for client id.
func formatOf(t *testing.T, w *webtest.World, id int64) apiclient.WebhookFormat {
	t.Helper()
	c, err := apiclient.Get(context.Background(), w.DB, id)
	webtest.Check(t, err)
	return c.WebhookFormat
}
