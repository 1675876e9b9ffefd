package apply

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// version returns the procedure version as tenantID's citizens fill it:
// the shared version (0: the latest) plus the tenant's overlay (local
// fields, fees, hints, deadline; procedure.EffectiveVersion). Parts of the
// overlay that no longer fit are left out and logged; the tenant admin
// page shows them too. Compiled effective definitions are cached by their
// hash, so an edited overlay is compiled once and used at once.
func (s *Service) version(ctx context.Context, tenantID tenant.ID, id string, version int) (procedure.Version, *procedure.Procedure, error) {
	v, p, err := s.sharedVersion(ctx, id, version)
	if err != nil || tenantID == 0 {
		return v, p, err
	}
	eff, problems, err := procedure.EffectiveVersion(ctx, s.db, tenantID, v)
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
