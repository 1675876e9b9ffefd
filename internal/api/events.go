package api

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/events"
)

// EventPage is a page of the event feed. Next is the cursor to pass as
// after for the following page (the last seq, or after when empty).
type EventPage struct {
	Items []events.Event `json:"items"`
	Next  int64          `json:"next"`
}

// listEvents serves GET /api/v1/events?after=&limit=: the events of the
// client's scope after the cursor, in feed order.
func (a *API) listEvents(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	v := r.URL.Query()
	after, ferr1 := intParam(v.Get("after"), "after")
	limit, ferr2 := intParam(v.Get("limit"), "limit")
	if err := joinFields(ferr1, ferr2); err != nil {
		a.fail(w, r, err)
		return
	}
	es, err := events.Feed(r.Context(), a.d.DB, events.Scope{TenantID: c.TenantID, AuthorityID: c.AuthorityID}, int64(after), limit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := EventPage{Items: es, Next: int64(after)}
	if len(es) > 0 {
		out.Next = es[len(es)-1].Seq
	}
	writeJSON(w, http.StatusOK, out)
}
