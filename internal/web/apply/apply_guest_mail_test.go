package apply_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// guestMailProcedure is a guest procedure with the applicant's e-mail
// address and nothing else to fill.
const guestMailProcedure = `{"id": "test-gastmail", "version": 1, "title": {"de": "Testantrag", "en": "Test application"},
 "services": ["sn-bussgeld-einspruch"], "assurance": "low", "guest": true, "deadline": "P1M", "retention": "P1Y",
 "pages": [{"id": "person", "title": {"de": "Person", "en": "Person"}, "fields": [
   {"id": "name", "type": "short_text", "label": {"de": "Name", "en": "Name"}, "required": true},
   {"id": "email", "type": "email", "label": {"de": "E-Mail-Adresse", "en": "E-mail address"}}]}]}`

// placeProcedure is a guest procedure routed by a municipality to a
// demo authority (Wohnsitz anmelden's LeiKa key).
const placeProcedure = `{"id": "test-gastort", "version": 1, "title": {"de": "Ortstest", "en": "Place test"},
 "leika": ["99115005104000"], "assurance": "low", "guest": true, "deadline": "P1M", "retention": "P1Y",
 "pages": [{"id": "ort", "title": {"de": "Ort", "en": "Place"}, "fields": [
   {"id": "gemeinde", "type": "place", "label": {"de": "Gemeinde", "en": "Municipality"}, "required": true}]}]}`

var (
	submitKeyRE = regexp.MustCompile(`name="schluessel" value="([^"]+)"`)
	nextRE      = regexp.MustCompile(`(?s)<section class="amtsweg-receipt-next".*?</section>`)
)

// guestMailApp runs the app on a demo database of dialect d in which the
// service of guestMailProcedure states its usual processing time.
func guestMailApp(t *testing.T, d store.Dialect, mb *webtest.Mailbox) string {
	t.Helper()
	ctx := context.Background()
	dsn := storetest.DSN(t, d)
	db, err := store.Open(ctx, dsn)
	webtest.Check(t, err)
	defer db.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	webtest.Check(t, db.Migrate(ctx, log))
	webtest.Check(t, demo.Seed(ctx, db, log))
	var raw string
	webtest.Check(t, db.QueryRowContext(ctx, `SELECT texts FROM service WHERE service_key = 'sn-bussgeld-einspruch'`).Scan(&raw))
	texts := map[string]any{}
	webtest.Check(t, json.Unmarshal([]byte(raw), &texts))
	texts["processingTime"] = "etwa 6 Wochen"
	b, _ := json.Marshal(texts)
	_, err = db.ExecContext(ctx, `UPDATE service SET texts = $1 WHERE service_key = 'sn-bussgeld-einspruch'`, string(b))
	webtest.Check(t, err)
	for _, def := range []string{guestMailProcedure, placeProcedure} {
		_, err = procedure.Import(ctx, db, []byte(def), "test.json")
		webtest.Check(t, err)
	}
	return browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(mb.Configure))
}

// guestSubmit fills and submits guestMailProcedure as a guest in c and
// returns the submit action, the form that submitted and the receipt page.
func guestSubmit(t *testing.T, c *webtest.Browser, email string) (string, url.Values, string) {
	t.Helper()
	st, page, _ := c.Do("/antrag/test-gastmail", url.Values{})
	if st != 200 || !strings.HasSuffix(page, "/seiten/person") {
		t.Fatalf("start: %d %s", st, page)
	}
	st, review, body := c.Do(page, url.Values{"name": {"Олег Петров"}, "email": {email}, "aktion": {"weiter"}})
	m := submitKeyRE.FindStringSubmatch(body)
	if st != 200 || !strings.HasSuffix(review, "/pruefen") || m == nil {
		t.Fatalf("page: %d %s %s", st, review, webtest.MainOf(body))
	}
	action := strings.TrimSuffix(review, "/pruefen") + "/einreichen"
	form := url.Values{"einwilligung": {"ja"}, "schluessel": {m[1]}}
	st, receipt, body := c.Do(action, form)
	if st != 200 || !strings.HasSuffix(receipt, "/eingangsbestaetigung") {
		t.Fatalf("submit: %d %s", st, receipt)
	}
	return action, form, body
}

// TestGuestReceiptNextAndMail, on every engine (issue 11): the receipt
// says what happens next — who processes the application, the service's
// usual processing time, how a guest follows the case — and a guest who
// gave an e-mail address gets one confirmation e-mail, in the page's
// language, signed with the tenant's name, without any secret link, even
// when the submission is sent again.
func TestGuestReceiptNextAndMail(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base := guestMailApp(t, d, mb)
			c := webtest.NewBrowser(t, base)
			action, form, receipt := guestSubmit(t, c, "oleg@example.de")
			next := nextRE.FindString(receipt)
			for _, want := range []string{"Wie geht es weiter?", "Übliche Bearbeitungsdauer: etwa 6 Wochen",
				"Sie haben ohne Konto eingereicht", `id="receipt-mailbox"`} {
				if !strings.Contains(next, want) {
					t.Errorf("what happens next lacks %q: %s", want, next)
				}
			}
			if !strings.Contains(next, "Ihren Antrag bearbeitet:") && !strings.Contains(next, "Clearingstelle") {
				t.Errorf("what happens next does not say who processes it: %s", next)
			}
			if st, p, _ := c.Do(action, form); st != 200 || !strings.HasSuffix(p, "/eingangsbestaetigung") {
				t.Fatalf("submit again: %d %s", st, p)
			}

			link := mb.WaitLink(t, "oleg@example.de", base+"/")
			if link != base+"/" {
				t.Errorf("the confirmation links to %s, want the portal's start page only", link)
			}
			text := mb.Text("oleg@example.de")
			for _, secret := range []string{"/antrag/fortsetzen/", "/postfach/gast/", "/antraege/"} {
				if strings.Contains(text, secret) {
					t.Errorf("the confirmation carries a secret link (%s): %s", secret, text)
				}
			}
			for _, want := range []string{"Ihr Antrag ist bei uns eingegangen", "Eingangsbestätigung", "Freistaat Sachsen"} {
				if !strings.Contains(text, want) {
					t.Errorf("the confirmation lacks %q: %s", want, text)
				}
			}

			// Without an address, no mail; an English page, an English mail.
			guestSubmit(t, webtest.NewBrowser(t, base), "")
			en := webtest.NewBrowser(t, base)
			en.Do("/sprache", url.Values{"lang": {"en"}, "next": {"/"}})
			guestSubmit(t, en, "anna@example.de")
			mb.WaitLink(t, "anna@example.de", base+"/")
			if text := mb.Text("anna@example.de"); !strings.Contains(text, "we have received your application") {
				t.Errorf("English guest got: %s", text)
			}
			if n := mb.Count("oleg@example.de"); n != 1 {
				t.Errorf("%d confirmations for one application, want 1", n)
			}
		})
	}
}

var (
	mailboxLinkRE = regexp.MustCompile(`id="mailbox-link" href="([^"]+)"`)
	resumeLinkRE  = regexp.MustCompile(`id="resume-link" href="([^"]+)"`)
)

// TestGuestLinkRevocationAsksFirst, on every engine (issue 11): making a
// new mailbox link when one exists revokes the old one, and revoking the
// resume link deletes the draft; both only after a confirmation step
// that is a plain form, and nothing changes before it is confirmed.
func TestGuestLinkRevocationAsksFirst(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base := guestMailApp(t, d, mb)
			works := func(link string) bool {
				st, _, _ := webtest.NewBrowser(t, base).Do(strings.TrimPrefix(link, base), nil)
				return st == 200
			}

			c := webtest.NewBrowser(t, base)
			action, _, _ := guestSubmit(t, c, "")
			mailboxPage := strings.TrimSuffix(action, "/einreichen") + "/postfach"
			_, _, page := c.Do(mailboxPage, url.Values{"email": {""}})
			m := mailboxLinkRE.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("first link not made: %s", webtest.MainOf(page))
			}
			first := m[1]
			if _, _, page = c.Do(mailboxPage, nil); !strings.Contains(page, `id="existing-link"`) {
				t.Errorf("the form does not say a link exists")
			}
			_, _, page = c.Do(mailboxPage, url.Values{"email": {""}})
			if !strings.Contains(page, `id="replace-confirm"`) || mailboxLinkRE.MatchString(page) {
				t.Fatalf("a new link was made without asking: %s", webtest.MainOf(page))
			}
			if !works(first) {
				t.Errorf("the link stopped working before the revocation was confirmed")
			}
			_, _, page = c.Do(mailboxPage, url.Values{"email": {""}, "bestaetigt": {"ja"}})
			m = mailboxLinkRE.FindStringSubmatch(page)
			if m == nil || m[1] == first {
				t.Fatalf("confirmed, but no new link: %s", webtest.MainOf(page))
			}
			if works(first) || !works(m[1]) {
				t.Errorf("after confirming: old link works %v (want false), new link works %v (want true)", works(first), works(m[1]))
			}

			g := webtest.NewBrowser(t, base)
			_, page1, _ := g.Do("/antrag/test-gastmail", url.Values{})
			_, saved, page := g.Do(page1, url.Values{"name": {"Erika"}, "aktion": {"speichern"}})
			r := resumeLinkRE.FindStringSubmatch(page)
			if !strings.HasSuffix(saved, "/gespeichert") || r == nil {
				t.Fatalf("save for later: %s %s", saved, webtest.MainOf(page))
			}
			revoke := strings.TrimSuffix(saved, "/gespeichert") + "/link/widerrufen"
			_, _, page = g.Do(revoke, url.Values{})
			if !strings.Contains(page, `id="revoke-confirm"`) || !strings.Contains(page, "<title>Link wirklich widerrufen?") {
				t.Fatalf("revoked without asking: %s", webtest.MainOf(page))
			}
			if !works(r[1]) {
				t.Errorf("the resume link stopped working before the revocation was confirmed")
			}
			_, _, page = g.Do(revoke, url.Values{"bestaetigt": {"ja"}})
			if !strings.Contains(page, "Der Link zum Fortsetzen gilt nicht mehr") || works(r[1]) {
				t.Errorf("confirmed, but the resume link still works: %s", webtest.MainOf(page))
			}
		})
	}
}

// TestReceiptNamesAuthorityContact, on every engine (issue 11): a routed
// application's receipt names the authority that processes it with its
// contact, marks demo contact data, and leaves out the processing time
// the service data does not state.
func TestReceiptNamesAuthorityContact(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base := guestMailApp(t, d, webtest.StartMailbox(t))
			c := webtest.NewBrowser(t, base)
			_, page, _ := c.Do("/antrag/test-gastort", url.Values{})
			st, review, body := c.Do(page, url.Values{"gemeinde.wahl": {"146120000000"}, "aktion": {"weiter"}})
			m := submitKeyRE.FindStringSubmatch(body)
			if st != 200 || m == nil {
				t.Fatalf("page: %d %s %s", st, review, webtest.MainOf(body))
			}
			_, _, receipt := c.Do(strings.TrimSuffix(review, "/pruefen")+"/einreichen", url.Values{"einwilligung": {"ja"}, "schluessel": {m[1]}})
			next := nextRE.FindString(receipt)
			for _, want := range []string{"Ihren Antrag bearbeitet: ", "Dresden", `href="tel:&#43;49000000000"`, `href="mailto:`,
				"Beispieldaten", `id="receipt-mailbox"`} {
				if !strings.Contains(next, want) {
					t.Errorf("what happens next lacks %q: %s", want, next)
				}
			}
			if strings.Contains(next, "Clearingstelle") || strings.Contains(next, `id="receipt-duration"`) {
				t.Errorf("clearing or a processing time the data does not state: %s", next)
			}
		})
	}
}

// TestAccountReceiptNext, on every engine (issue 11): an account holder's
// receipt leads to "Mein Konto" and the mailbox, and the e-mail address
// in the answers gets no guest confirmation (the account's own address
// gets casework's mail with the receipt link).
func TestAccountReceiptNext(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base := guestMailApp(t, d, mb)
			webtest.Register(t, mb, base, "konto@example.de", nil)
			c := webtest.NewBrowser(t, base)
			if st, p, _ := c.Login("konto@example.de", webtest.Password); st != 200 || p != "/konto" {
				t.Fatalf("login: %d %s", st, p)
			}
			_, _, receipt := guestSubmit(t, c, "antwort@example.de")
			next := nextRE.FindString(receipt)
			for _, want := range []string{`id="receipt-account" href="/konto"`, "unter „Mein Konto“", `id="receipt-mailbox" href="/postfach/`} {
				if !strings.Contains(next, want) {
					t.Errorf("what happens next lacks %q: %s", want, next)
				}
			}
			if strings.Contains(next, "ohne Konto") {
				t.Errorf("an account holder is told they applied without one")
			}
			mb.WaitLink(t, "konto@example.de", "/eingangsbestaetigung")
			if n := mb.Count("antwort@example.de"); n != 0 {
				t.Errorf("%d guest confirmations for an account's application", n)
			}
		})
	}
}
