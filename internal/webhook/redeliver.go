package webhook

import (
	"context"
	"fmt"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Redeliver starts the dead-lettered delivery id of a client of tenantID
// again (Erneute Zustellung), with a fresh retry window, and records it
// in the audit log. A delivery of another tenant, or one that is not dead,
// is fault.NotFound: an admin learns nothing about other tenants.
func (s *Service) Redeliver(ctx context.Context, tenantID tenant.ID, actor string, id int64) error {
	n, err := s.redeliver(ctx, tenantID, actor, `d.id = $3`, id, "webhook.redeliver", strconv.FormatInt(id, 10))
	if err == nil && n == 0 {
		err = fault.New(fault.NotFound, "no dead-lettered delivery %d", id)
	}
	return err
}

// RedeliverClient starts every dead-lettered delivery of API client
// clientID of tenantID again and returns how many; a client of another
// tenant has none.
func (s *Service) RedeliverClient(ctx context.Context, tenantID tenant.ID, actor string, clientID int64) (int, error) {
	return s.redeliver(ctx, tenantID, actor, `d.client_id = $3`, clientID, "webhook.redeliver_client",
		"client:"+strconv.FormatInt(clientID, 10))
}

// redeliver moves the tenant's dead deliveries matching cond (on d, with
// its argument as $3) back to pending, enqueues their jobs and writes one
// audit entry, all in one transaction.
func (s *Service) redeliver(ctx context.Context, tenantID tenant.ID, actor, cond string, arg int64, action, object string) (int, error) {
	var ids []int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.id FROM webhook_delivery d JOIN api_client c ON c.id = d.client_id
			WHERE c.tenant_id = $1 AND d.state = $2 AND `+cond+` ORDER BY d.id`, tenantID, "dead", arg)
		if err != nil {
			return fmt.Errorf("webhook: dead deliveries: %w", err)
		}
		ids, err = store.IDs(rows)
		if err != nil || len(ids) == 0 {
			return err
		}
		now := s.clock().UTC()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE webhook_delivery SET state = 'pending', created_at = $1, updated_at = $1
				WHERE id = $2 AND state = 'dead'`, now, id); err != nil {
				return fmt.Errorf("webhook: redeliver %d: %w", id, err)
			}
			if _, err := s.q.EnqueueTx(ctx, tx, DeliverJob{DeliveryID: id}, jobs.MaxAttempts(3)); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor, Action: action,
			ObjectType: "webhook_delivery", ObjectID: object, Details: map[string]any{"deliveries": len(ids)}})
	})
	return len(ids), err
}
