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
// when it worked, else why it was refused (the single action's error; a
// case staff may not see is fault.NotFound like any unknown reference).
type BulkOutcome struct {
	Reference string
	Err       error
}

// Bulk runs action on each of the cases with the reference numbers refs
// (what the staff member checked), each on its own and checked by the same
// rules as the single action (Claim, Assign), so one refused case leaves
// the others done. assigneeID is the staff member for BulkAssign. The
// outcomes are in the order of refs, duplicates dropped.
func (s *Service) Bulk(ctx context.Context, staff Staff, action BulkAction, refs []string, assigneeID int64) ([]BulkOutcome, error) {
	refs = unique(refs)
	switch {
	case len(staff.Authorities()) == 0:
		return nil, fault.New(fault.Forbidden, "no case worker or head of unit role")
	case len(refs) == 0:
		return nil, fault.Fields("no case chosen", fault.FieldError{Field: "cases", Key: "field.required", Text: "choose at least one case"})
	case len(refs) > MaxBulk:
		return nil, fault.Fields("too many cases", fault.FieldError{Field: "cases", Key: "field.invalid", Text: fmt.Sprintf("at most %d cases at once", MaxBulk)})
	case action != BulkClaim && action != BulkAssign:
		return nil, fault.Fields("unknown action", fault.FieldError{Field: "action", Key: "field.invalid", Text: "unknown action"})
	case action == BulkAssign && assigneeID == 0:
		return nil, fault.Fields("no assignee", fault.FieldError{Field: "assignee", Key: "field.required", Text: "choose whom to assign the cases to"})
	}
	out := make([]BulkOutcome, 0, len(refs))
	for _, ref := range refs {
		err := s.bulkOne(ctx, staff, action, ref, assigneeID)
		if err != nil && !refused(err) {
			return out, err
		}
		out = append(out, BulkOutcome{Reference: ref, Err: err})
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

// bulkOne runs action on the case ref as its single action would.
func (s *Service) bulkOne(ctx context.Context, staff Staff, action BulkAction, ref string, assigneeID int64) error {
	c, err := s.ByReference(ctx, staff, ref)
	if err != nil {
		return err
	}
	if action == BulkClaim {
		_, err = s.Claim(ctx, staff, c.ID)
	} else {
		_, err = s.Assign(ctx, staff, c.ID, assigneeID)
	}
	return err
}

// refused reports whether err is a rule's refusal of one case rather than
// a failure of the whole action.
func refused(err error) bool {
	return fault.Is(err, fault.Invalid) || fault.Is(err, fault.Conflict) || fault.Is(err, fault.Forbidden) || fault.Is(err, fault.NotFound)
}

// unique drops blank and repeated references, keeping the first.
func unique(refs []string) []string {
	seen := make(map[string]bool, len(refs))
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		r = strings.TrimSpace(r)
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}
