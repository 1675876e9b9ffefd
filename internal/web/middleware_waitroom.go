package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// waitroomForm bounds the review form read for a ticket (consent box and
// idempotency key; the answers are saved already).
const waitroomForm = 64 << 10

// toWaitingRoom answers a submission that found no slot: a browser
// (Accept: text/html) gets a ticket and is sent (303) to the waiting
// room's GET address, which reloads itself until its turn and then
// submits (web/apply, apply_waitroom.go); the address carries the
// ticket, the form's idempotency key and consent, so the turn — or
// another process the reload reaches — submits exactly what was sent.
// Other clients, a full queue and a malformed address get 503 with
// Retry-After as before.
func (s *Server) toWaitingRoom(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/antraege/"), "/einreichen"), 10, 64)
	if err != nil || !strings.Contains(r.Header.Get("Accept"), "text/html") {
		s.refuseOverload(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, waitroomForm)
	key, consent := r.PostFormValue("schluessel"), r.PostFormValue("einwilligung") == "ja"
	t, ok := s.submitGate.Issue(id, key, consent)
	if !ok {
		s.refuseOverload(w, r)
		return
	}
	s.metrics.rejected.Inc()
	q := url.Values{"t": {t.Token}, "k": {key}}
	if consent {
		q.Set("c", "1")
	}
	http.Redirect(w, r, "/antraege/"+strconv.FormatInt(id, 10)+"/warteraum?"+q.Encode(), http.StatusSeeOther)
}
