package portal_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
)

// TestPlaceComboboxKeyboard uses the finder's place suggestions with the
// keyboard only in Chromium: typing "Dresdn" lists Dresden, ArrowDown
// makes it the active option (aria-activedescendant), Enter takes it,
// Enter again sends the form and the answer names Dresden's office.
// Escape closes the list; axe-core finds nothing with the list open or
// the answer shown.
func TestPlaceComboboxKeyboard(t *testing.T) {
	base := browsertest.Start(t)
	ctx := browsertest.Tab(t)
	browsertest.Navigate(t, ctx, base+"/leistungen/"+wohnsitz)
	tabTo(t, ctx, "place field", 60, func(f browser.Focused) bool { return f.ID == "ort" })
	if role := browser.Eval[string](t, ctx, `document.getElementById("ort").getAttribute("role")`); role != "combobox" {
		t.Fatalf("place field role %q, want combobox", role)
	}

	browser.Press(t, ctx, "Neust")
	browser.WaitFor(t, ctx, `document.getElementById("ort").getAttribute("aria-expanded") === "true"`)
	browser.Press(t, ctx, kb.Escape)
	browser.WaitFor(t, ctx, `document.getElementById("ort").getAttribute("aria-expanded") === "false"`)
	browser.Eval[bool](t, ctx, `(() => { const i = document.getElementById("ort"); i.select(); return true })()`)

	browser.Press(t, ctx, "Dresdn")
	browser.WaitFor(t, ctx, `document.getElementById("ort").getAttribute("aria-expanded") === "true" &&
		document.querySelector("#ort-places [role=option]").textContent.startsWith("Dresden, Sachsen")`)
	if s := browser.Eval[string](t, ctx, `document.querySelector(".amtsweg-places__status").textContent`); !strings.HasPrefix(s, "Ein Ort gefunden") {
		t.Errorf("live region %q, want the number of places", s)
	}
	browsertest.Axe(t, ctx)

	browser.Press(t, ctx, kb.ArrowDown)
	active := browser.Eval[string](t, ctx, `document.getElementById("ort").getAttribute("aria-activedescendant") || ""`)
	if active == "" || browser.Eval[string](t, ctx, `document.getElementById("`+active+`").getAttribute("aria-selected")`) != "true" {
		t.Fatalf("ArrowDown: active option %q not selected", active)
	}
	browser.Press(t, ctx, kb.Enter)
	browser.WaitFor(t, ctx, `document.getElementById("ort").getAttribute("aria-expanded") === "false"`)
	if s := browser.Eval[string](t, ctx, `location.search`); s != "" {
		t.Fatalf("Enter on a suggestion sent the form (%s); it must only take the suggestion", s)
	}
	if v := browser.Eval[string](t, ctx, `document.getElementById("ort").value + "|" + document.querySelector("input[name=gebiet]").value`); v != "Dresden, Sachsen|"+dresdenARS {
		t.Fatalf("after Enter: %q, want Dresden chosen", v)
	}

	enterAndWait(t, ctx, `location.search.includes("gebiet=`+dresdenARS+`")`)
	result := browser.Eval[string](t, ctx, `document.getElementById("finder-result").innerText`)
	if !strings.Contains(result, "Dresden, Sachsen") || !strings.Contains(result, "Bürgerbüro der Stadt Dresden") {
		t.Errorf("finder result %q, want the office for Dresden", result)
	}
	browsertest.Axe(t, ctx)
}
