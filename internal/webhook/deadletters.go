package webhook

import "context"

// DeadLetters lists the dead deliveries (unzustellbare Ereignisse) of
// tenantID, newest first, for the tenant admin page.
func (s *Service) DeadLetters(ctx context.Context, tenantID int64) ([]Dead, error) {
	return DeadLetters(ctx, s.db, tenantID)
}
