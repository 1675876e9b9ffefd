package apply_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// keyboardJourney: the Wohnsitz journey with the keyboard only: Tab and
// Shift-Tab to move, Space for choices, Enter for links and buttons, the
// error summary's link to reach the wrong field. Only the file chooser
// is filled by the test, once the keyboard has reached it.
func keyboardJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := webtest.ApplyTab(t, lang, true)
	browsertest.Navigate(t, ctx, base+"/leistungen/99115005104000")
	webtest.TabTo(t, ctx, "the apply button", func(f browser.Focused) bool { return len(f.Href) > 8 && f.Href[:8] == "/antrag/" })
	webtest.Enter(t, ctx)
	browser.WaitFor(t, ctx, `location.pathname === "/antrag/wohnsitz-anmelden" && document.readyState === "complete"`)
	webtest.PressButton(t, ctx, "Als Gast beginnen", `location.pathname.endsWith("/seiten/wohnung")`)

	webtest.TypeFields(t, ctx, append(webtest.DateKeys("f-einzugsdatum", time.Now()), [][2]string{
		{"f-anschrift-street", "Am Markt"}, {"f-anschrift-number", "5"}, {"f-anschrift-postal_code", "01067"},
		{"f-anschrift-place", "Dresden"}, {"f-gemeinde", "Dresden"}}...))
	webtest.Press(t, ctx, "f-wohnungsart", " ")
	// The previous address is left out: an error to fix through the summary.
	webtest.TabTo(t, ctx, "the file input", webtest.ByID("f-wohnungsgeberbestaetigung"))
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#f-wohnungsgeberbestaetigung", []string{webtest.WritePDF(t, "vermieter.pdf")})); err != nil {
		t.Fatal(err)
	}
	webtest.PressButton(t, ctx, "Weiter", `!!document.getElementById("error-summary")`)
	if browser.Active(t, ctx).ID != "error-summary" {
		t.Fatalf("focus after the error: %+v", browser.Active(t, ctx))
	}
	browser.Press(t, ctx, kb.Tab)
	if f := browser.Active(t, ctx); f.Href != "#f-bisherige_anschrift-street" {
		t.Fatalf("first summary link: %+v", f)
	}
	webtest.Enter(t, ctx) // the link moves the focus to the field
	browser.WaitFor(t, ctx, `document.activeElement.id === "f-bisherige_anschrift-street"`)
	browser.Press(t, ctx, "Hauptstraße")
	webtest.TypeFields(t, ctx, [][2]string{{"f-bisherige_anschrift-number", "7"}, {"f-bisherige_anschrift-postal_code", "04109"},
		{"f-bisherige_anschrift-place", "Leipzig"}})
	webtest.PressButton(t, ctx, "Weiter", `location.pathname.endsWith("/seiten/person")`)

	webtest.TypeFields(t, ctx, append([][2]string{{"f-familienname", "Keyboard"}, {"f-vornamen", "Kim"}},
		append(webtest.DateKeys("f-geburtsdatum", time.Date(1980, 2, 3, 0, 0, 0, 0, time.UTC)), [2]string{"f-staatsangehoerigkeit", "deutsch"})...))
	webtest.Press(t, ctx, "f-mit_familie", " ")
	webtest.PressButton(t, ctx, "Weiter", `location.pathname.endsWith("/seiten/familie")`)

	webtest.TypeFields(t, ctx, append([][2]string{{"f-angehoerige-0-familienname", "Keyboard"}, {"f-angehoerige-0-vornamen", "Lou"}},
		webtest.DateKeys("f-angehoerige-0-geburtsdatum", time.Now().AddDate(-3, 0, 0))...))
	webtest.Press(t, ctx, "f-angehoerige-0-beziehung", " ")
	browser.Press(t, ctx, kb.ArrowDown) // "Kind"
	webtest.Press(t, ctx, "f-angehoerige-0-sorgeberechtigt", " ")
	webtest.PressButton(t, ctx, "Weitere Angaben hinzufügen: Familienangehörige", `!!document.getElementById("f-angehoerige-1-familienname")`)
	webtest.TypeFields(t, ctx, append([][2]string{{"f-angehoerige-1-familienname", "Keyboard"}, {"f-angehoerige-1-vornamen", "Sam"}},
		webtest.DateKeys("f-angehoerige-1-geburtsdatum", time.Date(1981, 5, 6, 0, 0, 0, 0, time.UTC))...))
	webtest.Press(t, ctx, "f-angehoerige-1-beziehung", " ")
	webtest.PressButton(t, ctx, "Weiter", `location.pathname.endsWith("/seiten/abschluss")`)

	webtest.Press(t, ctx, "f-richtigkeit", " ")
	webtest.PressButton(t, ctx, "Weiter", `location.pathname.endsWith("/pruefen")`)
	webtest.Press(t, ctx, "consent", " ")
	webtest.PressButton(t, ctx, "Antrag verbindlich absenden", `location.pathname.endsWith("/eingangsbestaetigung")`)
	webtest.TabTo(t, ctx, "the PDF download", webtest.ByID("receipt-pdf"))
	webtest.CheckReceiptPDF(t, ctx, browser.Eval[string](t, ctx, `document.getElementById("reference").textContent`))
}
