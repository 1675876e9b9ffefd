package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
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
			t.Run("double-submit", func(t *testing.T) { doubleSubmit(t, base) })
			t.Run("login-needed", func(t *testing.T) { loginNeeded(t, base) })
			t.Run("upload-errors", func(t *testing.T) { uploadErrors(t, base) })
		})
	}
}

// dateParts fills the three inputs of the date field id.
func apDateParts(id string, d time.Time) map[string]string {
	return map[string]string{id: fmt.Sprint(d.Day()), id + "-month": fmt.Sprint(int(d.Month())), id + "-year": fmt.Sprint(d.Year())}
}

func apMerge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// wohnungFields are the answers of the page "Neue Wohnung"; postal is the
// new address's postal code.
func apWohnung(postal string) map[string]string {
	return apMerge(apDateParts("f-einzugsdatum", time.Now()), map[string]string{
		"f-anschrift-street": "Schloßstraße", "f-anschrift-number": "1", "f-anschrift-postal_code": postal,
		"f-anschrift-place": "Dresden", "f-gemeinde": "Dresden", "f-wohnungsart": "✓",
		"f-bisherige_anschrift-street": "Hauptstraße", "f-bisherige_anschrift-number": "7",
		"f-bisherige_anschrift-postal_code": "04109", "f-bisherige_anschrift-place": "Leipzig",
	})
}

// wohnsitzJourney: service page → intro → guest → the four pages with a
// validation error fixed through the error summary, a PDF upload and two
// family members → review → submit → receipt → receipt PDF, which only
// the applicant can download.
func wohnsitzJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := applyTab(t, lang, true)
	browsertest.Navigate(t, ctx, base+"/leistungen/99115005104000")
	applyGo(t, ctx, `document.querySelector('a[href^="/antrag/wohnsitz-anmelden"]').click()`, `location.pathname === "/antrag/wohnsitz-anmelden"`)
	applyCheck(t, ctx, lang)
	applyGo(t, ctx, `document.querySelector('form[action="/antrag/wohnsitz-anmelden"] button').click()`, `location.pathname.endsWith("/seiten/wohnung")`)
	applyCheck(t, ctx, lang)

	// A wrong postal code: the summary gets the focus and links to the field.
	applyFill(t, ctx, apWohnung("0106"))
	applyUpload(t, ctx, "f-wohnungsgeberbestaetigung", apTestPDF(t, "wohnungsgeber.pdf"))
	applyGo(t, ctx, applyButton("weiter"), `!!document.getElementById("error-summary")`)
	applyCheck(t, ctx, lang)
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
	applyFill(t, ctx, map[string]string{"f-anschrift-postal_code": "01067"})
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/person")`)
	applyCheck(t, ctx, lang)

	applyFill(t, ctx, apMerge(apDateParts("f-geburtsdatum", time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-familienname": "Mustermann", "f-vornamen": "Max", "f-staatsangehoerigkeit": "deutsch",
		"f-email": "max@example.de", "f-mit_familie": "✓"}))
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/familie")`)
	applyCheck(t, ctx, lang)

	applyFill(t, ctx, apMerge(apDateParts("f-angehoerige-0-geburtsdatum", time.Now().AddDate(-5, 0, 0)), map[string]string{
		"f-angehoerige-0-familienname": "Mustermann", "f-angehoerige-0-vornamen": "Mia",
		"f-angehoerige-0-beziehung-1": "✓", "f-angehoerige-0-sorgeberechtigt": "✓"}))
	applyGo(t, ctx, applyButton("hinzufuegen:angehoerige"), `!!document.getElementById("f-angehoerige-1-familienname")`)
	applyCheck(t, ctx, lang)
	if v := browser.Eval[string](t, ctx, `document.getElementById("f-angehoerige-0-vornamen").value`); v != "Mia" {
		t.Errorf("first member lost after adding one: %q", v)
	}
	applyFill(t, ctx, apMerge(apDateParts("f-angehoerige-1-geburtsdatum", time.Date(1987, 9, 3, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-angehoerige-1-familienname": "Musterfrau", "f-angehoerige-1-vornamen": "Erika", "f-angehoerige-1-beziehung": "✓"}))
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/abschluss")`)
	applyCheck(t, ctx, lang)

	applyFill(t, ctx, map[string]string{"f-richtigkeit": "✓"})
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	applyCheck(t, ctx, lang)
	if text := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Musterfrau") || !strings.Contains(text, "wohnungsgeber.pdf") {
		t.Errorf("review misses answers:\n%s", text)
	}
	// "Ändern" leads to the page and back to the review.
	applyGo(t, ctx, `document.querySelector('.amtsweg-summary__change a[href*="/seiten/person"]').click()`, `location.pathname.endsWith("/seiten/person")`)
	applyFill(t, ctx, map[string]string{"f-vornamen": "Max Otto"})
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	if text := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Max Otto") {
		t.Errorf("changed answer not on the review:\n%s", text)
	}
	reference := apSubmitReview(t, ctx, lang)
	apCheckReceiptPDF(t, ctx, reference)

	// Nobody else gets the receipt or its PDF.
	other := applyTab(t, lang, true)
	browsertest.Navigate(t, other, base+"/")
	href := browser.Eval[string](t, ctx, `document.getElementById("receipt-pdf").getAttribute("href")`)
	if f, _ := applyFetch(t, other, "GET", href, ""); f.Status != 404 {
		t.Errorf("someone else downloading the receipt PDF: status %d, want 404", f.Status)
	}
	if f, _ := applyFetch(t, other, "GET", strings.TrimSuffix(href, ".pdf"), ""); f.Status != 404 {
		t.Errorf("someone else opening the receipt: status %d, want 404", f.Status)
	}
	// The receipt leads the guest on to a lasting link to the mailbox.
	applyGo(t, ctx, `document.getElementById("receipt-mailbox").click()`, `location.pathname.endsWith("/postfach")`)
	applyCheck(t, ctx, lang)
}

// submitReview ticks the consent on the review page, submits and returns
// the reference shown on the receipt.
func apSubmitReview(t *testing.T, ctx context.Context, lang i18n.Lang) string {
	t.Helper()
	applyGo(t, ctx, `document.getElementById("submit").click()`, `!!document.getElementById("error-summary")`)
	applyCheck(t, ctx, lang) // without consent: an error
	applyFill(t, ctx, map[string]string{"consent": "✓"})
	applyGo(t, ctx, `document.getElementById("submit").click()`, `location.pathname.endsWith("/eingangsbestaetigung")`)
	applyCheck(t, ctx, lang)
	reference := browser.Eval[string](t, ctx, `document.getElementById("reference").textContent`)
	if !strings.HasPrefix(reference, "SN-") {
		t.Errorf("reference %q", reference)
	}
	return reference
}
