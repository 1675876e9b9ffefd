package journeys_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// isoReceiver is a real webhook endpoint of one tenant's client: it
// verifies the Standard Webhooks signature with the client's secret,
// parses the CloudEvent and keeps the events.
type isoReceiver struct {
	url    string
	secret string
	mu     sync.Mutex
	got    []isoEvent
	bad    int // deliveries with an invalid signature
}

// isoEvent is what the isolation test reads of an event.
type isoEvent struct {
	ID        string `json:"id"`
	Reference string `json:"reference"`
	CaseID    int64  `json:"caseId"`
}

// isoListen starts a receiver on 127.0.0.1 (the app allows it by
// --webhook-allow) until the test ends.
func isoListen(t *testing.T) *isoReceiver {
	rc := &isoReceiver{}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	rc.url = srv.URL
	return rc
}

func (rc *isoReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	rc.mu.Lock()
	defer rc.mu.Unlock()
	// As a specialised system receives them: the Standard Webhooks
	// library verifies, the CloudEvents SDK parses.
	var e isoEvent
	wh, err := standardwebhooks.NewWebhook(apiclient.StandardWebhookSecret(rc.secret))
	if err == nil {
		err = wh.Verify(body, r.Header)
	}
	var ev *cloudevents.Event
	if err == nil {
		ev, err = cloudevents.NewEventFromHTTPRequest(r)
	}
	if err == nil {
		err = ev.DataAs(&e)
	}
	if err != nil || e.Reference != ev.Subject() {
		rc.bad++
		http.Error(w, "bad signature or event", http.StatusUnauthorized)
		return
	}
	e.ID = ev.ID()
	rc.got = append(rc.got, e)
	w.WriteHeader(http.StatusNoContent)
}

func (rc *isoReceiver) events() ([]isoEvent, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.got), rc.bad
}

// isoEvents: own's tenant-wide feed from the start holds own's case's
// events and none of other's; own's webhook receiver gets every event of
// own's case, validly signed, and none of other's; no delivery of own's
// client points at another tenant's event.
func isoEvents(t *testing.T, w *boWorld, own, other isoTenant) {
	ctx := context.Background()
	otherIDs := isoEventIDs(t, w, other.tenantID)
	if len(otherIDs) == 0 {
		t.Fatalf("%s has no events: the check below could not fail", other.name)
	}
	status, body := isoAPIGet(t, w, "/api/v1/events?after=0&limit=500", own.wideKey, own.host)
	var page struct {
		Items []isoEvent `json:"items"`
	}
	boCheck(t, json.Unmarshal([]byte(body), &page))
	var want []string
	for _, e := range page.Items {
		if e.Reference == own.c.Reference {
			want = append(want, e.ID)
		}
		if otherIDs[e.ID] || e.Reference == other.c.Reference || e.CaseID == other.c.ID {
			t.Errorf("%s: the event feed holds %s's event %+v", own.name, other.name, e)
		}
	}
	if status != http.StatusOK || len(want) < 3 { // submitted, routed, message, notice, ...
		t.Fatalf("%s: event feed %d with %d events of its own case", own.name, status, len(want))
	}
	var got []isoEvent
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		got, _ = own.hook.events()
		if isoCovers(got, want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the webhook received %d events, not all %d of its case", own.name, len(got), len(want))
		}
	}
	for _, e := range got {
		if otherIDs[e.ID] || e.Reference == other.c.Reference {
			t.Errorf("%s's webhook received %s's event %+v", own.name, other.name, e)
		}
	}
	if _, bad := own.hook.events(); bad != 0 {
		t.Errorf("%s's webhook: %d deliveries not signed with its secret", own.name, bad)
	}
	var foreign int
	boCheck(t, w.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_delivery d JOIN event e ON e.seq = d.event_seq
		WHERE d.client_id = $1 AND e.tenant_id <> $2`, own.wideID, own.tenantID).Scan(&foreign))
	if foreign != 0 {
		t.Errorf("%s's webhook client has %d deliveries of other tenants' events", own.name, foreign)
	}
}

// isoEventIDs is the set of tenantID's event ids.
func isoEventIDs(t *testing.T, w *boWorld, tenantID tenant.ID) map[string]bool {
	t.Helper()
	rows, err := w.db.QueryContext(context.Background(), `SELECT id FROM event WHERE tenant_id = $1`, tenantID)
	boCheck(t, err)
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		boCheck(t, rows.Scan(&id))
		ids[id] = true
	}
	boCheck(t, rows.Err())
	return ids
}

// isoCovers reports whether got holds every event id of want.
func isoCovers(got []isoEvent, want []string) bool {
	for _, id := range want {
		if !slices.ContainsFunc(got, func(e isoEvent) bool { return e.ID == id }) {
			return false
		}
	}
	return true
}
