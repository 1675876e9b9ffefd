package subscriber

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Inbox is the tenant administration's side of the subscriber
// (FIT-Connect-Eingang): the tenant's destinations, their public keys,
// new destinations and the received submissions. It holds the database
// and the keyring, so HTTP handlers hold neither; the rules stay in
// CreateDestination and Received, which the CLI calls too.
type Inbox struct {
	db *store.DB
	kr *keyring.Keyring
}

// NewInbox returns the tenant administration's inbox on db, sealing and
// opening destination keys with kr.
func NewInbox(db *store.DB, kr *keyring.Keyring) *Inbox { return &Inbox{db: db, kr: kr} }

// DestinationInfo is a destination (Zustellpunkt) as the tenant admin
// sees it: no private key, only the key ids.
type DestinationInfo struct {
	ID                 string
	AuthorityID        int64
	EncKeyID, SigKeyID string
	CreatedAt          time.Time
}

// Destinations lists the destinations of tenantID, oldest first.
func (i *Inbox) Destinations(ctx context.Context, tenantID tenant.ID) ([]DestinationInfo, error) {
	rows, err := i.db.QueryContext(ctx, `SELECT destination_id, authority_id, enc_kid, sig_kid, created_at
		FROM fitconnect_destination WHERE tenant_id = $1 ORDER BY created_at, destination_id`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: destinations: %w", err)
	}
	return store.Collect(rows, nil, func(r store.Row) (DestinationInfo, error) {
		var d DestinationInfo
		err := r.Scan(&d.ID, &d.AuthorityID, &d.EncKeyID, &d.SigKeyID, &d.CreatedAt)
		d.CreatedAt = d.CreatedAt.UTC()
		return d, err
	})
}

// Received returns a page of the tenant's received submissions (Received).
func (i *Inbox) Received(ctx context.Context, tenantID tenant.ID, q ReceivedQuery) ([]Decision, int, error) {
	return Received(ctx, i.db, tenantID, q)
}

// CreateDestination makes destination id for authorityID of tenantID as
// actor (CreateDestination).
func (i *Inbox) CreateDestination(ctx context.Context, actor string, tenantID tenant.ID, authorityID int64, id string) (Destination, error) {
	return CreateDestination(ctx, i.db, i.kr, actor, tenantID, authorityID, id)
}

// PublicJWKS returns the public JWK set of destination id of tenantID to
// register in the FIT-Connect self-service portal; a destination of
// another tenant is fault.NotFound like an unknown one.
func (i *Inbox) PublicJWKS(ctx context.Context, tenantID tenant.ID, id string) ([]byte, error) {
	var n int
	err := i.db.QueryRowContext(ctx, `SELECT 1 FROM fitconnect_destination WHERE destination_id = $1 AND tenant_id = $2`,
		id, tenantID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "destination %s is not configured", id)
	}
	if err != nil {
		return nil, fmt.Errorf("fitconnect: destination %s: %w", id, err)
	}
	d, err := LoadDestination(ctx, i.db, i.kr, id)
	if err != nil {
		return nil, err
	}
	return d.PublicJWKS()
}
