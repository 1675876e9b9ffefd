package apply_test

import (
	"context"
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
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// startGuest opens the intro of procedure in a fresh context and starts
// as a guest.
func apStartGuest(t *testing.T, base, procedure string, lang i18n.Lang) (ctx context.Context) {
	t.Helper()
	ctx = webtest.ApplyTab(t, lang, true)
	browsertest.Navigate(t, ctx, base+"/antrag/"+procedure)
	webtest.ApplyGo(t, ctx, `document.querySelector('form[action="/antrag/`+procedure+`"] button').click()`, `location.pathname.includes("/seiten/")`)
	return ctx
}

// resumeJourney: a guest saves the first page and leaves; in a new browser
// (no cookies) the resume link leads back to the saved answers and the
// application is finished there.
func resumeJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := apStartGuest(t, base, "wohnsitz-anmelden", lang)
	webtest.ApplyFill(t, ctx, webtest.Wohnung("01067"))
	webtest.ApplyUpload(t, ctx, "f-wohnungsgeberbestaetigung", webtest.WritePDF(t, "bestaetigung.pdf"))
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("speichern"), `location.pathname.endsWith("/gespeichert")`)
	webtest.ApplyCheck(t, ctx, lang)
	link := browser.Eval[string](t, ctx, `document.getElementById("resume-link").href`)
	if secret := link[strings.LastIndex(link, "/")+1:]; len(secret) < 40 {
		t.Fatalf("resume link %q has a short secret", link)
	}

	later := webtest.ApplyTab(t, lang, true)
	browsertest.Navigate(t, later, link)
	browser.WaitFor(t, later, `location.pathname.endsWith("/seiten/wohnung")`)
	webtest.ApplyCheck(t, later, lang)
	if v := browser.Eval[string](t, later, `document.getElementById("f-anschrift-street").value`); v != "Schloßstraße" {
		t.Fatalf("resumed draft shows street %q", v)
	}
	if !browser.Eval[bool](t, later, `document.querySelector(".amtsweg-files").innerText.includes("bestaetigung.pdf")`) {
		t.Error("resumed draft lost its upload")
	}
	webtest.ApplyGo(t, later, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/person")`)
	webtest.ApplyFill(t, later, webtest.Merge(webtest.DateParts("f-geburtsdatum", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-familienname": "Schmidt", "f-vornamen": "Jana", "f-staatsangehoerigkeit": "deutsch", "f-mit_familie-no": "✓"}))
	webtest.ApplyGo(t, later, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/abschluss")`) // the family page is hidden
	webtest.ApplyFill(t, later, map[string]string{"f-richtigkeit": "✓"})
	webtest.ApplyGo(t, later, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	webtest.SubmitReview(t, later, lang)
}

// revokeJourney: a new link replaces the old one at once; a revoked link
// leads nowhere.
func revokeJourney(t *testing.T, base string) {
	lang := i18n.German
	ctx := apStartGuest(t, base, "bewohnerparkausweis", lang)
	webtest.ApplyFill(t, ctx, map[string]string{"f-einwilligung_zur_verarbeitung_personenbe": "✓"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("speichern"), `location.pathname.endsWith("/gespeichert")`)
	first := browser.Eval[string](t, ctx, `document.getElementById("resume-link").href`)
	webtest.ApplyGo(t, ctx, `document.querySelector('form[action$="/link/neu"] button').click()`, `document.getElementById("resume-link").href !== `+webtest.JSString(first))
	webtest.ApplyCheck(t, ctx, lang)
	second := browser.Eval[string](t, ctx, `document.getElementById("resume-link").href`)
	if apStatus(t, base, first) != 404 || apStatus(t, base, second) != 303 {
		t.Errorf("after renewing: old link %d (want 404), new link %d (want 303)", apStatus(t, base, first), apStatus(t, base, second))
	}
	webtest.ApplyGo(t, ctx, `document.querySelector('form[action$="/link/widerrufen"] button').click()`, `!!document.getElementById("revoke-confirm")`)
	webtest.ApplyCheck(t, ctx, lang)
	if got := apStatus(t, base, second); got != 303 {
		t.Errorf("the link answers %d before the revocation was confirmed, want 303", got)
	}
	webtest.ApplyGo(t, ctx, `document.getElementById("revoke-yes").click()`, `!document.getElementById("revoke-confirm")`)
	webtest.ApplyCheck(t, ctx, lang)
	if got := apStatus(t, base, second); got != 404 {
		t.Errorf("revoked link answers %d, want 404", got)
	}
}

// parkingJourney fills the Bewohnerparkausweis imported from the FIM
// schema through its pages and submits it: its rules pass.
func parkingJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := apStartGuest(t, base, "bewohnerparkausweis", lang)
	webtest.ApplyCheck(t, ctx, lang)
	webtest.ApplyFill(t, ctx, map[string]string{"f-einwilligung_zur_verarbeitung_personenbe": "✓", "f-einwilligung_zum_abgleich_mit_dem_melde": "✓"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_antragstellenden_person")`)
	webtest.ApplyCheck(t, ctx, lang)
	webtest.ApplyFill(t, ctx, webtest.Merge(webtest.DateParts("f-geburtsdatum", time.Date(1979, 11, 30, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-familienname": "Lehmann", "f-vorname-0-vorname": "Paul", "f-e_mail": "paul@example.de",
		"f-strassenangaben-strasse": "Königsbrücker Straße", "f-strassenangaben-hausnummer": "12",
		"f-angaben_zum_ort-postleitzahl": "01099", "f-angaben_zum_ort-ort": "Dresden", "f-land": "~Deutschland"}))
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_antragsstellung")`)
	webtest.ApplyCheck(t, ctx, lang)
	webtest.ApplyFill(t, ctx, map[string]string{"f-gueltigkeitsdauer": "✓", "f-art_des_antrags": "✓"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zum_fahrzeug")`)
	webtest.ApplyCheck(t, ctx, lang)
	webtest.ApplyFill(t, ctx, map[string]string{"f-angabe_des_kfz_kennzeichens": "DD-AB 123", "f-fahrzeug_identifizierungsnummer": "4711",
		"f-angaben_zur_halterin_zum_halter_des_fahr": "✓"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_fahrzeughalterin_zum_fahrzeu")`)
	webtest.ApplyCheck(t, ctx, lang)
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	webtest.ApplyCheck(t, ctx, lang)
	webtest.SubmitReview(t, ctx, lang)
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
	a, body1 := webtest.ApplyFetch(t, first, "POST", action, form)
	b, body2 := webtest.ApplyFetch(t, first, "POST", action, form)
	r1, r2 := apReferenceRE.FindStringSubmatch(string(body1)), apReferenceRE.FindStringSubmatch(string(body2))
	if a.Status != 200 || b.Status != 200 || r1 == nil || r2 == nil || r1[1] != r2[1] || a.URL != b.URL {
		t.Fatalf("double submit: %d %s %v / %d %s %v", a.Status, a.URL, r1, b.Status, b.URL, r2)
	}

	second, _ := apParkingToReview(t, base)
	browser.Eval[bool](t, second, `(() => { document.querySelector('input[name="schluessel"]').value = `+webtest.JSString(firstKey)+`; return true })()`)
	webtest.ApplyFill(t, second, map[string]string{"consent": "✓"})
	webtest.ApplyGo(t, second, `document.getElementById("submit").click()`, `!!document.getElementById("error-summary")`)
	webtest.ApplyCheck(t, second, lang)
	if text := browser.Eval[string](t, second, `document.getElementById("error-summary").innerText`); !strings.Contains(text, "bereits für einen anderen Antrag") {
		t.Errorf("conflict not shown: %q", text)
	}
}

// parkingToReview fills a Bewohnerparkausweis up to its review page and
// returns the tab and the page's idempotency key.
func apParkingToReview(t *testing.T, base string) (context.Context, string) {
	ctx := apStartGuest(t, base, "bewohnerparkausweis", i18n.German)
	pages := []map[string]string{
		{"f-einwilligung_zur_verarbeitung_personenbe": "✓", "f-einwilligung_zum_abgleich_mit_dem_melde": "✓"},
		webtest.Merge(webtest.DateParts("f-geburtsdatum", time.Date(1979, 11, 30, 0, 0, 0, 0, time.UTC)), map[string]string{
			"f-familienname": "Lehmann", "f-vorname-0-vorname": "Paul", "f-e_mail": "paul@example.de",
			"f-strassenangaben-strasse": "Hauptstraße", "f-strassenangaben-hausnummer": "3",
			"f-angaben_zum_ort-postleitzahl": "01099", "f-angaben_zum_ort-ort": "Dresden", "f-land": "~Deutschland"}),
		{"f-gueltigkeitsdauer": "✓", "f-art_des_antrags": "✓"},
		{"f-angabe_des_kfz_kennzeichens": "DD-XY 9", "f-fahrzeug_identifizierungsnummer": "1", "f-angaben_zur_halterin_zum_halter_des_fahr": "✓"},
		{},
	}
	for _, p := range pages {
		webtest.ApplyFill(t, ctx, p)
		from := webtest.ApplyHere(t, ctx)
		webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname + location.search !== `+webtest.JSString(from)+` || !!document.getElementById("error-summary")`)
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
		ctx := webtest.ApplyTab(t, lang, true)
		browsertest.Navigate(t, ctx, base+"/antrag/elterngeld")
		webtest.ApplyCheck(t, ctx, lang)
		if browser.Eval[bool](t, ctx, `!!document.querySelector('form[action="/antrag/elterngeld"]')`) {
			t.Error("elterngeld offers to start without login")
		}
		href := browser.Eval[string](t, ctx, `document.querySelector('a[href^="/anmelden?next="]').getAttribute("href")`)
		u, _ := url.Parse(href)
		if next := u.Query().Get("next"); next != "/antrag/elterngeld" {
			t.Errorf("login link returns to %q", next)
		}
		if level := u.Query().Get("level"); level != "substantial" {
			t.Errorf("login link asks for level %q, want the procedure's substantial", level)
		}
		f, body := webtest.ApplyFetch(t, ctx, "POST", "/antrag/elterngeld", "leistung=")
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
		{[]string{webtest.WritePDF(t, "a.pdf"), webtest.WritePDF(t, "b.pdf"), webtest.WritePDF(t, "c.pdf")}, "keine weiteren Dateien", 2},
	} {
		webtest.ApplyUpload(t, ctx, "f-wohnungsgeberbestaetigung", c.files...)
		// The previous round's error summary goes first, so the wait is for
		// the next page's and not satisfied by the old one.
		webtest.ApplyGo(t, ctx, `document.getElementById("error-summary")?.remove(); `+webtest.ApplyButton("speichern"),
			`!!document.getElementById("error-summary") || location.pathname.endsWith("/gespeichert")`)
		webtest.ApplyCheck(t, ctx, lang)
		if msg := browser.Eval[string](t, ctx, `(document.getElementById("f-wohnungsgeberbestaetigung-error") || {}).innerText || ""`); !strings.Contains(msg, c.want) {
			t.Errorf("%v: field error %q, want %q", c.files, msg, c.want)
		}
		if n := browser.Eval[int](t, ctx, `document.querySelectorAll(".amtsweg-files__item").length`); n != c.kept {
			t.Errorf("%v: %d files listed, want %d", c.files, n, c.kept)
		}
	}
	// Remove one file, go back: the page is saved on the way.
	webtest.ApplyGo(t, ctx, `document.querySelector('button[value^="datei-entfernen:"]').click()`, `document.querySelectorAll(".amtsweg-files__item").length === 1`)
	webtest.ApplyFill(t, ctx, map[string]string{"f-anschrift-street": "Zurückweg"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("zurueck"), `location.pathname === "/antrag/wohnsitz-anmelden"`)
	browser.Eval[bool](t, ctx, "history.back(), true")
	browser.WaitFor(t, ctx, `location.pathname.endsWith("/seiten/wohnung") && document.readyState === "complete"`)
	browser.Eval[bool](t, ctx, "location.reload(), true")
	browser.WaitFor(t, ctx, `document.readyState === "complete" && document.getElementById("f-anschrift-street").value === "Zurückweg"`)
}
