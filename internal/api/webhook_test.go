package api_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/api"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// receiver is a webhook endpoint as docs/webhooks.md tells receivers to
// write it: verify the signature, dedupe by event id, process once.
type receiver struct {
	secret    string
	mu        sync.Mutex
	processed []string // event ids in the order processed
	arrivals  int      // deliveries received, duplicates included
	rejected  int
	body      []byte
	header    string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if err := webhook.Verify(rc.secret, r.Header.Get(webhook.SignatureHeader), body, time.Now()); err != nil {
		rc.mu.Lock()
		rc.rejected++
		rc.mu.Unlock()
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.arrivals++
	rc.body, rc.header = body, r.Header.Get(webhook.SignatureHeader)
	if id := r.Header.Get("Amtsweg-Event-Id"); !slices.Contains(rc.processed, id) {
		rc.processed = append(rc.processed, id)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) ids() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.processed)
}

// serve starts rc on addr ("127.0.0.1:0" for a new port), retrying while a
// just-closed port is not yet free.
func serve(t *testing.T, rc http.Handler, addr string) *httptest.Server {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	check(t, err)
	srv := httptest.NewUnstartedServer(rc)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	return srv
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestWebhooks: a receiver that is down for a while gets every event once
// it is back, each processed once, with valid signatures; a tampered body
// fails the documented verifier; deliveries to a dead endpoint are
// dead-lettered after the retry window and can be redelivered.
func TestWebhooks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		rc := &receiver{}
		srv := serve(t, rc, "127.0.0.1:0")
		addr := srv.Listener.Addr().String()
		a := f.client(t, f.clearing, 1000, "http://"+addr+"/hook", all...)
		rc.secret = a.WebhookSecret
		gone := serve(t, http.NotFoundHandler(), "127.0.0.1:0")
		gone.Close() // nothing listens here any more
		dead := f.client(t, f.other, 1000, gone.URL+"/hook", all...)

		ws, err := webhook.New(db, f.q, f.log, webhook.Config{Interval: 50 * time.Millisecond, FirstRetry: 50 * time.Millisecond,
			MaxRetry: 300 * time.Millisecond, GiveUpAfter: 3 * time.Second, Allow: []string{"127.0.0.1"}, Secrets: blobtest.Keys(t, db)})
		check(t, err)
		ctx, cancel := context.WithCancel(bg())
		check(t, f.q.Start(ctx))
		go ws.Run(ctx)
		t.Cleanup(func() { cancel(); f.q.Stop(bg()) })

		c1 := f.submit(t)
		eventually(t, "the first event", func() bool { return len(rc.ids()) == 1 })

		srv.Close() // the receiver goes down; events keep happening
		_, err = f.cases.Move(bg(), f.staff, c1.ID, casework.ActReview, "")
		check(t, err)
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/messages", a.APIKey, api.NewMessage{Subject: "S", Body: "B"}, nil), 201)
		c2 := f.submit(t)
		_, err = f.cases.Forward(bg(), f.staff, c2.ID, f.other, "zuständig")
		check(t, err)
		eventually(t, "several failed attempts", func() bool {
			var n int
			err := db.QueryRowContext(bg(), `SELECT COALESCE(MAX(attempts), 0) FROM webhook_delivery WHERE client_id = $1`, a.ID).Scan(&n)
			return err == nil && n >= 2
		})

		srv = serve(t, rc, addr) // back on the same address
		defer srv.Close()
		want, err := events.Feed(bg(), db, events.Scope{TenantID: f.tenant, AuthorityID: f.clearing}, 0, 100)
		check(t, err)
		if len(want) != 4 {
			t.Fatalf("%d events for the clearing office, want 4: %v", len(want), types(want))
		}
		var wantIDs []string
		for _, e := range want {
			wantIDs = append(wantIDs, e.ID)
		}
		eventually(t, "every event after the outage", func() bool { return len(rc.ids()) >= len(wantIDs) })
		got := rc.ids()
		slices.Sort(got)
		slices.Sort(wantIDs)
		if !slices.Equal(got, wantIDs) {
			t.Fatalf("processed %v, want %v", got, wantIDs)
		}
		var retried int
		check(t, db.QueryRowContext(bg(), `SELECT MAX(attempts) FROM webhook_delivery WHERE client_id = $1`, a.ID).Scan(&retried))
		if retried < 2 {
			t.Errorf("no delivery needed a retry (max attempts %d): the outage was not exercised", retried)
		}
		if rc.rejected != 0 {
			t.Errorf("%d deliveries with invalid signatures", rc.rejected)
		}

		// The documented verifier rejects a tampered body and a replay.
		rc.mu.Lock()
		body, header := rc.body, rc.header
		rc.mu.Unlock()
		check(t, webhook.Verify(a.WebhookSecret, header, body, time.Now()))
		tampered := []byte(strings.Replace(string(body), `"type":"`, `"type":"x`, 1))
		if webhook.Verify(a.WebhookSecret, header, tampered, time.Now()) == nil {
			t.Error("tampered body verified")
		}
		if webhook.Verify(a.WebhookSecret, header, body, time.Now().Add(6*time.Minute)) == nil {
			t.Error("replay after the window verified")
		}
		if webhook.Verify("other secret", header, body, time.Now()) == nil {
			t.Error("wrong secret verified")
		}

		// The dead endpoint's delivery (case c2 routed to the other
		// authority) is dead-lettered, listed, and can be redelivered.
		var letters []webhook.Dead
		eventually(t, "the dead letter", func() bool {
			letters, err = webhook.DeadLetters(bg(), db, f.tenant)
			return err == nil && len(letters) == 1
		})
		if letters[0].ClientID != dead.ID || letters[0].Attempts < 2 || letters[0].LastError == "" {
			t.Fatalf("dead letter %+v", letters[0])
		}
		// An admin of another tenant can neither redeliver it one by one
		// nor through "all of the client"; nothing changes.
		other, err := tenant.Create(bg(), db, "test", tenant.Tenant{Slug: "fremd", Name: "Fremd"})
		check(t, err)
		if err := ws.Redeliver(bg(), other.ID, "test", letters[0].ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("redeliver by another tenant: %v, want not found", err)
		}
		if n, err := ws.RedeliverClient(bg(), other.ID, "test", dead.ID); err != nil || n != 0 {
			t.Errorf("redeliver client by another tenant: %d, %v; want 0", n, err)
		}
		if l, _ := webhook.DeadLetters(bg(), db, f.tenant); len(l) != 1 {
			t.Fatalf("the other tenant's attempt changed the dead letters: %+v", l)
		}
		check(t, ws.Redeliver(bg(), f.tenant, "staff:1", letters[0].ID))
		if err := ws.Redeliver(bg(), f.tenant, "staff:1", letters[0].ID); err == nil {
			t.Error("a pending delivery was redelivered")
		}
		var audited int
		check(t, db.QueryRowContext(bg(), `SELECT COUNT(*) FROM audit_log WHERE action = 'webhook.redeliver'
			AND tenant_id = $1 AND actor = 'staff:1'`, f.tenant).Scan(&audited))
		if audited != 1 {
			t.Errorf("%d audit entries for the redelivery, want 1", audited)
		}
		// It dies again (the endpoint is still gone); "all of the client"
		// brings it back.
		eventually(t, "the second dead letter", func() bool {
			letters, err = webhook.DeadLetters(bg(), db, f.tenant)
			return err == nil && len(letters) == 1
		})
		if n, err := ws.RedeliverClient(bg(), f.tenant, "staff:1", dead.ID); err != nil || n != 1 {
			t.Errorf("redeliver client: %d, %v; want 1", n, err)
		}
		if l, _ := webhook.DeadLetters(bg(), db, f.tenant); len(l) != 0 {
			t.Errorf("dead letters after redelivering all: %+v", l)
		}
	})
}

// TestWebhookStart: a client created after events happened starts at the
// current end of the feed (it is not flooded with the history); a client
// created with an explicit start point replays from there.
func TestWebhookStart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		f.submit(t)
		var head int64
		check(t, db.QueryRowContext(bg(), `SELECT last_seq FROM event_head WHERE id = 1`).Scan(&head))
		if head == 0 {
			t.Fatal("the submission wrote no event")
		}
		cursor := func(id int64) (c int64) {
			check(t, db.QueryRowContext(bg(), `SELECT webhook_cursor FROM api_client WHERE id = $1`, id).Scan(&c))
			return c
		}
		fresh := f.client(t, 0, 100, "https://receiver.example/hook", all...)
		if got := cursor(fresh.ID); got != head {
			t.Errorf("new client's webhook cursor %d, want the feed end %d", got, head)
		}
		replay, err := apiclient.Create(bg(), db, "test", apiclient.New{TenantID: f.tenant, Name: "Nachholer",
			Scopes: all, WebhookURL: "https://receiver.example/hook", WebhookReplay: true, Secrets: blobtest.Keys(t, db)})
		check(t, err)
		if got := cursor(replay.ID); got != 0 {
			t.Errorf("replaying client's webhook cursor %d, want 0", got)
		}
	})
}
