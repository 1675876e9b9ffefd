package casework

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// BulkAction is what the inbox does with several checked cases at once
// (Sammelaktion).
type BulkAction string

// The bulk actions.
const (
	BulkClaim  BulkAction = "claim"  // take them (Claim)
	BulkAssign BulkAction = "assign" // assign them to one staff member (Assign)
)

// MaxBulk is the most cases one bulk action takes.
const MaxBulk = MaxPage

// BulkOutcome is what became of one case of a bulk action: Err is nil
// when it worked, else why it was refused (the single action's error).
type BulkOutcome struct {
	CaseID    int64
	Reference string // "" for a case staff may not see
	Err       error
}

// Bulk runs action on each of the cases ids, each on its own and checked
// by the same rules as the single action (Claim, Assign), so one refused
// case leaves the others done. assigneeID is the staff member for
// BulkAssign. The outcomes are in the order of ids, duplicates dropped.
func (s *Service) Bulk(ctx context.Context, staff Staff, action BulkAction, ids []int64, assigneeID int64) ([]BulkOutcome, error) {
	ids = unique(ids)
	switch {
	case len(ids) == 0:
		return nil, fault.Fields("no case chosen", fault.FieldError{Field: "cases", Key: "field.required", Text: "choose at least one case"})
	case len(ids) > MaxBulk:
		return nil, fault.Fields("too many cases", fault.FieldError{Field: "cases", Key: "field.invalid", Text: fmt.Sprintf("at most %d cases at once", MaxBulk)})
	case action != BulkClaim && action != BulkAssign:
		return nil, fault.Fields("unknown action", fault.FieldError{Field: "action", Key: "field.invalid", Text: "unknown action"})
	case action == BulkAssign && assigneeID == 0:
		return nil, fault.Fields("no assignee", fault.FieldError{Field: "assignee", Key: "field.required", Text: "choose whom to assign the cases to"})
	}
	out := make([]BulkOutcome, 0, len(ids))
	for _, id := range ids {
		var c Case
		var err error
		if action == BulkClaim {
			c, err = s.Claim(ctx, staff, id)
		} else {
			c, err = s.Assign(ctx, staff, id, assigneeID)
		}
		if err != nil && !refused(err) {
			return out, err
		}
		if c.Reference == "" && !fault.Is(err, fault.NotFound) {
			if got, gerr := s.Get(ctx, staff, id); gerr == nil {
				c = got
			}
		}
		out = append(out, BulkOutcome{CaseID: id, Reference: c.Reference, Err: err})
	}
	return out, nil
}

// InboxAssignees lists the active case workers and heads of unit of the
// authorities staff heads, by name, for the inbox's bulk assignment; none
// for a staff member who heads no authority.
func (s *Service) InboxAssignees(ctx context.Context, staff Staff) ([]Assignee, error) {
	var heads []string
	args := []any{staff.TenantID}
	for _, id := range staff.Authorities() {
		if staff.IsHead(id) {
			args = append(args, id)
			heads = append(heads, fmt.Sprintf("$%d", len(args)))
		}
	}
	if len(heads) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT a.id, a.name FROM account a JOIN staff_role r ON r.account_id = a.id
		WHERE a.tenant_id = $1 AND a.kind = 'staff' AND a.state = 'active' AND r.authority_id IN (`+strings.Join(heads, ", ")+`)
		AND r.role IN ('case_worker', 'head_of_unit') ORDER BY a.name, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("casework: inbox assignees: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Assignee, error) {
		var a Assignee
		err := row.Scan(&a.ID, &a.Name)
		return a, err
	})
}

// refused reports whether err is a rule's refusal of one case rather than
// a failure of the whole action.
func refused(err error) bool {
	return fault.Is(err, fault.Invalid) || fault.Is(err, fault.Conflict) || fault.Is(err, fault.Forbidden) || fault.Is(err, fault.NotFound)
}

// unique drops repeated ids, keeping the first.
func unique(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
