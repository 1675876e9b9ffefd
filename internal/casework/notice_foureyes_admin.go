package casework

import (
	"context"
	"sort"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// FourEyesProcedure is a procedure a four-eyes rule can be set for, with
// the scope that holds without a rule.
type FourEyesProcedure struct {
	ID      string
	Title   string
	Default FourEyesScope
}

// FourEyesProcedures lists the nationwide procedures (latest version's
// title) for the tenant administration's four-eyes form, by title.
func (s *Service) FourEyesProcedures(ctx context.Context) ([]FourEyesProcedure, error) {
	served, err := procedure.Served(ctx, s.db)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []FourEyesProcedure
	for _, id := range served {
		if seen[id] {
			continue
		}
		seen[id] = true
		v, err := procedure.Latest(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		out = append(out, FourEyesProcedure{ID: id, Title: v.Title, Default: defaultFourEyes(id)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out, nil
}

// TenantFourEyesRules lists the tenant's rules (FourEyesRules).
func (s *Service) TenantFourEyesRules(ctx context.Context, tenantID tenant.ID) ([]FourEyesRule, error) {
	return FourEyesRules(ctx, s.db, tenantID)
}
