package webhook

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/tenant"
)

// DeadLetters lists the dead deliveries (unzustellbare Ereignisse) of
// tenantID, newest first, for the tenant admin page.
func (s *Service) DeadLetters(ctx context.Context, tenantID tenant.ID) ([]Dead, error) {
	return DeadLetters(ctx, s.db, tenantID)
}
