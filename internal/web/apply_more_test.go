package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// startGuest opens the intro of procedure in a fresh context and starts
// as a guest.
func apStartGuest(t *testing.T, base, procedure string, lang i18n.Lang) (ctx apCtx) {
	t.Helper()
	ctx = applyTab(t, lang, true)
	browsertest.Navigate(t, ctx, base+"/antrag/"+procedure)
	applyGo(t, ctx, `document.querySelector('form[action="/antrag/`+procedure+`"] button').click()`, `location.pathname.includes("/seiten/")`)
	return ctx
}

// resumeJourney: a guest saves the first page and leaves; in a new browser
// (no cookies) the resume link leads back to the saved answers and the
// application is finished there.
func resumeJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := apStartGuest(t, base, "wohnsitz-anmelden", lang)
	applyFill(t, ctx, apWohnung("01067"))
	applyUpload(t, ctx, "f-wohnungsgeberbestaetigung", apTestPDF(t, "bestaetigung.pdf"))
	applyGo(t, ctx, applyButton("speichern"), `location.pathname.endsWith("/gespeichert")`)
	applyCheck(t, ctx, lang)
	link := browser.Eval[string](t, ctx, `document.getElementById("resume-link").href`)
	if secret := link[strings.LastIndex(link, "/")+1:]; len(secret) < 40 {
		t.Fatalf("resume link %q has a short secret", link)
	}

	later := applyTab(t, lang, true)
	browsertest.Navigate(t, later, link)
	browser.WaitFor(t, later, `location.pathname.endsWith("/seiten/wohnung")`)
	applyCheck(t, later, lang)
	if v := browser.Eval[string](t, later, `document.getElementById("f-anschrift-street").value`); v != "Schloßstraße" {
		t.Fatalf("resumed draft shows street %q", v)
	}
	if !browser.Eval[bool](t, later, `document.querySelector(".amtsweg-files").innerText.includes("bestaetigung.pdf")`) {
		t.Error("resumed draft lost its upload")
	}
	applyGo(t, later, applyButton("weiter"), `location.pathname.endsWith("/seiten/person")`)
	applyFill(t, later, apMerge(apDateParts("f-geburtsdatum", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-familienname": "Schmidt", "f-vornamen": "Jana", "f-staatsangehoerigkeit": "deutsch", "f-mit_familie-no": "✓"}))
	applyGo(t, later, applyButton("weiter"), `location.pathname.endsWith("/seiten/abschluss")`) // the family page is hidden
	applyFill(t, later, map[string]string{"f-richtigkeit": "✓"})
	applyGo(t, later, applyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	apSubmitReview(t, later, lang)
}

// revokeJourney: a new link replaces the old one at once; a revoked link
// leads nowhere.
func revokeJourney(t *testing.T, base string) {
	lang := i18n.German
	ctx := apStartGuest(t, base, "bewohnerparkausweis", lang)
	applyFill(t, ctx, map[string]string{"f-einwilligung_zur_verarbeitung_personenbe": "✓"})
	applyGo(t, ctx, applyButton("speichern"), `location.pathname.endsWith("/gespeichert")`)
	first := browser.Eval[string](t, ctx, `document.getElementById("resume-link").href`)
	applyGo(t, ctx, `document.querySelector('form[action$="/link/neu"] button').click()`, `document.getElementById("resume-link").href !== `+jsString(first))
	applyCheck(t, ctx, lang)
	second := browser.Eval[string](t, ctx, `document.getElementById("resume-link").href`)
	if apStatus(t, base, first) != 404 || apStatus(t, base, second) != 303 {
		t.Errorf("after renewing: old link %d (want 404), new link %d (want 303)", apStatus(t, base, first), apStatus(t, base, second))
	}
	applyGo(t, ctx, `document.querySelector('form[action$="/link/widerrufen"] button').click()`, `!!document.getElementById("revoke-confirm")`)
	applyCheck(t, ctx, lang)
	if got := apStatus(t, base, second); got != 303 {
		t.Errorf("the link answers %d before the revocation was confirmed, want 303", got)
	}
	applyGo(t, ctx, `document.getElementById("revoke-yes").click()`, `!document.getElementById("revoke-confirm")`)
	applyCheck(t, ctx, lang)
	if got := apStatus(t, base, second); got != 404 {
		t.Errorf("revoked link answers %d, want 404", got)
	}
}

// parkingJourney fills the Bewohnerparkausweis imported from the FIM
// schema through its pages and submits it: its rules pass.
func parkingJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := apStartGuest(t, base, "bewohnerparkausweis", lang)
	applyCheck(t, ctx, lang)
	applyFill(t, ctx, map[string]string{"f-einwilligung_zur_verarbeitung_personenbe": "✓", "f-einwilligung_zum_abgleich_mit_dem_melde": "✓"})
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_antragstellenden_person")`)
	applyCheck(t, ctx, lang)
	applyFill(t, ctx, apMerge(apDateParts("f-geburtsdatum", time.Date(1979, 11, 30, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-familienname": "Lehmann", "f-vorname-0-vorname": "Paul", "f-e_mail": "paul@example.de",
		"f-strassenangaben-strasse": "Königsbrücker Straße", "f-strassenangaben-hausnummer": "12",
		"f-angaben_zum_ort-postleitzahl": "01099", "f-angaben_zum_ort-ort": "Dresden", "f-land": "~Deutschland"}))
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_antragsstellung")`)
	applyCheck(t, ctx, lang)
	applyFill(t, ctx, map[string]string{"f-gueltigkeitsdauer": "✓", "f-art_des_antrags": "✓"})
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zum_fahrzeug")`)
	applyCheck(t, ctx, lang)
	applyFill(t, ctx, map[string]string{"f-angabe_des_kfz_kennzeichens": "DD-AB 123", "f-fahrzeug_identifizierungsnummer": "4711",
		"f-angaben_zur_halterin_zum_halter_des_fahr": "✓"})
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_fahrzeughalterin_zum_fahrzeu")`)
	applyCheck(t, ctx, lang)
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	applyCheck(t, ctx, lang)
	apSubmitReview(t, ctx, lang)
}

var apReferenceRE = regexp.MustCompile(`id="reference">([^<]+)<`)

// doubleSubmit: the same submission sent twice (a double click, a retry)
// gets the same receipt; the key of one application used for another is
// refused with the conflict message.
func doubleSubmit(t *testing.T, base string) {
	lang := i18n.German
	first, firstKey := apParkingToReview(t, base)
	form := "einwilligung=ja&schluessel=" + firstKey
	action := browser.Eval[string](t, first, `document.querySelector('form[action$="/einreichen"]').getAttribute("action")`)
	a, body1 := applyFetch(t, first, "POST", action, form)
	b, body2 := applyFetch(t, first, "POST", action, form)
	r1, r2 := apReferenceRE.FindStringSubmatch(string(body1)), apReferenceRE.FindStringSubmatch(string(body2))
	if a.Status != 200 || b.Status != 200 || r1 == nil || r2 == nil || r1[1] != r2[1] || a.URL != b.URL {
		t.Fatalf("double submit: %d %s %v / %d %s %v", a.Status, a.URL, r1, b.Status, b.URL, r2)
	}

	second, _ := apParkingToReview(t, base)
	browser.Eval[bool](t, second, `(() => { document.querySelector('input[name="schluessel"]').value = `+jsString(firstKey)+`; return true })()`)
	applyFill(t, second, map[string]string{"consent": "✓"})
	applyGo(t, second, `document.getElementById("submit").click()`, `!!document.getElementById("error-summary")`)
	applyCheck(t, second, lang)
	if text := browser.Eval[string](t, second, `document.getElementById("error-summary").innerText`); !strings.Contains(text, "bereits für einen anderen Antrag") {
		t.Errorf("conflict not shown: %q", text)
	}
}

// parkingToReview fills a Bewohnerparkausweis up to its review page and
// returns the tab and the page's idempotency key.
func apParkingToReview(t *testing.T, base string) (apCtx, string) {
	ctx := apStartGuest(t, base, "bewohnerparkausweis", i18n.German)
	pages := []map[string]string{
		{"f-einwilligung_zur_verarbeitung_personenbe": "✓", "f-einwilligung_zum_abgleich_mit_dem_melde": "✓"},
		apMerge(apDateParts("f-geburtsdatum", time.Date(1979, 11, 30, 0, 0, 0, 0, time.UTC)), map[string]string{
			"f-familienname": "Lehmann", "f-vorname-0-vorname": "Paul", "f-e_mail": "paul@example.de",
			"f-strassenangaben-strasse": "Hauptstraße", "f-strassenangaben-hausnummer": "3",
			"f-angaben_zum_ort-postleitzahl": "01099", "f-angaben_zum_ort-ort": "Dresden", "f-land": "~Deutschland"}),
		{"f-gueltigkeitsdauer": "✓", "f-art_des_antrags": "✓"},
		{"f-angabe_des_kfz_kennzeichens": "DD-XY 9", "f-fahrzeug_identifizierungsnummer": "1", "f-angaben_zur_halterin_zum_halter_des_fahr": "✓"},
		{},
	}
	for _, p := range pages {
		applyFill(t, ctx, p)
		from := applyHere(t, ctx)
		applyGo(t, ctx, applyButton("weiter"), `location.pathname + location.search !== `+jsString(from)+` || !!document.getElementById("error-summary")`)
		if browser.Eval[bool](t, ctx, `!!document.getElementById("error-summary")`) {
			t.Fatalf("%s: %s", from, browser.Eval[string](t, ctx, `document.getElementById("error-summary").innerText`))
		}
	}
	return ctx, browser.Eval[string](t, ctx, `document.querySelector('input[name="schluessel"]').value`)
}

// loginNeeded: a procedure without guest access asks to log in at its
// assurance level and keeps the way back.
func loginNeeded(t *testing.T, base string) {
	for _, lang := range i18n.Langs() {
		ctx := applyTab(t, lang, true)
		browsertest.Navigate(t, ctx, base+"/antrag/elterngeld")
		applyCheck(t, ctx, lang)
		if browser.Eval[bool](t, ctx, `!!document.querySelector('form[action="/antrag/elterngeld"]')`) {
			t.Error("elterngeld offers to start without login")
		}
		href := browser.Eval[string](t, ctx, `document.querySelector('a[href^="/anmelden?next="]').getAttribute("href")`)
		if next, _ := url.QueryUnescape(strings.TrimPrefix(href, "/anmelden?next=")); next != "/antrag/elterngeld" {
			t.Errorf("login link returns to %q", next)
		}
		f, body := applyFetch(t, ctx, "POST", "/antrag/elterngeld", "leistung=")
		if f.Status != 200 || !strings.Contains(string(body), `href="/anmelden?next=`) || strings.Contains(f.URL, "/antraege/") {
			t.Errorf("starting elterngeld as a guest: %d %s", f.Status, f.URL)
		}
	}
}

// uploadErrors: a file whose content is not an allowed type, a file over
// the size limit and more files than allowed are refused at the field,
// like validation errors; "back" saves the page too.
func uploadErrors(t *testing.T, base string) {
	lang := i18n.German
	ctx := apStartGuest(t, base, "wohnsitz-anmelden", lang)
	dir := t.TempDir()
	fake := filepath.Join(dir, "scan.pdf") // named PDF, but plain text
	big := filepath.Join(dir, "gross.pdf")
	if err := os.WriteFile(fake, []byte("just text, no PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, append([]byte("%PDF-1.4\n"), make([]byte, 11<<20)...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		files []string
		want  string
		kept  int // files listed afterwards
	}{
		{[]string{fake}, "Dieser Dateityp wird hier nicht angenommen", 0},
		{[]string{big}, "Die Datei ist zu groß", 0},
		{[]string{apTestPDF(t, "a.pdf"), apTestPDF(t, "b.pdf"), apTestPDF(t, "c.pdf")}, "keine weiteren Dateien", 2},
	} {
		applyUpload(t, ctx, "f-wohnungsgeberbestaetigung", c.files...)
		// The previous round's error summary goes first, so the wait is for
		// the next page's and not satisfied by the old one.
		applyGo(t, ctx, `document.getElementById("error-summary")?.remove(); `+applyButton("speichern"),
			`!!document.getElementById("error-summary") || location.pathname.endsWith("/gespeichert")`)
		applyCheck(t, ctx, lang)
		if msg := browser.Eval[string](t, ctx, `(document.getElementById("f-wohnungsgeberbestaetigung-error") || {}).innerText || ""`); !strings.Contains(msg, c.want) {
			t.Errorf("%v: field error %q, want %q", c.files, msg, c.want)
		}
		if n := browser.Eval[int](t, ctx, `document.querySelectorAll(".amtsweg-files__item").length`); n != c.kept {
			t.Errorf("%v: %d files listed, want %d", c.files, n, c.kept)
		}
	}
	// Remove one file, go back: the page is saved on the way.
	applyGo(t, ctx, `document.querySelector('button[value^="datei-entfernen:"]').click()`, `document.querySelectorAll(".amtsweg-files__item").length === 1`)
	applyFill(t, ctx, map[string]string{"f-anschrift-street": "Zurückweg"})
	applyGo(t, ctx, applyButton("zurueck"), `location.pathname === "/antrag/wohnsitz-anmelden"`)
	browser.Eval[bool](t, ctx, "history.back(), true")
	browser.WaitFor(t, ctx, `location.pathname.endsWith("/seiten/wohnung") && document.readyState === "complete"`)
	browser.Eval[bool](t, ctx, "location.reload(), true")
	browser.WaitFor(t, ctx, `document.readyState === "complete" && document.getElementById("f-anschrift-street").value === "Zurückweg"`)
}
