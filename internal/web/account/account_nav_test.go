package account_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// The markers of what this part of the page shows.
const (
	backOfficeLink = `class="kern-link amtsweg-backoffice-link" href="/verwaltung"`
	demoBanner     = `id="demo-banner"`
	demoList       = `id="demo-logins"`
)

// TestStaffLandInTheirInbox is the regression test of "staff land on Mein
// Konto with no way to the back office" (review 2026-12, screenshot
// 38-staff-after-login.png), on every engine and without demo mode: a
// case worker who sets up the second factor continues to the back office,
// and after the next login with a code lands in the inbox (not on "Mein
// Konto"); a safe next target still wins. The header offers the back
// office to staff on every page, citizen pages included, and never to a
// citizen or a guest. Without --demo there is no demo list, no banner and
// no waiver: a demo-marked account still has to set up its second factor.
func TestStaffLandInTheirInbox(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base, db := webtest.PlainApp(t, d)
			email := webtest.NewStaffAt(t, db, demo.TenantSlug, "sb@amt.example")
			c := newClient(t, base)
			if _, p, _ := c.login(email, journeyPassword); p != "/konto/zweiter-faktor" {
				t.Fatalf("first staff login opens %s, want the second-factor set-up", p)
			}
			_, _, body := c.do("/konto/zweiter-faktor/neu", url.Values{})
			m := totpSecret.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no TOTP secret on the set-up page")
			}
			// The previous 30-second step, so the login below has a fresh one.
			_, _, body = c.do("/konto/zweiter-faktor/bestaetigen", url.Values{"code": {webtest.TOTP(t, m[1], time.Now().Add(-30*time.Second))}})
			if !strings.Contains(body, `href="/verwaltung"><span class="kern-label">`) {
				t.Errorf("after the set-up the recovery codes page does not continue to the back office")
			}
			c.do("/abmelden", url.Values{})
			if _, p, _ := c.login(email, journeyPassword); p != "/anmelden/code" {
				t.Fatalf("second staff login opens %s, want the code page", p)
			}
			st, p, body := c.do("/anmelden/code", url.Values{"code": {webtest.TOTP(t, m[1], time.Now())}})
			if st != 200 || p != "/verwaltung" {
				t.Fatalf("after the second factor the case worker lands on %s (%d), want the inbox /verwaltung", p, st)
			}
			for _, no := range []string{demoBanner} {
				if strings.Contains(body, no) {
					t.Errorf("the inbox without --demo contains %s", no)
				}
			}
			for _, path := range []string{"/", "/konto", "/suche?q=Elterngeld", "/verwaltung"} {
				if _, _, body := c.do(path, nil); !strings.Contains(body, backOfficeLink) {
					t.Errorf("%s: no back-office entry in the header for a case worker", path)
				}
			}
			checkNoBackOfficeLink(t, base, db)
			checkNoDemoWithoutDemoMode(t, base, db)
		})
	}
}

// checkNoBackOfficeLink: a guest and a citizen see no back-office entry.
func checkNoBackOfficeLink(t *testing.T, base string, db *store.DB) {
	t.Helper()
	guest := newClient(t, base)
	if _, _, body := guest.do("/", nil); strings.Contains(body, backOfficeLink) || strings.Contains(body, ">Verwaltung</a>") {
		t.Error("a guest sees the back-office entry")
	}
	email := citizen(t, db, "buergerin@example.org")
	c := newClient(t, base)
	if _, p, _ := c.login(email, journeyPassword); p != "/konto" {
		t.Errorf("a citizen lands on %s, want /konto as before", p)
	}
	for _, path := range []string{"/", "/konto"} {
		if _, _, body := c.do(path, nil); strings.Contains(body, backOfficeLink) || strings.Contains(body, ">Verwaltung</a>") {
			t.Errorf("%s: a citizen sees the back-office entry", path)
		}
	}
}

// checkNoDemoWithoutDemoMode: without --demo the login page lists no demo
// account, and a demo-marked staff account (seeded into the running
// installation) cannot log in at all: its password is public, so it must
// not be able to enrol a second factor of its own.
func checkNoDemoWithoutDemoMode(t *testing.T, base string, db *store.DB) {
	t.Helper()
	c := newClient(t, base)
	if _, _, body := c.do("/anmelden", nil); strings.Contains(body, demoList) || strings.Contains(body, demo.StaffPassword) {
		t.Error("the login page lists demo accounts without --demo")
	}
	acc, err := account.New(db, account.DefaultConfig(), time.Now)
	webtest.Check(t, err)
	webtest.Check(t, demo.SeedStaff(context.Background(), db, acc, slog.New(slog.NewTextHandler(io.Discard, nil))))
	sb := webtest.DemoStaff(t, demo.TenantSlug, account.RoleCaseWorker)
	if _, p, _ := c.login(sb.Email, sb.Password); p == "/konto/zweiter-faktor" || p == "/verwaltung" || p == "/konto" {
		t.Errorf("a demo account (public password) logged in without --demo and reached %s", p)
	}
	if _, p, _ := c.do("/verwaltung", nil); p == "/verwaltung" {
		t.Error("a demo account without --demo reached the back office without a second factor")
	}
}

// TestDemoLoginList, on every engine, in demo mode: the login page lists
// the request tenant's demo staff accounts with their password (the other
// tenant's are not there); a demo case worker logs in with a list entry's
// form and no second factor, lands in the inbox under the demo banner and
// has the back-office entry on citizen pages; a real staff account still
// has to set up its second factor in demo mode.
func TestDemoLoginList(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base, db, _ := accountApp(t, d, func(*config.Config) {})
			c := newClient(t, base)
			_, _, page := c.do("/anmelden", nil)
			checkDemoList(t, page, demo.TenantSlug, demo.SecondTenantSlug)
			_, page = webtest.GetHost(t, base, "thueringen.localhost", "/anmelden")
			checkDemoList(t, page, demo.SecondTenantSlug, demo.TenantSlug)

			sb := webtest.DemoStaff(t, demo.TenantSlug, account.RoleCaseWorker)
			st, p, body := c.do("/anmelden", url.Values{"email": {sb.Email}, "password": {sb.Password}, "next": {""}})
			if st != 200 || p != "/verwaltung" || !strings.Contains(body, demoBanner) {
				t.Fatalf("demo case worker: %d on %s (banner %v), want the inbox with the demo banner", st, p, strings.Contains(body, demoBanner))
			}
			if _, _, body := c.do("/", nil); !strings.Contains(body, backOfficeLink) || strings.Contains(body, demoBanner) {
				t.Error("the home page of a demo case worker: want the back-office entry and no demo banner")
			}
			email := webtest.NewStaffAt(t, db, demo.TenantSlug, "echt@amt.example")
			if _, p, _ := newClient(t, base).login(email, journeyPassword); p != "/konto/zweiter-faktor" {
				t.Errorf("a real staff account in demo mode opens %s, want the second-factor set-up", p)
			}
		})
	}
}

// checkDemoList checks that page lists the demo accounts of slug and none
// of other.
func checkDemoList(t *testing.T, page, slug, other string) {
	t.Helper()
	if !strings.Contains(page, demoList) || !strings.Contains(page, demo.StaffPassword) {
		t.Fatalf("%s: the login page lists no demo accounts", slug)
	}
	for _, s := range demo.StaffAccounts(slug) {
		if !strings.Contains(page, s.Email) || !strings.Contains(page, s.Name) {
			t.Errorf("%s: the login page does not list %s", slug, s.Email)
		}
	}
	for _, s := range demo.StaffAccounts(other) {
		if strings.Contains(page, s.Email) {
			t.Errorf("%s: the login page lists %s of tenant %s", slug, s.Email, other)
		}
	}
}

// citizen creates a verified citizen account in the demo tenant with
// journeyPassword and returns its address.
func citizen(t *testing.T, db *store.DB, email string) string {
	t.Helper()
	ctx := context.Background()
	tn, err := tenant.BySlug(ctx, db, demo.TenantSlug)
	webtest.Check(t, err)
	acc, err := account.New(db, account.DefaultConfig(), time.Now)
	webtest.Check(t, err)
	m, err := acc.SignUp(ctx, account.SignUpInput{TenantID: tn.ID, Kind: account.KindCitizen, Email: email,
		Name: "Erika Mustermann", Password: journeyPassword})
	webtest.Check(t, err)
	_, err = acc.VerifyEmail(ctx, m.Token)
	webtest.Check(t, err)
	return email
}
