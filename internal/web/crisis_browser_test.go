package web_test

import (
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/outage/outagetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestCrisisPagesInTheBrowser drives Chromium through both crisis pages,
// in German and English, each checked with axe-core: the form page sent
// while the database is stopped comes back with what was typed and the
// notice; sent again after the restart it saves. Then, with the only
// submit slot held, the submission lands in the waiting room, whose page
// reloads itself (Refresh header, no script) to the receipt once the slot
// is free; the automatic reload can be stopped and resumed.
func TestCrisisPagesInTheBrowser(t *testing.T) {
	t.Parallel()
	pg := outagetest.StartPostgres(t)
	prepareCrisisDatabase(t, pg.DSN)
	base := browsertest.Start(t, browsertest.WithDatabaseURL(pg.DSN), browsertest.WithConfig(func(c *config.Config) {
		c.MaxSubmitInflight, c.SubmitQueueWait = 1, time.Millisecond
	}))
	for _, lang := range []i18n.Lang{i18n.German, i18n.English} {
		ctx := webtest.ApplyTab(t, lang, true)
		browsertest.Navigate(t, ctx, base+"/antrag/crisis-test")
		webtest.ApplyGo(t, ctx, `document.querySelector('form[action="/antrag/crisis-test"] button').click()`,
			`location.pathname.endsWith("/seiten/p")`)
		webtest.ApplyFill(t, ctx, map[string]string{"f-name": "Erika Mustermann"})
		if err := pg.Stop(); err != nil {
			t.Fatal(err)
		}
		webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `!!document.getElementById("maintenance-alert")`)
		webtest.ApplyCheck(t, ctx, lang)
		if got := browser.Eval[string](t, ctx, `document.getElementById("f-name").value`); got != "Erika Mustermann" {
			t.Errorf("%s: the kept form holds %q", lang, got)
		}
		if err := pg.Start(); err != nil {
			t.Fatal(err)
		}
		waitReady(t, newCrisisClient(t, base))
		webtest.ApplyGo(t, ctx, webtest.ApplyButton("weiter"), `location.pathname.endsWith("/pruefen")`)

		release := holdSubmitSlot(t, base)
		webtest.ApplyFill(t, ctx, map[string]string{"consent": "✓"})
		webtest.ApplyGo(t, ctx, `document.getElementById("submit").click()`, `!!document.getElementById("waiting-status")`)
		webtest.ApplyCheck(t, ctx, lang)
		webtest.ApplyGo(t, ctx, `document.getElementById("waiting-halt").click()`, `!!document.getElementById("waiting-auto")`)
		webtest.ApplyCheck(t, ctx, lang) // stopped: reloads by hand only
		webtest.ApplyGo(t, ctx, `document.getElementById("waiting-auto").click()`, `!!document.getElementById("waiting-halt")`)
		release()
		browser.WaitFor(t, ctx, `location.pathname.endsWith("/eingangsbestaetigung")`)
		webtest.ApplyCheck(t, ctx, lang)
	}
}
