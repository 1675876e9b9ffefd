package webhook_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// TestSignStandardVector: SignStandard gives the signature of the
// Standard Webhooks test vector (secret, message id, timestamp and body
// from the specification's reference libraries).
func TestSignStandardVector(t *testing.T) {
	t.Parallel()
	key, err := stdDecode("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	check(t, err)
	h := http.Header{}
	check(t, webhook.SignStandard(h, [][]byte{key}, "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`)))
	if got, want := h.Get("webhook-signature"), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("signature %q, want %q", got, want)
	}
	if h.Get("webhook-id") != "msg_p5jXN8AQM9LWM0D4loKWxJek" || h.Get("webhook-timestamp") != "1614265330" {
		t.Errorf("headers %v", h)
	}
	// Two keys (a rotation) give two signatures; each verifies alone.
	h = http.Header{}
	check(t, webhook.SignStandard(h, [][]byte{[]byte("old key"), []byte("new key")}, "msg_1", time.Now(), []byte("{}")))
	if n := len(strings.Fields(h.Get("webhook-signature"))); n != 2 {
		t.Fatalf("%d signatures, want 2: %q", n, h.Get("webhook-signature"))
	}
	for _, k := range []string{"old key", "new key"} {
		wh, err := standardwebhooks.NewWebhookRaw([]byte(k))
		check(t, err)
		check(t, wh.Verify([]byte("{}"), h))
	}
}

// delivery is one request a receiver got.
type delivery struct {
	header http.Header
	body   []byte
	event  *cloudevents.Event // parsed by the CloudEvents SDK from the request
	err    error              // the SDK's error
}

// sink is a webhook receiver on 127.0.0.1 that answers 500 to the first
// failFirst requests and hands every request to the test.
type sink struct {
	failFirst int
	got       chan delivery
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	ev, err := cloudevents.NewEventFromHTTPRequest(r)
	s.got <- delivery{header: r.Header.Clone(), body: body, event: ev, err: err}
	if s.failFirst > 0 {
		s.failFirst--
		http.Error(w, "not now", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *sink) next(t *testing.T) delivery {
	t.Helper()
	select {
	case d := <-s.got:
		return d
	case <-time.After(30 * time.Second):
		t.Fatal("no delivery within 30 s")
		return delivery{}
	}
}

// TestCloudEventDelivery: a real delivery from the dispatcher to a
// receiver on 127.0.0.1 verifies with the official Standard Webhooks
// library (the secret as whsec_…) and parses with the CloudEvents SDK,
// with the event's type, source, id, subject, time and data; a retry
// carries the same ids; a tampered body, a wrong secret and an old
// timestamp fail. A client on the deprecated format gets the old envelope,
// still verifiable with both signatures, marked deprecated.
func TestCloudEventDelivery(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Sachsen", Hosts: []string{"sn.portal.example"}})
		check(t, err)
		keys := blobtest.Keys(t, db)
		ce, old := &sink{failFirst: 1, got: make(chan delivery, 10)}, &sink{got: make(chan delivery, 10)}
		ceSrv, oldSrv := httptest.NewServer(ce), httptest.NewServer(old)
		defer ceSrv.Close()
		defer oldSrv.Close()
		client := func(url string, f apiclient.WebhookFormat) apiclient.Created {
			c, err := apiclient.Create(ctx, db, "test", apiclient.New{TenantID: tn.ID, Name: "FV " + string(f), Scopes: []apiclient.Scope{apiclient.EventsRead},
				WebhookURL: url + "/hook", WebhookAllow: []string{"127.0.0.1"}, WebhookFormat: f, Secrets: keys})
			check(t, err)
			return c
		}
		ceClient, oldClient := client(ceSrv.URL, ""), client(oldSrv.URL, apiclient.FormatAmtsweg)
		if ceClient.WebhookFormat != apiclient.FormatCloudEvents {
			t.Fatalf("a new client's format is %q, want cloudevents", ceClient.WebhookFormat)
		}

		var e events.Event
		check(t, db.Tx(ctx, func(tx *store.Tx) error {
			e, err = events.AppendTx(ctx, tx, events.Event{Type: events.Routed, TenantID: tn.ID, AuthorityID: 3, ApplicationID: 7,
				CaseID: 9, Reference: "SN-2026-000042", Data: map[string]any{"action": "route", "to": "received"}})
			return err
		}))

		q, err := jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Config{PollInterval: 10 * time.Millisecond})
		check(t, err)
		ws, err := webhook.New(db, q, slog.New(slog.NewTextHandler(io.Discard, nil)), webhook.Config{Interval: 20 * time.Millisecond,
			FirstRetry: 20 * time.Millisecond, MaxRetry: 50 * time.Millisecond, Allow: []string{"127.0.0.1"}, Secrets: keys,
			BaseURL: func() string { return "https://portal.example" }})
		check(t, err)
		runCtx, cancel := context.WithCancel(ctx)
		check(t, q.Start(runCtx))
		go ws.Run(runCtx)
		defer func() { cancel(); q.Stop(ctx) }()

		first, retry := ce.next(t), ce.next(t) // answered 500, then 204
		secret := apiclient.StandardWebhookSecret(ceClient.WebhookSecret)
		for _, d := range []delivery{first, retry} {
			wh, err := standardwebhooks.NewWebhook(secret)
			check(t, err)
			if err := wh.Verify(d.body, d.header); err != nil {
				t.Fatalf("Standard Webhooks verification: %v\n%s\n%v", err, d.body, d.header)
			}
			checkCloudEvent(t, d, e)
		}
		if first.header.Get("webhook-id") != retry.header.Get("webhook-id") || first.event.ID() != retry.event.ID() {
			t.Errorf("the retry changed the ids: %s/%s, %s/%s", first.header.Get("webhook-id"), retry.header.Get("webhook-id"),
				first.event.ID(), retry.event.ID())
		}
		refused(t, secret, retry)

		// The deprecated format: the old envelope, both signatures, marked.
		d := old.next(t)
		var env events.Event
		check(t, json.Unmarshal(d.body, &env))
		if env.ID != e.ID || env.Type != events.Routed || env.Reference != e.Reference || env.Seq != e.Seq {
			t.Errorf("old envelope %+v, want %+v", env, e)
		}
		check(t, webhook.Verify(oldClient.WebhookSecret, d.header.Get(webhook.SignatureHeader), d.body, time.Now()))
		wh, err := standardwebhooks.NewWebhook(apiclient.StandardWebhookSecret(oldClient.WebhookSecret))
		check(t, err)
		check(t, wh.Verify(d.body, d.header))
		if d.header.Get("Deprecation") == "" || d.header.Get("Sunset") == "" || d.header.Get("Content-Type") != "application/json" {
			t.Errorf("old format's headers %v", d.header)
		}

		// The switch: the same client gets CloudEvents from the next event on.
		check(t, apiclient.SetWebhookFormat(ctx, db, "test", tn.ID, oldClient.ID, apiclient.FormatCloudEvents))
		check(t, db.Tx(ctx, func(tx *store.Tx) error {
			e, err = events.AppendTx(ctx, tx, events.Event{Type: events.Decided, TenantID: tn.ID, AuthorityID: 3, ApplicationID: 7,
				CaseID: 9, Reference: "SN-2026-000042", Data: map[string]any{"action": "decide", "outcome": "approved"}})
			return err
		}))
		d = old.next(t)
		check(t, wh.Verify(d.body, d.header))
		checkCloudEvent(t, d, e)
	})
}

// checkCloudEvent checks what the CloudEvents SDK made of d against e.
func checkCloudEvent(t *testing.T, d delivery, e events.Event) {
	t.Helper()
	if d.err != nil {
		t.Fatalf("CloudEvents SDK: %v\n%s", d.err, d.body)
	}
	ev := d.event
	check(t, ev.Validate())
	if ct := d.header.Get("Content-Type"); ct != "application/cloudevents+json" {
		t.Errorf("Content-Type %q, want structured mode", ct)
	}
	if ev.SpecVersion() != "1.0" || ev.Type() != "de.amtsweg."+string(e.Type) || ev.Source() != "https://sn.portal.example" ||
		ev.ID() != e.ID || ev.Subject() != e.Reference || !ev.Time().Equal(e.At) || ev.DataContentType() != "application/json" {
		t.Errorf("event %s\nwant type de.amtsweg.%s, id %s, subject %s, time %s", ev, e.Type, e.ID, e.Reference, e.At)
	}
	if d.header.Get("webhook-id") != e.ID {
		t.Errorf("webhook-id %q, want the event id %s", d.header.Get("webhook-id"), e.ID)
	}
	var data events.CloudEventData
	check(t, ev.DataAs(&data))
	if data.Seq != e.Seq || data.CaseID != e.CaseID || data.ApplicationID != e.ApplicationID || data.AuthorityID != e.AuthorityID ||
		data.Reference != e.Reference || data.Data["action"] != e.Data["action"] {
		t.Errorf("data %+v, want of %+v", data, e)
	}
}

// refused: the library refuses d with a tampered body, with another
// secret, and when signed with a timestamp older than its tolerance.
func refused(t *testing.T, secret string, d delivery) {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(secret)
	check(t, err)
	tampered := bytes.Replace(d.body, []byte(`"subject":"SN`), []byte(`"subject":"XX`), 1)
	if bytes.Equal(tampered, d.body) {
		t.Fatal("could not tamper with the body")
	}
	if err := wh.Verify(tampered, d.header); !errors.Is(err, standardwebhooks.ErrNoMatchingSignature) {
		t.Errorf("tampered body: %v, want no matching signature", err)
	}
	other, err := standardwebhooks.NewWebhook(apiclient.StandardWebhookSecret("another secret"))
	check(t, err)
	if err := other.Verify(d.body, d.header); !errors.Is(err, standardwebhooks.ErrNoMatchingSignature) {
		t.Errorf("wrong secret: %v, want no matching signature", err)
	}
	key, err := stdDecode(secret)
	check(t, err)
	stale := http.Header{}
	check(t, webhook.SignStandard(stale, [][]byte{key}, d.header.Get("webhook-id"), time.Now().Add(-6*time.Minute), d.body))
	if err := wh.Verify(d.body, stale); !errors.Is(err, standardwebhooks.ErrMessageTooOld) {
		t.Errorf("old timestamp: %v, want too old", err)
	}
}

// stdDecode is the key of a whsec_ secret.
func stdDecode(secret string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
