package catalog

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Directory is the catalog's read side for the HTTP layer (Verzeichnis):
// regions (Gebiete), authorities (Behörden) and responsibilities
// (Zuständigkeiten) as the portal, the back office and the tenant
// administration show them. It holds the database, so handlers hold none;
// the rules stay in the package functions it calls. Places are found in
// an in-memory index (Places) that the directory builds on first use.
type Directory struct {
	db     *store.DB
	places *Places
}

// NewDirectory returns the directory on db.
func NewDirectory(db *store.DB) *Directory { return &Directory{db: db, places: NewPlaces(db)} }

// Warm builds the place index now instead of on first use, so place
// search and the finder's place choice work from memory should the
// database be gone before anyone asked (crisis mode).
func (d *Directory) Warm(ctx context.Context) error {
	_, err := d.places.refresh(ctx)
	return err
}

// Region returns the region with the 12-digit ARS (GetRegion).
func (d *Directory) Region(ctx context.Context, ars string) (Region, error) {
	return GetRegion(ctx, d.db, ars)
}

// FindPlaces returns up to limit municipalities matching what a person
// typed, best first (Places.Find).
func (d *Directory) FindPlaces(ctx context.Context, input string, limit int) ([]Place, error) {
	return d.places.Find(ctx, input, limit)
}

// Place returns the municipality with the ARS (Places.Place).
func (d *Directory) Place(ctx context.Context, ars string) (Place, error) {
	return d.places.Place(ctx, ars)
}

// ChildRegions returns the regions directly below ars (ChildRegions).
func (d *Directory) ChildRegions(ctx context.Context, ars string) ([]Region, error) {
	return ChildRegions(ctx, d.db, ars)
}

// TenantArea returns the smallest region that holds all of the tenant's
// responsibilities (TenantArea).
func (d *Directory) TenantArea(ctx context.Context, tenantID tenant.ID) (Region, error) {
	return TenantArea(ctx, d.db, tenantID)
}

// Coverage reports the tenant's coverage below scopeARS (Coverage).
func (d *Directory) Coverage(ctx context.Context, tenantID tenant.ID, scopeARS string) ([]CoverageRow, error) {
	return Coverage(ctx, d.db, tenantID, scopeARS)
}

// Authority returns the authority id of the tenant (GetAuthority).
func (d *Directory) Authority(ctx context.Context, tenantID tenant.ID, id int64) (Authority, error) {
	return GetAuthority(ctx, d.db, tenantID, id)
}

// Authorities returns the tenant's authorities ordered by name
// (ListAuthorities).
func (d *Directory) Authorities(ctx context.Context, tenantID tenant.ID) ([]Authority, error) {
	return ListAuthorities(ctx, d.db, tenantID)
}

// Responsibilities returns the tenant's responsibilities
// (ListResponsibilities).
func (d *Directory) Responsibilities(ctx context.Context, tenantID tenant.ID) ([]Responsibility, error) {
	return ListResponsibilities(ctx, d.db, tenantID)
}

// AuthorityResponsibilities returns the responsibilities of one authority
// of the tenant (AuthorityResponsibilities).
func (d *Directory) AuthorityResponsibilities(ctx context.Context, tenantID tenant.ID, authorityID int64) ([]Responsibility, error) {
	return AuthorityResponsibilities(ctx, d.db, tenantID, authorityID)
}
