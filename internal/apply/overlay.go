package apply

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// version returns the procedure version as tenantID's citizens fill it:
// the shared version (0: the latest) plus the tenant's overlay (local
// fields, fees, hints, deadline; procedure.EffectiveVersion). Parts of the
// overlay that no longer fit are left out and logged; the tenant admin
// page shows them too. Compiled effective definitions are cached by their
// hash, so an edited overlay is compiled once and used at once.
//
// While the database is unreachable it answers with the last version it
// read for the same tenant, procedure and version number, if any.
func (s *Service) version(ctx context.Context, tenantID tenant.ID, id string, version int) (procedure.Version, *procedure.Procedure, error) {
	return s.versionIn(ctx, s.db, tenantID, id, version)
}

// versionIn is version read through q. Inside a transaction pass the
// transaction: a query on the pool there needs a second connection, and
// when every connection is held by such a transaction, all of them wait
// for each other until their clients give up (the pool deadlock that
// collapsed the deadline-day load at three times capacity,
// docs/benchmarks.md; TestTransactionsNeedOneConnection).
func (s *Service) versionIn(ctx context.Context, q store.Querier, tenantID tenant.ID, id string, version int) (procedure.Version, *procedure.Procedure, error) {
	k := versionKey{tenantID, id, version}
	v, p, err := s.readVersion(ctx, q, tenantID, id, version)
	switch {
	case err == nil:
		s.lastVersions.Store(k, lastVersion{v, p})
	case outage.DatabaseDown(err):
		if l, ok := s.lastVersions.Load(k); ok {
			return l.(lastVersion).v, l.(lastVersion).p, nil
		}
	}
	return v, p, err
}

type versionKey struct {
	tenant  tenant.ID
	id      string
	version int
}

type lastVersion struct {
	v procedure.Version
	p *procedure.Procedure
}

// RememberedForm returns, without asking the database, the definition of
// a's procedure version as this process last read it and the fields a's
// answers hide; ok is false when it never read it. Crisis mode draws a
// form page again from it when the database is gone (web/apply).
func (s *Service) RememberedForm(ctx context.Context, a Application) (procedure.Definition, map[string]bool, bool) {
	l, ok := s.lastVersions.Load(versionKey{a.TenantID, a.ProcedureID, a.Version})
	if !ok {
		return procedure.Definition{}, nil, false
	}
	v := l.(lastVersion)
	return v.v.Definition, v.p.HiddenFields(ctx, a.Answers), true
}

// readVersion is version from the database.
func (s *Service) readVersion(ctx context.Context, q store.Querier, tenantID tenant.ID, id string, version int) (procedure.Version, *procedure.Procedure, error) {
	v, p, err := s.sharedVersion(ctx, q, id, version)
	if err != nil || tenantID == 0 {
		return v, p, err
	}
	eff, problems, err := procedure.EffectiveVersion(ctx, q, tenantID, v)
	if err != nil || eff.Hash == v.Hash {
		return v, p, err
	}
	for _, pr := range problems {
		s.log.Warn("procedure overlay part left out", "tenant", tenantID, "procedure", id, "version", v.Version, "problem", pr.String())
	}
	key := fmt.Sprintf("%s/%d/%d/%s", id, v.Version, tenantID, eff.Hash)
	if c, ok := s.procs.Load(key); ok {
		return eff, c.(*procEntry).p, nil
	}
	ep, err := eff.Procedure()
	if err != nil { // ApplyOverlay compiled it already; only a bug lands here
		return v, p, fmt.Errorf("apply: compile overlay of %s/%d for tenant %d: %w", id, v.Version, tenantID, err)
	}
	s.procs.Store(key, &procEntry{eff, ep})
	return eff, ep, nil
}
