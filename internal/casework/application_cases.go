package casework

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// CaseLink is what a list of applications shows of each one's case
// (Vorgang): its reference number, and whether the staff member who asked
// may open it (then the back office's case page links to it).
type CaseLink struct {
	Reference string
	Visible   bool
}

// ApplicationCases returns the cases of the applications applicationIDs
// of staff's tenant by application id, each with whether staff may see
// it; an application without a case yet (or of another tenant) is not in
// the map. It serves lists such as the tenant admin's FIT-Connect inbox.
func (s *Service) ApplicationCases(ctx context.Context, staff Staff, applicationIDs []int64) (map[int64]CaseLink, error) {
	out := map[int64]CaseLink{}
	if len(applicationIDs) == 0 {
		return out, nil
	}
	args := []any{staff.TenantID}
	marks := make([]string, len(applicationIDs))
	for i, id := range applicationIDs {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	// The columns staff.sees needs, no more.
	rows, err := s.db.QueryContext(ctx, `SELECT tenant_id, application_id, reference, authority_id, COALESCE(assignee_id, 0)
		FROM case_record WHERE tenant_id = $1 AND application_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("casework: cases of applications: %w", err)
	}
	cases, err := store.Collect(rows, nil, func(r store.Row) (Case, error) {
		var c Case
		return c, r.Scan(&c.TenantID, &c.ApplicationID, &c.Reference, &c.AuthorityID, &c.AssigneeID)
	})
	if err != nil {
		return nil, fmt.Errorf("casework: cases of applications: %w", err)
	}
	for _, c := range cases {
		out[c.ApplicationID] = CaseLink{Reference: c.Reference, Visible: staff.sees(c)}
	}
	return out, nil
}
