package apply_test

import (
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestApply runs the online application journeys on every available
// database engine, in German and English, axe-checking every page.
func TestApply(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base := startApplyApp(t, d)
			for _, lang := range i18n.Langs() {
				t.Run("wohnsitz/"+string(lang), func(t *testing.T) { wohnsitzJourney(t, base, lang) })
			}
			t.Run("keyboard", func(t *testing.T) { keyboardJourney(t, base, i18n.German) })
			t.Run("resume", func(t *testing.T) { resumeJourney(t, base, i18n.English) })
			t.Run("revoke", func(t *testing.T) { revokeJourney(t, base) })
			t.Run("bewohnerparken", func(t *testing.T) { parkingJourney(t, base, i18n.German) })
			t.Run("fim-rule", func(t *testing.T) { fimRuleJourney(t, base) })
			t.Run("double-submit", func(t *testing.T) { doubleSubmit(t, base) })
			t.Run("login-needed", func(t *testing.T) { loginNeeded(t, base) })
			t.Run("upload-errors", func(t *testing.T) { uploadErrors(t, base) })
		})
	}
}

// wohnsitzJourney: service page → intro → guest → the four pages with a
// validation error fixed through the error summary, a PDF upload and two
// family members → review → submit → receipt → receipt PDF, which only
// the applicant can download.
func wohnsitzJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := webtest.ApplyTab(t, lang, true)
	browsertest.Navigate(t, ctx, base+"/leistungen/99115005104000")
	webtest.ApplyGo(t, ctx, `document.querySelector('a[href^="/antrag/wohnsitz-anmelden"]').click()`, `location.pathname === "/antrag/wohnsitz-anmelden"`)
	webtest.ApplyCheck(t, ctx, lang)
	webtest.ApplyGo(t, ctx, `document.querySelector('form[action="/antrag/wohnsitz-anmelden"] button').click()`, `location.pathname.endsWith("/seiten/wohnung")`)
	webtest.ApplyCheck(t, ctx, lang)

	// A wrong postal code: the summary gets the focus and links to the field.
	webtest.ApplyFill(t, ctx, webtest.Wohnung("0106"))
	webtest.ApplyUpload(t, ctx, "f-wohnungsgeberbestaetigung", webtest.WritePDF(t, "wohnungsgeber.pdf"))
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `!!document.getElementById("error-summary")`)
	webtest.ApplyCheck(t, ctx, lang)
	if id := browser.Active(t, ctx).ID; id != "error-summary" {
		t.Errorf("focus after the error is on %q, want the error summary", id)
	}
	if v := browser.Eval[string](t, ctx, `document.getElementById("f-anschrift-street").value`); v != "Schloßstraße" {
		t.Errorf("entered street not kept: %q", v)
	}
	if inv := browser.Eval[string](t, ctx, `document.getElementById("f-anschrift-postal_code").getAttribute("aria-invalid")`); inv != "true" {
		t.Errorf("postal code aria-invalid = %q", inv)
	}
	if files := browser.Eval[string](t, ctx, `document.querySelector(".amtsweg-files").innerText`); !strings.Contains(files, "wohnungsgeber.pdf") {
		t.Errorf("uploaded file not listed: %q", files)
	}
	browser.Eval[bool](t, ctx, `(() => { document.querySelector('#error-summary a[href="#f-anschrift-postal_code"]').click(); return true })()`)
	browser.WaitFor(t, ctx, `document.activeElement.id === "f-anschrift-postal_code"`) // the link moved the focus
	webtest.ApplyFill(t, ctx, map[string]string{"f-anschrift-postal_code": "01067"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/person")`)
	webtest.ApplyCheck(t, ctx, lang)

	webtest.ApplyFill(t, ctx, webtest.Merge(webtest.DateParts("f-geburtsdatum", time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-familienname": "Mustermann", "f-vornamen": "Max", "f-staatsangehoerigkeit": "deutsch",
		"f-email": "max@example.de", "f-mit_familie": "✓"}))
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/familie")`)
	webtest.ApplyCheck(t, ctx, lang)

	webtest.ApplyFill(t, ctx, webtest.Merge(webtest.DateParts("f-angehoerige-0-geburtsdatum", time.Now().AddDate(-5, 0, 0)), map[string]string{
		"f-angehoerige-0-familienname": "Mustermann", "f-angehoerige-0-vornamen": "Mia",
		"f-angehoerige-0-beziehung-1": "✓", "f-angehoerige-0-sorgeberechtigt": "✓"}))
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("hinzufuegen:angehoerige"), `!!document.getElementById("f-angehoerige-1-familienname")`)
	webtest.ApplyCheck(t, ctx, lang)
	if v := browser.Eval[string](t, ctx, `document.getElementById("f-angehoerige-0-vornamen").value`); v != "Mia" {
		t.Errorf("first member lost after adding one: %q", v)
	}
	webtest.ApplyFill(t, ctx, webtest.Merge(webtest.DateParts("f-angehoerige-1-geburtsdatum", time.Date(1987, 9, 3, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-angehoerige-1-familienname": "Musterfrau", "f-angehoerige-1-vornamen": "Erika", "f-angehoerige-1-beziehung": "✓"}))
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/abschluss")`)
	webtest.ApplyCheck(t, ctx, lang)

	webtest.ApplyFill(t, ctx, map[string]string{"f-richtigkeit": "✓"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	webtest.ApplyCheck(t, ctx, lang)
	if text := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Musterfrau") || !strings.Contains(text, "wohnungsgeber.pdf") {
		t.Errorf("review misses answers:\n%s", text)
	}
	// "Ändern" leads to the page and back to the review.
	webtest.ApplyGo(t, ctx, `document.querySelector('.amtsweg-summary__change a[href*="/seiten/person"]').click()`, `location.pathname.endsWith("/seiten/person")`)
	webtest.ApplyFill(t, ctx, map[string]string{"f-vornamen": "Max Otto"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	if text := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Max Otto") {
		t.Errorf("changed answer not on the review:\n%s", text)
	}
	reference := webtest.SubmitReview(t, ctx, lang)
	webtest.CheckReceiptPDF(t, ctx, reference)

	// Nobody else gets the receipt or its PDF.
	other := webtest.ApplyTab(t, lang, true)
	browsertest.Navigate(t, other, base+"/")
	href := browser.Eval[string](t, ctx, `document.getElementById("receipt-pdf").getAttribute("href")`)
	if f, _ := webtest.ApplyFetch(t, other, "GET", href, ""); f.Status != 404 {
		t.Errorf("someone else downloading the receipt PDF: status %d, want 404", f.Status)
	}
	if f, _ := webtest.ApplyFetch(t, other, "GET", strings.TrimSuffix(href, ".pdf"), ""); f.Status != 404 {
		t.Errorf("someone else opening the receipt: status %d, want 404", f.Status)
	}
	// The receipt leads the guest on to a lasting link to the mailbox.
	webtest.ApplyGo(t, ctx, `document.getElementById("receipt-mailbox").click()`, `location.pathname.endsWith("/postfach")`)
	webtest.ApplyCheck(t, ctx, lang)
}
