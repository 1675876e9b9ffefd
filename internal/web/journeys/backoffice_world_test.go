package journeys_test

import (
	"net/http"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/config"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// Short names for the running app of webtest.Start, so the tests here
// can add methods of their own.

const hostB = webtest.HostB

type boWorld struct {
	*webtest.World
	base, dsn, dir   string
	db               *store.DB
	cw               *caseworktest.World
	apps             *apply.Service
	cases            *casework.Service
	mb               *pfmailbox.Service
	acc              *account.Service
	tenantA, tenantB tenant.ID
}

func boStart(t *testing.T, d store.Dialect, opts ...func(*config.Config)) *boWorld {
	t.Helper()
	w := webtest.Start(t, d, opts...)
	return &boWorld{World: w, base: w.Base, dsn: w.DSN, dir: w.Dir, db: w.DB, cw: w.CW, apps: w.Apps, cases: w.Cases,
		mb: w.Mailbox, acc: w.Acc, tenantA: w.TenantA, tenantB: w.TenantB}
}

func boCheck(t testing.TB, err error) { t.Helper(); webtest.Check(t, err) }
func boClient() *http.Client          { return webtest.NoFollow() }

func (w *boWorld) staff(t *testing.T, tenantID tenant.ID, name string, roles ...account.StaffRole) int64 {
	t.Helper()
	return w.Staff(t, tenantID, name, roles...)
}
func (w *boWorld) citizen(t *testing.T, tenantID tenant.ID, name string) int64 {
	t.Helper()
	return w.Citizen(t, tenantID, name)
}
func (w *boWorld) session(t *testing.T, accountID int64) string {
	t.Helper()
	return w.Session(t, accountID)
}
func (w *boWorld) submit(t *testing.T, tenantID tenant.ID, owner apply.Owner, name string) (casework.Case, apply.Owner) {
	t.Helper()
	return w.Submit(t, tenantID, owner, name)
}
func (w *boWorld) principal(t *testing.T, tenantID tenant.ID, role string) casework.Staff {
	t.Helper()
	return w.Principal(t, tenantID, role)
}
func (w *boWorld) do(t *testing.T, method, path, token, host string, form string) (int, string, string) {
	t.Helper()
	return w.Do(t, method, path, token, host, form)
}
