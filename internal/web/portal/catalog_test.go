package portal_test

import (
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// The demo's journey: a postal code several Saxon municipalities share.
const (
	wohnsitz     = "99115005104000"
	sharedPLZ    = "09306"
	rochlitzARS  = "145225126490"
	rochlitzName = "Rochlitz, Landkreis Mittelsachsen, Sachsen"
	rochlitzAmt  = "Verwaltungsgemeinschaft Rochlitz – Bürgeramt"
)

// TestJourney: home → search "Wohnsitz anmelden" → result → service page
// → a shared postal code → choose the municipality → the responsible
// authority → its page; axe-clean on every page, in German and English.
func TestJourney(t *testing.T) {
	base := browsertest.Start(t)
	for _, lang := range i18n.Langs() {
		t.Run(string(lang), func(t *testing.T) {
			ctx := browsertest.Tab(t)
			if lang == i18n.English {
				browser.AcceptLanguage(t, ctx, "en")
			}
			browsertest.Navigate(t, ctx, base+"/")
			checkPage(t, ctx, lang)
			browser.Eval[bool](t, ctx, `(() => { document.getElementById("q").value = "Wohnsitz anmelden"; return true })()`)
			clickAndWait(t, ctx, `document.querySelector("form[role=search] button[type=submit]").click()`, `location.pathname === "/suche"`)
			checkPage(t, ctx, lang)
			clickAndWait(t, ctx, `document.querySelector(".amtsweg-results a[href='/leistungen/`+wohnsitz+`']").click()`,
				`location.pathname === "/leistungen/`+wohnsitz+`"`)
			checkPage(t, ctx, lang)
			browser.Eval[bool](t, ctx, `(() => { document.getElementById("ort").value = "`+sharedPLZ+`"; return true })()`)
			clickAndWait(t, ctx, `document.getElementById("ort").form.querySelector("button").click()`, `location.search.includes("ort=")`)
			if n := browser.Eval[int](t, ctx, `document.querySelectorAll("input[name=gebiet]").length`); n < 2 {
				t.Fatalf("%d municipalities to choose from for %s, want several", n, sharedPLZ)
			}
			checkPage(t, ctx, lang)
			clickAndWait(t, ctx, `document.querySelector("input[value='`+rochlitzARS+`']").click(); document.querySelector("input[value='`+rochlitzARS+`']").form.querySelector("button").click()`,
				`location.search.includes("gebiet=")`)
			checkPage(t, ctx, lang)
			result := browser.Eval[string](t, ctx, `document.getElementById("finder-result").innerText`)
			if !strings.Contains(result, rochlitzName) || !strings.Contains(result, rochlitzAmt) {
				t.Errorf("finder result %q, want the authority for %s", result, rochlitzName)
			}
			clickAndWait(t, ctx, `document.querySelector("#finder-result a[href^='/behoerden/']").click()`, `location.pathname.startsWith("/behoerden/")`)
			checkPage(t, ctx, lang)
			name := map[i18n.Lang]string{i18n.German: "Wohnsitz Anmeldung", i18n.English: "Registering your residence"}[lang]
			if !browser.Eval[bool](t, ctx, `document.body.innerText.includes("`+name+`")`) {
				t.Errorf("authority page does not list the service as %q", name)
			}
		})
	}
}

// TestCatalogPages opens the other catalog pages and states in German and
// English: each is axe-clean, in the right language and shows its h1.
func TestCatalogPages(t *testing.T) {
	base := browsertest.Start(t)
	pages := []struct{ path, h1de, h1en string }{
		{"/suche?q=xqzvbn", "Leistungen suchen", "Search services"},
		{"/suche?q=Zulasungg", "Leistungen suchen", "Search services"},
		{"/suche?thema=familie-kind&zielgruppe=buerger&seite=3", "Leistungen suchen", "Search services"},
		{"/leistungen/" + wohnsitz + "?ort=x", "Wohnsitz Anmeldung", "Registering your residence"},
		{"/leistungen/" + wohnsitz + "?ort=" + sharedPLZ + "&gebiet=1", "Wohnsitz Anmeldung", "Registering your residence"},
		{"/leistungen/99001009000000?ort=01067", "Sperrmüll", "Sperrmüll"},
		{"/themen/familie-kind?seite=2", "Familie & Kind", "Family and children"},
		{"/lebenslagen/geburt", "Geburt", "Having a baby"},
		{"/abdeckung", "Abdeckung der Zuständigkeiten", "Coverage of responsibilities"},
	}
	for _, lang := range i18n.Langs() {
		ctx := browsertest.Tab(t)
		if lang == i18n.English {
			browser.AcceptLanguage(t, ctx, "en")
		}
		for _, p := range pages {
			t.Run(string(lang)+p.path, func(t *testing.T) {
				browsertest.Navigate(t, ctx, base+p.path)
				want := map[i18n.Lang]string{i18n.German: p.h1de, i18n.English: p.h1en}[lang]
				if got := browser.Eval[string](t, ctx, `document.querySelector("h1").innerText`); got != want {
					t.Errorf("h1 %q, want %q", got, want)
				}
				checkPage(t, ctx, lang)
			})
		}
	}
}
