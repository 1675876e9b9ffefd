package apply

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// route finds the authority responsible for a's service at the place the
// answers name: the first place field (Place, 12-digit ARS) with a value,
// else the first address's postal code and town (addressARS). ok is false when
// there is no place or no responsible authority: the application then goes
// to clearing. Only a failing catalog is an error.
func (s *Service) route(ctx context.Context, a Application, def procedure.Definition, answers map[string]any) (catalog.Authority, bool, error) {
	if auth, ok, err := s.pinnedAuthority(ctx, a); ok || err != nil { // an external application's addressee (external.go)
		return auth, ok, err
	}
	if a.ServiceKey == "" {
		return catalog.Authority{}, false, nil
	}
	ars := placeOf(def, answers)
	if ars == "" {
		ars = s.addressARS(ctx, def, answers)
	}
	if ars == "" {
		return catalog.Authority{}, false, nil
	}
	audience := catalog.AudienceCitizens
	if a.OrgID != 0 {
		audience = catalog.AudienceBusiness
	}
	auth, err := s.finder.Find(ctx, a.TenantID, a.ServiceKey, ars, audience)
	switch {
	case fault.Is(err, fault.NotFound):
		return catalog.Authority{}, false, nil
	case err != nil:
		return catalog.Authority{}, false, fault.Wrap(err, fault.Unavailable, "the responsible authority cannot be looked up right now; please try again")
	}
	return auth, true, nil
}

// placeOf returns the value of the first answered place field.
func placeOf(def procedure.Definition, answers map[string]any) string {
	var ars string
	walkValues(def, answers, func(f procedure.Field, v any) bool {
		if s, ok := v.(string); ok && f.Type == procedure.Place && s != "" {
			ars = s
			return false
		}
		return true
	})
	return ars
}

// addressARS resolves the first answered address by its postal code; with
// several municipalities under one code the town name decides. An address
// is an address field or, in forms imported from FIM, a group holding the
// harmonised fields Postleitzahl and Ort (see fimPostal).
func (s *Service) addressARS(ctx context.Context, def procedure.Definition, answers map[string]any) string {
	pc, town := addressPostal(def, answers)
	if pc == "" {
		pc, town = fimPostal(def, answers)
	}
	if pc == "" {
		return ""
	}
	regions, err := catalog.RegionsByPostcode(ctx, s.db, pc)
	if err != nil || len(regions) == 0 {
		return ""
	}
	for _, r := range regions {
		if strings.EqualFold(r.Name, strings.TrimSpace(town)) {
			return r.ARS
		}
	}
	return regions[0].ARS
}

// addressPostal returns postal code and town of the first answered
// address field.
func addressPostal(def procedure.Definition, answers map[string]any) (string, string) {
	var addr map[string]any
	walkValues(def, answers, func(f procedure.Field, v any) bool {
		m, ok := v.(map[string]any)
		if ok && f.Type == procedure.Address {
			addr = m
			return false
		}
		return true
	})
	pc, _ := addr["postal_code"].(string)
	town, _ := addr["place"].(string)
	return strings.TrimSpace(pc), town
}

// The FIM harmonised data fields (Baukasten) of a postal address.
const (
	fimPostcode = "FIM F00000054" // Postleitzahl
	fimTown     = "FIM F00000035" // Ort
)

// fimPostal returns postal code and town of the first non-repeatable group
// (in form order, outside repeatable groups) that holds an answered FIM
// Postleitzahl field, e.g. the applicant's "Angaben zum Ort".
func fimPostal(def procedure.Definition, answers map[string]any) (string, string) {
	var pc, town string
	var walk func(fields []procedure.Field, m map[string]any) bool
	walk = func(fields []procedure.Field, m map[string]any) bool {
		for _, f := range fields {
			if f.Type == procedure.Group && f.Repeat == nil {
				sub, _ := m[f.ID].(map[string]any)
				if !walk(f.Fields, sub) {
					return false
				}
				continue
			}
			if v, ok := m[f.ID].(string); ok && strings.HasPrefix(f.Source, fimPostcode) && strings.TrimSpace(v) != "" {
				pc, town = strings.TrimSpace(v), fimSibling(fields, m, fimTown)
				return false
			}
		}
		return true
	}
	for _, pg := range def.Pages {
		if !walk(pg.Fields, answers) {
			break
		}
	}
	return pc, town
}

// fimSibling is the answer of the field with FIM source src among fields.
func fimSibling(fields []procedure.Field, m map[string]any, src string) string {
	for _, f := range fields {
		if strings.HasPrefix(f.Source, src) {
			v, _ := m[f.ID].(string)
			return v
		}
	}
	return ""
}

// walkValues calls fn for every field with a value in form order, through
// non-repeatable groups (a place inside a repeatable group names no single
// place); fn returns false to stop.
func walkValues(def procedure.Definition, answers map[string]any, fn func(procedure.Field, any) bool) {
	var walk func(fields []procedure.Field, m map[string]any) bool
	walk = func(fields []procedure.Field, m map[string]any) bool {
		for _, f := range fields {
			v, ok := m[f.ID]
			if !ok {
				continue
			}
			if f.Type == procedure.Group && f.Repeat == nil {
				sub, _ := v.(map[string]any)
				if !walk(f.Fields, sub) {
					return false
				}
				continue
			}
			if !fn(f, v) {
				return false
			}
		}
		return true
	}
	for _, pg := range def.Pages {
		if !walk(pg.Fields, answers) {
			return
		}
	}
}

// ReceivingAuthority is the authority an application was routed to, as it
// was at submission (empfangende Behörde).
type ReceivingAuthority struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Street   string `json:"street,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	City     string `json:"city,omitempty"`
	// Phone, Email and Web are the authority's contact at submission, for
	// the receipt's "what happens next" (receipts frozen before they were
	// kept have none).
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	Web   string `json:"web,omitempty"`
	// Example marks demo contact data (Beispieldaten), shown as such.
	Example bool `json:"example,omitempty"`
}

func receiving(a catalog.Authority) *ReceivingAuthority {
	return &ReceivingAuthority{ID: a.ID, Name: a.Name, Street: a.Address.Street, Postcode: a.Address.Postcode, City: a.Address.City,
		Phone: a.Phone, Email: a.Email, Web: a.Web, Example: a.Example}
}

// takeReferences allocates the next n reference numbers (Aktenzeichen) of
// the tenant and year inside the submit transaction and returns the last
// one: the counter row is locked until commit, so numbers have no gaps and
// no duplicates.
func takeReferences(ctx context.Context, q store.Querier, tenantID tenant.ID, year int, n int64) (int64, error) {
	var last int64
	err := q.QueryRowContext(ctx, `INSERT INTO application_reference_counter (tenant_id, year, last) VALUES ($1, $2, $3)
		ON CONFLICT (tenant_id, year) DO UPDATE SET last = application_reference_counter.last + excluded.last
		RETURNING last`, tenantID, year, n).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("apply: reference counter: %w", err)
	}
	return last, nil
}

// formatReference is e.g. "SN-2026-000123".
func formatReference(slug string, year int, n int64) string {
	return fmt.Sprintf("%s-%d-%06d", strings.ToUpper(slug), year, n)
}
