package account_test

import (
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestLoginExternalConcurrentFirstLogin logs one identity in from many
// requests at once, the first time it is seen (two tabs, a double click,
// or the demo eID's test person in two applications). On PostgreSQL two
// transactions both found no link and raced to create the account and the
// link; the loser answered 409 instead of logging in. Every login must
// succeed and all must end in the same account, with one link.
func TestLoginExternalConcurrentFirstLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, verified := range []bool{true, false} {
			subject := map[bool]string{true: "verified", false: "unverified"}[verified]
			const n = 8
			var start, done sync.WaitGroup
			ids, errs := make([]int64, n), make([]error, n)
			start.Add(1)
			for i := range n {
				done.Add(1)
				go func() {
					defer done.Done()
					start.Wait()
					a, _, err := f.s.LoginExternal(ctx(), account.ExternalLogin{TenantID: f.tenant,
						Issuer: "https://id.example", Subject: subject, Email: subject + "@example.org",
						EmailVerified: verified, Name: "Thomas Muster"})
					ids[i], errs[i] = a.ID, err
				}()
			}
			start.Done()
			done.Wait()
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("%s login %d: %v", subject, i, errs[i])
				}
				if ids[i] != ids[0] {
					t.Errorf("%s login %d: account %d, login 0: account %d", subject, i, ids[i], ids[0])
				}
			}
			var links int
			if err := db.Reader().QueryRowContext(ctx(), `SELECT count(*) FROM account_identity
				WHERE tenant_id = $1 AND subject = $2`, f.tenant, subject).Scan(&links); err != nil {
				t.Fatal(err)
			}
			if links != 1 {
				t.Errorf("%s: %d identity links, want 1", subject, links)
			}
		}
	})
}
