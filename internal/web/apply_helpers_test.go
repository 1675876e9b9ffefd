package web_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/pdf"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// startApplyApp runs the demo app on a fresh database of dialect d and
// publishes "Wohnsitz anmelden" version 2 for guests: the demo's version 1
// needs an eID login (substantial), which a test cannot perform, so the
// journeys apply as guests to an otherwise identical definition.
func startApplyApp(t *testing.T, d store.Dialect) string {
	t.Helper()
	dsn := storetest.DSN(t, d)
	base := browsertest.Start(t, browsertest.WithDatabaseURL(dsn))
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	def, err := os.ReadFile("../procedure/demo/wohnsitz-anmelden.yaml")
	if err != nil {
		t.Fatal(err)
	}
	guest := strings.NewReplacer("version: 1", "version: 2", "guest: false", "guest: true", "assurance: substantial", "assurance: low").
		Replace(string(def))
	if _, err := procedure.Import(t.Context(), db, []byte(guest), "wohnsitz-anmelden-gast.yaml"); err != nil {
		t.Fatal(err)
	}
	return base
}

// applyTab opens a tab in lang; fresh opens it in a new browser context
// (no cookies shared with other tabs).
func applyTab(t *testing.T, lang i18n.Lang, fresh bool) context.Context {
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

// applyCheck checks the page: language, no missing texts, no WCAG 2.2 AA
// violation, and for form pages a title prefixed on errors only.
func applyCheck(t *testing.T, ctx context.Context, lang i18n.Lang) {
	t.Helper()
	if got := browser.Eval[string](t, ctx, "document.documentElement.lang"); got != string(lang) {
		t.Errorf("%s: lang %q, want %q", applyHere(t, ctx), got, lang)
	}
	if body := browser.Eval[string](t, ctx, "document.documentElement.outerHTML"); strings.Contains(body, i18n.MissingMarker) {
		i := strings.Index(body, i18n.MissingMarker)
		t.Errorf("%s: missing message near %q", applyHere(t, ctx), body[i:min(len(body), i+80)])
	}
	errs := browser.Eval[bool](t, ctx, `!!document.getElementById("error-summary")`)
	prefixed := browser.Eval[bool](t, ctx, `document.title.startsWith("Fehler: ") || document.title.startsWith("Error: ")`)
	if errs != prefixed {
		t.Errorf("%s: error summary %v but title %q", applyHere(t, ctx), errs, browser.Eval[string](t, ctx, "document.title"))
	}
	browsertest.Axe(t, ctx)
}

func applyHere(t *testing.T, ctx context.Context) string {
	return browser.Eval[string](t, ctx, "location.pathname + location.search")
}

// applyGo evaluates a click (or any action) and waits for until.
func applyGo(t *testing.T, ctx context.Context, action, until string) {
	t.Helper()
	browser.Eval[bool](t, ctx, "(() => { "+action+"; return true })()")
	browser.WaitFor(t, ctx, `document.readyState === "complete" && (`+until+`)`)
}

// applyFill sets inputs by id (text inputs and selects) and ticks radios
// and checkboxes given with the value "✓".
func applyFill(t *testing.T, ctx context.Context, fields map[string]string) {
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

// applyButton clicks the submit button with name=aktion and value.
func applyButton(value string) string {
	return fmt.Sprintf(`document.querySelector('button.kern-btn[name="aktion"][value=%q]').click()`, value)
}

// applyUpload chooses files in the file input with id (the file chooser).
func applyUpload(t *testing.T, ctx context.Context, id string, paths ...string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#"+id, paths)); err != nil {
		t.Fatalf("upload %v: %v", paths, err)
	}
}

// testPDF writes a small real PDF and returns its path.
func apTestPDF(t *testing.T, name string) string {
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

// apFetched is a response read in the page with its cookies.
type apFetched struct {
	Status int    `json:"status"`
	URL    string `json:"url"`
	Body   string `json:"body"` // base64
}

// applyFetch requests url from the page (synchronously, with the tab's
// cookies); method POST sends form (URL-encoded).
func applyFetch(t *testing.T, ctx context.Context, method, url, form string) (apFetched, []byte) {
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
	f := browser.Eval[apFetched](t, ctx, js)
	b, err := base64.StdEncoding.DecodeString(f.Body)
	if err != nil {
		t.Fatal(err)
	}
	return f, b
}

// checkReceiptPDF downloads the receipt PDF in ctx and checks it is a PDF
// naming the reference.
func apCheckReceiptPDF(t *testing.T, ctx context.Context, reference string) {
	t.Helper()
	href := browser.Eval[string](t, ctx, `document.getElementById("receipt-pdf").getAttribute("href")`)
	f, b := applyFetch(t, ctx, "GET", href, "")
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

// apCtx is a tab's context.
type apCtx = context.Context

// jsString quotes s for JavaScript.
func jsString(s string) string { return fmt.Sprintf("%q", s) }

// status GETs url without cookies and without following redirects.
func apStatus(t *testing.T, base, url string) int {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// apWohnsitzAlone applies for "Wohnsitz anmelden" in the browser tab ctx
// as someone moving in alone — from the service page through the form
// pages (with the landlord's confirmation as a PDF) and the review to the
// submitted receipt, every page checked in lang — and returns the
// receipt's reference.
func apWohnsitzAlone(t *testing.T, ctx context.Context, base string, lang i18n.Lang, first, family string, born time.Time) string {
	t.Helper()
	browsertest.Navigate(t, ctx, base+"/leistungen/99115005104000")
	applyCheck(t, ctx, lang)
	applyGo(t, ctx, `document.querySelector('a[href^="/antrag/wohnsitz-anmelden"]').click()`, `location.pathname === "/antrag/wohnsitz-anmelden"`)
	applyCheck(t, ctx, lang)
	applyGo(t, ctx, `document.querySelector('form[action="/antrag/wohnsitz-anmelden"] button').click()`, `location.pathname.endsWith("/seiten/wohnung")`)
	applyCheck(t, ctx, lang)
	applyFill(t, ctx, apWohnung("01067"))
	applyUpload(t, ctx, "f-wohnungsgeberbestaetigung", apTestPDF(t, "wohnungsgeber.pdf"))
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/person")`)
	applyCheck(t, ctx, lang)
	applyFill(t, ctx, apMerge(apDateParts("f-geburtsdatum", born), map[string]string{
		"f-familienname": family, "f-vornamen": first, "f-staatsangehoerigkeit": "deutsch", "f-mit_familie-no": "✓"}))
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/seiten/abschluss")`)
	applyCheck(t, ctx, lang)
	applyFill(t, ctx, map[string]string{"f-richtigkeit": "✓"})
	applyGo(t, ctx, applyButton("weiter"), `location.pathname.endsWith("/pruefen")`)
	applyCheck(t, ctx, lang)
	return apSubmitReview(t, ctx, lang)
}
