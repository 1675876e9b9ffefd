package api

import (
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// EventPage is a page of the event feed in amtsweg's own (deprecated)
// format. Next is the cursor to pass as after for the following page (the
// last seq, or after when empty).
type EventPage struct {
	Items []events.Event `json:"items"`
	Next  int64          `json:"next"`
}

// eventsResponse is the feed's success response: the deprecated page, or
// the CloudEvents batch.
var eventsResponse = response{status: http.StatusOK, mediaType: "application/json", typ: reflect.TypeFor[EventPage](),
	alt: []response{{mediaType: events.CloudEventsBatchMediaType, typ: reflect.TypeFor[[]events.CloudEvent]()}}}

// listEvents serves GET /api/v1/events?after=&limit=&format=: the events
// of the client's scope after the cursor, in feed order. With
// format=cloudevents, or an Accept header naming
// application/cloudevents-batch+json, the answer is a CloudEvents batch
// with a Link to the next page; otherwise the deprecated EventPage,
// marked with Deprecation, Sunset and a Link to its successor.
func (a *API) listEvents(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	v := r.URL.Query()
	after, ferr1 := intParam(v.Get("after"), "after")
	limit, ferr2 := intParam(v.Get("limit"), "limit")
	batch, ferr3 := wantsBatch(r)
	if err := joinFields(ferr1, ferr2, ferr3); err != nil {
		a.fail(w, r, err)
		return
	}
	es, err := events.Feed(r.Context(), a.d.DB, events.Scope{TenantID: c.TenantID, AuthorityID: c.AuthorityID}, int64(after), limit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	next := int64(after)
	if len(es) > 0 {
		next = es[len(es)-1].Seq
	}
	page := func(from int64, format string) string {
		q := "/api/v1/events?after=" + strconv.FormatInt(from, 10) + "&format=" + format
		if limit > 0 {
			q += "&limit=" + strconv.Itoa(limit)
		}
		return q
	}
	if !batch {
		w.Header().Set("Vary", "Accept")
		events.MarkDeprecated(w.Header(), page(int64(after), "cloudevents"))
		writeJSON(w, http.StatusOK, EventPage{Items: es, Next: next})
		return
	}
	base := ""
	if a.d.BaseURL != nil {
		base = a.d.BaseURL()
	}
	src, err := events.Source(r.Context(), a.d.DB, base, c.TenantID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]events.CloudEvent, len(es))
	for i, e := range es {
		out[i] = e.CloudEvent(src)
	}
	w.Header().Set("Link", "<"+page(next, "cloudevents")+`>; rel="next"`)
	w.Header().Set("Content-Type", events.CloudEventsBatchMediaType)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Vary", "Accept")
	w.WriteHeader(http.StatusOK)
	writeBody(w, out)
}

// wantsBatch reports whether the feed is asked for as a CloudEvents batch:
// format=cloudevents, or without format an Accept header naming the batch
// media type. format=amtsweg is the deprecated page; any other format is
// a field error.
func wantsBatch(r *http.Request) (bool, *fault.FieldError) {
	switch f := r.URL.Query().Get("format"); f {
	case "cloudevents":
		return true, nil
	case "amtsweg":
		return false, nil
	case "":
	default:
		return false, &fault.FieldError{Field: "format", Key: "api.invalid.format",
			Text: "format must be cloudevents or amtsweg, not " + strconv.Quote(f)}
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == events.CloudEventsBatchMediaType {
			return true, nil
		}
	}
	return false, nil
}
