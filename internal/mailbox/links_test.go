package mailbox_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestMailLinksUseTenantHost: the links in e-mails lead to the applicant's
// own tenant's host (tenants are selected by host name), not to the
// global base URL, which would show another tenant — for "application
// received" (casework) and "new message" (mailbox), on both databases.
func TestMailLinksUseTenantHost(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		if _, err := db.ExecContext(ctx(), `UPDATE tenant SET hosts = 'sachsen.amtsweg.example www.sachsen.example' WHERE id = $1`, f.tenant); err != nil {
			t.Fatal(err)
		}
		owner := apply.AccountOwner(f.alice, 0)
		a, c := f.submit(t, &owner)
		_, err := f.mb.PostToApplicant(ctx(), f.staff, c.ID, mailbox.Post{Subject: "Hinweis", Body: "Text"})
		check(t, err)
		mails := strings.Join(f.mails(t, 2), "\n----\n")
		for _, want := range []string{
			fmt.Sprintf("https://sachsen.amtsweg.example/antraege/%d/eingangsbestaetigung", a.ID),
			"https://sachsen.amtsweg.example/postfach",
		} {
			if !strings.Contains(mails, want) {
				t.Errorf("no link %s in the mails:\n%s", want, mails)
			}
		}
		if strings.Contains(mails, "portal.example/") {
			t.Errorf("a link to the global base URL:\n%s", mails)
		}
	})
}
