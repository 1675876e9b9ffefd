package journeys_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

var draftPage = regexp.MustCompile(`^/antraege/[^/]+/seiten/kind$`)

// TestStepUpJourney, in Chromium, in German and English, against a real
// OpenID Connect provider: a citizen with a password login (level low)
// starts Elterngeld (needs substantial) through the provider, fills the
// first page and saves it. Later, logged in with the password again, the
// draft page shows "login required"; the citizen takes the stronger login,
// authenticates at the provider with the substantial method and comes
// back to the same draft page with the answers kept, in an upgraded
// session with a new id. The portal's pages are axe-clean.
func TestStepUpJourney(t *testing.T) {
	dialects := storetest.Dialects()
	mb := startMailbox(t)
	op := ssotest.Start(t, eidErika)
	base, _ := oidcApp(t, dialects[len(dialects)-1], mb, op)
	for _, lang := range i18n.Langs() {
		t.Run(string(lang), func(t *testing.T) {
			ctx := webtest.ApplyTab(t, lang, true)
			email := "stepup." + string(lang) + "@example.de"
			signUp(t, ctx, mb, base, lang, email)
			user := ssotest.User{Subject: "sub-" + string(lang), Username: "u-" + string(lang), Password: "pw"}
			op.AddUser(user)

			// The intro page offers the password session no start, but a
			// stronger login; taken, it returns to the intro and the draft
			// starts with the first page saved.
			browsertest.Navigate(t, ctx, base+"/antrag/elterngeld")
			checkPage(t, ctx, lang)
			if !browser.Eval[bool](t, ctx, `!!document.getElementById("needs-higher") && !document.querySelector('form[action="/antrag/elterngeld"]')`) {
				t.Fatal("the intro page offers a low session the start of a substantial procedure, or no explanation")
			}
			clickAndWait(t, ctx, `document.getElementById("step-up").click()`, `location.pathname === "/login/username"`)
			providerLogin(t, ctx, user, `location.pathname === "/antrag/elterngeld"`)
			checkPage(t, ctx, lang)
			webtest.ApplyGo(t, ctx, `document.querySelector('form[action="/antrag/elterngeld"] button').click()`, `location.pathname.endsWith("/seiten/kind")`)
			checkPage(t, ctx, lang)
			draft := here(t, ctx)
			if !draftPage.MatchString(draft) {
				t.Fatalf("first page at %s", draft)
			}
			webtest.ApplyFill(t, ctx, map[string]string{"f-kind_vorname": "Lina", "f-mehrlinge": "2"})
			webtest.ApplyGo(t, ctx, webtest.ApplyButton("speichern"), `location.pathname !== `+webtest.JSString(draft)+` || !!document.getElementById("error-summary")`)

			// Another day: logged in with the password only.
			browsertest.Navigate(t, ctx, base+"/konto")
			clickAndWait(t, ctx, `document.querySelector('form[action="/abmelden"] button').click()`, `location.pathname === "/anmelden"`)
			fill(t, ctx, "/anmelden", map[string]string{"f-email": email, "f-password": journeyPassword}, `location.pathname === "/konto"`)
			browsertest.Navigate(t, ctx, base+draft)
			checkPage(t, ctx, lang)
			if !browser.Eval[bool](t, ctx, `!!document.getElementById("step-up") && !document.getElementById("f-kind_vorname")`) {
				t.Fatalf("%s with a low login: no login-required page with the stronger login", draft)
			}
			before := sessionCookie(t, ctx, base)
			clickAndWait(t, ctx, `document.getElementById("step-up").click()`, `location.pathname === "/login/username"`)
			providerLogin(t, ctx, user, `location.pathname === `+webtest.JSString(draft))
			checkPage(t, ctx, lang)
			if got := browser.Eval[string](t, ctx, `document.getElementById("f-kind_vorname").value + "/" + document.getElementById("f-mehrlinge").value`); got != "Lina/2" {
				t.Errorf("answers after the step-up: %q, want Lina/2", got)
			}
			if after := sessionCookie(t, ctx, base); after == "" || after == before {
				t.Errorf("session id did not change at the step-up: %q → %q", before, after)
			}
			browsertest.Navigate(t, ctx, base+"/konto")
			want := map[i18n.Lang]string{i18n.German: "substanziell", i18n.English: "substantial"}[lang]
			if got := browser.Eval[string](t, ctx, `document.querySelector("main").textContent`); !regexp.MustCompile(`: ` + want + `\.`).MatchString(got) {
				t.Errorf("Mein Konto after the step-up does not show the level %q", want)
			}
		})
	}
}

// providerLogin fills the provider's login form as u with the method it
// offers first (the one the portal asked for) and waits for until.
func providerLogin(t *testing.T, ctx context.Context, u ssotest.User, until string) {
	t.Helper()
	browser.WaitFor(t, ctx, `location.pathname === "/login/username" && !!document.getElementById("login")`)
	if got := browser.Eval[string](t, ctx, `document.getElementById("acr").value`); got != ssotest.ACRSubstantial {
		t.Errorf("the provider offers %q first, want the requested %q", got, ssotest.ACRSubstantial)
	}
	clickAndWait(t, ctx, fmt.Sprintf(`document.getElementById("username").value = %q; document.getElementById("password").value = %q; document.getElementById("login").click()`,
		u.Username, u.Password), until)
}

// sessionCookie reads the (HttpOnly) session cookie of the tab for base.
func sessionCookie(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cookies {
		if c.Name == "amtsweg_session" {
			return c.Value
		}
	}
	return ""
}
