package apply_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestApplyFormBrowser: in Chromium, conditional questions appear and
// disappear as the applicant answers (conditions.js), really hidden,
// with the focus kept and the error summary linking only to visible
// fields; and a yes/no question in its error state fits a 375 px phone
// without sideways scrolling (issue 11, 85-m-yesno-error.png).
func TestApplyFormBrowser(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base := startApplyApp(t, d)
			t.Run("reveal", func(t *testing.T) { revealJourney(t, base) })
			t.Run("yes-no-375", func(t *testing.T) { yesNoPhone(t, base) })
			t.Run("long-words", func(t *testing.T) { longWords(t, base) })
		})
	}
}

const custody = `document.querySelector("[data-show-if]")`

// revealJourney: the custody question shows only for a child.
func revealJourney(t *testing.T, base string) {
	ctx := apStartGuest(t, base, "wohnsitz-anmelden", i18n.German)
	browsertest.Navigate(t, ctx, strings.Replace(base+webtest.ApplyHere(t, ctx), "/seiten/wohnung", "/seiten/person", 1))
	webtest.ApplyFill(t, ctx, map[string]string{"f-familienname": "Müller", "f-vornamen": "Erika", "f-staatsangehoerigkeit": "deutsch",
		"f-geburtsdatum": "12", "f-geburtsdatum-month": "05", "f-geburtsdatum-year": "1985", "f-mit_familie": "✓"})
	webtest.ApplyGo(t, ctx, `document.querySelector('button[value="weiter"]:not([tabindex])').click()`, `location.pathname.endsWith("/seiten/familie")`)
	if !browser.Eval[bool](t, ctx, custody+".hidden && "+custody+".offsetParent === null") {
		t.Fatalf("custody question shown before a relationship is chosen")
	}
	kind := browser.Eval[string](t, ctx, `document.querySelector('input[name="angehoerige[0].beziehung"][value="kind"]').id`)
	spouse := browser.Eval[string](t, ctx, `document.querySelector('input[name="angehoerige[0].beziehung"][value="ehe"]').id`)
	browser.Eval[bool](t, ctx, `(document.getElementById("`+kind+`").focus(), true)`)
	browser.Press(t, ctx, " ")
	browser.WaitFor(t, ctx, "!"+custody+".hidden")
	if f := browser.Active(t, ctx); f.ID != kind {
		t.Errorf("focus moved to %+v on reveal, want #%s", f, kind)
	}
	webtest.ApplyCheck(t, ctx, i18n.German)

	// A child without an answer on custody: the summary links to it.
	webtest.ApplyFill(t, ctx, map[string]string{"f-angehoerige-0-familienname": "Müller", "f-angehoerige-0-vornamen": "Lina",
		"f-angehoerige-0-geburtsdatum": "03", "f-angehoerige-0-geburtsdatum-month": "04", "f-angehoerige-0-geburtsdatum-year": "2016"})
	webtest.ApplyGo(t, ctx, `document.querySelector('button[value="weiter"]:not([tabindex])').click()`, `!!document.getElementById("error-summary")`)
	link := `document.querySelector('#error-summary a[href="#f-angehoerige-0-sorgeberechtigt"]')`
	if !browser.Eval[bool](t, ctx, link+" !== null && !"+custody+".hidden") {
		t.Fatalf("no summary link to the visible custody question")
	}
	webtest.ApplyCheck(t, ctx, i18n.German)
	// A spouse instead: the question and its summary entry go away.
	browser.Eval[bool](t, ctx, `(document.getElementById("`+spouse+`").focus(), true)`)
	browser.Press(t, ctx, " ")
	browser.WaitFor(t, ctx, custody+".hidden")
	if !browser.Eval[bool](t, ctx, link+".closest('li').hidden") {
		t.Errorf("summary still links to the hidden custody question")
	}
	if f := browser.Active(t, ctx); f.ID != spouse {
		t.Errorf("focus moved to %+v on hide, want #%s", f, spouse)
	}
	browsertest.Axe(t, ctx)
}

// yesNoPhone: the objection's yes/no questions with their errors at
// 375 px: no sideways scrolling, the error text in lines, not a column
// of single words.
func yesNoPhone(t *testing.T, base string) {
	ctx := apStartGuest(t, base, "bussgeld-einspruch", i18n.German)
	browser.Viewport(t, ctx, 375, 800)
	browsertest.Navigate(t, ctx, strings.Replace(base+webtest.ApplyHere(t, ctx), "/seiten/bescheid", "/seiten/begruendung", 1))
	webtest.ApplyGo(t, ctx, `document.querySelector('button[value="weiter"]:not([tabindex])').click()`, `!!document.getElementById("error-summary")`)
	phoneLayout(t, ctx)
	webtest.ApplyCheck(t, ctx, i18n.German)
}

func phoneLayout(t *testing.T, ctx context.Context) {
	t.Helper()
	if os.Getenv("AMTSWEG_TEST_SCREENSHOTS") != "" {
		browser.Screenshot(t, ctx, os.Getenv("AMTSWEG_TEST_SCREENSHOTS")+"/yesno-375.png")
	}
	if w := browser.Eval[int](t, ctx, "document.documentElement.scrollWidth"); w > 375 {
		t.Errorf("page is %d px wide at 375 px: sideways scrolling", w)
	}
	// Each error of a yes/no question is at least half the screen wide.
	narrow := browser.Eval[[]string](t, ctx, `[...document.querySelectorAll(".kern-fieldset .kern-error")]
		.filter(e => e.getBoundingClientRect().width < 180).map(e => e.id + " " + Math.round(e.getBoundingClientRect().width) + "px")`)
	if len(narrow) > 0 {
		t.Errorf("error texts squeezed at 375 px: %v", narrow)
	}
}

// longWords: a long German term in a description list (the review page's
// "Wohnungsgeberbestätigung") and a long file name are not broken inside
// a word at 1265 px; the file name breaks after its "_" where it must.
func longWords(t *testing.T, base string) {
	ctx := browsertest.Tab(t)
	browser.Viewport(t, ctx, 1265, 900)
	browsertest.Navigate(t, ctx, base+"/impressum")
	// The box goes in first and is laid out, so the faces its text needs
	// (e.g. the bold one of the term) start loading; the measurement waits
	// for them: a fallback font is wider and would break the words.
	browser.Eval[bool](t, ctx, `(() => {
		const box = document.createElement("div");
		box.className = "amtsweg-apply";
		box.innerHTML = '<dl class="kern-description-list"><div class="kern-description-list-item">' +
			'<dt class="kern-description-list-item__key">Wohnungsgeberbestätigung</dt>' +
			'<dd class="kern-description-list-item__value">wgb.pdf (605 B)</dd></div></dl>' +
			'<ul class="amtsweg-files"><li class="amtsweg-files__item"><span class="kern-body">' +
			'<span class="amtsweg-filename">Wohnungsgeberbestätigung_<wbr>Vermieterin_<wbr>Hauptstraße_<wbr>5_<wbr>Dresden_<wbr>2026.<wbr>pdf</span></span></li></ul>';
		box.id = "long-words";
		document.querySelector("main").prepend(box);
		return box.offsetWidth > 0;
	})()`)
	browser.WaitFor(t, ctx, `document.fonts.status === "loaded"`)
	lines := browser.Eval[[]int](t, ctx, `(() => {
		const box = document.getElementById("long-words");
		const lineCount = el => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; };
		const dt = box.querySelector("dt"), file = box.querySelector(".amtsweg-filename");
		file.parentNode.style.display = "inline-block";
		file.parentNode.style.width = "16rem"; // wider than its longest part, narrower than the name
		const parts = [...file.childNodes].filter(n => n.nodeType === 3).map(n => { const r = document.createRange(); r.selectNodeContents(n); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; });
		return [lineCount(dt), Math.max(...parts), lineCount(file)];
	})()`)
	if lines[0] != 1 {
		t.Errorf("„Wohnungsgeberbestätigung“ broken over %d lines", lines[0])
	}
	if lines[1] != 1 || lines[2] < 2 {
		t.Errorf("file name: a part spans %d lines, the name %d (want 1 per part, wrapped between parts)", lines[1], lines[2])
	}
}
