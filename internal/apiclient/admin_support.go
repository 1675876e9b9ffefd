package apiclient

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ListByTenant lists the enabled clients of tenantID by id, for the tenant
// admin's page; secrets are never part of it (the webhook secret is
// cleared).
func ListByTenant(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]Client, error) {
	rows, err := q.QueryContext(ctx, selectClient+` WHERE tenant_id = $1 AND NOT disabled ORDER BY id`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("apiclient: list: %w", err)
	}
	out, err := scanClients(rows)
	for i := range out {
		out[i].WebhookSecret = ""
	}
	return out, err
}
