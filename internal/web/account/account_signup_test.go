package account_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

var summaryLinkRE = regexp.MustCompile(`(?s)id="error-summary".*?</div>\s*</div>`)

// TestSignUpShowsAllErrorsAtOnce, on every engine (issue 11): a business
// sign-up without organisation, with a bad address and a short password
// names all three in one round, in an error summary with links to the
// fields in page order, and the title starts with "Fehler: ". A typed
// password is not sent back; the page says so next to the field.
func TestSignUpShowsAllErrorsAtOnce(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base, _, _ := accountApp(t, d, func(*config.Config) {})
			c := newClient(t, base)
			st, _, page := c.do("/registrieren", url.Values{"kind": {"business"}, "email": {"kein-at-zeichen"}, "password": {"kurz"}})
			if st != 422 {
				t.Fatalf("status %d", st)
			}
			if !strings.Contains(page, "<title>Fehler: Registrieren") {
				t.Errorf("title: %s", webtest.Excerpt(page, "<title>"))
			}
			summary := summaryLinkRE.FindString(page)
			if !strings.Contains(summary, `role="alert"`) {
				t.Fatalf("no error summary with role=alert: %s", mainOf(page))
			}
			var hrefs []string
			for _, m := range regexp.MustCompile(`href="(#f-[a-z]+)"`).FindAllStringSubmatch(summary, -1) {
				hrefs = append(hrefs, m[1])
			}
			if got := strings.Join(hrefs, " "); got != "#f-organisation #f-email #f-password" {
				t.Errorf("summary links %q, want organisation, email, password", got)
			}
			for _, text := range []string{"E-Mail-Adresse: Bitte geben Sie eine gültige E-Mail-Adresse ein.", "Passwort: Das Passwort muss mindestens 8 Zeichen haben."} {
				if !strings.Contains(summary, text) {
					t.Errorf("summary lacks %q", text)
				}
			}

			// Only the address is wrong: the good password is not echoed, and
			// the page asks for it again instead of clearing it silently.
			_, _, page = c.do("/registrieren", url.Values{"kind": {"citizen"}, "email": {"erika@"}, "password": {journeyPassword}})
			if strings.Contains(page, journeyPassword) {
				t.Errorf("the password was sent back in the page")
			}
			if !strings.Contains(page, "Bitte geben Sie Ihr Passwort noch einmal ein") {
				t.Errorf("no note to enter the password again: %s", mainOf(page))
			}
			if strings.Contains(page, `href="#f-organisation"`) {
				t.Errorf("a citizen sign-up asks for an organisation")
			}
		})
	}
}

// TestSignUpInChromium (issue 11): the organisation name appears only
// for a business account; the error summary takes the focus, its links
// lead to the fields, and every page state is axe-clean.
func TestSignUpInChromium(t *testing.T) {
	base := browsertest.Start(t)
	ctx := browsertest.Tab(t)
	browsertest.Navigate(t, ctx, base+"/registrieren")
	webtest.CheckPage(t, ctx, "de")
	orgShown := func() bool {
		return browser.Eval[bool](t, ctx, `document.getElementById("f-organisation").getClientRects().length > 0`)
	}
	if orgShown() {
		t.Errorf("organisation name shown for a citizen account")
	}
	browser.Eval[bool](t, ctx, `(() => { document.getElementById("kind-business").click(); return true })()`)
	if !orgShown() {
		t.Errorf("organisation name hidden for a business account")
	}
	webtest.CheckPage(t, ctx, "de")
	fill(t, ctx, "/registrieren", map[string]string{"f-email": "erika@", "f-password": "kurz"}, `!!document.getElementById("error-summary")`)
	webtest.CheckPage(t, ctx, "de")
	if !browser.Eval[bool](t, ctx, `document.title.startsWith("Fehler: ")`) {
		t.Errorf("title %q", browser.Eval[string](t, ctx, `document.title`))
	}
	if id := browser.Eval[string](t, ctx, `document.activeElement.id`); id != "error-summary" {
		t.Errorf("focus on %q, want the error summary", id)
	}
	if n := browser.Eval[int](t, ctx, `document.querySelectorAll("#error-summary a").length`); n != 3 {
		t.Errorf("%d links in the summary, want 3", n)
	}
	if !orgShown() {
		t.Errorf("organisation name hidden after a business sign-up came back")
	}
	webtest.ClickAndWait(t, ctx, `document.querySelector('#error-summary a[href="#f-email"]').click()`, `location.hash === "#f-email"`)
	browsertest.Axe(t, ctx)
}
