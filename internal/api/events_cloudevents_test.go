package api_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestEventFeedCloudEvents: asked for CloudEvents (by the Accept header or
// format=cloudevents), the feed answers a batch that the CloudEvents SDK
// reads, with the same events, ids and order as the old page and a Link
// to the next page; the old page is marked deprecated (Deprecation,
// Sunset, a Link to its successor); an unknown format is a field error.
func TestEventFeedCloudEvents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a := f.client(t, f.clearing, 1000, "", all...)
		c1 := f.submit(t)
		_, err := f.cases.Move(bg(), f.staff, c1.ID, casework.ActReview, "")
		check(t, err)
		old, _ := f.feed(t, a.APIKey, 0)
		if len(old) != 2 {
			t.Fatalf("old feed %v", types(old))
		}

		for _, ask := range []struct{ query, accept string }{
			{"", "application/cloudevents-batch+json"},
			{"&format=cloudevents", ""},
		} {
			res := f.raw(t, "/api/v1/events?after=0&limit=1"+ask.query, a.APIKey, ask.accept)
			evs, err := cehttp.NewEventsFromHTTPResponse(res)
			if err != nil {
				t.Fatalf("%+v: CloudEvents SDK: %v", ask, err)
			}
			if len(evs) != 1 || res.Header.Get("Content-Type") != events.CloudEventsBatchMediaType {
				t.Fatalf("%+v: %d events, %s", ask, len(evs), res.Header.Get("Content-Type"))
			}
			ev, e := evs[0], old[0]
			check(t, ev.Validate())
			if ev.ID() != e.ID || ev.Type() != "de.amtsweg.case.routed" || ev.Subject() != c1.Reference ||
				ev.Source() != "urn:amtsweg:tenant:sn" || !ev.Time().Equal(e.At) {
				t.Errorf("%+v: event %s, want of %+v", ask, ev, e)
			}
			var data events.CloudEventData
			check(t, ev.DataAs(&data))
			if data.Seq != e.Seq || data.CaseID != c1.ID {
				t.Errorf("data %+v", data)
			}
			next := res.Header.Get("Link")
			if !strings.Contains(next, "after="+id(e.Seq)) || !strings.Contains(next, `rel="next"`) {
				t.Errorf("Link %q, want the next page after %d", next, e.Seq)
			}
		}

		res := f.raw(t, "/api/v1/events?after=0", a.APIKey, "")
		if res.Header.Get("Deprecation") != "@1796601600" || res.Header.Get("Sunset") != "Fri, 31 Dec 2027 23:59:59 GMT" ||
			!strings.Contains(res.Header.Get("Link"), "format=cloudevents") {
			t.Errorf("old page's headers %v", res.Header)
		}
		wantStatus(t, f.call(t, "GET", "/api/v1/events?format=xml", a.APIKey, nil, nil), 422)
	})
}

// raw sends GET path with the bearer and Accept header through the
// OpenAPI-validating client and returns the response with its body.
func (f *fx) raw(t *testing.T, path, bearer, accept string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", f.url+path, nil)
	check(t, err)
	req.Header.Set("Authorization", "Bearer "+bearer)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, raw := f.validator.do(t, req)
	res.Body = io.NopCloser(bytes.NewReader(raw))
	return res
}
