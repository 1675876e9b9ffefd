package casework

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Staff loads the back office principal (Beschäftigte): the active staff
// account accountID of tenantID with its roles; anyone else is
// fault.Forbidden (LoadStaff).
func (s *Service) Staff(ctx context.Context, tenantID tenant.ID, accountID int64) (Staff, error) {
	return LoadStaff(ctx, s.db, tenantID, accountID)
}

// File returns the record (Akte) of c, which the caller resolved for its
// staff principal (ByReference or View), so the staff member may see it.
func (s *Service) File(ctx context.Context, c Case) (akte.File, error) {
	return akte.Get(ctx, s.db, c.TenantID, c.ID)
}
