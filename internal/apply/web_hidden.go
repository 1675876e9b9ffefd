package apply

import "context"

// HiddenFields returns the paths of the fields of a's procedure version
// that a's answers hide (see procedure.HiddenFields): the form pages leave
// out a hidden question whose condition only the server can evaluate.
func (s *Service) HiddenFields(ctx context.Context, a Application) (map[string]bool, error) {
	_, p, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return nil, err
	}
	return p.HiddenFields(ctx, a.Answers), nil
}
