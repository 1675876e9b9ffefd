package account

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Account returns the account with id (ByID), NotFound if there is none:
// the login session's account for the HTTP layer.
func (s *Service) Account(ctx context.Context, id int64) (Account, error) {
	return ByID(ctx, s.db, id)
}

// Staff returns the staff accounts (Beschäftigte) of tenantID with their
// roles, ordered by name (ListStaff).
func (s *Service) Staff(ctx context.Context, tenantID tenant.ID) ([]StaffMember, error) {
	return ListStaff(ctx, s.db, tenantID)
}
