package portal_test

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// TestPagesInBothLanguages opens every page in Chromium, in German and,
// after using the language switch, in English: each must be axe-clean,
// carry the right <html lang>, show its heading and no missing message.
func TestPagesInBothLanguages(t *testing.T) {
	base := browsertest.Start(t)
	pages := []struct {
		path string
		h1   map[i18n.Lang]string
	}{
		{"/", map[i18n.Lang]string{"de": "Verwaltungsleistungen online", "en": "Public services online"}},
		{"/gibt-es-nicht", map[i18n.Lang]string{"de": "Seite nicht gefunden", "en": "Page not found"}},
		{"/suche?q=wohngeld", map[i18n.Lang]string{"de": "Leistungen suchen", "en": "Search services"}},
		{"/impressum", map[i18n.Lang]string{"de": "Impressum", "en": "Imprint"}},
		{"/datenschutz", map[i18n.Lang]string{"de": "Datenschutz", "en": "Privacy"}},
		{"/barrierefreiheit", map[i18n.Lang]string{"de": "Erklärung zur Barrierefreiheit", "en": "Accessibility statement"}},
		{"/datenquellen", map[i18n.Lang]string{"de": "Datenquellen", "en": "Data sources"}},
	}
	ctx := browsertest.Tab(t)
	for _, lang := range i18n.Langs() {
		if lang == i18n.English {
			switchTo(t, ctx, base, "English")
		}
		for _, p := range pages {
			t.Run(string(lang)+p.path, func(t *testing.T) {
				browsertest.Navigate(t, ctx, base+p.path)
				if got := browser.Eval[string](t, ctx, "document.documentElement.lang"); got != string(lang) {
					t.Errorf("<html lang=%q>, want %q", got, lang)
				}
				if got := browser.Eval[string](t, ctx, `document.querySelector("h1").innerText`); got != p.h1[lang] {
					t.Errorf("h1 %q, want %q", got, p.h1[lang])
				}
				if body := browser.Eval[string](t, ctx, "document.documentElement.outerHTML"); strings.Contains(body, i18n.MissingMarker) {
					t.Errorf("page shows a missing message: %s", excerpt(body, i18n.MissingMarker))
				}
				if !browser.Eval[bool](t, ctx, `getComputedStyle(document.body).fontFamily.includes("Fira Sans")`) {
					t.Error("KERN stylesheet not applied (font is not Fira Sans)")
				}
				browsertest.Axe(t, ctx)
			})
		}
	}
}

// switchTo presses the language switch button labelled label on a search
// page with filters, as a user would, and checks the same page (query
// string included) came back in that language.
func switchTo(t *testing.T, ctx context.Context, base, label string) {
	t.Helper()
	const page = "/suche?q=wohngeld&thema=familie-kind" // the switch keeps the query string
	browsertest.Navigate(t, ctx, base+page)
	clicked := browser.Eval[bool](t, ctx, `(() => {
		const b = [...document.querySelectorAll("form[action='/sprache'] button")].find(b => b.innerText.trim() === "`+label+`");
		if (!b) return false; b.click(); return true; })()`)
	if !clicked {
		t.Fatalf("no language button %q", label)
	}
	browser.WaitFor(t, ctx, `document.readyState === "complete" && document.documentElement.lang === "en"`)
	if got := browser.Eval[string](t, ctx, "location.pathname + location.search"); got != page {
		t.Errorf("language switch returned to %s, want %s", got, page)
	}
}
