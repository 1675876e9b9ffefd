package apply

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/web/waitroom"
)

// waitingPage is the data of apply_waiting.html (Warteraum).
type waitingPage struct {
	URL     string // this page again, with its ticket (and m=1 when reloaded by hand)
	Auto    string // this page reloading itself again
	Halt    string // this page without the automatic reload
	Manual  bool   // the holder stopped the automatic reload
	Refresh int    // seconds until the automatic reload
	Ahead   int    // tickets ahead
	Seconds int    // estimated wait, rounded up
}

// TitleKey names the page's title message.
func (waitingPage) TitleKey() string { return "crisis.wait.title" }

// waitingRoom shows GET /antraege/{id}/warteraum?t=TICKET&k=KEY&c=1: the
// page reloads itself (the Refresh header, no JavaScript) until the
// ticket's turn; its holder can stop that (m=1, WCAG 2.2.1: a timed
// reload must be adjustable) and reload by hand, keeping the place; that reload submits the saved draft with the
// key and consent of the form that got the ticket (idempotent: a
// submission that already happened shows its receipt again), exactly
// like the form's POST would have. A cross-site request never submits
// (Sec-Fetch-Site), so a link from elsewhere cannot make anyone submit;
// an unknown or expired ticket leads its owner back to the review (or
// the receipt), anyone else to the not-found page.
func (s *Handler) waitingRoom(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || s.d.Waitroom == nil || crossSite(r) {
		s.noTicket(w, r)
		return
	}
	q := r.URL.Query()
	st, done, err := s.d.Waitroom.Check(q.Get("t"), id, q.Get("k"), q.Get("c") == "1", q.Get("m") == "1")
	if err != nil {
		s.noTicket(w, r)
		return
	}
	if !st.Turn {
		s.showWaiting(w, r, st)
		return
	}
	defer done()
	if err := s.submit(w, r, st.Ticket.Consent, st.Ticket.Key); err != nil {
		if s.site.DatabaseDown(err) {
			s.d.Waitroom.Requeue(st.Ticket) // keeps its place for after the outage
		}
		s.fail(w, r, err)
	}
}

// noTicket answers a waiting room address without a valid ticket: the
// owner goes to the review, which shows the receipt once submitted.
func (s *Handler) noTicket(w http.ResponseWriter, r *http.Request) {
	ap, err := s.loadApplicant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, draftPath(ap.App.ID)+"/pruefen", http.StatusSeeOther)
}

// showWaiting answers 202 with the waiting page and, unless its holder
// stopped it, the Refresh header that reloads it (the HTTP form of a
// meta refresh, which every browser follows without script).
func (s *Handler) showWaiting(w http.ResponseWriter, r *http.Request, st waitroom.State) {
	secs := int((st.Refresh + time.Second - 1) / time.Second)
	auto := r.URL.Path + "?" + ticketQuery(st.Ticket).Encode()
	p := waitingPage{Auto: auto, Halt: auto + "&m=1", URL: auto, Manual: st.Ticket.Manual, Refresh: secs,
		Ahead: st.Ahead, Seconds: int((st.Estimate + time.Second - 1) / time.Second)}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	if p.Manual {
		p.URL = p.Halt
	} else {
		w.Header().Set("Refresh", fmt.Sprintf("%d; url=%s", secs, p.URL))
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusAccepted, "apply_waiting", p)
}

// ticketQuery is the waiting page's query for t.
func ticketQuery(t waitroom.Ticket) url.Values {
	q := url.Values{"t": {t.Token}, "k": {t.Key}}
	if t.Consent {
		q.Set("c", "1")
	}
	return q
}

// crossSite reports whether a browser says the request comes from another
// site; browsers that send no Sec-Fetch-Site are let through, as by the
// cross-origin check of the forms.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return false
	}
	return true
}
