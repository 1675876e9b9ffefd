package journeys_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestDemoEIDJourney, in Chromium: a visitor to the demo picks Elterngeld
// under "Häufig gesucht" on the home page, opens the online application,
// logs in with the demo eID at level substantial (chosen already, since
// the procedure needs it), fills every page, submits and sees the
// receipt; the same for BAföG and Kfz-Zulassung. The demo eID's page is
// axe-clean in German and English and fits a 375 px phone.
func TestDemoEIDJourney(t *testing.T) {
	dialects := storetest.Dialects()
	base, _, _ := webtest.AccountApp(t, dialects[len(dialects)-1], func(*config.Config) {})
	procs := map[string]demoProcedure{}
	for _, p := range demoProcedures(time.Now()) {
		procs[p.ID] = p
	}
	journeys := []struct{ id, service string }{
		{"elterngeld", "99041006017000"}, {"bafoeg-erstantrag", "99022001017000"}, {"kfz-zulassung", "99036008007000"},
	}
	for _, j := range journeys {
		t.Run(j.id, func(t *testing.T) {
			p := procs[j.id]
			ctx := webtest.ApplyTab(t, i18n.German, true)
			browsertest.Navigate(t, ctx, base+"/")
			webtest.ApplyGo(t, ctx, fmt.Sprintf(`document.querySelector('section[aria-labelledby="popular-heading"] a[href="/leistungen/%s"]').click()`, j.service),
				fmt.Sprintf(`location.pathname === "/leistungen/%s"`, j.service))
			webtest.ApplyGo(t, ctx, fmt.Sprintf(`document.querySelector('main a[href^="/antrag/%s"]').click()`, j.id),
				fmt.Sprintf(`location.pathname === "/antrag/%s"`, j.id))
			webtest.ApplyGo(t, ctx, `document.querySelector('main a[href^="/anmelden?"]').click()`, `location.pathname === "/anmelden"`)
			webtest.ApplyCheck(t, ctx, i18n.German)
			webtest.ApplyGo(t, ctx, `document.getElementById("sso-login").click()`, `location.pathname === "/demo-eid/anmelden"`)
			demoEIDPage(t, ctx, p)
			webtest.ApplyGo(t, ctx, `document.getElementById("demoeid-login").click()`, fmt.Sprintf(`location.pathname === "/antrag/%s"`, j.id))
			webtest.ApplyCheck(t, ctx, i18n.German)
			webtest.ApplyGo(t, ctx, fmt.Sprintf(`document.querySelector('form[action="/antrag/%s"] button').click()`, j.id),
				`location.pathname.includes("/seiten/")`)
			for i := 0; browser.Eval[bool](t, ctx, `location.pathname.includes("/seiten/")`); i++ {
				if i > 10 {
					t.Fatalf("stuck at %s", webtest.ApplyHere(t, ctx))
				}
				fillByName(t, ctx, p.Answers)
				page := webtest.ApplyHere(t, ctx)
				webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), fmt.Sprintf(`location.pathname + location.search !== %q || !!document.getElementById("error-summary")`, page))
				if browser.Eval[bool](t, ctx, `!!document.getElementById("error-summary")`) {
					t.Fatalf("%s not accepted: %s", page, browser.Eval[string](t, ctx, `document.getElementById("error-summary").innerText`))
				}
			}
			webtest.ApplyCheck(t, ctx, i18n.German)
			webtest.SubmitReview(t, ctx, i18n.German)
		})
	}
}

// demoEIDPage checks the demo eID's login page (marked as a demo,
// axe-clean in German and English, 375 px without sideways scrolling, the
// procedure's level chosen) and chooses p's test person.
func demoEIDPage(t *testing.T, ctx context.Context, p demoProcedure) {
	t.Helper()
	webtest.ApplyCheck(t, ctx, i18n.German)
	en := webtest.ApplyTab(t, i18n.English, true) // the same page in English: it needs no cookie
	browsertest.Navigate(t, en, browser.Eval[string](t, ctx, "location.href"))
	webtest.ApplyCheck(t, en, i18n.English)
	if !browser.Eval[bool](t, ctx, `document.getElementById("demoeid-notice").innerText.includes("DEMO") && document.getElementById("demoeid-notice").innerText.includes("keine echte Identität")`) {
		t.Error("the demo eID's page does not say it is a demo that checks no identity")
	}
	if got := browser.Eval[string](t, ctx, `document.querySelector('input[name="level"]:checked').value`); got != p.Level {
		t.Errorf("the demo eID offers level %q first, want the procedure's %q", got, p.Level)
	}
	browser.Viewport(t, ctx, 375, 800)
	if w := browser.Eval[int](t, ctx, "document.documentElement.scrollWidth"); w > 375 {
		t.Errorf("the demo eID's page is %d px wide at 375 px", w)
	}
	browser.Viewport(t, ctx, 1280, 900)
	webtest.ApplyFill(t, ctx, map[string]string{"person-" + p.Person.ID: "✓"})
}

// fillByName fills the page's form from answers by field name: text
// inputs, selects and text areas get the value, radios and checkboxes
// listed are ticked, a file field with "pdf" gets a small PDF.
func fillByName(t *testing.T, ctx context.Context, answers map[string]string) {
	t.Helper()
	b, _ := json.Marshal(answers)
	files := browser.Eval[[]string](t, ctx, fmt.Sprintf(`(() => {
		const a = %s, files = [];
		for (const e of document.querySelectorAll("form.amtsweg-form [name]")) {
			if (!(e.name in a)) continue;
			const v = a[e.name];
			if (e.type === "file") { if (v === "pdf") files.push(e.id); continue; }
			if (e.type === "radio" || e.type === "checkbox") { e.checked = v.split("|").includes(e.value); continue; }
			if (e.type !== "hidden") e.value = v;
		}
		return files;
	})()`, b))
	for _, id := range files {
		webtest.ApplyUpload(t, ctx, id, pdfFile(t))
	}
}

// pdfFile is a small real PDF for uploads.
func pdfFile(t *testing.T) string {
	t.Helper()
	p := webtest.WritePDF(t, "nachweis.pdf")
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}
