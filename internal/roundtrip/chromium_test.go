package roundtrip_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/procedure/proceduretest"
	"github.com/amtsweg/amtsweg/internal/store"
)

// chromiumSample are the procedures a sample application of which goes
// through Chromium: repeatable groups with files, conditional pages,
// places, and a FIM import with code lists.
var chromiumSample = []string{"wohnsitz-anmelden", "schuldienst-sachsen", "fim-s05000058"}

// TestRoundTripChromium fills a sample of generated applications in real
// Chromium (typing into the inputs, clicking "add" and "remove", choosing
// files with Unicode names) and compares the review and the receipt as the
// browser shows them with the answers. On SQLite only: the HTTP round
// trip covers both engines.
func TestRoundTripChromium(t *testing.T) {
	set := readSettings(t)
	sources, err := proceduretest.Repository("../..")
	check(t, err)
	w := startWorld(t, store.SQLite)
	rep := &report{}
	for i, src := range sources {
		if !contains(chromiumSample, src.Procedure.Def.ID) || set.only != "" && src.Procedure.Def.ID != set.only {
			continue
		}
		p := w.publish(t, src)
		g := proceduretest.New(p, proceduretest.Config{Places: w.places})
		a, err := g.Generate(context.Background(), set.seed+uint64(i))
		check(t, err)
		rep.add(a, w.chromium(t, a))
	}
	rep.fail(t, store.SQLite, set)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// chromium applies in a fresh browser context and checks review and
// receipt.
func (w *world) chromium(t *testing.T, a *proceduretest.Application) []proceduretest.Disagreement {
	ctx := browsertest.Tab(t)
	ctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	check(t, chromedp.Do(ctx))
	browser.AcceptLanguage(t, ctx, "de-DE,de;q=0.9")
	stop := func(rep, path, want, got string) []proceduretest.Disagreement {
		return []proceduretest.Disagreement{{App: a, Rep: rep, Path: path, Want: want, Got: got}}
	}
	browsertest.Navigate(t, ctx, w.base+"/antrag/"+a.Procedure)
	click(t, ctx, `document.querySelector('form[action="/antrag/`+a.Procedure+`"] button').click()`)
	for _, page := range a.Pages {
		if here := browser.Eval[string](t, ctx, "location.pathname"); !strings.HasSuffix(here, "/seiten/"+page) {
			return stop("chromium.form", "page "+page, "/seiten/"+page, here+" "+pageErrors(t, ctx))
		}
		for _, post := range a.Form(page, w.names) {
			next := fmt.Sprintf(`document.querySelector('button[name="aktion"][value=%q]').click()`, post.Action())
			fill(t, ctx, post)
			click(t, ctx, next)
			if placeChoice(t, ctx) {
				// an ambiguous place name: the page asks to choose among
				// the places that match, as a person would then do (the
				// files were stored with the first try)
				again := post
				again.Files = nil
				fill(t, ctx, again)
				click(t, ctx, next)
			}
		}
	}
	if here := browser.Eval[string](t, ctx, "location.pathname"); !strings.HasSuffix(here, "/pruefen") {
		return stop("chromium.form", "after the last page", "/pruefen", here+" "+pageErrors(t, ctx))
	}
	out := proceduretest.CheckRows("review.chromium", a, domRows(t, ctx))
	browser.Eval[bool](t, ctx, `(() => { document.getElementById("consent").checked = true; return true })()`)
	click(t, ctx, `document.getElementById("submit").click()`)
	if here := browser.Eval[string](t, ctx, "location.pathname"); !strings.HasSuffix(here, "/eingangsbestaetigung") {
		return append(out, stop("chromium.submit", "", "the receipt", here+" "+pageErrors(t, ctx))...)
	}
	return append(out, proceduretest.CheckRows("receipt.chromium", a, domRows(t, ctx))...)
}

// fill types a post's values into the page: text inputs, radios,
// checkboxes and selects by name (the counts of repeatable groups are the
// page's own), and chooses its files.
func fill(t *testing.T, ctx context.Context, post proceduretest.Post) {
	values := map[string][]string{}
	for k, v := range post.Values {
		if k != "aktion" && !strings.HasSuffix(k, ".count") {
			values[k] = v
		}
	}
	raw, _ := json.Marshal(values)
	missing := browser.Eval[[]string](t, ctx, `((values) => {
		const missing = [];
		for (const [name, vals] of Object.entries(values)) {
			const els = [...document.getElementsByName(name)];
			if (els.length === 0) { if (!name.endsWith(".wahl")) missing.push(name); continue; }
			for (const e of els) {
				if (e.type === "radio" || e.type === "checkbox") e.checked = vals.includes(e.value);
				else e.value = vals[0];
			}
		}
		return missing; })(`+string(raw)+`)`)
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("the page has no input named %q", missing)
	}
	byField := map[string][]string{}
	dir := t.TempDir()
	for i, f := range post.Files {
		sub := filepath.Join(dir, fmt.Sprint(i))
		check(t, os.MkdirAll(sub, 0o755))
		p := filepath.Join(sub, f.Name)
		check(t, os.WriteFile(p, f.Data, 0o644))
		byField[f.Field] = append(byField[f.Field], p)
	}
	for field, paths := range byField {
		check(t, chromedp.Do(ctx, chromedp.SetUploadFiles(fmt.Sprintf(`input[type=file][name=%q]`, field), paths)))
	}
}

// placeChoice reports whether the page asks to choose among places that
// match a typed name (radios named "….wahl").
func placeChoice(t *testing.T, ctx context.Context) bool {
	return browser.Eval[bool](t, ctx, `[...document.querySelectorAll('input[type=radio]')].some(e => e.name.endsWith(".wahl"))`)
}

// click runs action and waits for the next page to load.
func click(t *testing.T, ctx context.Context, action string) {
	browser.Eval[bool](t, ctx, `(() => { window.__roundtrip = 1; `+action+`; return true })()`)
	browser.WaitFor(t, ctx, `window.__roundtrip === undefined && document.readyState === "complete"`)
}

// domRows reads the label/value pairs as the browser shows them.
func domRows(t *testing.T, ctx context.Context) []proceduretest.Row {
	pairs := browser.Eval[[][2]string](t, ctx, `[...document.querySelectorAll("dt")].map(dt => [dt.innerText, dt.nextElementSibling ? dt.nextElementSibling.innerText : ""])`)
	out := make([]proceduretest.Row, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, proceduretest.Row{Label: strings.Join(strings.Fields(p[0]), " "), Value: strings.Join(strings.Fields(p[1]), " ")})
	}
	return out
}

// pageErrors is the error summary the page shows, if any.
func pageErrors(t *testing.T, ctx context.Context) string {
	return browser.Eval[string](t, ctx, `(document.getElementById("error-summary") || {innerText: ""}).innerText`)
}
