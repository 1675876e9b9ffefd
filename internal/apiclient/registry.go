package apiclient

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Registry is the tenant administration's side of the API clients
// (Fachverfahren-Zugänge): create one and list the tenant's. It holds the
// database, so HTTP handlers hold none; the rules stay in Create.
type Registry struct {
	db      *store.DB
	secrets Sealer
}

// NewRegistry returns the registry on db, sealing webhook secrets with
// secrets.
func NewRegistry(db *store.DB, secrets Sealer) *Registry { return &Registry{db: db, secrets: secrets} }

// Create creates a client for actor and returns its secret once (Create).
func (r *Registry) Create(ctx context.Context, actor string, in New) (Created, error) {
	in.Secrets = r.secrets
	return Create(ctx, r.db, actor, in)
}

// List returns the clients of tenantID (ListByTenant).
func (r *Registry) List(ctx context.Context, tenantID tenant.ID) ([]Client, error) {
	return ListByTenant(ctx, r.db, tenantID)
}

// SetWebhookFormat switches client id of tenantID to format f as actor
// (SetWebhookFormat, the rule `amtsweg apiclient webhook-format` uses).
func (r *Registry) SetWebhookFormat(ctx context.Context, actor string, tenantID tenant.ID, id int64, f WebhookFormat) error {
	return SetWebhookFormat(ctx, r.db, actor, tenantID, id, f)
}
