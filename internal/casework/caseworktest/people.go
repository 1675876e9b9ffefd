package caseworktest

import (
	"fmt"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Tenant creates the tenant (Mandant) tn with its clearing office
// (Clearingstelle) and returns both ids.
func (w *World) Tenant(t testing.TB, tn tenant.Tenant) (id tenant.ID, clearing int64) {
	t.Helper()
	created, err := tenant.Create(bg(), w.DB, "test", tn)
	check(t, err)
	clearing, err = w.Cases.EnsureClearing(bg(), created.ID)
	check(t, err)
	return created.ID, clearing
}

// Account inserts an active account of kind named name in tenantID
// (account.CreateStaff and sign-up hash passwords, slowly, and are tested
// in package account); its e-mail address is unique in the world.
func (w *World) Account(t testing.TB, tenantID tenant.ID, kind account.Kind, name string) int64 {
	t.Helper()
	var id int64
	email := fmt.Sprintf("%s-%d@example.de", kind, w.seq.Add(1))
	check(t, w.DB.Writer().QueryRowContext(bg(), `INSERT INTO account (tenant_id, kind, state, email, email_norm, name, created_at)
		VALUES ($1, $2, 'active', $3, $3, $4, $5) RETURNING id`, tenantID, kind, email, name, time.Now().UTC()).Scan(&id))
	return id
}

// Citizen inserts an active citizen account (Bürgerkonto).
func (w *World) Citizen(t testing.TB, tenantID tenant.ID, name string) int64 {
	t.Helper()
	return w.Account(t, tenantID, account.KindCitizen, name)
}

// Staff inserts an active staff account (Beschäftigte) with roles and
// returns its principal.
func (w *World) Staff(t testing.TB, tenantID tenant.ID, name string, roles ...account.StaffRole) casework.Staff {
	t.Helper()
	id := w.Account(t, tenantID, account.KindStaff, name)
	for _, r := range roles {
		_, err := w.DB.ExecContext(bg(), `INSERT INTO staff_role (account_id, authority_id, role) VALUES ($1, $2, $3)`,
			id, r.AuthorityID, r.Role)
		check(t, err)
	}
	s, err := casework.LoadStaff(bg(), w.DB, tenantID, id)
	check(t, err)
	return s
}

// Admin inserts a tenant admin (Mandantenverwaltung), who heads the
// clearing office, and returns its principal.
func (w *World) Admin(t testing.TB, tenantID tenant.ID, name string) casework.Staff {
	t.Helper()
	return w.Staff(t, tenantID, name, account.StaffRole{Role: account.RoleTenantAdmin})
}
