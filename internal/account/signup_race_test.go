package account_test

import (
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestSignUpConcurrentDuplicate signs up one address from many requests at
// once. On PostgreSQL two transactions can both find the address free and
// race to insert it; the loser must get the sign-up's answer for a known
// address (MailAlreadyRegistered), not a unique-violation error.
func TestSignUpConcurrentDuplicate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		const n = 12
		var (
			start sync.WaitGroup
			done  sync.WaitGroup
			mails = make([]account.Mail, n)
			errs  = make([]error, n)
		)
		start.Add(1)
		for i := range n {
			done.Add(1)
			go func() {
				defer done.Done()
				start.Wait()
				mails[i], errs[i] = f.s.SignUp(ctx(), account.SignUpInput{TenantID: f.tenant,
					Kind: account.KindCitizen, Email: "race@example.org", Name: "Erika", Password: goodPassword})
			}()
		}
		start.Done()
		done.Wait()
		verify := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("sign-up %d: %v", i, errs[i])
			}
			switch mails[i].Kind {
			case account.MailVerify:
				verify++
			case account.MailAlreadyRegistered:
			default:
				t.Errorf("sign-up %d: mail kind %q", i, mails[i].Kind)
			}
		}
		if verify != 1 {
			t.Errorf("%d verification mails, want exactly 1", verify)
		}
	})
}
