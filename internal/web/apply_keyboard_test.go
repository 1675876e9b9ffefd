package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// apEnter presses Enter as a keyboard does: one keyDown carrying the
// text, so Chromium suppresses the keypress when the keydown's default
// action (following a link) was taken. chromedp's kb.Enter sends a
// separate char event instead, which would reach the field the link just
// focused and submit its form.
func apEnter(t *testing.T, ctx apCtx) {
	t.Helper()
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r",
		UnmodifiedText: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter",
		WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	_, err := chromedp.Call(ctx, input.DispatchKeyEvent, down)
	if err == nil {
		_, err = chromedp.Call(ctx, input.DispatchKeyEvent, up)
	}
	if err != nil {
		t.Fatalf("press Enter: %v", err)
	}
}

// apTabTo presses Tab until match holds for the focused element, checking the focus is visible there.
func apTabTo(t *testing.T, ctx apCtx, what string, match func(browser.Focused) bool) {
	t.Helper()
	for range 120 {
		browser.Press(t, ctx, kb.Tab)
		if f := browser.Active(t, ctx); match(f) {
			browser.FocusVisible(t, ctx)
			return
		}
	}
	t.Fatalf("%s: Tab never reached %s", applyHere(t, ctx), what)
}

func apByID(id string) func(browser.Focused) bool {
	return func(f browser.Focused) bool { return f.ID == id }
}

// typeInto tabs to the input id and types text.
func apTypeInto(t *testing.T, ctx apCtx, id, text string) {
	t.Helper()
	apTabTo(t, ctx, "#"+id, apByID(id))
	browser.Press(t, ctx, text)
}

// typeFields types the fields in order (ids in DOM order).
func apTypeFields(t *testing.T, ctx apCtx, fields [][2]string) {
	t.Helper()
	for _, f := range fields {
		apTypeInto(t, ctx, f[0], f[1])
	}
}

// press tabs to the element id and presses key (Space ticks a radio or a
// checkbox, Enter follows a link or presses a button).
func apPress(t *testing.T, ctx apCtx, id, key string) {
	t.Helper()
	apTabTo(t, ctx, "#"+id, apByID(id))
	browser.Press(t, ctx, key)
}

// pressButton tabs to the button with the text and presses Enter, then
// waits for until.
func apPressButton(t *testing.T, ctx apCtx, text, until string) {
	t.Helper()
	apTabTo(t, ctx, "button "+text, func(f browser.Focused) bool { return f.Tag == "button" && f.Text == text })
	from := applyHere(t, ctx)
	apEnter(t, ctx)
	browser.WaitFor(t, ctx, `document.readyState === "complete" && ((`+until+`) || location.pathname + location.search !== `+jsString(from)+`)`)
	if !browser.Eval[bool](t, ctx, until) {
		browser.Screenshot(t, ctx, "/tmp/apply-keyboard-fail.png")
		t.Fatalf("%s after %q: not %s; main: %s", applyHere(t, ctx), text, until,
			browser.Eval[string](t, ctx, `document.querySelector("main").innerText.slice(0, 600)`))
	}
}

func apDateKeys(id string, d time.Time) [][2]string {
	return [][2]string{{id, d.Format("02")}, {id + "-month", d.Format("01")}, {id + "-year", d.Format("2006")}}
}

// keyboardJourney: the Wohnsitz journey with the keyboard only: Tab and
// Shift-Tab to move, Space for choices, Enter for links and buttons, the
// error summary's link to reach the wrong field. Only the file chooser
// is filled by the test, once the keyboard has reached it.
func keyboardJourney(t *testing.T, base string, lang i18n.Lang) {
	ctx := applyTab(t, lang, true)
	browsertest.Navigate(t, ctx, base+"/leistungen/99115005104000")
	apTabTo(t, ctx, "the apply button", func(f browser.Focused) bool { return len(f.Href) > 8 && f.Href[:8] == "/antrag/" })
	apEnter(t, ctx)
	browser.WaitFor(t, ctx, `location.pathname === "/antrag/wohnsitz-anmelden" && document.readyState === "complete"`)
	apPressButton(t, ctx, "Als Gast beginnen", `location.pathname.endsWith("/seiten/wohnung")`)

	apTypeFields(t, ctx, append(apDateKeys("f-einzugsdatum", time.Now()), [][2]string{
		{"f-anschrift-street", "Am Markt"}, {"f-anschrift-number", "5"}, {"f-anschrift-postal_code", "01067"},
		{"f-anschrift-place", "Dresden"}, {"f-gemeinde", "Dresden"}}...))
	apPress(t, ctx, "f-wohnungsart", " ")
	// The previous address is left out: an error to fix through the summary.
	apTabTo(t, ctx, "the file input", apByID("f-wohnungsgeberbestaetigung"))
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#f-wohnungsgeberbestaetigung", []string{apTestPDF(t, "vermieter.pdf")})); err != nil {
		t.Fatal(err)
	}
	apPressButton(t, ctx, "Weiter", `!!document.getElementById("error-summary")`)
	if browser.Active(t, ctx).ID != "error-summary" {
		t.Fatalf("focus after the error: %+v", browser.Active(t, ctx))
	}
	browser.Press(t, ctx, kb.Tab)
	if f := browser.Active(t, ctx); f.Href != "#f-bisherige_anschrift-street" {
		t.Fatalf("first summary link: %+v", f)
	}
	apEnter(t, ctx) // the link moves the focus to the field
	browser.WaitFor(t, ctx, `document.activeElement.id === "f-bisherige_anschrift-street"`)
	browser.Press(t, ctx, "Hauptstraße")
	apTypeFields(t, ctx, [][2]string{{"f-bisherige_anschrift-number", "7"}, {"f-bisherige_anschrift-postal_code", "04109"},
		{"f-bisherige_anschrift-place", "Leipzig"}})
	apPressButton(t, ctx, "Weiter", `location.pathname.endsWith("/seiten/person")`)

	apTypeFields(t, ctx, append([][2]string{{"f-familienname", "Keyboard"}, {"f-vornamen", "Kim"}},
		append(apDateKeys("f-geburtsdatum", time.Date(1980, 2, 3, 0, 0, 0, 0, time.UTC)), [2]string{"f-staatsangehoerigkeit", "deutsch"})...))
	apPress(t, ctx, "f-mit_familie", " ")
	apPressButton(t, ctx, "Weiter", `location.pathname.endsWith("/seiten/familie")`)

	apTypeFields(t, ctx, append([][2]string{{"f-angehoerige-0-familienname", "Keyboard"}, {"f-angehoerige-0-vornamen", "Lou"}},
		apDateKeys("f-angehoerige-0-geburtsdatum", time.Now().AddDate(-3, 0, 0))...))
	apPress(t, ctx, "f-angehoerige-0-beziehung", " ")
	browser.Press(t, ctx, kb.ArrowDown) // "Kind"
	apPress(t, ctx, "f-angehoerige-0-sorgeberechtigt", " ")
	apPressButton(t, ctx, "Weitere Angaben hinzufügen: Familienangehörige", `!!document.getElementById("f-angehoerige-1-familienname")`)
	apTypeFields(t, ctx, append([][2]string{{"f-angehoerige-1-familienname", "Keyboard"}, {"f-angehoerige-1-vornamen", "Sam"}},
		apDateKeys("f-angehoerige-1-geburtsdatum", time.Date(1981, 5, 6, 0, 0, 0, 0, time.UTC))...))
	apPress(t, ctx, "f-angehoerige-1-beziehung", " ")
	apPressButton(t, ctx, "Weiter", `location.pathname.endsWith("/seiten/abschluss")`)

	apPress(t, ctx, "f-richtigkeit", " ")
	apPressButton(t, ctx, "Weiter", `location.pathname.endsWith("/pruefen")`)
	apPress(t, ctx, "consent", " ")
	apPressButton(t, ctx, "Antrag verbindlich absenden", `location.pathname.endsWith("/eingangsbestaetigung")`)
	apTabTo(t, ctx, "the PDF download", apByID("receipt-pdf"))
	apCheckReceiptPDF(t, ctx, browser.Eval[string](t, ctx, `document.getElementById("reference").textContent`))
}
