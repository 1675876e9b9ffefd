package mailbox

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/apply"
)

// HasGuestLink reports whether the guest's submitted application id has a
// mailbox link already, so that the page can ask before a new link
// replaces (revokes) it. owner must be the guest holding apply's resume
// secret; anyone else is fault.NotFound.
func (s *Service) HasGuestLink(ctx context.Context, id int64, owner apply.Owner) (bool, error) {
	if !owner.Guest() {
		return false, notFound()
	}
	a, err := s.apps.Get(ctx, id, owner)
	if err != nil || a.Status != apply.Submitted {
		return false, notFound()
	}
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM mailbox_guest WHERE application_id = $1 AND tenant_id = $2`,
		id, a.TenantID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("mailbox: guest link of %d: %w", id, err)
	}
	return n > 0, nil
}
