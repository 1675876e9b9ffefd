package webtest

// The browser steps of the application journeys.

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/pdf"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// ApplyTab opens a tab in lang; fresh opens it in a new browser context
// (no cookies shared with other tabs).
func ApplyTab(t *testing.T, lang i18n.Lang, fresh bool) context.Context {
	t.Helper()
	ctx := browsertest.Tab(t)
	if fresh {
		var cancel context.CancelFunc
		ctx, cancel = chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		if err := chromedp.Do(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if lang == i18n.English {
		browser.AcceptLanguage(t, ctx, "en")
	} else {
		browser.AcceptLanguage(t, ctx, "de-DE,de;q=0.9")
	}
	return ctx
}

// ApplyCheck checks the page: language, no missing texts, no WCAG 2.2 AA
// violation, and for form pages a title prefixed on errors only.
func ApplyCheck(t *testing.T, ctx context.Context, lang i18n.Lang) {
	t.Helper()
	if got := browser.Eval[string](t, ctx, "document.documentElement.lang"); got != string(lang) {
		t.Errorf("%s: lang %q, want %q", ApplyHere(t, ctx), got, lang)
	}
	if body := browser.Eval[string](t, ctx, "document.documentElement.outerHTML"); strings.Contains(body, i18n.MissingMarker) {
		i := strings.Index(body, i18n.MissingMarker)
		t.Errorf("%s: missing message near %q", ApplyHere(t, ctx), body[i:min(len(body), i+80)])
	}
	errs := browser.Eval[bool](t, ctx, `!!document.getElementById("error-summary")`)
	prefixed := browser.Eval[bool](t, ctx, `document.title.startsWith("Fehler: ") || document.title.startsWith("Error: ")`)
	if errs != prefixed {
		t.Errorf("%s: error summary %v but title %q", ApplyHere(t, ctx), errs, browser.Eval[string](t, ctx, "document.title"))
	}
	browsertest.Axe(t, ctx)
}

// ApplyHere is the path and query of the page in ctx.
func ApplyHere(t *testing.T, ctx context.Context) string {
	return browser.Eval[string](t, ctx, "location.pathname + location.search")
}

// ApplyGo evaluates a click (or any action) and waits for until.
func ApplyGo(t *testing.T, ctx context.Context, action, until string) {
	t.Helper()
	browser.Eval[bool](t, ctx, "(() => { "+action+"; return true })()")
	browser.WaitFor(t, ctx, `document.readyState === "complete" && (`+until+`)`)
}

// ApplyFill sets inputs by id (text inputs and selects) and ticks radios
// and checkboxes given with the value "✓".
func ApplyFill(t *testing.T, ctx context.Context, fields map[string]string) {
	t.Helper()
	var js strings.Builder
	for id, v := range fields {
		fmt.Fprintf(&js, `{ const e = document.getElementById(%q); if (!e) throw new Error("no #" + %q);`, id, id)
		switch {
		case v == "✓":
			js.WriteString(" e.checked = true; }\n")
		case strings.HasPrefix(v, "~"): // the option whose text contains the rest
			fmt.Fprintf(&js, " e.value = [...e.options].find(o => o.text.includes(%q)).value; }\n", v[len("~"):])
		default:
			fmt.Fprintf(&js, " e.value = %q; }\n", v)
		}
	}
	browser.Eval[bool](t, ctx, "(() => { "+js.String()+"; return true })()")
}

// ApplyButton clicks the submit button with name=aktion and value.
func ApplyButton(value string) string {
	return fmt.Sprintf(`document.querySelector('button.kern-btn[name="aktion"][value=%q]').click()`, value)
}

// ApplyUpload chooses files in the file input with id (the file chooser).
func ApplyUpload(t *testing.T, ctx context.Context, id string, paths ...string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#"+id, paths)); err != nil {
		t.Fatalf("upload %v: %v", paths, err)
	}
}

// WritePDF writes a small real PDF and returns its path.
func WritePDF(t *testing.T, name string) string {
	t.Helper()
	b, err := pdf.New(pdf.Meta{Title: "Wohnungsgeberbestätigung"}).Title("Wohnungsgeberbestätigung").
		Paragraph("Hiermit bestätige ich den Einzug.").Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Fetched is a response read in the page with its cookies.
type Fetched struct {
	Status int    `json:"status"`
	URL    string `json:"url"`
	Body   string `json:"body"` // base64
}

// ApplyFetch requests url from the page (synchronously, with the tab's
// cookies); method POST sends form (URL-encoded).
func ApplyFetch(t *testing.T, ctx context.Context, method, url, form string) (Fetched, []byte) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const x = new XMLHttpRequest(); x.open(%q, %q, false);
		x.overrideMimeType("text/plain; charset=x-user-defined");
		if (%q === "POST") x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
		x.send(%q || null);
		let s = ""; const r = x.responseText;
		for (let i = 0; i < r.length; i += 8192) {
			s += String.fromCharCode.apply(null, Array.from(r.slice(i, i + 8192), c => c.charCodeAt(0) & 0xff));
		}
		return {status: x.status, url: x.responseURL, body: btoa(s)}; })()`, method, url, method, form)
	f := browser.Eval[Fetched](t, ctx, js)
	b, err := base64.StdEncoding.DecodeString(f.Body)
	if err != nil {
		t.Fatal(err)
	}
	return f, b
}

// CheckReceiptPDF downloads the receipt PDF in ctx and checks it is a PDF
// naming the reference.
func CheckReceiptPDF(t *testing.T, ctx context.Context, reference string) {
	t.Helper()
	href := browser.Eval[string](t, ctx, `document.getElementById("receipt-pdf").getAttribute("href")`)
	f, b := ApplyFetch(t, ctx, "GET", href, "")
	if f.Status != 200 || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("receipt PDF: status %d, starts %q", f.Status, b[:min(len(b), 8)])
	}
	p := filepath.Join(t.TempDir(), "receipt.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(out), reference) {
		t.Errorf("receipt PDF does not name %s:\n%s", reference, out)
	}
}

// JSString quotes s for JavaScript.
func JSString(s string) string { return fmt.Sprintf("%q", s) }

// WohnsitzAlone applies for "Wohnsitz anmelden" in the browser tab ctx
// as someone moving in alone — from the service page through the form
// pages (with the landlord's confirmation as a PDF) and the review to the
// submitted receipt, every page checked in lang — and returns the
// receipt's reference.
func WohnsitzAlone(t *testing.T, ctx context.Context, base string, lang i18n.Lang, first, family string, born time.Time) string {
	t.Helper()
	browsertest.Navigate(t, ctx, base+"/leistungen/99115005104000")
	ApplyCheck(t, ctx, lang)
	ApplyGo(t, ctx, `document.querySelector('a[href^="/antrag/wohnsitz-anmelden"]').click()`, `location.pathname === "/antrag/wohnsitz-anmelden"`)
	ApplyCheck(t, ctx, lang)
	ApplyGo(t, ctx, `document.querySelector('form[action="/antrag/wohnsitz-anmelden"] button').click()`, `location.pathname.endsWith("/seiten/wohnung")`)
	ApplyCheck(t, ctx, lang)
	ApplyFill(t, ctx, Wohnung("01067"))
	ApplyUpload(t, ctx, "f-wohnungsgeberbestaetigung", WritePDF(t, "wohnungsgeber.pdf"))
	ApplyGo(t, ctx, ApplyButton("weiter"), `location.pathname.endsWith("/seiten/person")`)
	ApplyCheck(t, ctx, lang)
	ApplyFill(t, ctx, Merge(DateParts("f-geburtsdatum", born), map[string]string{
		"f-familienname": family, "f-vornamen": first, "f-staatsangehoerigkeit": "deutsch", "f-mit_familie-no": "✓"}))
	ApplyGo(t, ctx, ApplyButton("weiter"), `location.pathname.endsWith("/seiten/abschluss")`)
	ApplyCheck(t, ctx, lang)
	ApplyFill(t, ctx, map[string]string{"f-richtigkeit": "✓"})
	ApplyGo(t, ctx, ApplyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	ApplyCheck(t, ctx, lang)
	return SubmitReview(t, ctx, lang)
}

// DateParts fills the three inputs of the date field id.
func DateParts(id string, d time.Time) map[string]string {
	return map[string]string{id: fmt.Sprint(d.Day()), id + "-month": fmt.Sprint(int(d.Month())), id + "-year": fmt.Sprint(d.Year())}
}

// Merge merges field maps, later ones winning.
func Merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// Wohnung is the answers of the page "Neue Wohnung"; postal is the
// new address's postal code.
func Wohnung(postal string) map[string]string {
	return Merge(DateParts("f-einzugsdatum", time.Now()), map[string]string{
		"f-anschrift-street": "Schloßstraße", "f-anschrift-number": "1", "f-anschrift-postal_code": postal,
		"f-anschrift-place": "Dresden", "f-gemeinde": "Dresden", "f-wohnungsart": "✓",
		"f-bisherige_anschrift-street": "Hauptstraße", "f-bisherige_anschrift-number": "7",
		"f-bisherige_anschrift-postal_code": "04109", "f-bisherige_anschrift-place": "Leipzig",
	})
}

// SubmitReview ticks the consent on the review page, submits and returns
// the reference shown on the receipt.
func SubmitReview(t *testing.T, ctx context.Context, lang i18n.Lang) string {
	t.Helper()
	ApplyGo(t, ctx, `document.getElementById("submit").click()`, `!!document.getElementById("error-summary")`)
	ApplyCheck(t, ctx, lang) // without consent: an error
	ApplyFill(t, ctx, map[string]string{"consent": "✓"})
	ApplyGo(t, ctx, `document.getElementById("submit").click()`, `location.pathname.endsWith("/eingangsbestaetigung")`)
	ApplyCheck(t, ctx, lang)
	reference := browser.Eval[string](t, ctx, `document.getElementById("reference").textContent`)
	if !strings.HasPrefix(reference, "SN-") {
		t.Errorf("reference %q", reference)
	}
	return reference
}

// Enter presses Enter as a keyboard does: one keyDown carrying the
// text, so Chromium suppresses the keypress when the keydown's default
// action (following a link) was taken. chromedp's kb.Enter sends a
// separate char event instead, which would reach the field the link just
// focused and submit its form.
func Enter(t *testing.T, ctx context.Context) {
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

// TabTo presses Tab until match holds for the focused element, checking the focus is visible there.
func TabTo(t *testing.T, ctx context.Context, what string, match func(browser.Focused) bool) {
	t.Helper()
	for range 120 {
		browser.Press(t, ctx, kb.Tab)
		if f := browser.Active(t, ctx); match(f) {
			browser.FocusVisible(t, ctx)
			return
		}
	}
	t.Fatalf("%s: Tab never reached %s", ApplyHere(t, ctx), what)
}

// ByID matches the focused element with id.
func ByID(id string) func(browser.Focused) bool {
	return func(f browser.Focused) bool { return f.ID == id }
}

// TypeInto tabs to the input id and types text.
func TypeInto(t *testing.T, ctx context.Context, id, text string) {
	t.Helper()
	TabTo(t, ctx, "#"+id, ByID(id))
	browser.Press(t, ctx, text)
}

// TypeFields types the fields in order (ids in DOM order).
func TypeFields(t *testing.T, ctx context.Context, fields [][2]string) {
	t.Helper()
	for _, f := range fields {
		TypeInto(t, ctx, f[0], f[1])
	}
}

// Press tabs to the element id and presses key (Space ticks a radio or a
// checkbox, Enter follows a link or presses a button).
func Press(t *testing.T, ctx context.Context, id, key string) {
	t.Helper()
	TabTo(t, ctx, "#"+id, ByID(id))
	browser.Press(t, ctx, key)
}

// PressButton tabs to the button with the text and presses Enter, then
// waits for until.
func PressButton(t *testing.T, ctx context.Context, text, until string) {
	t.Helper()
	TabTo(t, ctx, "button "+text, func(f browser.Focused) bool { return f.Tag == "button" && f.Text == text })
	from := ApplyHere(t, ctx)
	Enter(t, ctx)
	browser.WaitFor(t, ctx, `document.readyState === "complete" && ((`+until+`) || location.pathname + location.search !== `+JSString(from)+`)`)
	if !browser.Eval[bool](t, ctx, until) {
		browser.Screenshot(t, ctx, "/tmp/apply-keyboard-fail.png")
		t.Fatalf("%s after %q: not %s; main: %s", ApplyHere(t, ctx), text, until,
			browser.Eval[string](t, ctx, `document.querySelector("main").innerText.slice(0, 600)`))
	}
}

// DateKeys are the keys to type into the date field id.
func DateKeys(id string, d time.Time) [][2]string {
	return [][2]string{{id, d.Format("02")}, {id + "-month", d.Format("01")}, {id + "-year", d.Format("2006")}}
}
