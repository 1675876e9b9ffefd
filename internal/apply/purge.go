package apply

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/store"
)

// PurgeSubscriber is the name (and job kind) of apply's subscriber of
// events.CasePurged, registered at composition: OnCasePurged.
const PurgeSubscriber = "application.purge"

// Subscribers are apply's subscribers of other capabilities' events,
// which the composition (package app) registers; with a nil s they only
// name them (events.Bus.Declare). Its own follow-up of events.Submitted
// is subscribed by RegisterJobs.
func Subscribers(s *Service) []events.Subscriber {
	return []events.Subscriber{{Type: events.CasePurged, Name: PurgeSubscriber, Handle: s.OnCasePurged}}
}

// OnCasePurged is the subscriber of casework's events.CasePurged: the
// retention deleted the case's file and the case, so the application goes
// with its attachment rows (their blobs went with the file; the mailbox's
// threads of the application cascade). Deleting it again does nothing.
func (s *Service) OnCasePurged(ctx context.Context, e events.Event) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, q := range []string{
			`DELETE FROM application_attachment WHERE application_id IN
				(SELECT id FROM application WHERE id = $1 AND tenant_id = $2)`,
			`DELETE FROM application WHERE id = $1 AND tenant_id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, e.ApplicationID, e.TenantID); err != nil {
				return fmt.Errorf("apply: purge application %d: %w", e.ApplicationID, err)
			}
		}
		return nil
	})
}
