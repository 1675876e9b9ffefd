package account_test

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestDemoCaseWorkerKeyboard, in Chromium on every engine, in demo mode
// and with the keyboard only: the login page (German and English) lists
// the demo accounts and is axe-clean; the demo case worker's "log in"
// button, reached with Tab and pressed with Enter, logs in without a
// second factor and lands in the inbox, which shows the demo banner in
// words; a citizen page (the home page) offers the back office in the
// header, reached with Tab and followed with Enter. Every page is
// axe-clean and every element reached shows its focus.
func TestDemoCaseWorkerKeyboard(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base, _, _ := accountApp(t, d, func(*config.Config) {})
			sb := webtest.DemoStaff(t, demo.TenantSlug, account.RoleCaseWorker)

			en := browsertest.Tab(t)
			browser.AcceptLanguage(t, en, "en")
			browsertest.Navigate(t, en, base+"/anmelden")
			webtest.CheckStaffPage(t, en, "Log in as "+sb.Name)

			ctx := browsertest.Tab(t)
			browsertest.Navigate(t, ctx, base+"/anmelden")
			webtest.CheckStaffPage(t, ctx, sb.Email)
			browsertest.SkipLink(t, ctx)
			label := "Als " + sb.Name + " anmelden"
			webtest.TabTo(t, ctx, "the demo case worker's button", func(f browser.Focused) bool { return f.Tag == "button" && f.Text == label })
			webtest.Enter(t, ctx)
			browser.WaitFor(t, ctx, `document.readyState === "complete" && location.pathname !== "/anmelden"`)
			if p := browser.Eval[string](t, ctx, `location.pathname`); p != "/verwaltung" {
				t.Fatalf("the demo case worker landed on %s, want the inbox /verwaltung", p)
			}
			webtest.CheckStaffPage(t, ctx, "Demonstrationsumgebung")
			checkBanner(t, ctx)

			browsertest.Navigate(t, ctx, base+"/")
			webtest.CheckStaffPage(t, ctx, "Verwaltung")
			if browser.Eval[bool](t, ctx, `!!document.getElementById("demo-banner")`) {
				t.Error("a citizen page shows the back office's demo banner")
			}
			webtest.TabTo(t, ctx, "the header's back-office link", func(f browser.Focused) bool { return f.Tag == "a" && f.Href == "/verwaltung" })
			webtest.Enter(t, ctx)
			browser.WaitFor(t, ctx, `document.readyState === "complete" && location.pathname === "/verwaltung"`)
			if cur := browser.Eval[string](t, ctx, `document.querySelector(".amtsweg-backoffice-link").getAttribute("aria-current") || ""`); cur != "page" {
				t.Errorf("in the inbox the header's back-office link is not marked as the current page (%q)", cur)
			}
		})
	}
}

// checkBanner: the demo banner is visible, inside the header (banner
// landmark) and says "Demo" in words.
func checkBanner(t *testing.T, ctx context.Context) {
	t.Helper()
	got := browser.Eval[string](t, ctx, `(() => { const b = document.getElementById("demo-banner");
		if (!b || !b.closest("header") || b.getBoundingClientRect().height < 10) return "";
		return b.innerText })()`)
	if !strings.Contains(got, "Demo") {
		t.Errorf("no visible demo banner with the word Demo in the header: %q", got)
	}
}
