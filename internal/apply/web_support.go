package apply

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Read helpers the portal's form pages need.

// Definition returns the definition of the procedure version a was
// started with (from the cache of compiled versions).
func (s *Service) Definition(ctx context.Context, a Application) (procedure.Definition, error) {
	v, _, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	return v.Definition, err
}

// VisiblePages returns the ids of the pages of a's procedure version that
// a's answers make visible, in form order.
func (s *Service) VisiblePages(ctx context.Context, a Application) ([]string, error) {
	_, p, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return nil, err
	}
	return p.VisiblePages(ctx, a.Answers), nil
}
