package procedure

import (
	"context"
	"sync"

	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Overlays are the tenants' local adjustments of shared procedures
// (Mandantenanpassungen) as the tenant administration and the portal's
// effective form see them. It holds the database, so HTTP handlers hold
// none; the rules stay in the package functions it calls.
//
// It remembers the last effective definition it read per tenant and
// procedure, and answers from that while the database is unreachable
// (crisis mode, docs/crisis.md), so service pages keep the tenant's fees
// and hints through an outage.
type Overlays struct {
	db   *store.DB
	last sync.Map // effectiveKey → effective
}

type effectiveKey struct {
	tenant    tenant.ID
	procedure string
}

type effective struct {
	def      Definition
	problems []OverlayProblem
}

// NewOverlays returns the overlays on db.
func NewOverlays(db *store.DB) *Overlays { return &Overlays{db: db} }

// List returns the tenant's overlays ordered by procedure (ListOverlays).
func (o *Overlays) List(ctx context.Context, tenantID tenant.ID) ([]StoredOverlay, error) {
	return ListOverlays(ctx, o.db, tenantID)
}

// Get returns the tenant's overlay of procedureID, or fault.NotFound
// (GetOverlay).
func (o *Overlays) Get(ctx context.Context, tenantID tenant.ID, procedureID string) (StoredOverlay, error) {
	return GetOverlay(ctx, o.db, tenantID, procedureID)
}

// Check returns the problems of so against the latest shared version
// (CheckOverlay).
func (o *Overlays) Check(ctx context.Context, so StoredOverlay) ([]OverlayProblem, error) {
	return CheckOverlay(ctx, o.db, so)
}

// Save validates raw and stores it as the tenant's overlay of procedureID
// (SaveOverlay); an overlay with problems is refused with fault.Invalid.
func (o *Overlays) Save(ctx context.Context, actor string, tenantID tenant.ID, procedureID string, raw []byte) error {
	return SaveOverlay(ctx, o.db, actor, tenantID, procedureID, raw)
}

// Effective returns the definition the tenant's citizens fill and the
// problems of the overlay parts left out (Effective).
// While the database is unreachable it returns the last definition it
// read for the pair, if any.
func (o *Overlays) Effective(ctx context.Context, tenantID tenant.ID, procedureID string) (Definition, []OverlayProblem, error) {
	k := effectiveKey{tenantID, procedureID}
	def, problems, err := Effective(ctx, o.db, tenantID, procedureID)
	switch {
	case err == nil:
		o.last.Store(k, effective{def, problems})
	case outage.DatabaseDown(err):
		if e, ok := o.last.Load(k); ok {
			return e.(effective).def, e.(effective).problems, nil
		}
	}
	return def, problems, err
}
