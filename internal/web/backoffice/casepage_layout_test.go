package backoffice_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// boxes measures the case page's parts (CSS pixels, page coordinates).
const boxes = `(() => {
	const r = s => { const e = document.querySelector(s); if (!e) return null;
		const b = e.getBoundingClientRect(); return {top: b.top + scrollY, left: b.left, right: b.right, bottom: b.bottom + scrollY, height: b.height}; };
	return {summary: r(".amtsweg-case__summary"), nav: r(".amtsweg-case__nav"), side: r(".amtsweg-case__side"),
		main: r(".amtsweg-case__main"), page: document.documentElement.scrollHeight,
		scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth};
})()`

type box struct{ Top, Left, Right, Bottom, Height float64 }

type layout struct {
	Summary, Nav, Side, Main box
	Page                     float64
	ScrollWidth, ClientWidth float64
}

// TestCasePageLayout: the case page in Chromium, on both databases. At
// 1265 px the actions stand in a side panel beside the sections, below
// the summary header, and the page is shorter than the same parts
// stacked; at 375 px nothing scrolls sideways and the order is summary,
// section navigation, actions, sections. The section navigation works by
// keyboard (visible focus, the followed link marked current, Tab goes on
// inside the section). Raw values are in words (retention period, media
// type, the receipt's title in English); the forward list is searched
// with a GET form (no script needed). Axe-clean in German and English.
func TestCasePageLayout(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			c, _ := w.Submit(t, w.TenantA, apply.GuestOwner(w.TenantA, ""), "Lea Layout")
			head := w.CW.Staff(t, w.TenantA, "Hanna Haupt", account.StaffRole{AuthorityID: c.AuthorityID, Role: account.RoleHeadOfUnit})
			casePageHistory(t, w, head, c)
			casePageForwardRefused(t, w, head, c)
			tab := browsertest.Tab(t)
			_, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
				Value: w.Session(t, head.AccountID), URL: w.Base + "/", Path: "/"})
			webtest.Check(t, err)
			url := w.Base + "/verwaltung/vorgaenge/" + c.Reference

			browser.Viewport(t, tab, 1265, 900)
			browsertest.Navigate(t, tab, url)
			webtest.CheckStaffPage(t, tab, "Lea Layout")
			wide := browser.Eval[layout](t, tab, boxes)
			t.Logf("case page at 1265 px: %.0f px tall (main column %.0f, side panel %.0f)", wide.Page, wide.Main.Height, wide.Side.Height)
			if wide.Side.Left < wide.Main.Right || wide.Side.Top > wide.Main.Top+1 || wide.Summary.Bottom > wide.Main.Top {
				t.Errorf("at 1265 px the side panel is not beside the sections under the summary: %+v", wide)
			}
			if wide.Side.Bottom > wide.Main.Bottom || wide.Side.Height < 200 {
				t.Errorf("at 1265 px the side panel (%.0f px) does not fit beside the sections: it adds to the page's height", wide.Side.Height)
			}
			if dir := os.Getenv("AMTSWEG_SCREENSHOTS"); dir != "" {
				browser.Screenshot(t, tab, fmt.Sprintf("%s/case-1265-%s.png", dir, d))
			}
			casePageKeyboard(t, tab)
			casePageForwardSearch(t, tab, url)

			browser.Viewport(t, tab, 375, 800)
			browsertest.Navigate(t, tab, url)
			webtest.CheckStaffPage(t, tab, "Lea Layout")
			narrow := browser.Eval[layout](t, tab, boxes)
			if narrow.ScrollWidth > narrow.ClientWidth {
				t.Errorf("at 375 px the page scrolls sideways: %.0f > %.0f, through %s", narrow.ScrollWidth, narrow.ClientWidth,
					browser.Eval[string](t, tab, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest(".kern-table-responsive"))
						.slice(0, 8).map(e => e.tagName + "." + e.className + "#" + e.id + " " + Math.round(e.getBoundingClientRect().right)).join("; ") + " wrappers: " + [...document.querySelectorAll(".kern-table-responsive")].map(e => { let out = []; for (let x = e; x && x !== document.body; x = x.parentElement) out.push(x.tagName + "." + x.className.split(" ")[0] + ":" + Math.round(x.getBoundingClientRect().width)); return out.join(" < "); }).join(" | ")`))
			}
			if !(narrow.Summary.Top < narrow.Nav.Top && narrow.Nav.Top < narrow.Side.Top && narrow.Side.Bottom <= narrow.Main.Top) {
				t.Errorf("at 375 px the order is not summary, sections, actions, content: %+v", narrow)
			}
			if dir := os.Getenv("AMTSWEG_SCREENSHOTS"); dir != "" {
				browser.Screenshot(t, tab, fmt.Sprintf("%s/case-375-%s.png", dir, d))
			}

			// English: the filed German titles and raw values in words.
			browser.Viewport(t, tab, 1265, 900)
			_, err = chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "lang", Value: "en", URL: w.Base + "/", Path: "/"})
			webtest.Check(t, err)
			browsertest.Navigate(t, tab, url)
			webtest.CheckStaffPage(t, tab, "Lea Layout")
			file := browser.Eval[string](t, tab, `document.getElementById("file").parentElement.innerText`)
			for _, want := range []string{"Attachment: Leitfaden.pdf", "PDF", "10 years"} {
				if !strings.Contains(file, want) {
					t.Errorf("the English file section lacks %q:\n%s", want, file)
				}
			}
			for _, raw := range []string{"application/pdf", "P10Y", "Anlage:"} {
				if strings.Contains(file, raw) {
					t.Errorf("the English file section shows the raw %q:\n%s", raw, file)
				}
			}
		})
	}
}

// casePageHistory gives the case something in every section: claimed,
// in review, a request, a note and a message with a PDF.
func casePageHistory(t *testing.T, w *webtest.World, head casework.Staff, c casework.Case) {
	t.Helper()
	ctx := context.Background()
	_, err := w.Cases.Claim(ctx, head, c.ID)
	webtest.Check(t, err)
	_, err = w.Cases.Move(ctx, head, c.ID, casework.ActReview, "")
	webtest.Check(t, err)
	_, err = w.Cases.AddNote(ctx, head, c.ID, "Rückruf am Montag vereinbart.")
	webtest.Check(t, err)
	token := w.Session(t, head.AccountID)
	st, _, _ := postFiles(t, w, "/verwaltung/vorgaenge/"+c.Reference+"/nachrichten", token, "Leitfaden", "Anbei der Leitfaden.",
		map[string]io.Reader{"Leitfaden.pdf": strings.NewReader("%PDF-1.7\n% Leitfaden\n%%EOF\n")})
	if st != http.StatusSeeOther {
		t.Fatalf("message with a file: %d", st)
	}
	_, err = w.Cases.RequestInfo(ctx, head, c.ID, casework.RequestInput{Subject: "Meldebescheinigung",
		Body: "Bitte reichen Sie die Meldebescheinigung nach.", Due: time.Now().AddDate(0, 0, 14)})
	webtest.Check(t, err)
}

// casePageKeyboard: Tab reaches the section navigation's link to the
// requests with a visible focus; Enter jumps there and marks the link
// current, and the next Tab lands inside the requests section.
func casePageKeyboard(t *testing.T, tab context.Context) {
	t.Helper()
	browsertest.SkipLink(t, tab)
	webtest.TabTo(t, tab, "the section navigation's link to the requests", func(f browser.Focused) bool {
		return f.Href == "#requests" && browser.Eval[bool](t, tab, `!!document.activeElement.closest("#case-sections")`)
	})
	webtest.Enter(t, tab)
	browser.WaitFor(t, tab, `location.hash === "#requests" &&
		document.querySelector('#case-sections a[href="#requests"]').getAttribute("aria-current") === "location"`)
	webtest.TabTo(t, tab, "a control of the requests section", func(browser.Focused) bool {
		return browser.Eval[bool](t, tab, `!!document.activeElement.closest("section[aria-labelledby=requests]")`)
	})
	if n := browser.Eval[int](t, tab, `document.querySelectorAll('#case-sections a[aria-current]').length`); n != 1 {
		t.Errorf("%d links marked current, want 1", n)
	}
}

// casePageForwardSearch: the search narrows the forward list by a GET
// request (script off or on), and every option left matches it.
func casePageForwardSearch(t *testing.T, tab context.Context, url string) {
	t.Helper()
	options := `[...document.querySelectorAll("#forward-to option")].map(o => o.textContent)`
	all := browser.Eval[[]string](t, tab, options)
	if len(all) < 2 {
		t.Fatalf("forward list: %q, want at least two authorities", all)
	}
	word := strings.Fields(all[len(all)-1])[0]
	webtest.TypeInto(t, tab, "forward-search", word)
	webtest.Enter(t, tab)
	browser.WaitFor(t, tab, `location.search.includes("abgabe=") && document.readyState === "complete"`)
	webtest.CheckStaffPage(t, tab, "Lea Layout")
	got := browser.Eval[[]string](t, tab, options)
	if len(got) == 0 || len(got) > len(all) {
		t.Fatalf("search %q: %q of %q", word, got, all)
	}
	for _, o := range got {
		if !strings.Contains(strings.ToLower(o), strings.ToLower(word)) {
			t.Errorf("search %q kept %q", word, o)
		}
	}
	browsertest.Navigate(t, tab, url)
}

// casePageForwardRefused: a forward to an authority not on the list (here
// the case's own) is refused by casework; the page says why, at the form.
func casePageForwardRefused(t *testing.T, w *webtest.World, head casework.Staff, c casework.Case) {
	t.Helper()
	st, _, body := w.Do(t, http.MethodPost, "/verwaltung/vorgaenge/"+c.Reference+"/abgeben", w.Session(t, head.AccountID), "",
		fmt.Sprintf("authority=%d&reason=zust%%C3%%A4ndig", c.AuthorityID))
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "nicht zuständig") || !strings.Contains(body, `href="#forward"`) {
		t.Errorf("forward to the case's own authority: %d\n%s", st, webtest.MainOf(body))
	}
}
