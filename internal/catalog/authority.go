package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Authority is an office of a tenant that provides services (Behörde /
// Organisationseinheit), e.g. a Landratsamt or one of its units.
type Authority struct {
	ID       int64
	TenantID tenant.ID
	// Key is the stable id from the source (JSON import key, XZuFi id),
	// unique within the tenant.
	Key     string
	Name    string
	Kind    string // e.g. "Landratsamt", "Bürgerbüro", "Studentenwerk"
	Address Address
	Phone   string
	Email   string
	Web     string
	// OpeningHours is free text (Öffnungszeiten).
	OpeningHours string
	// ParentID is the authority this one belongs to (e.g. the Landratsamt
	// of a Zulassungsbehörde); 0 for none.
	ParentID int64
	// Example marks demo contact data (Beispieldaten) that must be shown
	// as such.
	Example bool
}

// Address is a postal address (Anschrift).
type Address struct {
	Street   string `json:"street,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	City     string `json:"city,omitempty"`
}

// Responsibility assigns a service (or a LeiKa group of services) in a
// region to an authority (Zuständigkeit), optionally only for one audience.
type Responsibility struct {
	ID       int64
	TenantID tenant.ID
	// ServiceKey is a service key or an 8-digit LeiKa group (GroupOf).
	ServiceKey  string
	RegionARS   string
	Audience    Audience // AudienceAny for all
	AuthorityID int64
}

const authorityColumns = `id, tenant_id, authority_key, name, kind, street, postcode, city, phone, email,
	web, opening_hours, COALESCE(parent_id, 0), example`

func scanAuthority(row interface{ Scan(...any) error }) (Authority, error) {
	var a Authority
	err := row.Scan(&a.ID, &a.TenantID, &a.Key, &a.Name, &a.Kind, &a.Address.Street, &a.Address.Postcode,
		&a.Address.City, &a.Phone, &a.Email, &a.Web, &a.OpeningHours, &a.ParentID, &a.Example)
	return a, err
}

// GetAuthority returns the authority id of the tenant.
func GetAuthority(ctx context.Context, q store.Querier, tenantID tenant.ID, id int64) (Authority, error) {
	a, err := scanAuthority(q.QueryRowContext(ctx, "SELECT "+authorityColumns+
		" FROM authority WHERE tenant_id = $1 AND id = $2", tenantID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fault.New(fault.NotFound, "no authority %d", id)
	}
	return a, wrapErr(err, "get authority %d", id)
}

// ListAuthorities returns the authorities of a tenant ordered by name.
func ListAuthorities(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]Authority, error) {
	return queryAuthorities(ctx, q, "SELECT "+authorityColumns+" FROM authority WHERE tenant_id = $1 ORDER BY name, id", tenantID)
}

func queryAuthorities(ctx context.Context, q store.Querier, query string, args ...any) ([]Authority, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query authorities: %w", err)
	}
	out, err := store.Collect(rows, nil, scanAuthority)
	if err != nil {
		return nil, fmt.Errorf("scan authority: %w", err)
	}
	return out, nil
}

// ListResponsibilities returns the responsibilities of a tenant ordered by
// service key, region and audience.
func ListResponsibilities(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]Responsibility, error) {
	return queryResponsibilities(ctx, q, `SELECT id, tenant_id, service_key, region_ars, audience, authority_id
		FROM responsibility WHERE tenant_id = $1 ORDER BY service_key, region_ars, audience`, tenantID)
}

func queryResponsibilities(ctx context.Context, q store.Querier, query string, args ...any) ([]Responsibility, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query responsibilities: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Responsibility, error) {
		var r Responsibility
		if err := row.Scan(&r.ID, &r.TenantID, &r.ServiceKey, &r.RegionARS, &r.Audience, &r.AuthorityID); err != nil {
			return r, fmt.Errorf("scan responsibility: %w", err)
		}
		return r, nil
	})
}
