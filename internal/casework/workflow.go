package casework

import (
	"context"
	"fmt"
	"slices"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Action is a workflow step (Bearbeitungsschritt) that changes a case's
// status.
type Action string

// The workflow actions.
const (
	ActReview   Action = "review"   // start the review (received → in review)
	ActRequest  Action = "request"  // request documents or information (→ waiting); see RequestInfo
	ActResume   Action = "resume"   // resume without an answer (waiting → in review)
	ActAnswer   Action = "answer"   // the applicant answered the last open request (waiting → in review); see Answer
	ActDecide   Action = "decide"   // the notice was sent (in review → decided); see SendNotice
	ActClose    Action = "close"    // close the case (decided → closed; the retention starts)
	ActWithdraw Action = "withdraw" // the applicant withdraws (before the decision → withdrawn); see Withdraw
	ActForward  Action = "forward"  // hand over to another authority (→ received there); see Forward
)

// Who is a kind of actor in the transition table.
type Who string

// The actors of the transition table.
const (
	ByCaseWorker Who = "case_worker"  // the case worker the case is assigned to
	ByHeadOfUnit Who = "head_of_unit" // a head of unit of the case's authority
	ByApplicant  Who = "applicant"    // the applicant, through the mailbox or portal
)

// Transition is one row of the workflow table: who may take Action from
// which statuses, and the status it leads to.
type Transition struct {
	Action Action
	From   []Status
	To     Status
	Who    []Who
}

// Transitions is the default workflow (received → in review → waiting for
// applicant → decided → closed; withdrawn by the applicant any time before
// the decision).
func Transitions() []Transition {
	staff := []Who{ByCaseWorker, ByHeadOfUnit}
	return []Transition{
		{ActReview, []Status{Received}, InReview, staff},
		{ActRequest, []Status{Received, InReview, Waiting}, Waiting, staff},
		{ActResume, []Status{Waiting}, InReview, staff},
		{ActAnswer, []Status{Waiting}, InReview, []Who{ByApplicant}},
		{ActDecide, []Status{Received, InReview}, Decided, staff},
		{ActClose, []Status{Decided}, Closed, staff},
		{ActWithdraw, []Status{Received, InReview, Waiting}, Withdrawn, []Who{ByApplicant}},
		{ActForward, []Status{Received, InReview, Waiting}, Received, staff},
	}
}

// transition finds the row for action and checks status and actor.
func transition(action Action, from Status, who ...Who) (Transition, error) {
	for _, t := range Transitions() {
		if t.Action != action {
			continue
		}
		if !slices.ContainsFunc(who, func(w Who) bool { return slices.Contains(t.Who, w) }) {
			return t, fault.New(fault.Forbidden, "you may not %s this case", action)
		}
		if !slices.Contains(t.From, from) {
			return t, fault.New(fault.Conflict, "a case that is %s cannot %s", from, action)
		}
		return t, nil
	}
	return Transition{}, fault.New(fault.Invalid, "unknown action %q", action)
}

// whoIs names the rows of the table staff acts as on c.
func (staff Staff) whoIs(c Case) []Who {
	var w []Who
	if staff.IsHead(c.AuthorityID) {
		w = append(w, ByHeadOfUnit)
	}
	if staff.IsCaseWorker(c.AuthorityID) && c.AssigneeID == staff.AccountID {
		w = append(w, ByCaseWorker)
	}
	return w
}

// Move takes one of the plain staff actions — ActReview, ActResume,
// ActClose — on case id, with an optional reason, in one transaction with
// its event and audit entry. Closing closes the file, which starts its
// retention period. The other actions have their own functions because
// they carry data (RequestInfo, SendNotice, Forward, Withdraw, Answer).
func (s *Service) Move(ctx context.Context, staff Staff, id int64, action Action, reason string) (Case, error) {
	if action != ActReview && action != ActResume && action != ActClose {
		return Case{}, fault.New(fault.Invalid, "%q is not a plain action; use its own function", action)
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
		t, err := transition(action, c.Status, staff.whoIs(c)...)
		if err != nil {
			return err
		}
		if out, err = s.setStatus(ctx, tx, c, t.To); err != nil {
			return err
		}
		return s.step(ctx, tx, c, staff.actor(), string(action), t.To, reasonDetail(reason))
	})
	return out, err
}

func reasonDetail(reason string) map[string]any {
	if reason == "" {
		return nil
	}
	return map[string]any{"reason": reason}
}

// setStatus writes the new status (and closes the file for terminal ones).
func (s *Service) setStatus(ctx context.Context, tx *store.Tx, c Case, to Status) (Case, error) {
	now := s.now()
	c.Status, c.UpdatedAt = to, now
	closedAt := c.ClosedAt
	if (to == Closed || to == Withdrawn) && closedAt.IsZero() {
		closedAt = now
		if err := akte.CloseTx(ctx, tx, c.TenantID, c.ID, now); err != nil {
			return c, err
		}
	}
	c.ClosedAt = closedAt
	_, err := tx.ExecContext(ctx, `UPDATE case_record SET status = $1, closed_at = $2, updated_at = $3 WHERE id = $4 AND tenant_id = $5`,
		to, nullTime(closedAt), now, c.ID, c.TenantID)
	if err != nil {
		return c, fmt.Errorf("casework: set status: %w", err)
	}
	return c, nil
}
