package apply_test

import (
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// fimRuleJourney: the Bewohnerparkausweis imported from FIM carries rule
// R05000334 ("Wenn bei F05001347 „02 … (Verlängerung)“ angegeben wird, dann
// wird G05000599 eine Pflichtangabe"). Its text stands in the hint of the
// question it concerns; a renewal without the existing permit is refused
// with the rule's text in the error summary and at the group.
func fimRuleJourney(t *testing.T, base string) {
	lang := i18n.German
	ctx := apStartGuest(t, base, "bewohnerparkausweis", lang)
	webtest.ApplyFill(t, ctx, map[string]string{"f-einwilligung_zur_verarbeitung_personenbe": "✓", "f-einwilligung_zum_abgleich_mit_dem_melde": "✓"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_antragstellenden_person")`)
	webtest.ApplyFill(t, ctx, webtest.Merge(webtest.DateParts("f-geburtsdatum", time.Date(1979, 11, 30, 0, 0, 0, 0, time.UTC)), map[string]string{
		"f-familienname": "Lehmann", "f-vorname-0-vorname": "Paul", "f-e_mail": "paul@example.de",
		"f-strassenangaben-strasse": "Königsbrücker Straße", "f-strassenangaben-hausnummer": "12",
		"f-angaben_zum_ort-postleitzahl": "01099", "f-angaben_zum_ort-ort": "Dresden", "f-land": "~Deutschland"}))
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/seiten/angaben_zur_antragsstellung")`)
	hint := browser.Eval[string](t, ctx, `(document.getElementById("f-art_des_antrags-hint") || {}).innerText || ""`)
	if !strings.Contains(hint, "Wenn bei F05001347") || !strings.Contains(hint, "eine Pflichtangabe") {
		t.Errorf("rule text not in the hint of the question: %q", hint)
	}
	webtest.ApplyFill(t, ctx, map[string]string{"f-gueltigkeitsdauer": "✓", "f-art_des_antrags-1": "✓"})
	webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `!!document.getElementById("error-summary")`)
	webtest.ApplyCheck(t, ctx, lang)
	summary := browser.Eval[string](t, ctx, `document.getElementById("error-summary").innerText`)
	if !strings.Contains(summary, "eine Pflichtangabe") {
		t.Errorf("rule not in the error summary: %q", summary)
	}
	if n := browser.Eval[int](t, ctx, `document.querySelectorAll(".kern-error").length`); n == 0 {
		t.Error("no error shown at a field")
	}
}
