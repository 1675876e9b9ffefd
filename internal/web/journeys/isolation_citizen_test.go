package journeys_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// isoCitizen: own's applicant sees own's application in Mein Konto and the
// mailbox, opens its thread, receipt and notice, and gets 404 for other's
// by application and notice id (also mixed with own's); own's session on
// other's host is not a login.
func isoCitizen(t *testing.T, w *boWorld, own, other isoTenant) {
	app := func(x isoTenant) string { return strconv.FormatInt(x.c.ApplicationID, 10) }
	notice := func(x isoTenant) string { return strconv.FormatInt(x.notice, 10) }
	if own.notice == 0 || other.notice == 0 {
		t.Fatal("the API step decided no case: the notice checks could not fail")
	}
	for _, p := range []string{"/konto", "/postfach"} {
		status, _, body := w.do(t, http.MethodGet, p, own.citizen, own.host, "")
		if status != http.StatusOK || !strings.Contains(body, own.c.Reference) || strings.Contains(body, other.c.Reference) {
			t.Errorf("%s: GET %s %d: own %s listed %v, %s's listed %v", own.name, p, status, own.c.Reference,
				strings.Contains(body, own.c.Reference), other.name, strings.Contains(body, other.c.Reference))
		}
	}
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/postfach/" + app(own), http.StatusOK},
		{"/antraege/" + app(own) + "/eingangsbestaetigung", http.StatusOK},
		{"/antraege/" + app(own) + "/eingangsbestaetigung.pdf", http.StatusOK},
		{"/postfach/" + app(own) + "/bescheide/" + notice(own), http.StatusOK},
		{"/postfach/" + app(other), http.StatusNotFound},
		{"/antraege/" + app(other) + "/eingangsbestaetigung", http.StatusNotFound},
		{"/antraege/" + app(other) + "/eingangsbestaetigung.pdf", http.StatusNotFound},
		{"/antraege/" + app(other) + "/postfach", http.StatusNotFound},
		{"/postfach/" + app(other) + "/bescheide/" + notice(other), http.StatusNotFound},
		{"/postfach/" + app(own) + "/bescheide/" + notice(other), http.StatusNotFound},
	} {
		status, _, body := w.do(t, http.MethodGet, tt.path, own.citizen, own.host, "")
		if status != tt.want {
			t.Errorf("%s's applicant: GET %s: %d, want %d", own.name, tt.path, status, tt.want)
		}
		if tt.want != http.StatusOK && (strings.Contains(body, other.c.Reference) || strings.Contains(body, other.c.ApplicantName)) {
			t.Errorf("%s's applicant: GET %s shows %s's application", own.name, tt.path, other.name)
		}
	}
	for _, p := range []string{"/konto", "/postfach", "/postfach/" + app(own)} {
		status, loc, body := w.do(t, http.MethodGet, p, own.citizen, other.host, "")
		if !strings.HasPrefix(loc, "/anmelden") || status != http.StatusSeeOther && status != http.StatusFound ||
			strings.Contains(body, own.c.Reference) {
			t.Errorf("%s's applicant on %s's host: GET %s: %d %s, want the login page", own.name, other.name, p, status, loc)
		}
	}
}
