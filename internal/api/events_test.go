package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/amtsweg/amtsweg/internal/api"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// feed pages through the event feed after cursor with small pages.
func (f *fx) feed(t *testing.T, key string, after int64) ([]events.Event, int64) {
	t.Helper()
	var out []events.Event
	for {
		var p api.EventPage
		wantStatus(t, f.call(t, "GET", "/api/v1/events?limit=2&after="+id(after), key, nil, &p), 200)
		out = append(out, p.Items...)
		if len(p.Items) == 0 {
			return out, after
		}
		after = p.Next
	}
}

func types(es []events.Event) []events.Type {
	var out []events.Type
	for _, e := range es {
		out = append(out, e.Type)
	}
	return out
}

// TestEventFeed: changes in apply, casework and the mailbox appear in the
// feed in order, scoped to the client's authority, and a client that
// missed events catches up from its last cursor.
func TestEventFeed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a := f.client(t, f.clearing, 1000, "", all...)
		b := f.client(t, f.other, 1000, "", apiclient.EventsRead)
		c1 := f.submit(t)
		_, err := f.cases.Move(bg(), f.staff, c1.ID, casework.ActReview, "")
		check(t, err)

		got, cursor := f.feed(t, a.APIKey, 0)
		// Submitted has no authority yet (clearing is decided by routing),
		// so an authority's feed starts at routed.
		if want := []events.Type{events.Routed, events.StatusChanged}; !slices.Equal(types(got), want) {
			t.Fatalf("feed %v, want %v", types(got), want)
		}
		if got[0].CaseID != c1.ID || got[0].Reference != c1.Reference || len(got[0].ID) != 36 || got[1].Seq <= got[0].Seq {
			t.Fatalf("events %+v", got)
		}

		// The client is away while more happens; it catches up from its cursor.
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/messages", a.APIKey, api.NewMessage{Subject: "Hinweis", Body: "Text"}, nil), 201)
		c2 := f.submit(t)
		_, err = f.cases.Forward(bg(), f.staff, c2.ID, f.other, "zuständig")
		check(t, err)
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/notice?outcome=rejected&title=Bescheid", a.APIKey,
			[]byte("%PDF-1.4\n"), nil), 201)
		more, _ := f.feed(t, a.APIKey, cursor)
		if want := []events.Type{events.MessagePosted, events.Routed, events.Decided}; !slices.Equal(types(more), want) {
			t.Fatalf("catch-up %v, want %v", types(more), want)
		}
		if more[2].Data["outcome"] != "rejected" {
			t.Errorf("decided event data %v", more[2].Data)
		}
		// The case history and audit log name the system, not "staff:0".
		var actors int
		check(t, db.QueryRowContext(bg(), `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'case.%' AND actor = $1`,
			fmt.Sprintf("apiclient:%d", a.ID)).Scan(&actors))
		if actors == 0 {
			t.Error("no case audit entry names the API client")
		}
		// Authority B sees only the case forwarded to it.
		other, _ := f.feed(t, b.APIKey, 0)
		if len(other) != 1 || other[0].Type != events.Routed || other[0].CaseID != c2.ID {
			t.Fatalf("other authority's feed %+v", other)
		}
		// Positions are gap-free across the whole outbox.
		var n, maxSeq int64
		check(t, db.QueryRowContext(bg(), `SELECT COUNT(*), MAX(seq) FROM event`).Scan(&n, &maxSeq))
		if n != maxSeq {
			t.Errorf("%d events up to position %d: gaps", n, maxSeq)
		}
	})
}

// TestCrossOriginAndLimits: a bearer request passes the browser
// cross-origin check (and is then authenticated); the same request without
// a credential is refused by it; a client over its rate gets 429.
func TestCrossOriginAndLimits(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	f := newFx(t, db)
	a := f.client(t, f.clearing, 3, "", all...)
	c := f.submit(t)
	send := func(bearer string) *http.Response {
		req, _ := http.NewRequest("POST", f.url+"/api/v1/submissions/"+id(c.ID)+"/ack", bytes.NewReader(nil))
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		res, err := http.DefaultClient.Do(req)
		check(t, err)
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	if res := send(""); res.StatusCode != http.StatusForbidden || res.Header.Get("Content-Type") == "application/problem+json" {
		t.Fatalf("cross-site request without bearer: %d %s (want the web layer's 403)", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res := send("aw_forged.x"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("cross-site request with a forged bearer: %d, want 401", res.StatusCode)
	}
	for i := range 2 {
		if res := send(a.APIKey); res.StatusCode != http.StatusOK {
			t.Fatalf("call %d: %d", i, res.StatusCode)
		}
	}
	wantStatus(t, f.call(t, "GET", "/api/v1/submissions", a.APIKey, nil, nil), 200)
	res := f.call(t, "GET", "/api/v1/submissions", a.APIKey, nil, nil)
	wantStatus(t, res, http.StatusTooManyRequests)
	if res.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}
