package demo

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// StaffPassword is the password of every demo staff account: listed on the
// demo's login page, so one shared password costs nothing and keeps a demo
// start to a single password hash.
const StaffPassword = "Demo-Verwaltung-2026"

// StaffAccount is one demo staff account (Demo-Zugang) of a demo tenant.
type StaffAccount struct {
	Name     string
	Email    string
	Password string
	Role     account.Role
	// AuthorityKey is the catalog key (authority_key) of the authority
	// the role holds at; "" for the tenant administrator.
	AuthorityKey string
	// AuthorityName is that authority's name, for the login page.
	AuthorityName string
	// AlsoAt are the keys of further authorities the same role holds at
	// (the other offices of the unit); nil for most.
	AlsoAt []string
}

// The authorities the demo staff work at. In Saxony the demo's
// applications come from Dresden (the addresses of the demo and its
// tests), and "Wohnsitz anmelden" — the procedure of the demo journeys —
// lands at the Bürgerbüro der Stadt Dresden. The Saxon case worker and head
// of unit work in the city's citizen services (Bürgerservice): as in a real
// city administration, one unit works several procedures and holds its roles
// at each of its offices (dresdenServices) — the Bürgerbüro (registration),
// the vehicle registration offices, the trade office and the road traffic
// authority (residents' parking). The city is the biggest office of the demo
// history, so their inbox shows a working office's volume. Thuringia has no authorities
// of its own in the demo: all its applications reach its clearing office.
const (
	saxonyOffice        = "stadt-dresden-buergerbuero"
	saxonyOfficeName    = "Bürgerbüro der Stadt Dresden"
	thuringiaOffice     = casework.ClearingKey
	thuringiaOfficeName = "Clearingstelle Freistaat Thüringen"
)

// dresdenServices are the further offices of the Saxon demo staff's unit
// (Bürgerservice der Stadt Dresden) besides saxonyOffice.
var dresdenServices = []string{"stadt-dresden-zulassung", "stadt-dresden-zulassung-gewerbe", "stadt-dresden-gewerbe",
	"stadt-dresden-verkehr"}

// StaffAccounts lists the demo staff accounts of the demo tenant
// tenantSlug (TenantSlug or SecondTenantSlug): a case worker
// (Sachbearbeitung) and a head of unit (Leitung) at the office most demo
// applications reach, and a tenant administrator. Other slugs have none.
func StaffAccounts(tenantSlug string) []StaffAccount {
	switch tenantSlug {
	case TenantSlug:
		return []StaffAccount{
			{Name: "Sandra Lehmann", Email: "sachbearbeitung@demo.amtsweg.example", Role: account.RoleCaseWorker, AuthorityKey: saxonyOffice, AuthorityName: saxonyOfficeName, Password: StaffPassword, AlsoAt: dresdenServices},
			{Name: "Frank Richter", Email: "leitung@demo.amtsweg.example", Role: account.RoleHeadOfUnit, AuthorityKey: saxonyOffice, AuthorityName: saxonyOfficeName, Password: StaffPassword, AlsoAt: dresdenServices},
			{Name: "Katrin Hoffmann", Email: "mandant@demo.amtsweg.example", Role: account.RoleTenantAdmin, Password: StaffPassword},
		}
	case SecondTenantSlug:
		return []StaffAccount{
			{Name: "Jens Schröder", Email: "sachbearbeitung@th.demo.amtsweg.example", Role: account.RoleCaseWorker, AuthorityKey: thuringiaOffice, AuthorityName: thuringiaOfficeName, Password: StaffPassword},
			{Name: "Anja Wagner", Email: "leitung@th.demo.amtsweg.example", Role: account.RoleHeadOfUnit, AuthorityKey: thuringiaOffice, AuthorityName: thuringiaOfficeName, Password: StaffPassword},
			{Name: "Thomas Zimmermann", Email: "mandant@th.demo.amtsweg.example", Role: account.RoleTenantAdmin, Password: StaffPassword},
		}
	}
	return nil
}

// SeedStaff creates the missing demo staff accounts of every demo tenant
// of an installation whose demo content Seed completed; it runs after the
// clearing offices exist (internal/app). Idempotent: existing accounts (by
// e-mail address) are left alone, so a demo seeded before the staff
// accounts existed gets them on its next start.
func SeedStaff(ctx context.Context, db *store.DB, accounts *account.Service, log *slog.Logger) error {
	if done, err := seeded(ctx, db); err != nil || !done {
		return err
	}
	for _, slug := range []string{TenantSlug, SecondTenantSlug} {
		t, err := tenant.BySlug(ctx, db, slug)
		if fault.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		staff, err := newStaff(ctx, db, t.ID, StaffAccounts(slug))
		if err != nil {
			return err
		}
		n, err := accounts.SeedDemoStaff(ctx, "system:demo", staff)
		if err != nil {
			return fmt.Errorf("demo staff of %s: %w", slug, err)
		}
		if n > 0 {
			log.Info("demo: staff accounts created", "tenant", slug, "accounts", n)
		}
	}
	return nil
}

// newStaff turns the demo accounts into account requests of tenantID.
func newStaff(ctx context.Context, db *store.DB, tenantID tenant.ID, list []StaffAccount) ([]account.NewStaff, error) {
	out := make([]account.NewStaff, 0, len(list))
	for _, s := range list {
		id, err := StaffAuthority(ctx, db, tenantID, s)
		if err != nil {
			return nil, err
		}
		roles := []account.StaffRole{{AuthorityID: id, Role: s.Role}}
		for _, key := range s.AlsoAt {
			also, err := StaffAuthority(ctx, db, tenantID, StaffAccount{AuthorityKey: key})
			if err != nil {
				return nil, err
			}
			roles = append(roles, account.StaffRole{AuthorityID: also, Role: s.Role})
		}
		out = append(out, account.NewStaff{TenantID: tenantID, Email: s.Email, Name: s.Name, Password: s.Password, Roles: roles})
	}
	return out, nil
}

// StaffAuthority returns the id of the authority s works at in tenantID,
// 0 for a tenant administrator; NotFound when the authority is missing.
func StaffAuthority(ctx context.Context, db *store.DB, tenantID tenant.ID, s StaffAccount) (int64, error) {
	switch s.AuthorityKey {
	case "":
		return 0, nil
	case casework.ClearingKey:
		return casework.Clearing(ctx, db, tenantID)
	}
	all, err := catalog.ListAuthorities(ctx, db, tenantID)
	if err != nil {
		return 0, err
	}
	for _, a := range all {
		if a.Key == s.AuthorityKey {
			return a.ID, nil
		}
	}
	return 0, fault.New(fault.NotFound, "demo authority %s is missing in tenant %d", s.AuthorityKey, tenantID)
}
