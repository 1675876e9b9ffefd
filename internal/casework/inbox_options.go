package casework

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// ProcedureOption is a procedure among the cases a staff member may see,
// for the inbox's procedure filter.
type ProcedureOption struct {
	ID    string
	Title string // German title
}

// Procedures lists the procedures of the cases staff may see, by title.
func (s *Service) Procedures(ctx context.Context, staff Staff) ([]ProcedureOption, error) {
	scope, args := staff.scope(1)
	rows, err := s.db.QueryContext(ctx, `SELECT c.procedure_id, MAX(c.procedure_title) FROM case_record c WHERE `+scope+`
		GROUP BY c.procedure_id ORDER BY 2, 1`, args...)
	if err != nil {
		return nil, fmt.Errorf("casework: procedures: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (ProcedureOption, error) {
		var p ProcedureOption
		err := row.Scan(&p.ID, &p.Title)
		return p, err
	})
}
