package account_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

var orgLink = regexp.MustCompile(`/konto/organisationen/(\d+)`)

// TestOrgApplications, on every engine, through the pages: a business
// account's draft made while acting for its organisation is listed on the
// organisation's page for another member, who may open it when acting for
// the organisation; someone outside gets "not found" for the organisation
// page, acting for it and the draft, even with a forged choice cookie.
func TestOrgApplications(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base, _, _ := accountApp(t, d, mb.Configure)
			register(t, mb, base, "chefin@firma.de", url.Values{"kind": {"business"}, "organisation": {"Muster GmbH"}})
			register(t, mb, base, "kollege@firma.de", nil)
			register(t, mb, base, "fremd@example.de", nil)

			boss := newClient(t, base)
			_, _, home := boss.login("chefin@firma.de", journeyPassword)
			m := orgLink.FindStringSubmatch(home)
			if m == nil {
				t.Fatal("Mein Konto of a business account lists no organisation")
			}
			org := m[0]
			if st, _, _ := boss.do(org+"/mitglieder", url.Values{"email": {"kollege@firma.de"}}); st != 200 {
				t.Fatalf("add member: %d", st)
			}
			if st, p, _ := boss.do(org+"/handeln", url.Values{}); st != 200 || p != org {
				t.Fatalf("act for the organisation: %d %s", st, p)
			}
			st, page, _ := boss.do("/antrag/bussgeld-einspruch", url.Values{})
			if st != 200 || !strings.HasPrefix(page, "/antraege/") || !strings.Contains(page, "/seiten/") {
				t.Fatalf("start an application for the organisation: %d %s", st, page)
			}
			draft := page[:strings.Index(page, "/seiten/")]

			member := newClient(t, base)
			member.login("kollege@firma.de", journeyPassword)
			if st, _, body := member.do(org, nil); st != 200 || !strings.Contains(body, `href="`+draft) {
				t.Errorf("a member's view of the organisation: %d, draft %s listed: %v", st, draft, strings.Contains(body, draft))
			}
			member.do(org+"/handeln", url.Values{})
			if st, p, _ := member.do(page, nil); st != 200 || p != page {
				t.Errorf("a member acting for the organisation opens its draft: %d %s", st, p)
			}

			outsider := newClient(t, base)
			outsider.login("fremd@example.de", journeyPassword)
			for _, c := range []struct {
				path string
				form url.Values
			}{{org, nil}, {org + "/handeln", url.Values{}}, {page, nil}, {draft + "/pruefen", nil}, {draft + "/gespeichert", nil}} {
				if st, _, _ := outsider.do(c.path, c.form); st != 404 {
					t.Errorf("an outsider at %s: %d, want 404", c.path, st)
				}
			}
			u, _ := url.Parse(base)
			outsider.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "amtsweg_org", Value: strings.TrimPrefix(org, "/konto/organisationen/"), Path: "/"}})
			if st, _, _ := outsider.do(page, nil); st != 404 {
				t.Errorf("an outsider with a forged organisation cookie opens the draft: %d", st)
			}
		})
	}
}
