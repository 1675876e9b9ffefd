package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// hooks is the example's Receiver on 127.0.0.1, registered as the webhook
// of an API client of the authority; events gets what it verified.
type hooks struct {
	url    string
	events chan cloudevents.Event
}

// listenHooks creates the webhook client and starts its Receiver.
func listenHooks(t *testing.T, a *app.App, tenantID tenant.ID, authority int64) *hooks {
	t.Helper()
	h := &hooks{events: make(chan cloudevents.Event, 64)}
	var recv atomic.Pointer[http.Handler]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := recv.Load(); p != nil {
			(*p).ServeHTTP(w, r)
			return
		}
		http.Error(w, "not ready", http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/hook"
	c, err := apiclient.Create(t.Context(), a.DB, "test", apiclient.New{TenantID: tenantID, AuthorityID: authority, Name: "Fachverfahren Webhook",
		Scopes: []apiclient.Scope{apiclient.EventsRead}, WebhookURL: h.url, WebhookAllow: []string{"127.0.0.1"}, Secrets: a.Keys})
	check(t, err)
	rh, err := Receiver(apiclient.StandardWebhookSecret(c.WebhookSecret), func(e cloudevents.Event) { h.events <- e })
	check(t, err)
	recv.Store(&rh)
	return h
}

// await returns the first event of type typ about subject, within 60 s.
func (h *hooks) await(t *testing.T, typ, subject string) cloudevents.Event {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case e := <-h.events:
			if e.Type() == typ && e.Subject() == subject {
				return e
			}
		case <-deadline:
			t.Fatalf("no %s event about %s within 60 s", typ, subject)
		}
	}
}

// refuses: the Receiver answers 401 to an unsigned delivery and to one
// signed with another key, and hands neither on.
func (h *hooks) refuses(t *testing.T) {
	t.Helper()
	body := `{"specversion":"1.0","type":"de.amtsweg.case.decided","source":"urn:x","id":"forged","subject":"SN-1","data":{}}`
	forged := http.Header{"Content-Type": {"application/cloudevents+json"}}
	check(t, webhook.SignStandard(forged, [][]byte{[]byte("not the secret")}, "forged", time.Now(), []byte(body)))
	for _, hdr := range []http.Header{{"Content-Type": {"application/cloudevents+json"}}, forged} {
		req, err := http.NewRequestWithContext(t.Context(), "POST", h.url, strings.NewReader(body))
		check(t, err)
		req.Header = hdr
		res, err := http.DefaultClient.Do(req)
		check(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("forged delivery: %d, want 401", res.StatusCode)
		}
	}
	select {
	case e := <-h.events:
		if e.ID() == "forged" {
			t.Errorf("the forged event was handed on: %s", e)
		}
	default:
	}
}
