package casework

import "slices"

// Rights say what a staff member may do with a case right now, so the
// back office shows only the actions that would succeed. They are derived
// from the same rules the actions check (sees, works, the transition
// table); the actions check again, so Rights are a hint for the page, not
// the guard.
type Rights struct {
	Claim     bool     // Claim: an unassigned open case of the staff member's authority
	Assign    bool     // Assign: head of unit
	Work      bool     // the assigned case worker or the head of unit: notes to the applicant, notices
	Moves     []Action // the plain actions Move would take (review, resume, close)
	Request   bool     // RequestInfo
	Forward   bool     // Forward
	Decide    bool     // DraftNotice / EditNotice / SendNotice
	LegalHold bool     // SetLegalHold: head of unit
	Note      bool     // AddNote: anyone who sees the case
	// approver: a case worker or head of unit of the case's authority,
	// who may approve someone else's four-eyes draft (see CanApprove).
	approver bool
}

// RightsOn computes the rights of staff on c (a case staff sees).
func (staff Staff) RightsOn(c Case) Rights {
	if !staff.sees(c) {
		return Rights{}
	}
	r := Rights{Note: true, Assign: staff.IsHead(c.AuthorityID), LegalHold: staff.IsHead(c.AuthorityID)}
	r.approver = staff.IsHead(c.AuthorityID) || staff.IsCaseWorker(c.AuthorityID)
	r.Claim = r.approver && c.AssigneeID == 0 && c.Status.Open()
	if !staff.works(c) {
		return r
	}
	r.Work = true
	who := staff.whoIs(c)
	for _, a := range []Action{ActReview, ActResume, ActClose} {
		if _, err := transition(a, c.Status, who...); err == nil {
			r.Moves = append(r.Moves, a)
		}
	}
	_, err := transition(ActRequest, c.Status, who...)
	r.Request = err == nil
	_, err = transition(ActForward, c.Status, who...)
	r.Forward = err == nil
	_, err = transition(ActDecide, c.Status, who...)
	r.Decide = err == nil
	return r
}

// CanMove reports whether a is one of r.Moves.
func (r Rights) CanMove(a Action) bool { return slices.Contains(r.Moves, a) }

// CanApprove reports whether the staff member may approve notice n (a
// four-eyes draft by someone else); accountID is the staff member's.
func (r Rights) CanApprove(n Notice, accountID int64) bool {
	return r.approver && n.FourEyes && n.Status == NoticeDraft && n.AuthorID != accountID
}

// CanSend reports whether the staff member may send notice n.
func (r Rights) CanSend(n Notice) bool {
	return r.Decide && n.Status != NoticeSent && (!n.FourEyes || n.Status == NoticeApproved)
}
