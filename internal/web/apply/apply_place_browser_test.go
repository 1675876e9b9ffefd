package apply_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestPlaceFieldCombobox: in Chromium, with the keyboard only, the place
// field suggests "Dresden, Sachsen" for "Dresdn"; ArrowDown and Enter take
// it (label in the field, ARS in the hidden gemeinde.ars), and the review
// shows the label. axe-core finds nothing with the suggestions open.
func TestPlaceFieldCombobox(t *testing.T) {
	w := webtest.Start(t, store.SQLite)
	_, err := procedure.Import(context.Background(), w.DB, []byte(placeProcedure), "test.json")
	webtest.Check(t, err)
	ctx := webtest.ApplyTab(t, i18n.German, true)
	browsertest.Navigate(t, ctx, w.Base+"/antrag/test-gastort")
	webtest.PressButton(t, ctx, "Als Gast beginnen", `location.pathname.endsWith("/seiten/ort")`)
	webtest.TabTo(t, ctx, "the place field", webtest.ByID("f-gemeinde"))
	browser.Press(t, ctx, "Dresdn")
	browser.WaitFor(t, ctx, `document.getElementById("f-gemeinde").getAttribute("aria-expanded") === "true"`)
	browsertest.Axe(t, ctx)
	browser.Press(t, ctx, kb.ArrowDown)
	browser.Press(t, ctx, kb.Enter)
	got := browser.Eval[string](t, ctx, `document.getElementById("f-gemeinde").value + "|" +
		document.querySelector("input[name='gemeinde.ars']").value`)
	if got != "Dresden, Sachsen|146120000000" {
		t.Fatalf("after ArrowDown, Enter: %q, want Dresden chosen", got)
	}
	if !browser.Eval[bool](t, ctx, `location.pathname.endsWith("/seiten/ort")`) {
		t.Fatal("Enter on a suggestion sent the form; it must only take the suggestion")
	}
	webtest.PressButton(t, ctx, "Weiter", `location.pathname.endsWith("/pruefen")`)
	if main := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(main, "Dresden, Sachsen") {
		t.Errorf("review lacks the place label:\n%s", main)
	}
}
