package casework

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Claim assigns an unassigned open case of staff's authority to staff
// (a case worker takes it from the inbox). A case assigned to someone
// else is fault.Conflict; the head of unit reassigns with Assign.
func (s *Service) Claim(ctx context.Context, staff Staff, id int64) (Case, error) {
	var out Case
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := lockTenantCase(ctx, tx, staff.TenantID, id)
		if err != nil {
			return err
		}
		switch {
		case !staff.sees(c):
			return caseNotFound(id)
		case !staff.IsCaseWorker(c.AuthorityID) && !staff.IsHead(c.AuthorityID):
			return fault.New(fault.Forbidden, "only case workers of the authority may claim its cases")
		case c.AssigneeID == staff.AccountID:
			out = c
			return nil
		case c.AssigneeID != 0:
			return fault.New(fault.Conflict, "the case is assigned to %s already", c.AssigneeName)
		case !c.Status.Open():
			return fault.New(fault.Conflict, "a case that is %s cannot be claimed", c.Status)
		}
		out, err = s.setAssignee(ctx, tx, c, staff.AccountID, staff.actor(), "claim")
		return err
	})
	return out, err
}

// Assign assigns case id to the staff member assigneeID (0 unassigns it);
// only a head of unit of the case's authority may, and the assignee must
// be a case worker or head of unit there.
func (s *Service) Assign(ctx context.Context, staff Staff, id, assigneeID int64) (Case, error) {
	var out Case
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := lockTenantCase(ctx, tx, staff.TenantID, id)
		if err != nil {
			return err
		}
		if !staff.sees(c) {
			return caseNotFound(id)
		}
		if !staff.IsHead(c.AuthorityID) {
			return fault.New(fault.Forbidden, "only the head of unit assigns cases")
		}
		if assigneeID != 0 {
			if err := checkAssignee(ctx, tx, c, assigneeID); err != nil {
				return err
			}
		}
		out, err = s.setAssignee(ctx, tx, c, assigneeID, staff.actor(), "assign")
		return err
	})
	return out, err
}

func checkAssignee(ctx context.Context, tx *store.Tx, c Case, assigneeID int64) error {
	if a, err := account.ContactOf(ctx, tx, c.TenantID, assigneeID); err != nil || a.Kind != account.KindStaff || !a.Active {
		return fault.New(fault.Invalid, "staff member %d not found", assigneeID)
	}
	roles, err := account.StaffRoles(ctx, tx, assigneeID)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if r.AuthorityID == c.AuthorityID && (r.Role == account.RoleCaseWorker || r.Role == account.RoleHeadOfUnit) {
			return nil
		}
	}
	return fault.New(fault.Invalid, "staff member %d does not work at the case's authority", assigneeID)
}

func (s *Service) setAssignee(ctx context.Context, tx *store.Tx, c Case, assigneeID int64, actor, action string) (Case, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE case_record SET assignee_id = $1, updated_at = $2 WHERE id = $3 AND tenant_id = $4`,
		nullID(assigneeID), s.now(), c.ID, c.TenantID); err != nil {
		return c, fmt.Errorf("casework: assign: %w", err)
	}
	if err := s.step(ctx, tx, c, actor, action, c.Status, map[string]any{"assignee": assigneeID, "previous": c.AssigneeID}); err != nil {
		return c, err
	}
	return loadTenantCase(ctx, tx, c.TenantID, c.ID)
}

// Forward hands case id over to another authority of the tenant
// (Abgabe / Weiterleitung), with a reason: the case becomes received
// there, unassigned, and leaves clearing unless the target is the
// clearing office. The assigned case worker or a head of unit may forward,
// and only to one of the case's ForwardCandidates (an authority
// responsible for the procedure's service); any other target is
// fault.Invalid on the field "authority".
func (s *Service) Forward(ctx context.Context, staff Staff, id, toAuthorityID int64, reason string) (Case, error) {
	if reason == "" {
		return Case{}, fault.Fields("a reason is required", fault.FieldError{Field: "reason", Key: "field.required", Text: "please give a reason"})
	}
	if err := checkLengths(freeText{"reason", reason, MaxReason}); err != nil {
		return Case{}, err
	}
	var out Case
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := s.lockForWork(ctx, tx, staff, id)
		if err != nil {
			return err
		}
		t, err := transition(ActForward, c.Status, staff.whoIs(c)...)
		if err != nil {
			return err
		}
		to, err := forwardTarget(ctx, tx, c, toAuthorityID)
		if err != nil {
			return err
		}
		clearing, _ := clearingOf(ctx, tx, c.TenantID)
		if _, err := tx.ExecContext(ctx, `UPDATE case_record SET authority_id = $1, clearing = $2, assignee_id = NULL,
			status = $3, updated_at = $4 WHERE id = $5`, to.ID, to.ID == clearing, t.To, s.now(), c.ID); err != nil {
			return fmt.Errorf("casework: forward: %w", err)
		}
		if err := akte.SetAuthorityTx(ctx, tx, c.TenantID, c.ID, to.Name); err != nil {
			return err
		}
		if err := s.step(ctx, tx, c, staff.actor(), string(ActForward), t.To,
			map[string]any{"from_authority": c.AuthorityID, "to_authority": to.ID, "reason": reason}); err != nil {
			return err
		}
		out, err = loadTenantCase(ctx, tx, c.TenantID, c.ID)
		return err
	})
	return out, err
}
