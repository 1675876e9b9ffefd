package multiproc_test

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// staffPassword is the demo staff's password (demo.StaffPassword).
const staffPassword = "Demo-Verwaltung-2026"

// staffer is a case worker of the demo's Bürgerbüro Dresden.
type staffer struct {
	*agent
	retried int
}

// login logs in with the demo password (no second factor under --demo).
func (s *staffer) login(email string) error {
	return retry(&s.retried, func(int) error {
		r, err := s.postForm("/anmelden", url.Values{"email": {email}, "password": {staffPassword}}.Encode())
		if err != nil {
			return err
		}
		return expect(r, "login", "/verwaltung")
	})
}

// inbox opens the inbox; a lost session would redirect to the login.
func (s *staffer) inbox() error {
	return retry(&s.retried, func(int) error {
		r, err := s.get("/verwaltung")
		if err != nil {
			return err
		}
		if r.status != 200 { // a lost session is a 303 to the login
			return fmt.Errorf("inbox: status %d to %q", r.status, r.location)
		}
		return nil
	})
}

// decide works the case ref to a sent notice: claim, start the review,
// draft an approving notice, send it. Each step is chosen from the case
// page as it is now, so a retry after a lost answer never repeats a step
// that was done. The case appears once routing (a job) ran; until then
// the page is 404 and the worker looks again (at most a minute).
func (s *staffer) decide(ref string) error {
	page := "/verwaltung/vorgaenge/" + ref
	sent, deadline := false, time.Now().Add(time.Minute)
	for range 40 {
		var r reply
		err := retry(&s.retried, func(int) (err error) { r, err = s.get(page); return err })
		if err != nil {
			return err
		}
		if r.status == 404 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond) // routing is a job; nothing to await over HTTP
			continue
		}
		if r.status != 200 {
			return fmt.Errorf("case %s: status %d to %q", ref, r.status, r.location)
		}
		path, form := nextStep(r.body, page)
		if path == "" {
			if sent {
				return nil
			}
			return fmt.Errorf("case %s: no next step on the page: %.400q", ref, text(r.body))
		}
		sent = sent || strings.HasSuffix(path, "/versenden")
		if _, err = s.postForm(path, form); err != nil && !errors.Is(err, errRetry) {
			return err
		}
	}
	return fmt.Errorf("case %s: not decided after 40 steps", ref)
}

// sendRE finds the notice's send link on the case page.
var sendRE = regexp.MustCompile(`href="(/verwaltung/vorgaenge/[^"/]+/bescheide/[0-9]+/versenden)" id="notice-send"`)

// nextStep reads the case page: the form to post next, or "" when the
// notice was sent.
func nextStep(body, page string) (string, string) {
	switch {
	case strings.Contains(body, `action="`+page+`/uebernehmen"`):
		return page + "/uebernehmen", ""
	case strings.Contains(body, `name="action" value="review"`):
		return page + "/status", "action=review"
	case sendRE.MatchString(body):
		return sendRE.FindStringSubmatch(body)[1], ""
	case strings.Contains(body, `id="outcome-approved"`): // no notice drafted yet (else the send link above)
		return page + "/bescheide", "outcome=approved"
	}
	return "", ""
}
